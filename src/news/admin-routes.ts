/**
 * Staff routes of this feature, as plain express handlers for requests the admin router has already
 * authenticated (it mounts them behind its session, CSRF and role checks):
 * - `POST /api/admin/broadcasts` (role supervisor): start a campaign from content/broadcasts.yaml,
 *   `{"campaignId"}`, or a message written now, `{"topic", "text": {"vi", "en"}}` → 202 with the report;
 *   404 `unknown_campaign`, 409 `already_started` (with the report), 400 on a bad body;
 * - `GET /api/admin/broadcasts` (supervisor or organizer): the campaigns and the latest reports;
 * - `GET /api/admin/broadcasts/:id` (supervisor or organizer): one report (progress), 404 when unknown;
 * - `GET /api/admin/faq/unanswered?limit=50` (organizer or supervisor): questions the FAQ could not
 *   answer, most asked first (normalised text and counts; no user data).
 * The signed-in staff member, when the admin router sets `res.locals.staff.username`, is recorded as
 * the author of a supervisor broadcast, and `onStarted` (the audit log) hears of every broadcast started.
 */
import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import type { Broadcasts, StartResult } from '../broadcast/index.js';
import { TOPICS } from '../festival/faq-broadcasts.js';
import type { UnansweredStore } from '../faq/unanswered.js';

const text = z.string().trim().min(1).max(1500);
const startSchema = z.union([
  z.object({ campaignId: z.string().regex(/^[a-z0-9-]{1,60}$/) }).strict(),
  z.object({ topic: z.enum(TOPICS), text: z.object({ vi: text, en: text }).strict() }).strict(),
]);
const limitSchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

function error(res: Response, status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  res.status(status).json({ error: { code, message, ...extra } });
}

function answerStart(res: Response, r: StartResult): void {
  if (r.ok) return void res.status(202).json({ broadcast: r.report });
  if (r.error === 'unknown_campaign') return error(res, 404, r.error, 'no campaign with this id in content/broadcasts.yaml');
  error(res, 409, r.error, 'this broadcast was started already', { broadcast: r.report });
}

/** Builds the routes; see the module comment for the role each needs. */
export interface NewsAdminDeps {
  broadcasts: Broadcasts;
  unanswered: UnansweredStore;
  /** Called once a broadcast has started, before the answer: who, and which campaign or topic. */
  onStarted?(by: string, detail: string): Promise<void>;
}

export function createNewsAdminRoutes(deps: NewsAdminDeps): Router {
  const { broadcasts } = deps;
  const router = express.Router();

  router.post('/api/admin/broadcasts', async (req, res) => {
    const body = startSchema.safeParse(req.body ?? {});
    if (!body.success) return error(res, 400, 'invalid_request', body.error.issues[0]?.message ?? 'invalid body', { field: String(body.error.issues[0]?.path[0] ?? 'body') });
    const by = String((res.locals.staff as { username?: unknown } | undefined)?.username ?? 'supervisor');
    const started = 'campaignId' in body.data ? await broadcasts.startCampaign(body.data.campaignId, 'supervisor', by) : await broadcasts.startMessage(body.data, by);
    if (started.ok) await deps.onStarted?.(by, 'campaignId' in body.data ? `campaign ${body.data.campaignId}` : `message · ${body.data.topic}`);
    answerStart(res, started);
  });

  router.get('/api/admin/broadcasts', async (_req, res) => {
    const list = await Promise.all(
      broadcasts.campaigns().map(async (c) => ({ id: c.id, at: c.at.toISOString(), topic: c.topic, message: c.message, report: (await broadcasts.report(c.id)) ?? null })),
    );
    res.json({ campaigns: list });
  });

  router.get('/api/admin/broadcasts/:id', async (req, res) => {
    const report = await broadcasts.report(String(req.params.id));
    if (!report) return error(res, 404, 'not_found', 'no such broadcast');
    res.json({ broadcast: report });
  });

  router.get('/api/admin/faq/unanswered', async (req, res) => {
    const q = limitSchema.safeParse(req.query);
    if (!q.success) return error(res, 400, 'invalid_request', 'limit must be a number from 1 to 500', { field: 'limit' });
    res.json({ questions: await deps.unanswered.top(q.data.limit) });
  });

  return router;
}
