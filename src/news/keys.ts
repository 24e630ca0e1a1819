/**
 * Redis keys of subscriptions, FAQ statistics and broadcasts. Subscriptions share the hash tag
 * `{subs}` (a subscriber and the topic sets change together, in one Redis Cluster slot); each
 * broadcast has its own tag `{bc:<id>}` for its report and delivery marks; the FAQ statistics share
 * `{unanswered}` (counted and dated in one MULTI). No key holds a platform id.
 */
export type NewsKeys = ReturnType<typeof createNewsKeys>;

export function createNewsKeys(prefix: string) {
  const subs = `${prefix}:{subs}`;
  const bc = (id: string) => `${prefix}:{bc:${id}}`;
  return {
    prefix,
    /** Hash: user key → subscriber JSON (channel, sealed address, topics, since). */
    subscribers: `${subs}:u`,
    /** Set of user keys subscribed to a topic. */
    topic: (topic: string) => `${subs}:t:${topic}`,
    /** Sorted set: normalised unanswered question → times asked. */
    unanswered: `${prefix}:faq:{unanswered}`,
    /** Hash: normalised unanswered question → last day asked (YYYY-MM-DD). */
    unansweredLast: `${prefix}:faq:{unanswered}:last`,
    /** Sorted set: normalised unanswered question → last time asked (ms), for its retention. */
    unansweredAt: `${prefix}:faq:{unanswered}:at`,
    /** Hash: the broadcast's definition, status and counters. */
    broadcast: (id: string) => `${bc(id)}:report`,
    /** Hash: user key → delivery mark of this broadcast. */
    marks: (id: string) => `${bc(id)}:marks`,
    /** Sorted set of broadcast ids by start time (the news history); in its own slot, never in a MULTI with a broadcast's keys. */
    history: `${prefix}:broadcasts`,
    /** Lock so one bot instance at a time starts due campaigns. */
    schedulerLock: `${prefix}:broadcasts:scheduler-lock`,
    /** BullMQ key prefix: under the bot's prefix, one hash tag for every queue (Redis Cluster). */
    bullPrefix: `${prefix}:{bull}`,
  };
}
