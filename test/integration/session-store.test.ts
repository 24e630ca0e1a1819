/**
 * The session store on the real Redis (or Cluster): one save script writes the last-seen time, the
 * sealed session, the preferences and a stored event's turn replies of one user, each with its TTL;
 * what a save leaves out stays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeys } from '../../src/store/redis/keys.js';
import { createRedisSessionStore } from '../../src/store/redis/session-store.js';
import { startBot, type TestBot } from '../helpers/bot.js';

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
    await store.save(user, { session: { v: 1, flow: { id: 'festival', version: 1, step: 'menu', data: { n: 1 } } }, prefs: { lang: 'en', chosen: true }, seenAt });

    expect(await store.load(user)).toEqual({ session: { v: 1, flow: { id: 'festival', version: 1, step: 'menu', data: { n: 1 } } }, prefs: { lang: 'en', chosen: true } });
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

  it('keeps a stored event\'s turn replies, sealed, with the state they belong to, until forgotten', async () => {
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
});
