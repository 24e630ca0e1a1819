/**
 * Questions the FAQ could not answer, counted so editors see what to add: the normalised text only
 * (no user, no channel), with phone numbers, plates, codes, e-mail addresses and long digit runs
 * masked as `#` before anything is stored (lib/redact.ts), its count and the last day it was asked.
 * Each question is deleted `retentionDays` after it was last asked (default 30: free text can hold
 * details nobody agreed to keep); the list keeps the `MAX_QUESTIONS` most asked.
 */
import { redactPersonal } from '../lib/redact.js';
import { storableQuestion } from './normalize.js';
import type { UnansweredPolicy, UnansweredQuestion, UnansweredStore } from './ports.js';

export const MAX_QUESTIONS = 2000;
export const RETENTION_DAYS = 30;

/** The FAQ statistics as the bot and the staff use them. */
export interface Unanswered {
  /** Counts a question the FAQ could not answer, masked; nothing when nothing is left once masked. */
  record(text: string, at: Date): Promise<void>;
  /** The most asked first (questions past their retention are deleted first). */
  top(limit: number): Promise<UnansweredQuestion[]>;
  /** The last asked first, with when (questions past their retention are deleted first). */
  recent(limit: number): Promise<UnansweredQuestion[]>;
  /** Deletes a question from the list (it became a phrasing of an FAQ entry, or needs no answer). */
  forget(question: string): Promise<void>;
  /** Deletes the questions last asked more than the retention time ago (also done on every record and read). */
  prune(): Promise<void>;
}

/** What may be stored of a question: personal details masked first, then normalised (`storableQuestion`). */
export function maskedQuestion(text: string): string {
  const MARK = '\u0000';
  return redactPersonal(text, MARK).split(MARK).map(storableQuestion).join(' # ').replace(/\s+/g, ' ').trim().slice(0, 120).trim();
}

/** Builds the statistics over their store; `retentionDays` defaults to RETENTION_DAYS. */
export function createUnanswered(store: UnansweredStore, opts: { retentionDays?: number; clock?: () => Date } = {}): Unanswered {
  const policy: UnansweredPolicy = { retentionMs: (opts.retentionDays ?? RETENTION_DAYS) * 86_400_000, maxQuestions: MAX_QUESTIONS };
  const clock = opts.clock ?? (() => new Date());
  return {
    async record(text, at) {
      const q = maskedQuestion(text);
      if (q.replace(/[#\s]/g, '')) await store.record(q, at, policy);
    },
    async top(limit) {
      await store.prune(clock(), policy);
      return store.top(limit);
    },
    async recent(limit) {
      await store.prune(clock(), policy);
      return store.recent(limit);
    },
    forget: (question) => store.forget(question),
    prune: () => store.prune(clock(), policy),
  };
}
