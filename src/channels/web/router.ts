/**
 * Web chat channel. Pinned contract:
 * `POST /api/chat` `{sessionId, text}` or `{sessionId, payload}` → `{replies: [{text, buttons?, image?}]}`;
 * `GET /api/chat/updates?sessionId=` → `{replies}`: messages that waited for the session (nothing is run
 * or stored for a session the bot does not know);
 * `GET /api/chat/resume?sessionId=` → `{replies}`: a conversation in progress, for a page without its copy;
 * `POST /api/chat/end` `{sessionId}` → `{ended: true}`: "clear this chat" ends the session on the server;
 * `GET /` serves the chat page (it keeps the conversation in the tab's sessionStorage and the session id
 * in localStorage, both for the session's idle time). The session id is only ever stored as a pseudonym.
 * Each turn runs with its client's IP address at hand (client.ts), for the limits per client.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Router } from 'express';
import { z } from 'zod';
import type { I18n } from '../../core/i18n.js';
import type { Lang } from '../../core/message.js';
import { projectRoot } from '../../lib/paths.js';
import type { TurnHandler } from '../../core/ports.js';
import { fitMessages, type RenderLimits } from '../render.js';
import type { WebSessions } from './session.js';
import { withWebClient } from './client.js';

export const WEB_LIMITS: RenderLimits = { maxText: 2000, maxButtons: 12, maxButtonTitle: 40, copyButtons: true };

const chatRequest = z
  .object({
    sessionId: z.string({ error: 'is required' }).regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 of A-Z a-z 0-9 _ -'),
    text: z.string({ error: 'must be a string' }).max(2000, 'must be at most 2000 characters').optional(),
    payload: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(1000, 'must be at most 1000 characters').optional(),
  })
  .superRefine((body, ctx) => {
    const count = Number(body.text !== undefined) + Number(body.payload !== undefined);
    if (count !== 1)
      ctx.addIssue({ code: 'custom', path: [body.text !== undefined ? 'payload' : 'text'], message: 'exactly one of text or payload is required' });
    else if (body.text !== undefined && body.text.trim() === '') ctx.addIssue({ code: 'custom', path: ['text'], message: 'must not be empty' });
  });

const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;
const BAD_SESSION = { error: { code: 'invalid_request', field: 'sessionId', message: 'sessionId must be 1 to 64 of A-Z a-z 0-9 _ -' } };
const sessionIdOf = (value: unknown): string | undefined => (typeof value === 'string' && SESSION_ID.test(value) ? value : undefined);

const PUBLIC = join(projectRoot, 'src/channels/web/public');
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface WebRouterDeps {
  handle: TurnHandler;
  i18n: I18n;
  onReplies(n: number): void;
  /**
   * The session as the page sees it. A poll of a session it does not know (`known`: no conversation in
   * progress, no message waiting) answers nothing and runs no turn, so made-up session ids store nothing.
   */
  sessions: WebSessions;
  /** The session's idle time (SESSION_IDLE_MINUTES): how long the page keeps its session id and conversation. */
  idleSeconds: number;
}

/** Builds the router for the page and the chat API. */
export function createWebRouter(deps: WebRouterDeps): Router {
  const router = express.Router();
  const template = readFileSync(join(PUBLIC, 'index.html'), 'utf8');

  router.get('/', (req, res) => {
    const lang: Lang = req.query.lang === 'en' ? 'en' : 'vi';
    const html = template.replace(/\{\{(\w+)\}\}/g, (_, key: string) =>
      key === 'lang' ? lang : key === 'idle' ? String(deps.idleSeconds) : escapeHtml(deps.i18n.t(lang, `web:${key}`)),
    );
    res.type('html').send(html);
  });
  router.use('/static', express.static(PUBLIC, { index: false, maxAge: '1h' }));

  /** Messages that waited for this session (an officer's question, a closing notice); the page polls it. */
  router.get('/api/chat/updates', async (req, res) => {
    const sessionId = sessionIdOf(req.query.sessionId);
    if (!sessionId) {
      res.status(400).json(BAD_SESSION);
      return;
    }
    if (!(await deps.sessions.known(sessionId))) return void res.json({ replies: [] });
    const replies = fitMessages(await deps.handle({ channel: 'web', userId: sessionId, at: new Date(), event: 'poll' }), WEB_LIMITS);
    deps.onReplies(replies.length);
    res.json({ replies });
  });

  router.get('/api/chat/resume', async (req, res) => {
    const sessionId = sessionIdOf(req.query.sessionId);
    if (!sessionId) {
      res.status(400).json(BAD_SESSION);
      return;
    }
    res.json({ replies: fitMessages(await deps.sessions.resume(sessionId), WEB_LIMITS) });
  });

  router.post('/api/chat/end', async (req, res) => {
    const sessionId = sessionIdOf((req.body as { sessionId?: unknown } | undefined)?.sessionId);
    if (!sessionId) {
      res.status(400).json(BAD_SESSION);
      return;
    }
    await deps.sessions.end(sessionId);
    res.json({ ended: true });
  });

  router.post('/api/chat', async (req, res) => {
    const parsed = chatRequest.safeParse(req.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = String(issue.path[0] ?? 'body');
      res.status(400).json({ error: { code: 'invalid_request', field, message: `${field} ${issue.message}` } });
      return;
    }
    const { sessionId, text, payload } = parsed.data;
    const replies = fitMessages(
      await withWebClient(req.ip ?? 'unknown', () => deps.handle({ channel: 'web', userId: sessionId, text, payload, at: new Date(), event: 'message' })),
      WEB_LIMITS,
    );
    deps.onReplies(replies.length);
    res.json({ replies });
  });
  return router;
}
