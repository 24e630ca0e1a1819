/**
 * The storage and queues broadcasts need. The Redis store (`src/store`, `redis/broadcasts.ts`) keeps each broadcast's
 * report and delivery marks (the marks make deliveries idempotent: counted once when queued, claimed
 * with a lease before the send, settled once after it); the Redis store (`src/store`, `redis/broadcast-queues.ts`) runs the
 * fan-out and the per-channel, rate-limited deliveries on BullMQ.
 */
import type { BroadcastDef, BroadcastReport, Outcome } from './types.js';

export type Claim = 'done' | 'busy' | 'claimed' | 'reclaimed';

/** A broadcast's definition, report and delivery marks. */
export interface BroadcastStore {
  /** Stores the definition once; false when a broadcast with this id exists already. */
  define(def: BroadcastDef, now: Date): Promise<boolean>;
  /** Stores the definition of a broadcast that starts at `def.at`, once (status `scheduled`); false when the id exists. */
  schedule(def: BroadcastDef, now: Date): Promise<boolean>;
  /**
   * Marks a scheduled broadcast as starting (at `now`); true when it may fan out: it was scheduled, or had
   * started already (a fan-out run again). False when cancelled or unknown.
   */
  begin(id: string, now: Date): Promise<boolean>;
  /** Cancels a broadcast that has not started yet. */
  cancel(id: string, now: Date): Promise<'cancelled' | 'not_found' | 'already_started' | 'already_cancelled'>;
  definition(id: string): Promise<BroadcastDef | undefined>;
  report(id: string): Promise<BroadcastReport | undefined>;
  /** Ids of the broadcasts started most recently, newest first. */
  recent(limit: number): Promise<string[]>;
  queue(id: string, userKeys: readonly string[]): Promise<number>;
  fannedOut(id: string, now: Date): Promise<void>;
  claim(id: string, userKey: string, token: string, now: Date, leaseMs: number): Promise<Claim>;
  settle(id: string, userKey: string, token: string, outcome: Outcome, now: Date): Promise<boolean>;
  release(id: string, userKey: string, token: string): Promise<void>;
}

/** A subscriber as a broadcast reads them (the subscriptions' store provides them). */
export interface Recipient {
  userKey: string;
  channel: string;
  /** The sealed address to send to. */
  address: string;
  /** The subscriber's park, when they said it (a broadcast meant for some parks reaches only theirs). */
  kcn?: string;
}

/** Who a broadcast of a topic goes to. */
export interface BroadcastAudience {
  /** Walks the subscribers of a topic in batches (each one is seen at least once). */
  scan(topic: string, batch?: number): AsyncGenerator<Recipient[]>;
  /** Reads the recipient data of some subscribers (missing ones are left out). */
  recipients(userKeys: readonly string[]): Promise<Recipient[]>;
}

/** One delivery attempt, as the queue hands it to the broadcast domain. */
export interface DeliveryAttempt {
  broadcastId: string;
  userKey: string;
  /** The queue will not try again after this attempt. */
  lastAttempt: boolean;
  /** True once the worker is stopping: give the claim back before sending. */
  aborted(): boolean;
}

/** What the domain asks of the queue after an attempt: nothing (done), or try again later without counting an attempt. */
export type AttemptOutcome = { later: number } | undefined;

/** Running workers; `close(true)` stops at once without waiting for jobs in progress. */
export interface RunningWorkers {
  close(force?: boolean): Promise<void>;
}

/** The fan-out and delivery queues. */
export interface BroadcastQueue {
  /** How long a delivery's claim lives (the queue's job lock, ms). */
  readonly leaseMs: number;
  /** Queues the fan-out of a broadcast (once per broadcast id), to run after `delayMs` when given (a scheduled broadcast). */
  fanout(broadcastId: string, delayMs?: number): Promise<void>;
  /** Drops a fan-out that has not run yet (a cancelled schedule); one already running is left (its `begin` finds it cancelled). */
  cancelFanout(broadcastId: string): Promise<void>;
  /** Queues one delivery per user (once per broadcast and user), on the queue of their channel. */
  deliveries(channel: string, broadcastId: string, userKeys: readonly string[]): Promise<void>;
  /**
   * Starts this process's workers: `fanout` for each queued fan-out; `deliver` for each delivery (a throw
   * asks for a retry with backoff, counted as an attempt). `onError`: a worker's own error.
   */
  work(
    handlers: { fanout(broadcastId: string): Promise<void>; deliver(attempt: DeliveryAttempt): Promise<AttemptOutcome> },
    onError: (err: Error) => void,
  ): RunningWorkers;
  /** Closes the queues and their connections. */
  close(): Promise<void>;
}
