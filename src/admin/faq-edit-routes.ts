/**
 * Editing the FAQ in the dashboard (organisers, supervisors; behind the admin router's guards):
 * - `GET /api/admin/faq/entries?q=` → `{entries: [{id, title: {vi, en}, phrasings: {vi, en}, origin, version, by, at}]}`
 *   (`q` searches ids, titles, answers and phrasings, without diacritics);
 * - `GET /api/admin/faq/entries/:id` → the entry (`entry`, `texts`, `quote`) with its version;
 * - `POST /api/admin/faq/entries` `{id, texts, questions, more?, quote?, question?}` → `201 {id}`;
 * - `PUT /api/admin/faq/entries/:id` `{texts, questions, more?, quote?}` (`If-Match: <version>` optional);
 * - `POST /api/admin/faq/entries/:id/phrasings` `{lang, text, question?}`: one more way of asking;
 * - `POST /api/admin/faq/preview` `{id, lang, texts, questions, more?, quote?}` → `{messages, problems}`;
 * - `GET /api/admin/faq/entries/:id/history`, `POST /api/admin/faq/entries/:id/revert` `{version}` (0: the seed's);
 * - `POST /api/admin/faq/unanswered/dismiss` `{question}`: a question that needs no answer leaves the list.
 * `question` (an unanswered question the change answers) leaves the unanswered list once the change is
 * saved. Every change is checked (400 naming each field), versioned and in the audit log.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { fold } from '../core/normalize.js';
import type { ContentEditor } from '../edits/service.js';
import type { FaqRecord } from '../edits/types.js';
import { parseOr400, sendError } from '../lib/responses.js';
import { currentStaff, type AdminContext } from './context.js';
import { editorOf, ifMatch, sentEditError } from './edit-responses.js';

export interface FaqEditDeps {
  editor: ContentEditor;
  clock(): Date;
  /** Removes a question from the unanswered list. */
  forgetUnanswered?(question: string): Promise<void>;
}

const lang = z.enum(['vi', 'en']);
const phrasingBody = z.object({ lang, text: z.string().max(300, 'must be at most 300 characters'), question: z.string().max(200).optional() });
const revertBody = z.object({ version: z.number().int().min(0) });
const dismissBody = z.object({ question: z.string().min(1, 'is required').max(200) });

const view = (r: FaqRecord) => ({ id: r.id, origin: r.origin, version: r.version, by: r.by, at: r.at, ...r.doc });
const summary = (r: FaqRecord) => ({
  id: r.id,
  title: { vi: r.doc.texts.vi.title, en: r.doc.texts.en.title },
  phrasings: { vi: r.doc.entry.questions.vi.length, en: r.doc.entry.questions.en.length },
  origin: r.origin,
  version: r.version,
  by: r.by,
  at: r.at,
});
const searchable = (r: FaqRecord) =>
  fold([r.id, ...Object.values(r.doc.texts).flatMap((t) => [t.title, t.answer]), ...r.doc.entry.questions.vi, ...r.doc.entry.questions.en].join(' '));

export function createFaqEditRoutes(ctx: AdminContext, deps: FaqEditDeps): Router {
  const router = express.Router();
  const who = (res: express.Response) => editorOf(currentStaff(res));
  const audit = (res: express.Response, action: 'faq_create' | 'faq_update' | 'faq_revert' | 'unanswered_dismiss', detail: string) =>
    ctx.audit.append({ actor: currentStaff(res).username, action, detail });
  /** Once a change is saved, the unanswered question it answers leaves the list. */
  const answered = async (question: unknown) => {
    if (typeof question === 'string' && question) await deps.forgetUnanswered?.(question);
  };
  const find = async (id: string) => (await deps.editor.catalogue()).faq.find((r) => r.id === id);

  router.get('/api/admin/faq/entries', async (req, res) => {
    const q = fold(String(req.query.q ?? ''));
    const all = (await deps.editor.catalogue()).faq;
    res.set('Cache-Control', 'no-store').json({ entries: (q ? all.filter((r) => searchable(r).includes(q)) : all).map(summary) });
  });

  router.get('/api/admin/faq/entries/:id', async (req, res) => {
    const r = await find(req.params.id);
    if (!r) return sendError(res, 404, 'not_found', 'no such FAQ entry');
    res.set('Cache-Control', 'no-store').json(view(r));
  });

  router.post('/api/admin/faq/entries', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const result = await deps.editor.createFaq(body.id, body, who(res));
    if (sentEditError(res, result)) return;
    await audit(res, 'faq_create', `${result.value.id} v${result.value.version}`);
    await answered(body.question);
    res.status(201).json({ id: result.value.id });
  });

  router.put('/api/admin/faq/entries/:id', async (req, res) => {
    const expected = ifMatch(req);
    if (Number.isNaN(expected)) return sendError(res, 400, 'invalid_request', 'If-Match must be a version number', { field: 'If-Match' });
    const before = await find(req.params.id);
    const result = await deps.editor.updateFaq(req.params.id, (req.body ?? {}) as Record<string, unknown>, who(res), expected);
    if (sentEditError(res, result)) return;
    const r = result.value;
    if (r.version !== before?.version) await audit(res, 'faq_update', `${r.id} v${r.version}: ${r.changed?.join(', ')}`);
    res.json(view(r));
  });

  router.post('/api/admin/faq/entries/:id/phrasings', async (req, res) => {
    const body = parseOr400(phrasingBody, req.body, res);
    if (!body) return;
    const result = await deps.editor.addPhrasing(req.params.id, body.lang, body.text, who(res));
    if (sentEditError(res, result)) return;
    await audit(res, 'faq_update', `${result.value.id} v${result.value.version}: ${result.value.changed?.join(', ')}`);
    await answered(body.question);
    res.json(view(result.value));
  });

  router.post('/api/admin/faq/preview', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const id = typeof body.id === 'string' && /^[a-z0-9-]{1,60}$/.test(body.id) ? body.id : 'new-entry';
    const l = lang.safeParse(body.lang ?? 'vi');
    if (!l.success) return sendError(res, 400, 'invalid_request', 'lang must be vi or en', { field: 'lang' });
    const result = await deps.editor.previewFaq(id, body, l.data, deps.clock(), who(res));
    if (sentEditError(res, result)) return;
    res.json(result.value);
  });

  router.get('/api/admin/faq/entries/:id/history', async (req, res) => {
    if (!(await find(req.params.id))) return sendError(res, 404, 'not_found', 'no such FAQ entry');
    res.set('Cache-Control', 'no-store').json({ versions: await deps.editor.history('faq', req.params.id) });
  });

  router.post('/api/admin/faq/entries/:id/revert', async (req, res) => {
    const body = parseOr400(revertBody, req.body, res);
    if (!body) return;
    const before = await find(req.params.id);
    const result = await deps.editor.revertFaq(req.params.id, body.version, who(res));
    if (sentEditError(res, result)) return;
    if (result.value.version !== before?.version) await audit(res, 'faq_revert', `${result.value.id} v${result.value.version} (restores v${body.version})`);
    res.json(view(result.value));
  });

  router.post('/api/admin/faq/unanswered/dismiss', async (req, res) => {
    const body = parseOr400(dismissBody, req.body, res);
    if (!body) return;
    await deps.forgetUnanswered?.(body.question);
    await audit(res, 'unanswered_dismiss', 'one question');
    res.json({ ok: true });
  });
  return router;
}
