/**
 * The report backlog on `/metrics`: how many reports wait in each open status, and how long the
 * oldest unclaimed one (status `new`) has waited. The store keeps two small counters up to date
 * (ReportStore.backlog), so a scrape reads them however many reports there are.
 */
import { scrapeGauge, type Metrics } from '../lib/metrics.js';
import type { ReportBacklog, ReportStore } from './ports.js';

/** `store.backlog` shared by the gauges of one scrape: callers while a read is in flight share it. */
export function createBacklogReader(store: Pick<ReportStore, 'backlog'>, clock: () => Date): () => Promise<ReportBacklog> {
  let pending: Promise<ReportBacklog> | undefined;
  return () => {
    pending ??= store.backlog(clock()).finally(() => {
      pending = undefined;
    });
    return pending;
  };
}

/** Registers the scrape-time gauges `bot_reports_waiting` (by status) and `bot_report_oldest_unclaimed_seconds`. */
export function observeReportBacklog(metrics: Metrics, store: Pick<ReportStore, 'backlog'>, clock: () => Date): void {
  const backlog = createBacklogReader(store, clock);
  scrapeGauge(metrics, { name: 'bot_reports_waiting', help: 'Open reports by status', labelNames: ['status'] }, async () =>
    Object.entries((await backlog()).byStatus).map(([status, n]) => [{ status }, n]),
  );
  scrapeGauge(metrics, { name: 'bot_report_oldest_unclaimed_seconds', help: 'Age of the oldest report no officer has claimed (0: none)' }, async () => [
    [{}, (await backlog()).oldestUnclaimedSeconds],
  ]);
}
