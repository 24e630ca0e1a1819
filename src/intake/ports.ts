/**
 * The storage the webhook intake needs: a durable queue of sealed events read by a consumer group of
 * workers (one per bot instance), dedupe marks, and per-user held lists for events over the user's
 * limit (the Redis store (`src/store`, `redis/intake.ts`) implements it on a Redis Stream), and the per-user limit it applies.
 */
import type { InboundMessage, OutboundMessage } from '../core/message.js';

/** One stored event: its queue id and its sealed body ('' when the entry had none). */
export interface IntakeEntry {
  id: string;
  sealed: string;
}

export interface IntakeQueue {
  /**
   * Stores a sealed event unless its `dedupeId` was seen within `seenTtlSeconds` (the mark is set in the
   * same step): `accepted`, `duplicate`, or `full` when `maxBacklog` events wait already (nothing stored,
   * nothing marked).
   */
  accept(dedupeId: string, sealed: string, opts: { seenTtlSeconds: number; maxBacklog: number }): Promise<'accepted' | 'duplicate' | 'full'>;
  /** Acknowledges and deletes an entry, in one step. */
  finish(id: string): Promise<void>;
  /** Keeps these entries claimed by `consumer` (so no other instance takes them over as stale). */
  keepClaimed(consumer: string, ids: readonly string[]): Promise<void>;
  /** Events waiting (not yet finished). */
  length(): Promise<number>;
  /** Users with held events. */
  heldUsers(): Promise<number>;
  /** How many events of the user `member` (an HMAC, never a platform id) are held. */
  held(member: string): Promise<number>;
  /** Moves entry `id` (its sealed event) from the queue to the end of `member`'s held list, due at `dueMs` (an earlier due time is kept). */
  hold(id: string, sealed: string, member: string, dueMs: number): Promise<void>;
  /** Puts back into the queue, in order, the held events of every user due by `nowMs` (at most 100 users); returns how many. */
  releaseDue(nowMs: number): Promise<number>;
  /** A reader on a connection of its own (blocking reads), for one worker. */
  reader(consumer: string): IntakeReader;
}

/** One worker's side of the queue. */
export interface IntakeReader {
  /** Creates the consumer group when missing. */
  ensureGroup(): Promise<void>;
  /** Takes over entries another consumer has held for more than `idleMs`. */
  claimStale(idleMs: number, count: number): Promise<IntakeEntry[]>;
  /** New entries, waiting up to `blockMs` for some. */
  read(count: number, blockMs: number): Promise<IntakeEntry[]>;
  /** Closes the reader's connection (a read in progress ends). */
  close(): void;
}

/** The per-user rate limit as the intake applies it: events over it are kept, not dropped (implemented by turns/user-limit.ts). */
export interface IntakeLimit {
  /** Counts one event against its user's minute: undefined when it may run now. */
  check(msg: InboundMessage): Promise<{ retryAfterSeconds: number; firstRefused: boolean } | undefined>;
  /** Seconds until the current minute ends (for events queued behind held ones, which are not counted). */
  secondsLeft(): number;
  /**
   * What to tell the user: `kept` (the first event over the limit in a minute: it will be answered
   * when the minute ends) or `resend` (more than `maxHeld` waiting: shown back, to send again).
   */
  reply(msg: InboundMessage, kind: 'kept' | 'resend', retryAfterSeconds: number): Promise<OutboundMessage[]>;
  /** Most events held per user at a time (the limit itself: all of them run in the next minute). */
  maxHeld: number;
}
