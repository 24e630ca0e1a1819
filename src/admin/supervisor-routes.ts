/**
 * Supervisor tools: `GET /api/admin/reports.csv` with the queue's query (report-queue.ts; UTF-8 with BOM) and
 * `GET /api/admin/audit?limit=&before=` → `{entries: [{id, at, actor, action, report?, detail?}]}`.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import type { Lang } from '../core/message.js';
import type { I18n } from '../core/i18n.js';
import type { ReportDetail } from '../reports/types.js';
import { isSupervisor } from './access.js';
import { requireRole } from './auth-middleware.js';
import { currentStaff, type AdminContext } from './context.js';
import { toCsv } from '../lib/csv.js';
import { parseOr400 } from '../lib/responses.js';
import { matchingReports, queueQuery } from './report-queue.js';
import { toMinute } from './report-view.js';

const COLUMNS = ['code', 'status', 'category', 'kcn', 'createdAt', 'claimedBy', 'when', 'place', 'description', 'messages', 'notes'] as const;

const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z
    .string()
    .regex(/^\d+-\d+$/, 'must be an audit entry id')
    .optional(),
});

function csvRow(r: ReportDetail): unknown[] {
  return [r.code, r.status, r.category, r.kcn, toMinute(r.createdAt), r.claimedBy, r.when, r.place, r.description, r.messages.length, r.notes.length];
}

/** Builds the supervisor routes (behind the session guard). */
export function createSupervisorRoutes(ctx: AdminContext, i18n: I18n, lang: Lang): Router {
  const router = express.Router();
  const onlySupervisors = requireRole(isSupervisor);
  const query = queueQuery(ctx.kcnIds);

  router.get('/api/admin/reports.csv', onlySupervisors, async (req, res) => {
    const q = parseOr400(query, req.query, res);
    if (!q) return;
    // The queue's filters (state, words, days, order) apply to the export as they do on screen.
    const summaries = await matchingReports(ctx, currentStaff(res), q);
    const details = (await Promise.all(summaries.map((s) => ctx.reports.get(s.code)))).filter((d): d is ReportDetail => d !== undefined);
    const header = COLUMNS.map((c) => i18n.t(lang, `admin:csv.${c}`));
    await ctx.audit.append({ actor: currentStaff(res).username, action: 'export', detail: `${details.length} reports` });
    res.set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="tg-reports-${new Date().toISOString().slice(0, 10)}.csv"`,
      'Cache-Control': 'no-store',
    });
    res.send(Buffer.from(toCsv([header, ...details.map(csvRow)]), 'utf8'));
  });

  router.get('/api/admin/audit', onlySupervisors, async (req, res) => {
    const q = parseOr400(auditQuery, req.query, res);
    if (!q) return;
    res.set('Cache-Control', 'no-store').json({ entries: await ctx.audit.list(q) });
  });
  return router;
}
