/** The SessionStore port (core/ports.ts): memory and Redis implementations, same behaviour. */
import { expect, it } from 'vitest';
import type { SessionStore } from '../../src/core/ports.js';
import { createMemorySessionStore } from '../../src/store/memory/index.js';
import { createKeys } from '../../src/store/redis/keys.js';
import { createRedisSessionStore } from '../../src/store/redis/session-store.js';
import { contract } from '../helpers/contract.js';

const session = { v: 1 as const, flow: { id: 'report', version: 1, step: 'kcn', data: { category: 'theft' } } };

contract<SessionStore>(
  'session store',
  [
    { name: 'memory', build: () => createMemorySessionStore() },
    { name: 'redis', build: ({ redis, prefix, secrets }) => createRedisSessionStore(redis, createKeys(prefix), 600, secrets.encryption) },
  ],
  (store) => {
    it('saves state, preferences and the last-seen time together; a later save keeps what it leaves out', async () => {
      const seenAt = new Date('2026-08-19T08:00:00Z');
      await store().save('u1', { session, prefs: { lang: 'en', chosen: true }, seenAt });
      expect(await store().load('u1')).toEqual({ session, prefs: { lang: 'en', chosen: true } });
      expect(await store().lastSeen('u1')).toEqual(seenAt);
      expect(await store().hasSession('u1')).toBe(true);
      await store().save('u1', { session: { v: 1 } });
      expect(await store().load('u1')).toEqual({ session: { v: 1 }, prefs: { lang: 'en', chosen: true } });
      expect(await store().lastSeen('u1')).toEqual(seenAt);
    });

    it('a save without a session ends it; the preferences stay', async () => {
      await store().save('u2', { session, prefs: { lang: 'vi' } });
      await store().save('u2', {});
      expect(await store().load('u2')).toEqual({ prefs: { lang: 'vi' } });
      expect(await store().hasSession('u2')).toBe(false);
    });

    it('keeps a turn’s replies under its id until forgotten', async () => {
      await store().save('u3', { session, turn: { id: '1-0', replies: [{ text: 'hello' }] } });
      expect(await store().hasTurn('u3', '1-0')).toBe(true);
      expect((await store().load('u3', '1-0')).turn).toEqual([{ text: 'hello' }]);
      expect((await store().load('u3', '2-0')).turn).toBeUndefined();
      await store().forgetTurn('u3', '1-0');
      expect(await store().hasTurn('u3', '1-0')).toBe(false);
    });

    it('forgets a user’s state, preferences and last-seen time at once', async () => {
      await store().save('u4', { session, prefs: { lang: 'en' }, seenAt: new Date() });
      await store().forget('u4');
      expect(await store().load('u4')).toEqual({});
      expect(await store().lastSeen('u4')).toBeUndefined();
    });
  },
);
