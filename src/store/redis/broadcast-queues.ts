/**
 * The broadcasts' queues (broadcast/ports.ts: BroadcastQueue) on BullMQ: one control queue (fan-out of
 * a broadcast to its subscribers) and one delivery queue per channel, each with its own rate limit. Connections are dedicated ioredis clients with
 * `maxRetriesPerRequest: null` (BullMQ blocks and must not fail fast like the bot's main client),
 * duplicated from the bot's client so they reach the same server or cluster; every key sits under
 * `<REDIS_KEY_PREFIX>:{bull}`, one hash tag for Redis Cluster.
 */
import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import type { AttemptOutcome, BroadcastQueue, DeliveryAttempt } from '../../broadcast/ports.js';
import type { DeliveryJob } from '../../broadcast/types.js';
import { duplicateForBlocking, type Redis } from './client.js';
import { createBroadcastKeys } from './keys.js';

/** Delivery queues by channel; anything else goes to `other` (which can only be skipped). */
export const DELIVERY_CHANNELS = ['zalo', 'messenger', 'other'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];
export const channelQueue = (channel: string): DeliveryChannel =>
  (DELIVERY_CHANNELS as readonly string[]).includes(channel) ? (channel as DeliveryChannel) : 'other';

/** Queue settings; rates are per channel (`max` deliveries per `duration` ms). */
export interface QueueOptions {
  rates: Partial<Record<DeliveryChannel, { max: number; duration: number }>>;
  concurrency: number;
  attempts: number;
  backoffMs: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
}

/** Zalo: a conservative 20 sends a second (the OA API allows about 4,000 a minute); Messenger: well under 300/s per Page. */
export const DEFAULT_QUEUE_OPTIONS: QueueOptions = {
  rates: { zalo: { max: 20, duration: 1000 }, messenger: { max: 200, duration: 1000 } },
  concurrency: 10,
  attempts: 4,
  backoffMs: 2000,
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
};

interface Queues {
  control: Queue<{ id: string }>;
  delivery: Record<DeliveryChannel, Queue<DeliveryJob>>;
  close(): Promise<void>;
}

/** A processor result that means "do this job again later, it does not count as an attempt". */
async function later(job: Job, token: string | undefined, delayMs: number): Promise<never> {
  await job.moveToDelayed(Date.now() + delayMs, token);
  throw new DelayedError();
}

/** Opens a BullMQ connection to the server or cluster of `redis` (the bot's client). */
function bullConnection(redis: Redis): Redis {
  const r = duplicateForBlocking(redis);
  r.on('error', () => undefined);
  return r;
}

/** Creates the queues on one connection. */
function createQueues(connection: Redis, prefix: string, opts: QueueOptions): Queues {
  const defaultJobOptions = {
    attempts: opts.attempts,
    backoff: { type: 'exponential', delay: opts.backoffMs },
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600 },
  };
  const control = new Queue<{ id: string }>('broadcast-control', { connection, prefix, defaultJobOptions });
  const delivery = Object.fromEntries(
    DELIVERY_CHANNELS.map((c) => [c, new Queue<DeliveryJob>(`broadcast-${c}`, { connection, prefix, defaultJobOptions })]),
  ) as Record<DeliveryChannel, Queue<DeliveryJob>>;
  return {
    control,
    delivery,
    async close() {
      await Promise.all([control.close(), ...Object.values(delivery).map((q) => q.close())]);
    },
  };
}

/** Starts the workers: the fan-out and one rate-limited delivery worker per channel. */
function createWorkers(
  connection: Redis,
  prefix: string,
  opts: QueueOptions,
  handlers: {
    fanout(job: Job<{ id: string }>): Promise<void>;
    deliver(job: Job<DeliveryJob>, token: string | undefined, signal: AbortSignal | undefined): Promise<void>;
  },
): Worker[] {
  const common = { connection, prefix, lockDuration: opts.lockDurationMs, stalledInterval: opts.stalledIntervalMs };
  const control = new Worker<{ id: string }>('broadcast-control', (job) => handlers.fanout(job), { ...common, concurrency: 1 });
  const workers = DELIVERY_CHANNELS.map(
    (c) =>
      new Worker<DeliveryJob>(`broadcast-${c}`, (job, token, signal) => handlers.deliver(job, token, signal), {
        ...common,
        concurrency: opts.concurrency,
        ...(opts.rates[c] ? { limiter: opts.rates[c] } : {}),
      }),
  );
  return [control, ...workers];
}

/**
 * The queues of one key prefix (`<prefix>:{bull}`) on a connection duplicated from `redis` when first
 * needed. A delivery whose handler answers `{later}` waits that long without counting an attempt; one
 * that throws is retried with exponential backoff up to `attempts`.
 */
export function createRedisBroadcastQueue(redis: Redis, keyPrefix: string, options: Partial<QueueOptions> = {}): BroadcastQueue {
  const opts: QueueOptions = { ...DEFAULT_QUEUE_OPTIONS, ...options };
  const prefix = createBroadcastKeys(keyPrefix).bullPrefix;
  let connection: Redis | undefined;
  let queues: Queues | undefined;
  const conn = () => (connection ??= bullConnection(redis));
  const q = () => (queues ??= createQueues(conn(), prefix, opts));
  return {
    leaseMs: opts.lockDurationMs,
    async fanout(id, delayMs) {
      await q().control.add('fanout', { id }, { jobId: `fanout.${id}`, ...(delayMs && delayMs > 0 ? { delay: Math.ceil(delayMs) } : {}) });
    },
    async cancelFanout(id) {
      const job = await q().control.getJob(`fanout.${id}`);
      // A job already running is locked and cannot be removed: its `begin` finds the broadcast cancelled.
      await job?.remove().catch(() => undefined);
    },
    async deliveries(channel, id, userKeys) {
      const jobs = userKeys.map((u) => ({ name: 'deliver', data: { b: id, u }, opts: { jobId: `${id}.${u}` } }));
      await q().delivery[channelQueue(channel)].addBulk(jobs);
    },
    work(handlers, onError) {
      let stopping = false;
      const attempt = (job: Job<DeliveryJob>, signal: AbortSignal | undefined): DeliveryAttempt => ({
        broadcastId: job.data.b,
        userKey: job.data.u,
        lastAttempt: job.attemptsMade + 1 >= opts.attempts,
        aborted: () => Boolean(signal?.aborted) || stopping,
      });
      const workers = createWorkers(conn(), prefix, opts, {
        fanout: (job) => handlers.fanout(job.data.id),
        async deliver(job, token, signal) {
          const outcome: AttemptOutcome = await handlers.deliver(attempt(job, signal));
          if (outcome) await later(job, token, outcome.later);
        },
      });
      for (const w of workers) w.on('error', onError);
      return {
        async close(force = false) {
          stopping = true;
          if (force) for (const w of workers) w.cancelAllJobs('stopping');
          await Promise.all(workers.map((w) => w.close(force)));
        },
      };
    },
    async close() {
      await queues?.close();
      await connection?.quit().catch(() => connection?.disconnect());
      queues = undefined;
      connection = undefined;
    },
  };
}
