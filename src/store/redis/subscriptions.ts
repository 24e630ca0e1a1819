/**
 * Subscriptions (subscriptions/ports.ts) in Redis, under `{subs}`. Subscribers by pseudonym: the channel, the sealed address (AES-256-GCM, as the engine gives it) and
 * the topics. Never a platform id in clear. The topic sets let a broadcast enumerate its audience.
 */
import { TOPICS } from '../../festival/faq-broadcasts.js';
import { parseStored } from '../../lib/json.js';
import { subscriberSchema, type Recipient, type Subscriber, type SubscriptionStore } from '../../subscriptions/ports.js';
import { guard, type Redis } from './client.js';
import { createSubscriptionKeys } from './keys.js';

function parse(raw: string | null | undefined): Subscriber | undefined {
  return parseStored(subscriberSchema, raw);
}

/** Builds the Redis subscription store. Redis failures surface as STORE_UNAVAILABLE. */
export function createRedisSubscriptionStore(redis: Redis, prefix: string): SubscriptionStore {
  const keys = createSubscriptionKeys(prefix);
  async function get(userKey: string) {
    return parse(await guard(() => redis.hget(keys.subscribers, userKey)));
  }
  async function recipients(userKeys: readonly string[]): Promise<Recipient[]> {
    if (userKeys.length === 0) return [];
    const rows = await guard(() => redis.hmget(keys.subscribers, ...userKeys));
    return userKeys.flatMap((userKey, i) => {
      const s = parse(rows[i]);
      return s ? [{ userKey, channel: s.channel, address: s.address, ...(s.kcn ? { kcn: s.kcn } : {}) }] : [];
    });
  }
  return {
    get,
    recipients,
    async add(userKey, who, topics, now) {
      const before = await get(userKey);
      const all = TOPICS.filter((t) => before?.topics.includes(t) || topics.includes(t));
      const value: Subscriber = {
        v: 1,
        channel: who.channel,
        address: who.address,
        topics: all,
        since: before?.since ?? now.toISOString(),
        ...(before?.kcn ? { kcn: before.kcn } : {}),
      };
      const tx = redis.multi().hset(keys.subscribers, userKey, JSON.stringify(value));
      for (const t of all) tx.sadd(keys.topic(t), userKey);
      await guard(() => tx.exec());
      return all;
    },
    async remove(userKey) {
      const tx = redis.multi().hdel(keys.subscribers, userKey);
      for (const t of TOPICS) tx.srem(keys.topic(t), userKey);
      const res = await guard(() => tx.exec());
      return Number(res?.[0]?.[1] ?? 0) > 0;
    },
    async setPark(userKey, kcn) {
      const before = await get(userKey);
      if (!before) return false;
      const { kcn: _old, ...rest } = before;
      await guard(() => redis.hset(keys.subscribers, userKey, JSON.stringify(kcn ? { ...rest, kcn } : rest)));
      return true;
    },
    count: (topic) => guard(() => redis.scard(keys.topic(topic))),
    async *scan(topic, batch = 500) {
      let cursor = '0';
      do {
        const [next, members] = await guard(() => redis.sscan(keys.topic(topic), cursor, 'COUNT', batch));
        cursor = next;
        if (members.length) yield await recipients(members);
      } while (cursor !== '0');
    },
  };
}
