/**
 * Messages that wait for a user who cannot be reached right now (the web chat cannot receive
 * pushes; a platform's window may be closed): delivered at the start of the user's next turn, and
 * removed only once that turn is saved.
 */
import type { InboxDelivery, Say } from '../../core/flow.js';
import { peekList, pushList } from './atomic.js';
import { guard, type Redis } from './client.js';
import type { Keys } from './keys.js';

export interface Inbox {
  /** Adds messages for the user; the inbox lives `ttlDays` after the last push. */
  push(userKey: string, say: Say[]): Promise<void>;
  /**
   * The waiting messages, left in place; `ack` removes exactly these (messages pushed meanwhile stay).
   * Undefined when nothing waits.
   */
  peek(userKey: string): Promise<InboxDelivery | undefined>;
  /** Drops every waiting message of the user. */
  clear(userKey: string): Promise<void>;
}

/** Keeps waiting messages for `ttlDays` under the user's pseudonymous key. */
export function createRedisInbox(redis: Redis, keys: Keys, ttlDays = 30): Inbox {
  return {
    async push(userKey, say) {
      await guard(() => pushList(redis, keys.inbox(userKey), say.map((s) => JSON.stringify(s)), ttlDays * 86400));
    },
    async peek(userKey) {
      const list = await guard(() => peekList(redis, keys.inbox(userKey)));
      if (list.items.length === 0) return undefined;
      return { say: list.items.map((r) => JSON.parse(r) as Say), ack: () => guard(list.drop) };
    },
    async clear(userKey) {
      await guard(() => redis.del(keys.inbox(userKey)));
    },
  };
}
