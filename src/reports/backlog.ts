/**
 * The report backlog for `/metrics`: how many reports wait in each open status, and how long the
 * oldest unclaimed one (status `new`) has waited. Reads the index and each report's status and
 * creation time (plain fields, never sealed ones), pipelined in chunks; all keys share `{reports}`.
 */
import type { Redis } from '../store/redis/client.js';
import { createReportKeys } from './keys.js';
import { REPORT_STATUSES, type ReportStatus } from './types.js';

/** Open (not closed) statuses. */
const WAITING: readonly ReportStatus[] = REPORT_STATUSES.filter((s) => s !== 'resolved' && s !== 'rejected');
const CHUNK = 500;

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
  const codes = await redis.zrange(keys.index, 0, -1);
  const byStatus: Record<string, number> = Object.fromEntries(WAITING.map((s) => [s, 0]));
  let oldest = Infinity;
  for (let i = 0; i < codes.length; i += CHUNK) {
    const pipe = redis.pipeline();
    for (const code of codes.slice(i, i + CHUNK)) pipe.hmget(keys.report(code), 'status', 'createdAt');
    for (const [err, row] of (await pipe.exec()) ?? []) {
      if (err) throw err;
      const [status, createdAt] = row as [string | null, string | null];
      if (!status || !(status in byStatus)) continue;
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      if (status === 'new' && createdAt) oldest = Math.min(oldest, Date.parse(createdAt));
    }
  }
  const oldestUnclaimedSeconds = Number.isFinite(oldest) ? Math.max(0, (now.getTime() - oldest) / 1000) : 0;
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
