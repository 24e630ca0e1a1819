/**
 * Editing events in the dashboard (organisers of the event's park, supervisors), the pinned API:
 * - `POST /api/admin/events` with exactly the fields of an entry of `content/events.yaml` (`id`,
 *   `title`, `kind`, `kcn`, `enterprise`, `startsAt`, `endsAt`, `signupDeadline`, `place`, `capacity`,
 *   optional `team`, `description`) → `201 {"id"}`, published at once (`?draft=1`: a draft);
 * - `PATCH /api/admin/events/:id` with the changed fields (`If-Match: <version>` optional: 409 when it
 *   changed meanwhile) → `{event, told, promoted}`: a new time or place is told to everyone signed up
 *   or waiting, a raised capacity confirms waiting people who now fit;
 * - `POST /api/admin/events/:id/cancel` `{"reason"}` → `{event, told}`: everyone signed up or waiting is told;
 * - `POST /api/admin/events/:id/publish`, `GET /api/admin/events/:id`, `GET /api/admin/events/:id/history`,
 *   `POST /api/admin/events/:id/revert` `{version}` (0: the seed's entry).
 * Every change is checked with the YAML's schema (400 naming each field) and recorded in the audit log.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import type { EventRecord } from '../edits/types.js';
import { parseOr400, sendError } from '../lib/responses.js';
import { currentStaff, type AdminContext } from './context.js';
import { editorOf, ifMatch, sentEditError } from './edit-responses.js';
import { eventFor, type EventRoutesDeps } from './event-routes.js';

const revertBody = z.object({ version: z.number().int().min(0) });

/** An event as the dashboard's edit form reads it. */
const view = (r: EventRecord) => ({
  id: r.id,
  status: r.doc.status,
  ...(r.doc.reason ? { reason: r.doc.reason } : {}),
  origin: r.origin,
  version: r.version,
  by: r.by,
  at: r.at,
  event: r.doc.event,
});

export function createEventEditRoutes(ctx: AdminContext, deps: EventRoutesDeps): Router {
  const router = express.Router();
  const audit = (res: express.Response, action: Parameters<AdminContext['audit']['append']>[0]['action'], detail: string) =>
    ctx.audit.append({ actor: currentStaff(res).username, action, detail });
  /** The change of an event told to the people signed up, once per version. */
  const afterChange = (before: EventRecord, after: EventRecord) =>
    before.version === after.version
      ? Promise.resolve({ told: 0, promoted: [] as string[] })
      : deps.events.eventChanged(before.doc.event, after.doc.event, deps.clock(), `v${after.version}`);

  router.post('/api/admin/events', async (req, res) => {
    const draft = req.query.draft === '1' || req.query.draft === 'true';
    const result = await deps.editor.createEvent(req.body, editorOf(currentStaff(res)), { draft });
    if (sentEditError(res, result)) return;
    await audit(res, 'event_create', `${result.value.id} v${result.value.version}${draft ? ' (draft)' : ''}`);
    res.status(201).json({ id: result.value.id });
  });

  router.get('/api/admin/events/:id', async (req, res) => {
    const r = await eventFor(deps, res, req.params.id);
    if (r) res.set('Cache-Control', 'no-store').json({ ...view(r), counts: await deps.events.counts(r.id) });
  });

  router.patch('/api/admin/events/:id', async (req, res) => {
    const expected = ifMatch(req);
    if (Number.isNaN(expected)) return sendError(res, 400, 'invalid_request', 'If-Match must be a version number', { field: 'If-Match' });
    const result = await deps.editor.updateEvent(req.params.id, req.body, editorOf(currentStaff(res)), expected);
    if (sentEditError(res, result)) return;
    const { before, record } = result.value;
    if (record.version !== before.version) await audit(res, 'event_update', `${record.id} v${record.version}: ${record.changed?.join(', ')}`);
    const told = await afterChange(before, record);
    res.json({ event: view(record), ...told });
  });

  router.post('/api/admin/events/:id/publish', async (req, res) => {
    const result = await deps.editor.publishEvent(req.params.id, editorOf(currentStaff(res)));
    if (sentEditError(res, result)) return;
    await audit(res, 'event_publish', `${result.value.id} v${result.value.version}`);
    res.json({ event: view(result.value) });
  });

  router.post('/api/admin/events/:id/cancel', async (req, res) => {
    const body = (req.body ?? {}) as { reason?: unknown };
    const result = await deps.editor.cancelEvent(req.params.id, body.reason, editorOf(currentStaff(res)));
    if (sentEditError(res, result)) return;
    const r = result.value;
    await audit(res, 'event_cancel', `${r.id} v${r.version}`);
    // Told once each: cancelling again (after a failure midway) tells only those not told yet.
    const told = await deps.events.eventCancelled(r.doc.event, r.doc.reason ?? '', deps.clock());
    res.json({ event: view(r), told });
  });

  router.get('/api/admin/events/:id/history', async (req, res) => {
    const r = await eventFor(deps, res, req.params.id);
    if (r) res.set('Cache-Control', 'no-store').json({ versions: await deps.editor.history('event', r.id) });
  });

  router.post('/api/admin/events/:id/revert', async (req, res) => {
    const body = parseOr400(revertBody, req.body, res);
    if (!body) return;
    const result = await deps.editor.revertEvent(req.params.id, body.version, editorOf(currentStaff(res)));
    if (sentEditError(res, result)) return;
    const { before, record } = result.value;
    if (record.version !== before.version) await audit(res, 'event_revert', `${record.id} v${record.version} (restores v${body.version})`);
    res.json({ event: view(record), ...(await afterChange(before, record)) });
  });
  return router;
}
