/** The Inbox port (core/ports.ts): messages kept for a user's next turn, memory and Redis alike. */
import { expect, it } from 'vitest';
import type { Inbox } from '../../src/core/ports.js';
import { createMemoryInbox } from '../../src/store/memory/inbox.js';
import { createRedisInbox } from '../../src/store/redis/inbox.js';
import { createKeys } from '../../src/store/redis/keys.js';
import { contract } from '../helpers/contract.js';

contract<Inbox>(
  'inbox',
  [
    { name: 'memory', build: () => createMemoryInbox() },
    { name: 'redis', build: ({ redis, prefix }) => createRedisInbox(redis, createKeys(prefix)) },
  ],
  (inbox) => {
    it('keeps messages until the ack, which removes only those delivered', async () => {
      expect(await inbox().peek('u1')).toBeUndefined();
      expect(await inbox().has('u1')).toBe(false);
      await inbox().push('u1', [{ key: 'signup:promoted', params: { code: 'DK-AAAAAA' } }]);
      const first = await inbox().peek('u1');
      expect(first?.say).toEqual([{ key: 'signup:promoted', params: { code: 'DK-AAAAAA' } }]);
      await inbox().push('u1', [{ key: 'signup:promoted', params: { code: 'DK-BBBBBB' } }]);
      await first?.ack?.();
      expect((await inbox().peek('u1'))?.say).toEqual([{ key: 'signup:promoted', params: { code: 'DK-BBBBBB' } }]);
      expect(await inbox().has('u1')).toBe(true);
      await inbox().clear('u1');
      expect(await inbox().has('u1')).toBe(false);
    });
  },
);
