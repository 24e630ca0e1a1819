/**
 * Questions the FAQ could not answer, counted so editors see what to add: the normalised text only
 * (no user, no channel, digits of phone-like numbers masked), its count and the last day it was asked.
 * The list keeps the `MAX_QUESTIONS` most asked, and is dropped after `RETENTION_DAYS` without a new
 * unanswered question (free text can hold details nobody agreed to keep).
 */
import { guard, type Redis } from '../store/redis/client.js';
import { storableQuestion } from './normalize.js';

export const MAX_QUESTIONS = 2000;
export const RETENTION_DAYS = 90;

export interface UnansweredQuestion {
  question: string;
  count: number;
  /** Last day asked, YYYY-MM-DD (UTC). */
  lastAsked: string | undefined;
}

export interface UnansweredStore {
  record(text: string, at: Date): Promise<void>;
  /** The most asked first. */
  top(limit: number): Promise<UnansweredQuestion[]>;
}

export function createUnansweredStore(redis: Redis, keys: { unanswered: string; unansweredLast: string }): UnansweredStore {
  return {
    async record(text, at) {
      const q = storableQuestion(text);
      if (!q) return;
      const tx = redis
        .multi()
        .zincrby(keys.unanswered, 1, q)
        .hset(keys.unansweredLast, q, at.toISOString().slice(0, 10))
        .zremrangebyrank(keys.unanswered, 0, -(MAX_QUESTIONS + 1))
        .expire(keys.unanswered, RETENTION_DAYS * 86400)
        .expire(keys.unansweredLast, RETENTION_DAYS * 86400);
      await guard(() => tx.exec());
    },
    async top(limit) {
      const flat = await guard(() => redis.zrevrange(keys.unanswered, 0, Math.max(0, limit - 1), 'WITHSCORES'));
      const questions: string[] = flat.filter((_, i) => i % 2 === 0);
      const last = questions.length ? await guard(() => redis.hmget(keys.unansweredLast, ...questions)) : [];
      return questions.map((question, i) => ({ question, count: Number(flat[i * 2 + 1]), lastAsked: last[i] ?? undefined }));
    },
  };
}
