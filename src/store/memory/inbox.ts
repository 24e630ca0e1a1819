/** The later-inbox (core/ports.ts: Inbox) in memory: an ack removes exactly what was delivered. */
import type { Say } from '../../core/flow.js';
import type { Inbox } from '../../core/ports.js';
import { peekList } from './lists.js';

export function createMemoryInbox(): Inbox {
  const lists = new Map<string, Say[]>();
  return {
    push: async (userKey, say) => void (say.length && lists.set(userKey, [...(lists.get(userKey) ?? []), ...structuredClone(say)])),
    async peek(userKey) {
      const { items, drop } = peekList(lists, userKey);
      return items.length ? { say: items, ack: drop } : undefined;
    },
    has: async (userKey) => (lists.get(userKey)?.length ?? 0) > 0,
    clear: async (userKey) => void lists.delete(userKey),
  };
}
