/**
 * The reminders' delayed-job queue (events/ports.ts: ReminderQueue) on BullMQ. BullMQ needs its own connections (blocking commands,
 * `maxRetriesPerRequest: null`), duplicated from the bot's client so they reach the same server or
 * cluster; they open lazily and close with `close()`. The prefix carries a hash tag so all of
 * BullMQ's keys for this queue share one Redis Cluster slot.
 */
import { Queue, Worker } from 'bullmq';
import type { ReminderJob, ReminderQueue } from '../../events/ports.js';
import { duplicateForBlocking, type Redis } from './client.js';
import { createEventKeys } from './keys.js';

const NAME = 'reminders';

/** Builds the queue on connections duplicated from `redis` (the bot's client), under `<keyPrefix>:{reminders}`. */
export function createBullReminderQueue(redis: Redis, keyPrefix: string): ReminderQueue {
  const prefix = createEventKeys(keyPrefix).reminderQueue;
  const connections: Redis[] = [];
  const connect = () => {
    const c = duplicateForBlocking(redis);
    c.on('error', () => undefined);
    connections.push(c);
    return c;
  };
  let queue: Queue | undefined;
  let worker: Worker | undefined;
  const q = () => (queue ??= new Queue(NAME, { connection: connect(), prefix }));

  return {
    async add(id, job, delayMs) {
      await q().add(NAME, job, {
        jobId: id,
        delay: delayMs,
        removeOnComplete: true,
        removeOnFail: 1000,
        attempts: 3,
        backoff: { type: 'exponential', delay: 30_000 },
      });
    },
    async remove(id) {
      await q().remove(id);
    },
    async startWorker(process) {
      worker = new Worker(NAME, async (job) => process(job.data as ReminderJob), { connection: connect(), prefix, concurrency: 4 });
      await worker.waitUntilReady();
    },
    async close() {
      await worker?.close();
      await queue?.close();
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
