/** Rate counters (lib/rate-limit.ts) in Redis: one INCR-with-TTL script per hit, under the owner's hash tag. */
import type { RateCounters } from '../../lib/rate-limit.js';
import { countHit } from './atomic.js';
import { guard, type Redis } from './client.js';
import { createKeys } from './keys.js';

/** A user's counters live under `{u:<userKey>}`, a client address's under `{ip:<pseudonym>}`. */
export function createRedisRateCounters(redis: Redis, prefix: string): RateCounters {
  const keys = createKeys(prefix);
  return {
    hit: (c, ttlSeconds) => guard(() => countHit(redis, 'user' in c ? keys.userCounter(c.user, c.name) : keys.ipCounter(c.ip, c.name), ttlSeconds)),
  };
}
