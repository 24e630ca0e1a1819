/**
 * An event's sign-up list on screen (organisers of its park, supervisors):
 * - `GET /api/admin/events/:id/signups?q=` → `{signups: [{code, name, enterprise, phone, people, status,
 *   createdAt, checkedInAt?, promotedAt?}]}` (names and phones: every read is in the audit log; `q`
 *   searches names, enterprises, phones and codes, without diacritics);
 * - `POST /api/admin/events/:id/signups/:code/promote`: a waiting person confirmed by hand (told);
 * - `POST /api/admin/events/:id/signups/:code/remove` `{reason}`: a sign-up removed, the person told why.
 * Check-in from the list uses `POST /api/admin/events/checkin` (event-routes.ts).
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { fold } from '../core/normalize.js';
import type { Signup } from '../events/service.js';
import { parseOr400, sendError } from '../lib/responses.js';
import { currentStaff, type AdminContext } from './context.js';
import { eventFor, type EventRoutesDeps } from './event-routes.js';

const CODE = /^DK-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/;
const removeBody = z.object({ reason: z.string().trim().min(1, 'is required').max(500, 'must be at most 500 characters') });

/** A sign-up as the list shows it: never its pseudonym or address. */
const row = (s: Signup) => ({
  code: s.code,
  name: s.name ?? '',
  enterprise: s.enterprise ?? '',
  phone: s.phone ?? '',
  people: s.people,
  status: s.status,
  createdAt: s.createdAt,
  ...(s.checkedInAt ? { checkedInAt: s.checkedInAt } : {}),
  ...(s.promotedAt ? { promotedAt: s.promotedAt } : {}),
});

export function createSignupRoutes(ctx: AdminContext, deps: EventRoutesDeps): Router {
  const router = express.Router();
  const audit = (res: express.Response, action: 'signups_read' | 'signup_promote' | 'signup_remove', detail: string) =>
    ctx.audit.append({ actor: currentStaff(res).username, action, detail });

  router.get('/api/admin/events/:id/signups', async (req, res) => {
    const r = await eventFor(deps, res, req.params.id);
    if (!r) return;
    const q = fold(String(req.query.q ?? ''));
    const all = (await deps.events.signups(r.id)).map(row);
    const signups = q ? all.filter((s) => fold(`${s.name} ${s.enterprise} ${s.phone} ${s.code}`).includes(q)) : all;
    await audit(res, 'signups_read', `${r.id} (${signups.length})`);
    res.set('Cache-Control', 'no-store').json({ signups });
  });

  /** The event and the code of a sign-up route, or the answer already sent. */
  const target = async (req: express.Request<{ id: string; code: string }>, res: express.Response) => {
    const r = await eventFor(deps, res, req.params.id);
    if (!r) return undefined;
    if (!CODE.test(req.params.code)) return void sendError(res, 404, 'not_found', 'no such sign-up');
    if (r.doc.status === 'cancelled') return void sendError(res, 409, 'event_cancelled', 'the event is cancelled');
    return r;
  };

  router.post('/api/admin/events/:id/signups/:code/promote', async (req, res) => {
    const r = await target(req, res);
    if (!r) return;
    const result = await deps.events.promote(r.doc.event, req.params.code, deps.clock());
    if (!result.ok) return sendError(res, result.error === 'not_found' ? 404 : 409, result.error, 'only a waiting sign-up can be confirmed');
    await audit(res, 'signup_promote', `${r.id} ${req.params.code}`);
    res.json({ ok: true });
  });

  router.post('/api/admin/events/:id/signups/:code/remove', async (req, res) => {
    const body = parseOr400(removeBody, req.body, res);
    if (!body) return;
    const r = await target(req, res);
    if (!r) return;
    const result = await deps.events.remove(r.doc.event, req.params.code, body.reason.normalize('NFC'), deps.clock());
    if (!result.ok) return sendError(res, result.error === 'not_found' ? 404 : 409, result.error, 'this sign-up cannot be removed');
    await audit(res, 'signup_remove', `${r.id} ${req.params.code}`);
    res.json({ ok: true, promoted: result.promoted });
  });
  return router;
}
