/**
 * Periodic report jobs, run by one bot instance at a time: idle claims go back to the queue,
 * reports left unclaimed too long are flagged to supervisors once, and reporters' addresses are
 * deleted a set time after their report closed (the thread becomes read-only).
 */
import type { ReportStore, StoredReport } from './ports.js';

export interface JobOptions {
  kcnIds: readonly string[];
  claimIdleMs: number;
  escalateMs: number;
  addressRetentionDays: number;
}

export interface JobResult {
  released: string[];
  escalated: string[];
  addressesDeleted: string[];
}

/** Runs every job once at `now`. `escalate` alerts the KCN's supervisors (code, category, KCN only). */
export async function runReportJobs(
  store: ReportStore,
  opts: JobOptions,
  now: Date,
  escalate: (r: Pick<StoredReport, 'code' | 'category' | 'kcn' | 'createdAt'>) => Promise<void>,
): Promise<JobResult> {
  const iso = now.toISOString();
  const result: JobResult = { released: [], escalated: [], addressesDeleted: [] };
  for (const kcn of opts.kcnIds) result.released.push(...(await store.releaseIdle(kcn, opts.claimIdleMs, iso)));
  for (const code of await store.codes()) {
    const r = await store.get(code);
    if (!r) {
      await store.unindex(code); // purged after its retention time
      continue;
    }
    if (r.status === 'new' && !r.escalatedAt && now.getTime() - Date.parse(r.createdAt) > opts.escalateMs) {
      await store.update(code, { escalatedAt: iso });
      await escalate(r);
      result.escalated.push(code);
    }
    if (r.closedAt && r.address && now.getTime() - Date.parse(r.closedAt) > opts.addressRetentionDays * 86_400_000) {
      await store.forget(code, ['address']);
      result.addressesDeleted.push(code);
    }
  }
  return result;
}
