/** The UserLock port (core/ports.ts): one holder per user at a time, memory and Redis alike. */
import { expect, it } from 'vitest';
import type { UserLock } from '../../src/core/ports.js';
import { createMemoryUserLock } from '../../src/store/memory/index.js';
import { createKeys } from '../../src/store/redis/keys.js';
import { createRedisUserLock } from '../../src/store/redis/user-lock.js';
import { contract } from '../helpers/contract.js';

contract<UserLock>(
  'user lock',
  [
    { name: 'memory', build: () => createMemoryUserLock() },
    { name: 'redis', build: ({ redis, prefix }) => createRedisUserLock(redis, createKeys(prefix)) },
  ],
  (lock) => {
    it('runs the turns of one user one after the other, in order, with a fence token', async () => {
      const log: string[] = [];
      const turn = (name: string, ms: number) =>
        lock().run('same-user', async (fence) => {
          expect(typeof fence).toBe('string');
          log.push(`start ${name}`);
          await new Promise((r) => setTimeout(r, ms));
          log.push(`end ${name}`);
          return name;
        });
      expect(await Promise.all([turn('a', 30), turn('b', 1), turn('c', 1)])).toEqual(['a', 'b', 'c']);
      expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    });

    it('hands each holder what `load` read once the lock was taken, so it sees what the previous holder wrote', async () => {
      let stored = 0;
      const bump = () =>
        lock().run(
          'loading-user',
          async (_fence, { loaded }) => {
            await new Promise((r) => setTimeout(r, 5));
            stored = loaded + 1;
            return loaded;
          },
          async () => stored,
        );
      expect(await Promise.all([bump(), bump(), bump()])).toEqual([0, 1, 2]);
    });

    it('lets different users run at once, and releases the lock when a turn throws', async () => {
      let running = 0;
      let most = 0;
      const busy = (user: string) =>
        lock().run(user, async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((r) => setTimeout(r, 20));
          running -= 1;
        });
      await Promise.all([busy('x'), busy('y')]);
      expect(most).toBe(2);
      await expect(lock().run('z', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(await lock().run('z', async () => 'after')).toBe('after');
    });
  },
);
