/**
 * Staff routes of broadcasts, as plain express handlers for requests the admin router has already
 * authenticated (it mounts them behind its session and CSRF checks; changes are for supervisors,
 * reading for organisers too):
 * - `POST /api/admin/broadcasts`: start a campaign from content/broadcasts.yaml, `{"campaignId"}`, or a
 *   message written now, `{"topic", "text": {"vi", "en"?}, "parks"?: [KCN ids], "at"?: ISO time}` → 202
 *   with the report (`scheduled` when `at` is given); 404 `unknown_campaign`, 409 `already_started`
 *   (with the report), 400 on a bad body or a time not in the next 60 days;
 * - `POST /api/admin/broadcasts/preview` `{"topic", "text", "parks"?}` → the message per language and
 *   channel as that channel sends it, and per channel the subscribers and how many its window reaches now;
 * - `POST /api/admin/broadcasts/:id/cancel`: a scheduled broadcast before it starts → `{broadcast}`;
 *   404, 409 `already_started` or `already_cancelled`;
 * - `GET /api/admin/broadcasts`: the campaigns with their reports, and the latest broadcasts;
 * - `GET /api/admin/broadcasts/:id`: one report (progress), 404 when unknown.
 * The signed-in staff member, when the admin router sets `res.locals.staff.username`, is recorded as
 * the author; `onStarted` and `onCancelled` (the audit log) hear of every broadcast started, scheduled or cancelled.
 */
import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import { TOPICS } from '../festival/faq-broadcasts.js';
import { sendError } from '../lib/responses.js';
import type { Campaign } from './campaigns.js';
import type { MessagePreview } from './compose.js';
import type { BroadcastReport, CancelResult, MessageInput, StartResult } from './types.js';

const nfc = (s: string) => s.normalize('NFC');
const text = z.string().trim().min(1).max(1500).transform(nfc);
/** An empty English text is no English text. */
const optionalText = z
  .string()
  .trim()
  .max(1500)
  .optional()
  .transform((s) => (s ? nfc(s) : undefined));

function messageSchema(parks: readonly string[]) {
  return z
    .object({
      topic: z.enum(TOPICS),
      text: z.object({ vi: text, en: optionalText }).strict(),
      parks: z
        .array(z.enum(parks as [string, ...string[]], { error: 'is not a known KCN id' }))
        .max(parks.length)
        .optional(),
    })
    .strict();
}

const RECENT = 50;

function answerStart(res: Response, r: StartResult): void {
  if (r.ok) return void res.status(202).json({ broadcast: r.report });
  if (r.error === 'unknown_campaign') sendError(res, 404, r.error, 'no campaign with this id in content/broadcasts.yaml');
  else if (r.error === 'bad_time') sendError(res, 400, 'invalid_request', 'the time must be in the future, within 60 days', { field: 'at' });
  else sendError(res, 409, r.error, 'this broadcast was started already', { broadcast: r.report });
}

function answerCancel(res: Response, r: CancelResult): void {
  if (r.ok) return void res.json({ broadcast: r.report });
  if (r.error === 'not_found') sendError(res, 404, 'not_found', 'no such broadcast');
  else sendError(res, 409, r.error, r.error === 'already_started' ? 'it has started already' : 'it was cancelled already', { broadcast: r.report });
}

/** What the routes need of the broadcasts (index.ts: Broadcasts). */
export interface BroadcastControl {
  campaigns(): Campaign[];
  startCampaign(id: string, source: 'supervisor', by: string): Promise<StartResult>;
  startMessage(input: MessageInput, by: string): Promise<StartResult>;
  cancel(id: string): Promise<CancelResult>;
  report(id: string): Promise<BroadcastReport | undefined>;
  recent(limit: number): Promise<BroadcastReport[]>;
  preview(input: Pick<MessageInput, 'topic' | 'text' | 'parks'>): Promise<MessagePreview>;
}

export interface BroadcastRoutesDeps {
  broadcasts: BroadcastControl;
  /** The parks a message may be meant for (content/kcn.yaml). */
  parks: readonly string[];
  /** Called once a broadcast has started or been scheduled, before the answer: who, and which campaign or message. */
  onStarted?(by: string, detail: string): Promise<void>;
  /** Called once a scheduled broadcast has been cancelled, before the answer: who, and which. */
  onCancelled?(by: string, detail: string): Promise<void>;
}

/** The audit detail of a message: its topic and id, its parks and its time when scheduled. */
function messageDetail(report: BroadcastReport): string {
  const parts = ['message', report.topic, report.id];
  if (report.parks?.length) parts.push(`parks ${report.parks.join(',')}`);
  if (report.scheduledFor) parts.push(`scheduled for ${report.scheduledFor}`);
  return parts.join(' · ');
}

/** Builds the routes; see the module comment for the role each needs. */
export function createBroadcastRoutes(deps: BroadcastRoutesDeps): Router {
  const { broadcasts } = deps;
  const router = express.Router();
  const message = messageSchema(deps.parks);
  const start = z.union([
    z.object({ campaignId: z.string().regex(/^[a-z0-9-]{1,60}$/) }).strict(),
    message.extend({ at: z.iso.datetime({ offset: true }).optional() }).strict(),
  ]);
  const author = (res: Response) => String((res.locals.staff as { username?: unknown } | undefined)?.username ?? 'supervisor');
  const parse = <T>(schema: z.ZodType<T>, body: unknown, res: Response): T | undefined => {
    const parsed = schema.safeParse(body ?? {});
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    sendError(res, 400, 'invalid_request', issue?.message ?? 'invalid body', { field: issue?.path.join('.') || 'body' });
    return undefined;
  };

  router.post('/api/admin/broadcasts/preview', async (req, res) => {
    const body = parse(message, req.body, res);
    if (body) res.set('Cache-Control', 'no-store').json(await broadcasts.preview(body));
  });

  router.post('/api/admin/broadcasts', async (req, res) => {
    const body = parse(start, req.body, res);
    if (!body) return;
    const by = author(res);
    const started =
      'campaignId' in body
        ? await broadcasts.startCampaign(body.campaignId, 'supervisor', by)
        : await broadcasts.startMessage({ ...body, at: body.at === undefined ? undefined : new Date(body.at) }, by);
    if (started.ok) await deps.onStarted?.(by, 'campaignId' in body ? `campaign ${body.campaignId}` : messageDetail(started.report));
    answerStart(res, started);
  });

  router.post('/api/admin/broadcasts/:id/cancel', async (req, res) => {
    const cancelled = await broadcasts.cancel(String(req.params.id));
    if (cancelled.ok) await deps.onCancelled?.(author(res), `cancel · ${cancelled.report.id}`);
    answerCancel(res, cancelled);
  });

  router.get('/api/admin/broadcasts', async (_req, res) => {
    const list = await Promise.all(
      broadcasts
        .campaigns()
        .map(async (c) => ({ id: c.id, at: c.at.toISOString(), topic: c.topic, message: c.message, report: (await broadcasts.report(c.id)) ?? null })),
    );
    res.set('Cache-Control', 'no-store').json({ campaigns: list, broadcasts: await broadcasts.recent(RECENT) });
  });

  router.get('/api/admin/broadcasts/:id', async (req, res) => {
    const report = await broadcasts.report(String(req.params.id));
    if (!report) return sendError(res, 404, 'not_found', 'no such broadcast');
    res.set('Cache-Control', 'no-store').json({ broadcast: report });
  });

  return router;
}
