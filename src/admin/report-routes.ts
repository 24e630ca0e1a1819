/**
 * The pinned report API for officers and supervisors (organisers get 403; the queue itself,
 * `GET /api/admin/reports`, is in report-queue.ts): `GET /api/admin/reports/:code`,
 * `POST .../:code/claim`, `POST .../:code/messages {text}`, `POST .../:code/notes {text}`,
 * `POST .../:code/status {status, note?}`, `GET .../:code/attachments/:id`.
 * An officer reaching another KCN's report gets 404, exactly like a missing one (so nobody learns which
 * codes exist elsewhere); service error codes become 404/409/422. Photo downloads are audited.
 */
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { REPORT_STATUSES, SETTABLE_STATUSES, type ReportDetail, type ReportResult } from '../reports/types.js';
import { canSeeKcn, isSupervisor } from './access.js';
import type { AuditAction } from './audit.js';
import { currentStaff, type AdminContext } from './context.js';
import { parseOr400, sendError } from '../lib/responses.js';
import { sendReportError } from './responses.js';
import { detailView } from './report-view.js';

const CODE = /^TG-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/;
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);
const text = z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters');

/** Query of the queue and of the CSV export. */
export function listQuery(kcnIds: readonly string[]) {
  return z.object({
    status: z.enum(REPORT_STATUSES, { error: `must be one of ${REPORT_STATUSES.join(', ')}` }).optional(),
    kcn: z.enum(kcnIds as [string, ...string[]], { error: 'is not a known KCN id' }).optional(),
    category: z
      .string()
      .regex(/^[\w-]{1,40}$/, 'is not a category id')
      .optional(),
  });
}

const statusBody = z.object({
  status: z.enum(SETTABLE_STATUSES, { error: `must be one of ${SETTABLE_STATUSES.join(', ')}` }),
  note: text.optional(),
});

/**
 * Loads the report named in the path if the staff member may see it; otherwise answers 404 (the same
 * answer for a report of another KCN as for a missing one) and returns undefined.
 */
export async function reportFor(ctx: AdminContext, req: Request, res: Response): Promise<ReportDetail | undefined> {
  const code = String(req.params.code ?? '').toUpperCase();
  const report = CODE.test(code) ? await ctx.reports.get(code) : undefined;
  if (!report || !canSeeKcn(currentStaff(res), report.kcn)) return void sendReportError(res, 'not_found');
  return report;
}

/**
 * Runs a state change on a visible report, audits it and answers `{ok: true, ...value}`. With `claims`,
 * the change also claims a report nobody held (asking the reporter, waiting for information): that claim
 * is audited too and the answer says `claimed: true`.
 */
async function act<T>(
  ctx: AdminContext,
  req: Request,
  res: Response,
  action: AuditAction,
  run: (code: string, officer: string) => Promise<ReportResult<T>>,
  detail?: string,
  claims = false,
) {
  const report = await reportFor(ctx, req, res);
  if (!report) return;
  const officer = currentStaff(res).username;
  const result = await run(report.code, officer);
  if (!result.ok) return sendReportError(res, result.error);
  const claimed = claims && !report.claimedBy;
  if (claimed) await ctx.audit.append({ actor: officer, action: 'claim', report: report.code, detail: action });
  await ctx.audit.append({ actor: officer, action, report: report.code, detail });
  res.json({ ok: true, ...(result.value ?? {}), ...(claimed ? { claimed: true } : {}) });
}

/** Builds the report routes (behind the session, CSRF and role guards). */
export function createReportRoutes(ctx: AdminContext): Router {
  const router = express.Router();

  router.get('/api/admin/reports/:code', async (req, res) => {
    // Taken before the report is read: an answer arriving meanwhile stays marked as new.
    const readAt = ctx.clock().getTime();
    const report = await reportFor(ctx, req, res);
    if (!report) return;
    const username = currentStaff(res).username;
    await ctx.audit.append({ actor: username, action: 'view', report: report.code });
    await ctx.reads.opened(username, report.code, readAt);
    res.set('Cache-Control', 'no-store').json(detailView(report));
  });

  router.post('/api/admin/reports/:code/claim', (req, res) => act(ctx, req, res, 'claim', (code, who) => ctx.reports.claim(code, who)));

  // Asking the reporter claims a report nobody holds: audited as a claim too, and said in the answer (`claimed: true`).
  router.post('/api/admin/reports/:code/messages', async (req, res) => {
    const body = parseOr400(z.object({ text }), req.body, res);
    if (body)
      await act(ctx, req, res, 'message', (code, who) => ctx.reports.ask(code, who, body.text, { override: isSupervisor(currentStaff(res)) }), undefined, true);
  });

  router.post('/api/admin/reports/:code/notes', async (req, res) => {
    const body = parseOr400(z.object({ text }), req.body, res);
    if (body) await act(ctx, req, res, 'note', (code, who) => ctx.reports.note(code, who, body.text));
  });

  router.post('/api/admin/reports/:code/status', async (req, res) => {
    const body = parseOr400(statusBody, req.body, res);
    if (body)
      await act(
        ctx,
        req,
        res,
        'status',
        (code, who) => ctx.reports.setStatus(code, who, body.status, body.note, { override: isSupervisor(currentStaff(res)) }),
        body.status,
        body.status === 'need_info',
      );
  });

  router.get('/api/admin/reports/:code/attachments/:id', async (req, res) => {
    const report = await reportFor(ctx, req, res);
    if (!report) return;
    const photo = await ctx.reports.photo(report.code, String(req.params.id));
    if (!photo) return sendError(res, 404, 'not_found', 'no such attachment');
    await ctx.audit.append({ actor: currentStaff(res).username, action: 'photo', report: report.code, detail: String(req.params.id) });
    const type = IMAGE_TYPES.has(photo.contentType) ? photo.contentType : 'application/octet-stream';
    res.set({ 'Content-Type': type, 'Cache-Control': 'private, no-store', 'Content-Disposition': 'inline' }).send(photo.data);
  });
  return router;
}
