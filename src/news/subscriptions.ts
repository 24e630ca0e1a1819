/**
 * Subscribers by pseudonym: the channel, the sealed address (AES-256-GCM, as the engine gives it) and
 * the topics. Never a platform id in clear. The topic sets let a broadcast enumerate its audience.
 */
import { z } from 'zod';
import { TOPICS, type Topic } from '../festival/faq-broadcasts.js';
import { parseStored } from '../lib/json.js';
import { guard, type Redis } from '../store/redis/client.js';
import type { NewsKeys } from './keys.js';

const subscriberSchema = z.object({
  v: z.literal(1),
  channel: z.string().min(1),
  address: z.string().min(1),
  topics: z.array(z.enum(TOPICS)),
  since: z.string(),
});
export type Subscriber = z.infer<typeof subscriberSchema>;

/** A subscriber with its key, as a broadcast reads them. */
export interface Recipient {
  userKey: string;
  channel: string;
  address: string;
}

export interface Subscriptions {
  /** Adds topics (keeping earlier ones); returns all topics now held. */
  add(userKey: string, who: { channel: string; address: string }, topics: readonly Topic[], now: Date): Promise<Topic[]>;
  /** Drops every subscription of the user; false when there was none. */
  remove(userKey: string): Promise<boolean>;
  get(userKey: string): Promise<Subscriber | undefined>;
  /** Number of subscribers of a topic. */
  count(topic: Topic): Promise<number>;
  /** Walks the subscribers of a topic in batches (SSCAN: each one is seen at least once). */
  scan(topic: Topic, batch?: number): AsyncGenerator<Recipient[]>;
  /** Reads the recipient data of some subscribers (missing ones are left out). */
  recipients(userKeys: readonly string[]): Promise<Recipient[]>;
}

function parse(raw: string | null | undefined): Subscriber | undefined {
  return parseStored(subscriberSchema, raw);
}

/** Builds the Redis subscription store. Redis failures surface as STORE_UNAVAILABLE. */
export function createSubscriptions(redis: Redis, keys: NewsKeys): Subscriptions {
  async function get(userKey: string) {
    return parse(await guard(() => redis.hget(keys.subscribers, userKey)));
  }
  async function recipients(userKeys: readonly string[]): Promise<Recipient[]> {
    if (userKeys.length === 0) return [];
    const rows = await guard(() => redis.hmget(keys.subscribers, ...userKeys));
    return userKeys.flatMap((userKey, i) => {
      const s = parse(rows[i]);
      return s ? [{ userKey, channel: s.channel, address: s.address }] : [];
    });
  }
  return {
    get,
    recipients,
    async add(userKey, who, topics, now) {
      const before = await get(userKey);
      const all = TOPICS.filter((t) => before?.topics.includes(t) || topics.includes(t));
      const value: Subscriber = { v: 1, channel: who.channel, address: who.address, topics: all, since: before?.since ?? now.toISOString() };
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
