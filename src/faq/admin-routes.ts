/**
 * The FAQ statistics for staff: `GET /api/admin/faq/unanswered?limit=50&order=count|recent` (organizer
 * or supervisor, checked and audited by the admin router that mounts it): questions the FAQ could not
 * answer, most asked first (`order=recent`: the last asked first, with when), as normalised, masked
 * text and counts, and the language each reads as (`lang`: `en` for a clearly English sentence, else `vi`, so
 * the dashboard adds it as a phrasing of that language); no user data.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { detectLanguage } from '../core/lang.js';
import { sendError } from '../lib/responses.js';
import type { Unanswered } from './unanswered.js';

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), order: z.enum(['count', 'recent']).default('count') });

export function createUnansweredRoutes(deps: { unanswered: Pick<Unanswered, 'top' | 'recent'> }): Router {
  const router = express.Router();
  router.get('/api/admin/faq/unanswered', async (req, res) => {
    const q = listQuery.safeParse(req.query);
    if (!q.success) {
      const field = String(q.error.issues[0]?.path[0] ?? 'limit');
      return sendError(res, 400, 'invalid_request', field === 'order' ? 'order must be count or recent' : 'limit must be a number from 1 to 500', { field });
    }
    const { limit, order } = q.data;
    const questions = await (order === 'recent' ? deps.unanswered.recent(limit) : deps.unanswered.top(limit));
    res.set('Cache-Control', 'no-store').json({ questions: questions.map((q) => ({ ...q, lang: detectLanguage(q.question) === 'en' ? 'en' : 'vi' })) });
  });
  return router;
}
