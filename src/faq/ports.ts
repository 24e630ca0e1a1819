/**
 * The storage the FAQ statistics need: questions the FAQ could not answer (already masked and
 * normalised), their counts and when they were last asked. The Redis store (`src/store`, `redis/unanswered.ts`) implements
 * it, the memory store (`memory/unanswered.ts`) in memory.
 */

export interface UnansweredQuestion {
  question: string;
  count: number;
  /** Last day asked, YYYY-MM-DD (UTC). */
  lastAsked: string | undefined;
  /** When it was last asked (ISO), where the store gives it (`recent`). */
  lastAt?: string;
}

/** How long questions are kept and how many. */
export interface UnansweredPolicy {
  /** A question is deleted this long after it was last asked (ms). */
  retentionMs: number;
  /** The list keeps this many of the most asked. */
  maxQuestions: number;
}

export interface UnansweredStore {
  /** Counts `question` as asked at `at`, then deletes what the policy no longer keeps; one atomic step. */
  record(question: string, at: Date, policy: UnansweredPolicy): Promise<void>;
  /** Deletes the questions last asked more than the retention time before `now`, and the least asked beyond the maximum. */
  prune(now: Date, policy: UnansweredPolicy): Promise<void>;
  /** The `limit` most asked, most asked first. */
  top(limit: number): Promise<UnansweredQuestion[]>;
  /** The `limit` last asked, the newest first, with when each was last asked. */
  recent(limit: number): Promise<UnansweredQuestion[]>;
  /** Deletes a question (it became a phrasing of an FAQ entry, or needs no answer). */
  forget(question: string): Promise<void>;
}
