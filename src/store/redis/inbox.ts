/**
 * Messages that wait for a user who cannot be reached right now (the web chat cannot receive
 * pushes; a platform's window may be closed): delivered at the start of the user's next turn.
 */
import type { Say } from '../../core/flow.js';
import { takeList } from './atomic.js';
import { guard, type Redis } from './client.js';
import type { Keys } from './keys.js';

export interface Inbox {
  push(userKey: string, say: Say[]): Promise<void>;
  take(userKey: string): Promise<Say[]>;
}

/** Keeps waiting messages for `ttlDays` under the user's pseudonymous key. */
export function createRedisInbox(redis: Redis, keys: Keys, ttlDays = 30): Inbox {
  return {
    async push(userKey, say) {
      if (say.length === 0) return;
      const key = keys.inbox(userKey);
      await guard(() => redis.multi().rpush(key, ...say.map((s) => JSON.stringify(s))).expire(key, ttlDays * 86400).exec());
    },
    async take(userKey) {
      const raw = await guard(() => takeList(redis, keys.inbox(userKey)));
      return raw.map((r) => JSON.parse(r) as Say);
    },
  };
}
