/**
 * The officers' live queue:
 * - `GET /api/admin/reports?status=&kcn=&category=&state=open|closed&q=&from=&to=&sort=newest|oldest` →
 *   `{reports: [line], unread}`;
 * - `GET /api/admin/reports/:code/summary` → one line and `unread` (404 like a missing report for another KCN).
 * A line is the report's summary (report-view.ts: times rounded to the minute) plus `newAnswer`: the
 * reporter wrote after this staff member last opened the report. `unread` counts the open reports of
 * the staff member's KCNs with a new answer, whatever the filters. Pages poll both every few seconds;
 * everything comes from Redis, so every bot instance answers alike. Neither is audited (no report
 * text); opening a report is, and records when this staff member read it.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { localDate } from '../festival/calendar.js';
import { parseOr400 } from '../lib/responses.js';
import type { ReportStatus, ReportSummary } from '../reports/types.js';
import { canSeeKcn, visibleKcns } from './access.js';
import { currentStaff, type AdminContext } from './context.js';
import { listQuery, reportFor } from './report-routes.js';
import { summaryView } from './report-view.js';
import type { StaffIdentity } from './types.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-08-19');

/** The queue's query: the list filters plus open or closed only, words, a range of days (the festival's time zone) and the order. */
export function queueQuery(kcnIds: readonly string[]) {
  return listQuery(kcnIds).extend({
    state: z.enum(['open', 'closed'], { error: 'must be open or closed' }).optional(),
    q: z.string().trim().max(100, 'must be at most 100 characters').optional(),
    from: day.optional(),
    to: day.optional(),
    sort: z.enum(['newest', 'oldest'], { error: 'must be newest or oldest' }).default('newest'),
  });
}
/** A parsed queue query. */
export type QueueQuery = z.infer<ReturnType<typeof queueQuery>>;

const CLOSED: readonly ReportStatus[] = ['resolved', 'rejected'];
const isOpen = (r: ReportSummary) => !CLOSED.includes(r.status);

/** The reports the staff member may see that match the query, in its order. */
export async function matchingReports(ctx: AdminContext, staff: StaffIdentity, q: QueueQuery, all?: readonly ReportSummary[]): Promise<ReportSummary[]> {
  const kcns = visibleKcns(staff, q.kcn);
  if (kcns?.length === 0) return [];
  const narrowed = q.status || q.category || q.q;
  const listed = all && !narrowed ? all : await ctx.reports.list({ status: q.status, kcns, category: q.category, text: q.q || undefined });
  const dayOf = (iso: string) => {
    const d = localDate(new Date(iso), ctx.timezone);
    return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
  };
  const shown = listed.filter(
    (r) =>
      canSeeKcn(staff, r.kcn) &&
      (!kcns || kcns.includes(r.kcn)) &&
      (q.state === undefined || isOpen(r) === (q.state === 'open')) &&
      (!q.from || dayOf(r.createdAt) >= q.from) &&
      (!q.to || dayOf(r.createdAt) <= q.to),
  );
  const order = q.sort === 'oldest' ? 1 : -1;
  return shown.sort((a, b) => order * (Date.parse(a.createdAt) - Date.parse(b.createdAt)) || a.code.localeCompare(b.code));
}

/** True when the reporter wrote after `openedMs`, or in the same millisecond, or the report was never opened. */
const answeredSince = (r: ReportSummary, openedMs: number | undefined) =>
  r.lastAnswerAt !== undefined && (openedMs === undefined || openedMs <= Date.parse(r.lastAnswerAt));

/** The lines of `reports` for `staff`, with their "new answer" marks. */
async function lines(ctx: AdminContext, staff: StaffIdentity, reports: readonly ReportSummary[]) {
  const opened = await ctx.reads.openedAt(
    staff.username,
    reports.map((r) => r.code),
  );
  return reports.map((r, i) => ({ ...summaryView(r), newAnswer: answeredSince(r, opened[i]) }));
}

/** Every report the staff member may see, and how many open ones have an answer they have not opened. */
async function visibleReports(ctx: AdminContext, staff: StaffIdentity): Promise<{ all: ReportSummary[]; unread: number }> {
  const mine = visibleKcns(staff);
  const all = (mine?.length === 0 ? [] : await ctx.reports.list({ kcns: mine })).filter((r) => canSeeKcn(staff, r.kcn));
  const open = await lines(ctx, staff, all.filter(isOpen));
  return { all, unread: open.filter((l) => l.newAnswer).length };
}

/** Builds the queue routes (behind the session, CSRF and role guards). */
export function createReportQueueRoutes(ctx: AdminContext): Router {
  const router = express.Router();
  const query = queueQuery(ctx.kcnIds);

  router.get('/api/admin/reports', async (req, res) => {
    const q = parseOr400(query, req.query, res);
    if (!q) return;
    const staff = currentStaff(res);
    const { all, unread } = await visibleReports(ctx, staff);
    const shown = await lines(ctx, staff, await matchingReports(ctx, staff, q, all));
    res.set('Cache-Control', 'no-store').json({ reports: shown, unread });
  });

  router.get('/api/admin/reports/:code/summary', async (req, res) => {
    const report = await reportFor(ctx, req, res);
    if (!report) return;
    const staff = currentStaff(res);
    const [line] = await lines(ctx, staff, [report]);
    // The count keeps the navigation's mark right while the officer works on one report.
    res.set('Cache-Control', 'no-store').json({ ...line, unread: (await visibleReports(ctx, staff)).unread });
  });
  return router;
}
