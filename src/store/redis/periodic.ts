/** Periodic work shared by several bot instances: each tick runs on whichever instance takes the Redis lock first. */
import type { OnOneInstance } from '../../core/ports.js';
import type { Redis } from './client.js';
import { createBroadcastKeys, createReportKeys } from './keys.js';

/**
 * Runs `job` every `intervalMs` on one instance at a time (the lock `lockKey` lives a little less
 * than one interval). Failures go to `onError`; returns a stop function. The timer does not keep the
 * process alive.
 */
export function everyOnOneInstance(
  redis: Redis,
  lockKey: string,
  intervalMs: number,
  job: () => Promise<unknown>,
  onError: (err: unknown) => void,
): () => void {
  const tick = async () => {
    const mine = await redis.set(lockKey, '1', 'PX', Math.max(1_000, intervalMs - 1_000), 'NX');
    if (mine === 'OK') await job();
  };
  const timer = setInterval(() => void tick().catch(onError), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** The periodic jobs of the bot, each with its own lock: the report jobs and the broadcast scheduler. */
export function createRedisPeriodic(redis: Redis, prefix: string): { reportJobs: OnOneInstance; broadcastScheduler: OnOneInstance } {
  return {
    reportJobs: (intervalMs, job, onError) => everyOnOneInstance(redis, createReportKeys(prefix).jobsLock, intervalMs, job, onError),
    broadcastScheduler: (intervalMs, job, onError) => everyOnOneInstance(redis, createBroadcastKeys(prefix).schedulerLock, intervalMs, job, onError),
  };
}
