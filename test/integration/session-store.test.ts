/**
 * The session store on the real Redis (or Cluster): one save script writes the last-seen time, the
 * sealed session, the preferences and a stored event's turn replies of one user, each with its TTL,
 * and only while the turn still holds the user's lock; what a save leaves out stays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineFlow } from '../../src/core/flow.js';
import { createKeys } from '../../src/store/redis/keys.js';
import { createRedisSessionStore } from '../../src/store/redis/session-store.js';
import { createRedisUserLock } from '../../src/store/redis/user-lock.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { fakeUserKey, memoryEngine } from '../helpers/engine.js';

/** A flow whose first step asks for an effect (where the test makes the turn lose its lock). */
const stalls = defineFlow({
  id: 'stalls',
  version: 1,
  keywords: 'slogans:keywords',
  start: () => ({ say: [{ key: 'common:raw', params: { text: 'working' } }], next: { step: 'first', data: {} }, effects: [{ type: 'stall' }] }),
  steps: {},
});

let b: TestBot;
beforeAll(async () => {
  b = await startBot('sessionstore');
});
afterAll(async () => {
  await b.cleanup();
});

describe('session store', () => {
  it('saves seen, session and preferences in one go, with their TTLs, and keeps what a later save leaves out', async () => {
    const keys = createKeys(b.config.redisKeyPrefix);
    const store = createRedisSessionStore(b.redis, keys, 600, b.secrets.encryption);
    const user = 'user-key-1';
    const seenAt = new Date('2026-08-19T08:00:00Z');
    await store.save(user, {
      session: { v: 1, flow: { id: 'festival', version: 1, step: 'menu', data: { n: 1 } } },
      prefs: { lang: 'en', chosen: true },
      seenAt,
    });

    expect(await store.load(user)).toEqual({
      session: { v: 1, flow: { id: 'festival', version: 1, step: 'menu', data: { n: 1 } } },
      prefs: { lang: 'en', chosen: true },
    });
    expect(await store.lastSeen(user)).toEqual(seenAt);
    // The session is sealed, never plain JSON.
    expect(await b.redis.get(keys.session(user))).not.toContain('festival');
    const ttl = async (key: string) => b.redis.ttl(key);
    expect(await ttl(keys.session(user))).toBeGreaterThan(590);
    expect(await ttl(keys.session(user))).toBeLessThanOrEqual(600);
    expect(await ttl(keys.seen(user))).toBeGreaterThan(7 * 86400);
    expect(await ttl(keys.prefs(user))).toBeGreaterThan(364 * 86400);

    // No session: it is deleted; no seenAt and no preferences to keep: both stay as they were.
    await store.save(user, { prefs: {} });
    expect(await b.redis.exists(keys.session(user))).toBe(0);
    expect(await store.load(user)).toEqual({ session: undefined, prefs: { lang: 'en', chosen: true } });
    expect(await store.lastSeen(user)).toEqual(seenAt);
  });

  it("keeps a stored event's turn replies, sealed, with the state they belong to, until forgotten", async () => {
    const keys = createKeys(b.config.redisKeyPrefix);
    const store = createRedisSessionStore(b.redis, keys, 600, b.secrets.encryption);
    const user = 'user-key-2';
    const replies = [{ text: 'Mã báo cáo: BG-1234. Mã bí mật: k3y', buttons: [{ title: 'Menu', payload: '#menu' }] }];
    await store.save(user, { session: { v: 1 }, turn: { id: '1732600000000-0', replies } });

    expect((await store.load(user, '1732600000000-0')).turn).toEqual(replies);
    expect(await store.hasTurn(user, '1732600000000-0')).toBe(true);
    expect((await store.load(user, '1732600000000-1')).turn).toBeUndefined();
    expect((await store.load(user)).turn).toBeUndefined();
    const key = keys.turn(user, '1732600000000-0');
    expect(await b.redis.get(key)).not.toContain('BG-1234');
    expect(await b.redis.ttl(key)).toBeGreaterThan(47 * 3600);
    // A turn that answers no stored event (the web chat) saves no replies.
    await store.save(user, { session: { v: 1 } });
    expect((await b.keysInRedis()).filter((k) => k.includes(':turn:'))).toEqual([key]);

    await store.forgetTurn(user, '1732600000000-0');
    expect(await store.hasTurn(user, '1732600000000-0')).toBe(false);
    expect(await b.redis.exists(key)).toBe(0);
  });

  it('saves nothing for a turn that no longer holds the user lock (fenced by its token)', async () => {
    const keys = createKeys(b.config.redisKeyPrefix);
    const store = createRedisSessionStore(b.redis, keys, 600, b.secrets.encryption);
    const user = 'user-key-3';
    await b.redis.set(keys.lock(user), 'token-of-another-turn', 'PX', 10_000);
    await expect(store.save(user, { session: { v: 1 }, fence: 'my-token' })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(await b.redis.exists(keys.session(user))).toBe(0);
    await b.redis.set(keys.lock(user), 'my-token', 'PX', 10_000);
    await store.save(user, { session: { v: 1 }, fence: 'my-token' });
    expect(await b.redis.exists(keys.session(user))).toBe(1);
    await b.redis.del(keys.lock(user));
  });

  it('a save with `release` lets the lock go in the same step, and never the lock of another holder', async () => {
    const keys = createKeys(b.config.redisKeyPrefix);
    const store = createRedisSessionStore(b.redis, keys, 600, b.secrets.encryption);
    const user = 'user-key-4';
    await b.redis.set(keys.lock(user), 'token-of-another-turn', 'PX', 10_000);
    await expect(store.save(user, { session: { v: 1 }, fence: 'my-token', release: true })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(await b.redis.get(keys.lock(user))).toBe('token-of-another-turn');
    await b.redis.set(keys.lock(user), 'my-token', 'PX', 10_000);
    await store.save(user, { session: { v: 1 }, fence: 'my-token', release: true });
    expect(await b.redis.exists(keys.session(user))).toBe(1);
    expect(await b.redis.exists(keys.lock(user))).toBe(0);
  });

  it('a turn whose lock another holder took meanwhile fails instead of overwriting what that holder saved', async () => {
    const keys = createKeys(b.config.redisKeyPrefix);
    const sessions = createRedisSessionStore(b.redis, keys, 600, b.secrets.encryption);
    const { engine, errors } = memoryEngine({
      flows: [stalls],
      stores: { sessions, lock: createRedisUserLock(b.redis, keys) },
      effects: {
        // The turn stalls past its lock, and another instance takes the lock and saves its own turn.
        stall: async (_effect, ctx) => {
          await b.redis.set(keys.lock(ctx.userKey), 'another-instance', 'PX', 10_000);
          await sessions.save(ctx.userKey, { session: { v: 1, flow: { id: 'stalls', version: 1, step: 'later', data: {} } } });
          return {};
        },
      },
    });
    await expect(engine.handle({ channel: 'zalo', userId: 'stalled-user', at: new Date(), text: 'khẩu hiệu' })).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
    });
    expect(errors).toEqual([]);
    const userKey = fakeUserKey('zalo', 'stalled-user');
    expect((await sessions.load(userKey)).session?.flow?.step).toBe('later');
    await b.redis.del(keys.lock(userKey));
  });
});
