/**
 * Messages that wait for a user who cannot be reached right now (the web chat cannot receive
 * pushes; a platform's window may be closed): delivered at the start of the user's next turn, and
 * removed only once that turn is saved (the Inbox port of core/ports.ts).
 */
import type { Say } from '../../core/flow.js';
import type { Inbox } from '../../core/ports.js';
import { peekList, pushList } from './atomic.js';
import { guard, type Redis } from './client.js';
import type { Keys } from './keys.js';

/** Keeps waiting messages for `ttlDays` under the user's pseudonymous key. */
export function createRedisInbox(redis: Redis, keys: Keys, ttlDays = 30): Inbox {
  return {
    async push(userKey, say) {
      await guard(() =>
        pushList(
          redis,
          keys.inbox(userKey),
          say.map((s) => JSON.stringify(s)),
          ttlDays * 86400,
        ),
      );
    },
    async peek(userKey) {
      const list = await guard(() => peekList(redis, keys.inbox(userKey)));
      if (list.items.length === 0) return undefined;
      return { say: list.items.map((r) => JSON.parse(r) as Say), ack: () => guard(list.drop) };
    },
    has: async (userKey) => (await guard(() => redis.exists(keys.inbox(userKey)))) > 0,
    async clear(userKey) {
      await guard(() => redis.del(keys.inbox(userKey)));
    },
  };
}
