/**
 * The FAQ statistics (faq/ports.ts) in Redis: a sorted set of counts, a hash of last days asked, and a
 * sorted set of last times asked (for the retention), all under `{unanswered}` and changed by one
 * script. The keys expire with the retention.
 */
import type { UnansweredPolicy, UnansweredStore } from '../../faq/ports.js';
import { guard, type Redis } from './client.js';
import { createUnansweredKeys } from './keys.js';
import { lua, runScript } from './script.js';

/** See scripts/unanswered-record-3.lua. */
const RECORD = lua('unanswered-record');

export function createRedisUnansweredStore(redis: Redis, prefix: string): UnansweredStore {
  const keys = createUnansweredKeys(prefix);
  const run = (question: string, at: Date, policy: UnansweredPolicy) =>
    guard(() =>
      runScript(
        redis,
        RECORD,
        [keys.unanswered, keys.unansweredLast, keys.unansweredAt],
        [question, at.toISOString().slice(0, 10), at.getTime(), policy.retentionMs, policy.maxQuestions],
      ),
    );
  return {
    record: async (question, at, policy) => void (await run(question, at, policy)),
    prune: async (now, policy) => void (await run('', now, policy)),
    async top(limit) {
      const flat = await guard(() => redis.zrevrange(keys.unanswered, 0, Math.max(0, limit - 1), 'WITHSCORES'));
      const questions: string[] = flat.filter((_, i) => i % 2 === 0);
      const last = questions.length ? await guard(() => redis.hmget(keys.unansweredLast, ...questions)) : [];
      return questions.map((question, i) => ({ question, count: Number(flat[i * 2 + 1]), lastAsked: last[i] ?? undefined }));
    },
    async recent(limit) {
      const flat = await guard(() => redis.zrevrange(keys.unansweredAt, 0, Math.max(0, limit - 1), 'WITHSCORES'));
      const questions: string[] = flat.filter((_, i) => i % 2 === 0);
      if (questions.length === 0) return [];
      const [counts, last] = await Promise.all([
        guard(() => redis.zmscore(keys.unanswered, ...questions)),
        guard(() => redis.hmget(keys.unansweredLast, ...questions)),
      ]);
      return questions.map((question, i) => ({
        question,
        count: Number(counts[i] ?? 0),
        lastAsked: last[i] ?? undefined,
        lastAt: new Date(Number(flat[i * 2 + 1])).toISOString(),
      }));
    },
    forget: async (question) =>
      void (await guard(() => redis.multi().zrem(keys.unanswered, question).hdel(keys.unansweredLast, question).zrem(keys.unansweredAt, question).exec())),
  };
}
