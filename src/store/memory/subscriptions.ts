/** Subscriptions (subscriptions/ports.ts) in memory: the same merge of topics as the Redis store. */
import { TOPICS, type Topic } from '../../festival/faq-broadcasts.js';
import type { Recipient, Subscriber, SubscriptionStore } from '../../subscriptions/ports.js';

export function createMemorySubscriptionStore(): SubscriptionStore {
  const subscribers = new Map<string, Subscriber>();
  const recipients = async (userKeys: readonly string[]): Promise<Recipient[]> =>
    userKeys.flatMap((userKey) => {
      const s = subscribers.get(userKey);
      return s ? [{ userKey, channel: s.channel, address: s.address, ...(s.kcn ? { kcn: s.kcn } : {}) }] : [];
    });
  const audience = (topic: Topic) => [...subscribers].filter(([, s]) => s.topics.includes(topic)).map(([k]) => k);
  return {
    get: async (userKey) => subscribers.get(userKey),
    recipients,
    async add(userKey, who, topics, now) {
      const before = subscribers.get(userKey);
      const all = TOPICS.filter((t) => before?.topics.includes(t) || topics.includes(t));
      const kcn = before?.kcn ? { kcn: before.kcn } : {};
      subscribers.set(userKey, { v: 1, channel: who.channel, address: who.address, topics: all, since: before?.since ?? now.toISOString(), ...kcn });
      return all;
    },
    remove: async (userKey) => subscribers.delete(userKey),
    async setPark(userKey, kcn) {
      const s = subscribers.get(userKey);
      if (!s) return false;
      const { kcn: _old, ...rest } = s;
      subscribers.set(userKey, kcn ? { ...rest, kcn } : rest);
      return true;
    },
    count: async (topic) => audience(topic).length,
    async *scan(topic, batch = 500) {
      const keys = audience(topic);
      for (let i = 0; i < keys.length; i += batch) yield await recipients(keys.slice(i, i + batch));
    },
  };
}
