/**
 * Staff routes of broadcasts, as plain express handlers for requests the admin router has already
 * authenticated (it mounts them behind its session, CSRF and role checks):
 * - `POST /api/admin/broadcasts` (role supervisor): start a campaign from content/broadcasts.yaml,
 *   `{"campaignId"}`, or a message written now, `{"topic", "text": {"vi", "en"}}` → 202 with the report;
 *   404 `unknown_campaign`, 409 `already_started` (with the report), 400 on a bad body;
 * - `GET /api/admin/broadcasts` (supervisor or organizer): the campaigns and the latest reports;
 * - `GET /api/admin/broadcasts/:id` (supervisor or organizer): one report (progress), 404 when unknown.
 * The signed-in staff member, when the admin router sets `res.locals.staff.username`, is recorded as
 * the author of a supervisor broadcast, and `onStarted` (the audit log) hears of every broadcast started.
 */
import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import { TOPICS } from '../festival/faq-broadcasts.js';
import { sendError } from '../lib/responses.js';
import type { Campaign } from './campaigns.js';
import type { BroadcastReport, StartResult } from './types.js';

const text = z.string().trim().min(1).max(1500);
const startSchema = z.union([
  z.object({ campaignId: z.string().regex(/^[a-z0-9-]{1,60}$/) }).strict(),
  z.object({ topic: z.enum(TOPICS), text: z.object({ vi: text, en: text }).strict() }).strict(),
]);

function answerStart(res: Response, r: StartResult): void {
  if (r.ok) return void res.status(202).json({ broadcast: r.report });
  if (r.error === 'unknown_campaign') sendError(res, 404, r.error, 'no campaign with this id in content/broadcasts.yaml');
  else sendError(res, 409, r.error, 'this broadcast was started already', { broadcast: r.report });
}

/** What the routes need of the broadcasts (index.ts: Broadcasts). */
export interface BroadcastControl {
  campaigns(): Campaign[];
  startCampaign(id: string, source: 'supervisor', by: string): Promise<StartResult>;
  startMessage(input: { topic: (typeof TOPICS)[number]; text: { vi: string; en: string } }, by: string): Promise<StartResult>;
  report(id: string): Promise<BroadcastReport | undefined>;
}

export interface BroadcastRoutesDeps {
  broadcasts: BroadcastControl;
  /** Called once a broadcast has started, before the answer: who, and which campaign or topic. */
  onStarted?(by: string, detail: string): Promise<void>;
}

/** Builds the routes; see the module comment for the role each needs. */
export function createBroadcastRoutes(deps: BroadcastRoutesDeps): Router {
  const { broadcasts } = deps;
  const router = express.Router();

  router.post('/api/admin/broadcasts', async (req, res) => {
    const body = startSchema.safeParse(req.body ?? {});
    if (!body.success)
      return sendError(res, 400, 'invalid_request', body.error.issues[0]?.message ?? 'invalid body', {
        field: String(body.error.issues[0]?.path[0] ?? 'body'),
      });
    const by = String((res.locals.staff as { username?: unknown } | undefined)?.username ?? 'supervisor');
    const started =
      'campaignId' in body.data ? await broadcasts.startCampaign(body.data.campaignId, 'supervisor', by) : await broadcasts.startMessage(body.data, by);
    if (started.ok) await deps.onStarted?.(by, 'campaignId' in body.data ? `campaign ${body.data.campaignId}` : `message · ${body.data.topic}`);
    answerStart(res, started);
  });

  router.get('/api/admin/broadcasts', async (_req, res) => {
    const list = await Promise.all(
      broadcasts
        .campaigns()
        .map(async (c) => ({ id: c.id, at: c.at.toISOString(), topic: c.topic, message: c.message, report: (await broadcasts.report(c.id)) ?? null })),
    );
    res.json({ campaigns: list });
  });

  router.get('/api/admin/broadcasts/:id', async (req, res) => {
    const report = await broadcasts.report(String(req.params.id));
    if (!report) return sendError(res, 404, 'not_found', 'no such broadcast');
    res.json({ broadcast: report });
  });

  return router;
}
