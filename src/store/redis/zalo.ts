/** The Zalo channel's storage (channels/zalo/ports.ts) in Redis: the OA token record and the contacts. */
import type { ZaloContactStore, ZaloTokenStore } from '../../channels/zalo/ports.js';
import { guard, type Redis } from './client.js';
import { createKeys, createZaloKeys } from './keys.js';
import { lua, runScript } from './script.js';
import { createRedisUserLock, type LockOptions } from './user-lock.js';

/** See scripts/zalo-contact-mark-1.lua. */
const MARK = lua('zalo-contact-mark');
/** See scripts/zalo-contact-touch-1.lua. */
const TOUCH = lua('zalo-contact-touch');

/** The token record under `<prefix>:zalo:tokens`; refreshes serialised by the user lock named `zalo-oa-token-refresh`. */
export function createRedisZaloTokenStore(redis: Redis, prefix: string, lockOptions?: LockOptions): ZaloTokenStore {
  const keys = createKeys(prefix);
  const zalo = createZaloKeys(keys);
  const lock = createRedisUserLock(redis, keys, lockOptions);
  return {
    get: async () => (await guard(() => redis.get(zalo.tokens))) ?? undefined,
    set: async (json) => void (await guard(() => redis.set(zalo.tokens, json))),
    setIfAbsent: async (json) => void (await guard(() => redis.set(zalo.tokens, json, 'NX'))),
    whileRefreshing: (fn) => lock.run(zalo.refreshLock, () => fn()),
  };
}

/** Contacts under the user's key (`{u:<userKey>}:zalo`), one script per change. */
export function createRedisZaloContactStore(redis: Redis, prefix: string): ZaloContactStore {
  const zalo = createZaloKeys({ prefix });
  return {
    async touch(userKey, sealedAddress, at, ttlSeconds) {
      await guard(() => runScript(redis, TOUCH, [zalo.contact(userKey)], [sealedAddress, at.getTime(), ttlSeconds]));
    },
    async forget(userKey) {
      await guard(() => redis.del(zalo.contact(userKey)));
    },
    async markUndeliverable(userKey, code, at) {
      await guard(() => runScript(redis, MARK, [zalo.contact(userKey)], [code, String(at.getTime())]));
    },
  };
}
