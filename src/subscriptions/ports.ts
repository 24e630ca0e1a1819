/**
 * The storage subscriptions need: subscribers by pseudonym (the channel, the sealed address as the
 * engine gives it, the topics), and each topic's audience. The Redis store (`src/store`, `redis/subscriptions.ts`) implements
 * it, the memory store (`memory/subscriptions.ts`) in memory. Never a platform id in clear.
 */
import { z } from 'zod';
import { TOPICS, type Topic } from '../festival/faq-broadcasts.js';

/** A subscriber as stored (versioned JSON). */
export const subscriberSchema = z.object({
  v: z.literal(1),
  channel: z.string().min(1),
  address: z.string().min(1),
  topics: z.array(z.enum(TOPICS)),
  since: z.string(),
  /** The park the subscriber works in, when they said it: broadcasts meant for some parks reach only their subscribers. */
  kcn: z.string().optional(),
});
export type Subscriber = z.infer<typeof subscriberSchema>;

/** A subscriber with its key, as a broadcast reads them. */
export interface Recipient {
  userKey: string;
  channel: string;
  address: string;
  /** The subscriber's park, when they said it. */
  kcn?: string;
}

export interface SubscriptionStore {
  /** Adds topics (keeping earlier ones); returns all topics now held. */
  add(userKey: string, who: { channel: string; address: string }, topics: readonly Topic[], now: Date): Promise<Topic[]>;
  /** Drops every subscription of the user; false when there was none. */
  remove(userKey: string): Promise<boolean>;
  /** Records the subscriber's park (undefined: forget it); false when the user has no subscription. */
  setPark(userKey: string, kcn: string | undefined): Promise<boolean>;
  get(userKey: string): Promise<Subscriber | undefined>;
  /** Number of subscribers of a topic. */
  count(topic: Topic): Promise<number>;
  /** Walks the subscribers of a topic in batches (SSCAN: each one is seen at least once). */
  scan(topic: Topic, batch?: number): AsyncGenerator<Recipient[]>;
  /** Reads the recipient data of some subscribers (missing ones are left out). */
  recipients(userKeys: readonly string[]): Promise<Recipient[]>;
}
