/**
 * The BullMQ side: one control queue (fan-out of a broadcast to its subscribers) and one delivery
 * queue per channel, each with its own rate limit. Connections are dedicated ioredis clients with
 * `maxRetriesPerRequest: null` (BullMQ blocks and must not fail fast like the bot's main client),
 * duplicated from the bot's client so they reach the same server or cluster; every key sits under
 * `<REDIS_KEY_PREFIX>:{bull}`, one hash tag for Redis Cluster.
 */
import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import { duplicateForBlocking, type Redis } from '../store/redis/client.js';
import type { DeliveryJob } from './types.js';

/** Delivery queues by channel; anything else goes to `other` (which can only be skipped). */
export const DELIVERY_CHANNELS = ['zalo', 'messenger', 'other'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];
export const channelQueue = (channel: string): DeliveryChannel => ((DELIVERY_CHANNELS as readonly string[]).includes(channel) ? (channel as DeliveryChannel) : 'other');

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

export interface Queues {
  control: Queue<{ id: string }>;
  delivery: Record<DeliveryChannel, Queue<DeliveryJob>>;
  close(): Promise<void>;
}

/** A processor result that means "do this job again later, it does not count as an attempt". */
export async function later(job: Job, token: string | undefined, delayMs: number): Promise<never> {
  await job.moveToDelayed(Date.now() + delayMs, token);
  throw new DelayedError();
}

/** Opens a BullMQ connection to the server or cluster of `redis` (the bot's client). */
export function bullConnection(redis: Redis): Redis {
  const r = duplicateForBlocking(redis);
  r.on('error', () => undefined);
  return r;
}

/** Creates the queues on one connection. */
export function createQueues(connection: Redis, prefix: string, opts: QueueOptions): Queues {
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
export function createWorkers(
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
