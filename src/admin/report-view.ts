/**
 * What officers receive about a report: an explicit list of fields copied from the service's values,
 * so nothing else a service might attach (a reporter's id, name or pseudonym) can ever leak out.
 * Times are rounded down to the minute: to the second, they would help match a report with a
 * platform's or a network's own logs.
 */
import type { ReportDetail, ReportSummary } from '../reports/types.js';

/** An ISO time rounded down to the minute (`2026-08-10T02:03:00.000Z`); an unreadable value is dropped. */
export function toMinute(iso: string): string | undefined {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : new Date(ms - (((ms % 60_000) + 60_000) % 60_000)).toISOString();
}

/** The queue line as served by `GET /api/admin/reports`. */
export function summaryView(r: ReportSummary) {
  return {
    code: r.code,
    status: r.status,
    category: r.category,
    kcn: r.kcn,
    createdAt: toMinute(r.createdAt),
    claimedBy: r.claimedBy,
    overdue: r.overdue,
    lookupLocked: r.lookupLocked,
    likelyDuplicateOf: r.likelyDuplicateOf,
    lastAnswerAt: r.lastAnswerAt === undefined ? undefined : toMinute(r.lastAnswerAt),
  };
}

/** The full report as served by `GET /api/admin/reports/:code`. */
export function detailView(r: ReportDetail) {
  return {
    ...summaryView(r),
    description: r.description,
    when: r.when,
    place: r.place,
    contact: r.contact,
    attachments: r.attachments.map((a) => ({
      id: a.id,
      contentType: a.contentType,
      bytes: a.bytes,
      url: `/api/admin/reports/${encodeURIComponent(r.code)}/attachments/${encodeURIComponent(a.id)}`,
    })),
    messages: r.messages.map((m) => ({ from: m.from, text: m.text, at: toMinute(m.at) })),
    notes: r.notes.map((n) => ({ by: n.by, text: n.text, at: toMinute(n.at) })),
    canMessageReporter: r.canMessageReporter,
  };
}
