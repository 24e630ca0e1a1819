/**
 * The report backlog for `/metrics`: how many reports wait in each open status, and how long the
 * oldest unclaimed one (status `new`) has waited. Read from two small keys that the status scripts
 * keep up to date (scripts.ts): one HGETALL and one ZRANGE, however many reports there are.
 */
import type { Redis } from '../store/redis/client.js';
import { createReportKeys } from './keys.js';
import { REPORT_STATUSES, type ReportStatus } from './types.js';

/** Open (not closed) statuses. */
const WAITING: readonly ReportStatus[] = REPORT_STATUSES.filter((s) => s !== 'resolved' && s !== 'rejected');

/** The open reports at one moment. */
export interface ReportBacklog {
  /** Reports per open status (every open status present, zero included). */
  byStatus: Record<string, number>;
  /** Age in seconds of the oldest `new` report; 0 when none waits. */
  oldestUnclaimedSeconds: number;
}

/** Reads the backlog now; throws when Redis is unreachable (the gauge then stays empty). */
export async function readReportBacklog(redis: Redis, prefix: string, now: Date): Promise<ReportBacklog> {
  const keys = createReportKeys(prefix);
  const [counts, oldest] = await Promise.all([redis.hgetall(keys.backlog), redis.zrange(keys.unclaimed, 0, 0, 'WITHSCORES')]);
  const byStatus = Object.fromEntries(WAITING.map((s) => [s, Math.max(0, Number(counts[s] ?? 0))]));
  const createdMs = oldest[1] === undefined ? undefined : Number(oldest[1]);
  const oldestUnclaimedSeconds = createdMs === undefined ? 0 : Math.max(0, (now.getTime() - createdMs) / 1000);
  return { byStatus, oldestUnclaimedSeconds };
}

/** `readReportBacklog` shared by the gauges of one scrape: callers while a read is in flight share it. */
export function createBacklogReader(redis: Redis, prefix: string, clock: () => Date): () => Promise<ReportBacklog> {
  let pending: Promise<ReportBacklog> | undefined;
  return () => {
    pending ??= readReportBacklog(redis, prefix, clock()).finally(() => {
      pending = undefined;
    });
    return pending;
  };
}
