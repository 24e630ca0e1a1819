/**
 * The FAQ statistics for staff: `GET /api/admin/faq/unanswered?limit=50` (organizer or supervisor,
 * checked and audited by the admin router that mounts it): questions the FAQ could not answer, most
 * asked first (normalised, masked text and counts; no user data).
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { sendError } from '../lib/responses.js';
import type { Unanswered } from './unanswered.js';

const limitSchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export function createUnansweredRoutes(deps: { unanswered: Pick<Unanswered, 'top'> }): Router {
  const router = express.Router();
  router.get('/api/admin/faq/unanswered', async (req, res) => {
    const q = limitSchema.safeParse(req.query);
    if (!q.success) return sendError(res, 400, 'invalid_request', 'limit must be a number from 1 to 500', { field: 'limit' });
    res.json({ questions: await deps.unanswered.top(q.data.limit) });
  });
  return router;
}
