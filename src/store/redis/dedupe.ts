/** Processed-message marks in Redis (SET NX EX): a platform redelivery within the retention is dropped. */
import type { Dedupe } from '../../core/ports.js';
import { guard, type Redis } from './client.js';
import type { Keys } from './keys.js';

/** Remembers message ids for `ttlSeconds` (default 48 h; platforms redeliver for up to a day or more). */
export function createRedisDedupe(redis: Redis, keys: Keys, ttlSeconds = 48 * 3600): Dedupe {
  return {
    async firstSeen(channel, messageId) {
      const ok = await guard(() => redis.set(keys.dedupe(channel, messageId), '1', 'EX', ttlSeconds, 'NX'));
      return ok === 'OK';
    },
  };
}
