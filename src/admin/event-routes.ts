/**
 * Organisers' event tools: `GET /api/admin/events` → `{events: [{id, title, kcn, startsAt, endsAt,
 * capacity, status, origin, sample, version, confirmed, waitlisted, checkedIn}]}` (every event of their
 * parks, drafts and cancelled ones included; `origin: seed` for those of `content/events.yaml`),
 * `GET /api/admin/events/:id/signups.csv` (UTF-8 with BOM, phones kept as text for Excel, times in
 * Vietnam time) and `POST /api/admin/events/checkin` `{code, confirm?}` (a code outside the event's
 * day is refused with 409 `outside_event_day` unless `confirm` is true). Editing an event and its
 * sign-up list: event-edit-routes.ts and signup-routes.ts. Organisers see only their parks; supervisors all.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import type { I18n } from '../core/i18n.js';
import type { Lang } from '../core/message.js';
import type { ContentEditor } from '../edits/service.js';
import type { EventRecord } from '../edits/types.js';
import type { EventsService } from '../events/service.js';
import { localDate } from '../festival/calendar.js';
import type { FestivalEvent } from '../festival/data.js';
import { parseOr400, sendError } from '../lib/responses.js';
import { requireRole } from './auth-middleware.js';
import { currentStaff, type AdminContext } from './context.js';
import type { StaffIdentity } from './types.js';

export const canUseEvents = (s: StaffIdentity) => s.role === 'organizer' || s.role === 'supervisor';
export const canSeeEvent = (s: StaffIdentity, e: Pick<FestivalEvent, 'kcn'>) => s.role === 'supervisor' || s.kcns.includes(e.kcn);
const checkinBody = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^DK-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/, 'must be a sign-up code like DK-7K3M9Q'),
  /** The organiser confirmed a check-in outside the event's day. */
  confirm: z.boolean().optional(),
});

export interface EventRoutesDeps {
  events: EventsService;
  editor: ContentEditor;
  i18n: I18n;
  lang: Lang;
  clock(): Date;
  /** The festival's time zone (the event's day, times in the CSV). */
  timeZone: string;
}

/** The events of the live content a staff member may see, whatever their status. */
export async function visibleEvents(deps: Pick<EventRoutesDeps, 'editor'>, staff: StaffIdentity): Promise<EventRecord[]> {
  return (await deps.editor.catalogue()).events.filter((r) => canSeeEvent(staff, r.doc.event));
}

/** The event of `id` for this staff member: the record, or the answer already sent (404 or 403). */
export async function eventFor(deps: Pick<EventRoutesDeps, 'editor'>, res: express.Response, id: string): Promise<EventRecord | undefined> {
  const r = (await deps.editor.catalogue()).events.find((x) => x.id === id);
  if (r && canSeeEvent(currentStaff(res), r.doc.event)) return r;
  sendError(res, r ? 403 : 404, r ? 'forbidden' : 'not_found', r ? 'this event belongs to another park' : 'no such event');
  return undefined;
}

/** Whether `now` falls on the event's day (from the local day it starts to the local day it ends). */
export function onEventDay(event: FestivalEvent, now: Date, timeZone: string): boolean {
  const day = (d: Date) => {
    const { year, month, day } = localDate(d, timeZone);
    return year * 10_000 + month * 100 + day;
  };
  return day(now) >= day(new Date(event.startsAt)) && day(now) <= day(new Date(event.endsAt));
}

/** Builds the organiser routes (behind the session, CSRF and role guards of the admin router). */
export function createEventRoutes(ctx: AdminContext, deps: EventRoutesDeps): Router {
  const router = express.Router();
  router.use('/api/admin/events', requireRole(canUseEvents));

  router.get('/api/admin/events', async (_req, res) => {
    const events = [];
    for (const r of await visibleEvents(deps, currentStaff(res))) {
      const e = r.doc.event;
      const counts = await deps.events.counts(e.id);
      events.push({
        id: e.id,
        title: deps.i18n.t(deps.lang, `events:title.${e.id}`),
        kcn: e.kcn,
        startsAt: e.startsAt,
        endsAt: e.endsAt,
        capacity: e.capacity,
        status: r.doc.status,
        origin: r.origin,
        sample: e.sample,
        version: r.version,
        confirmed: counts.confirmed,
        waitlisted: counts.waitlisted,
        checkedIn: counts.checkedIn,
      });
    }
    events.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
    res.set('Cache-Control', 'no-store').json({ events });
  });

  router.get('/api/admin/events/:id/signups.csv', async (req, res) => {
    const r = await eventFor(deps, res, req.params.id);
    if (!r) return;
    const header = deps.i18n.list(deps.lang, 'signup:csv_header');
    const csv = await deps.events.csv(r.id, header, (s) => deps.i18n.t(deps.lang, `signup:statuses.${s}`));
    await ctx.audit.append({ actor: currentStaff(res).username, action: 'export', detail: `signups ${r.id}` });
    res.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="dk-${r.id}.csv"`, 'Cache-Control': 'no-store' });
    res.send(Buffer.from(csv, 'utf8'));
  });

  router.post('/api/admin/events/checkin', async (req, res) => {
    const body = parseOr400(checkinBody, req.body, res);
    if (!body) return;
    const eventId = await deps.events.eventOf(body.code);
    const r = (await deps.editor.catalogue()).events.find((x) => x.id === eventId);
    if (!r) return sendError(res, 404, 'not_found', 'no such sign-up code');
    const event = r.doc.event;
    if (!canSeeEvent(currentStaff(res), event)) return sendError(res, 403, 'forbidden', 'this event belongs to another KCN');
    if (r.doc.status === 'cancelled') return sendError(res, 409, 'event_cancelled', 'the event is cancelled');
    const now = deps.clock();
    const outside = !onEventDay(event, now, deps.timeZone);
    if (outside && !body.confirm) {
      const { day, month, year } = localDate(new Date(event.startsAt), deps.timeZone);
      return sendError(res, 409, 'outside_event_day', 'today is not the event’s day: confirm to check in anyway', { eventDay: `${day}/${month}/${year}` });
    }
    const result = await deps.events.checkIn(body.code, now);
    if (!result.ok) return sendError(res, result.error === 'not_found' ? 404 : 409, result.error, 'cannot check in this code');
    const detail = `${event.id} ${body.code}${outside ? ' (outside the event day, confirmed)' : ''}`;
    await ctx.audit.append({ actor: currentStaff(res).username, action: 'checkin', detail });
    res.json({ ok: true, eventId: result.eventId, people: result.people });
  });
  return router;
}
