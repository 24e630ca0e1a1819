/**
 * Durable intake for webhook events. Before a webhook is acknowledged, each new event is stored in a
 * Redis Stream (sealed: it holds the platform id and the text) by one script that also marks its
 * message id as seen, so a redelivery is dropped and a crash after the acknowledgement loses nothing.
 * A worker in every bot instance reads the stream through a consumer group and runs the turn, which
 * saves its replies together with the state it leaves (TurnRecord); it sends them, then acknowledges
 * and deletes the entry in one script, and forgets the saved replies.
 * Entries left by a crashed or stalled instance are claimed after `staleMs`. Their re-run gets the saved
 * replies from the engine (checked under the user's lock, so also when it races the first run) instead
 * of running the same message again on the state it already changed: a "2" that chose a category must
 * not also choose a park. A reply repeats only when it was sent and the entry then not acknowledged
 * (the instance died, or Redis failed). Its storage is a port (ports.ts; on a Redis Stream in the Redis store's `intake.ts`).
 * With a per-user limit, an event over it is not dropped: it moves to the user's held list and comes
 * back into the stream when the user's minute ends (hold.ts); past what may be held, the user
 * is shown the message and asked to send it again.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../core/errors.js';
import type { InboundMessage } from '../core/message.js';
import { seal } from '../lib/crypto.js';
import type { IntakeReader } from './ports.js';
import { BUSY_CONCURRENCY, BUSY_WEBHOOKS, createIntakeWorker, type ProcessingDeps } from './worker.js';

export interface Intake {
  /**
   * Stores the event durably, once per platform message id, and returns true when it is new. Call it
   * before acknowledging: a Redis error must become a 503 so the platform retries.
   */
  firstSeen(msg: InboundMessage): Promise<boolean>;
  /** Starts this instance's worker. */
  start(): void;
  /** Resolves when the intake is empty (every accepted event was processed, by any instance). */
  idle(): Promise<void>;
  /** Stops reading; resolves once the events read are done. */
  stop(): Promise<void>;
}

export interface IntakeDeps extends ProcessingDeps {
  /** How long an entry may stay claimed by a silent instance before another takes it (ms). */
  staleMs?: number;
  /** How long a message's seen mark lives (s): longer than the replay window (see channels/replay.ts). Default 48 h. */
  seenTtlSeconds?: number;
  /**
   * Turns this worker runs at once (different users). A bound keeps the event loop free for the
   * acknowledgements when both share a process: a burst waits in the stream, not in memory.
   */
  concurrency?: number;
  /** Most events waiting in the stream; past it webhooks answer 503 (nothing accepted is ever trimmed). */
  maxBacklog?: number;
  /**
   * Webhook requests in progress in this process. From `BUSY_WEBHOOKS` on, acknowledgements are
   * queueing: the worker then starts at most `BUSY_CONCURRENCY` turns at once, so the platforms get
   * their answers first and the rest of a burst waits, stored, in the stream.
   */
  webhooksInFlight?: () => number;
}

export function createIntake(deps: IntakeDeps): Intake {
  const consumer = `c-${randomUUID()}`;
  const staleMs = deps.staleMs ?? 30_000;
  const concurrency = Math.max(1, deps.concurrency ?? 64);
  const readCount = Math.max(50, concurrency);
  const maxBacklog = deps.maxBacklog ?? 100_000;
  const seenTtlSeconds = deps.seenTtlSeconds ?? 48 * 3600;
  const busy = () => (deps.webhooksInFlight?.() ?? 0) >= BUSY_WEBHOOKS;
  let reader: IntakeReader | undefined;
  let loop: Promise<void> | undefined;
  let stopped = false;
  const worker = createIntakeWorker({ ...deps, consumer, staleMs, concurrency, busy, stopped: () => stopped });

  async function run(r: IntakeReader): Promise<void> {
    let lastClaim = 0;
    let lastRelease = -Infinity;
    // The group is made once, and again after any error (the stream may have been deleted): checking
    // it before every read was one more round trip per batch.
    let grouped = false;
    while (!stopped) {
      try {
        if (!grouped) await r.ensureGroup();
        grouped = true;
        // Held events whose minute has ended go back into the stream (read just below).
        if (deps.limit && performance.now() - lastRelease >= 1000) {
          lastRelease = performance.now();
          await deps.queue.releaseDue(Date.now());
        }
        // The next read goes out once a slot is free, while the other turns run. A busy instance takes
        // only what it runs, and leaves the rest to idle instances.
        await worker.room(() => (busy() ? BUSY_CONCURRENCY : concurrency));
        // Stopped meanwhile: the reader is closed, and a command on a closed cluster connection waits for ever.
        if (stopped) break;
        if (Date.now() - lastClaim > staleMs / 2) {
          lastClaim = Date.now();
          worker.add(await r.claimStale(staleMs, readCount));
          continue;
        }
        worker.add(await r.read(busy() ? BUSY_CONCURRENCY : readCount, 500));
      } catch (err) {
        grouped = false;
        if (stopped) break;
        deps.logger.debug({ err }, 'intake worker waiting for Redis');
        await sleep(500);
      }
    }
    // Stopping: the events read are finished first (stop() waits for them).
    await worker.drained();
  }

  return {
    async firstSeen(msg) {
      const sealed = seal(deps.encryption, JSON.stringify(msg));
      const res = await deps.queue.accept(`${msg.channel}:${msg.messageId ?? randomUUID()}`, sealed, { seenTtlSeconds, maxBacklog });
      if (res === 'full') throw new AppError('STORE_UNAVAILABLE', 'the intake backlog is full');
      return res === 'accepted';
    },
    start() {
      if (loop) return;
      stopped = false;
      reader = deps.queue.reader(consumer);
      loop = run(reader);
    },
    async idle() {
      while ((await deps.queue.length().catch(() => 0)) > 0) await sleep(10);
    },
    async stop() {
      stopped = true;
      reader?.close();
      await loop;
      loop = undefined;
    },
  };
}
