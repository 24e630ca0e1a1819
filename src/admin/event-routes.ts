/**
 * Organisers' event tools: `GET /api/admin/events` → `{events: [{id, title, kcn, startsAt, capacity,
 * confirmed, waitlisted, checkedIn}]}`, `GET /api/admin/events/:id/signups.csv` (UTF-8 with BOM) and
 * `POST /api/admin/events/checkin` `{code}`. Organisers see only their KCNs; supervisors see all.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import type { ContentData, FestivalEvent } from '../festival/data.js';
import type { I18n } from '../core/i18n.js';
import type { Lang } from '../core/message.js';
import type { EventsService } from '../events/service.js';
import { requireRole } from './auth-middleware.js';
import { currentStaff, type AdminContext } from './context.js';
import { parseOr400, sendError } from '../lib/responses.js';
import type { StaffIdentity } from './types.js';

const canUseEvents = (s: StaffIdentity) => s.role === 'organizer' || s.role === 'supervisor';
const canSeeEvent = (s: StaffIdentity, e: FestivalEvent) => s.role === 'supervisor' || s.kcns.includes(e.kcn);
const checkinBody = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^DK-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/, 'must be a sign-up code like DK-7K3M9Q'),
});

export interface EventRoutesDeps {
  events: EventsService;
  data: ContentData;
  i18n: I18n;
  lang: Lang;
  clock(): Date;
}

/** Builds the organiser routes (behind the session, CSRF and role guards of the admin router). */
export function createEventRoutes(ctx: AdminContext, deps: EventRoutesDeps): Router {
  const router = express.Router();
  router.use('/api/admin/events', requireRole(canUseEvents));
  const visible = (staff: StaffIdentity) => deps.data.events.events.filter((e) => canSeeEvent(staff, e));

  router.get('/api/admin/events', async (_req, res) => {
    const events = [];
    for (const e of visible(currentStaff(res))) {
      const counts = await deps.events.counts(e.id);
      events.push({
        id: e.id,
        title: deps.i18n.t(deps.lang, `events:title.${e.id}`),
        kcn: e.kcn,
        startsAt: e.startsAt,
        capacity: e.capacity,
        confirmed: counts.confirmed,
        waitlisted: counts.waitlisted,
        checkedIn: counts.checkedIn,
      });
    }
    res.set('Cache-Control', 'no-store').json({ events });
  });

  router.get('/api/admin/events/:id/signups.csv', async (req, res) => {
    const event = visible(currentStaff(res)).find((e) => e.id === req.params.id);
    if (!event) return sendError(res, deps.data.events.events.some((e) => e.id === req.params.id) ? 403 : 404, 'not_found', 'no such event for you');
    const header = deps.i18n.list(deps.lang, 'signup:csv_header');
    const csv = await deps.events.csv(event.id, header, (s) => deps.i18n.t(deps.lang, `signup:statuses.${s}`));
    await ctx.audit.append({ actor: currentStaff(res).username, action: 'export', detail: `signups ${event.id}` });
    res.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="dk-${event.id}.csv"`, 'Cache-Control': 'no-store' });
    res.send(Buffer.from(csv, 'utf8'));
  });

  router.post('/api/admin/events/checkin', async (req, res) => {
    const body = parseOr400(checkinBody, req.body, res);
    if (!body) return;
    const eventId = await deps.events.eventOf(body.code);
    const event = deps.data.events.events.find((e) => e.id === eventId);
    if (!event) return sendError(res, 404, 'not_found', 'no such sign-up code');
    if (!canSeeEvent(currentStaff(res), event)) return sendError(res, 403, 'forbidden', 'this event belongs to another KCN');
    const result = await deps.events.checkIn(body.code, deps.clock());
    if (!result.ok) return sendError(res, result.error === 'not_found' ? 404 : 409, result.error, 'cannot check in this code');
    await ctx.audit.append({ actor: currentStaff(res).username, action: 'checkin', detail: `${event.id} ${body.code}` });
    res.json({ ok: true, eventId: result.eventId, people: result.people });
  });
  return router;
}
