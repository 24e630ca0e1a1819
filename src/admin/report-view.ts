/**
 * What officers receive about a report: an explicit list of fields copied from the service's values,
 * so nothing else a service might attach (a reporter's id, name or pseudonym) can ever leak out.
 */
import type { ReportDetail, ReportSummary } from '../reports/types.js';

/** The queue line as served by `GET /api/admin/reports`. */
export function summaryView(r: ReportSummary) {
  return {
    code: r.code,
    status: r.status,
    category: r.category,
    kcn: r.kcn,
    createdAt: r.createdAt,
    claimedBy: r.claimedBy,
    overdue: r.overdue,
    likelyDuplicateOf: r.likelyDuplicateOf,
    pendingMessages: r.pendingMessages,
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
    messages: r.messages.map((m) => ({ from: m.from, text: m.text, at: m.at, delivered: m.delivered })),
    notes: r.notes.map((n) => ({ by: n.by, text: n.text, at: n.at })),
    canMessageReporter: r.canMessageReporter,
  };
}
