/**
 * The statistics for staff, mounted by the admin router behind its session guard:
 * - `GET /api/admin/stats?from=YYYY-MM-DD&to=YYYY-MM-DD&kcn=<id,...>` → the figures (figures.ts) as JSON;
 * - `GET /api/admin/stats.csv?…` → the same as a CSV (UTF-8 with BOM, Vietnam time), recorded in the audit log.
 * Without `from`/`to`: this month until today (local). Without `kcn`: every park the viewer may see.
 * 400 for a bad date or park id, a start after the end or a period over MAX_DAYS; 403 for a park the
 * viewer may not see; the parts are those of the viewer's role (access.ts).
 */
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { parseOr400, sendError } from '../lib/responses.js';
import { parksFor, partsFor, type Viewer } from './access.js';
import { figuresCsv, type CsvLabels } from './csv.js';
import type { Figures, FigureQuery } from './figures.js';
import { isDay, MAX_DAYS, spanDays } from './period.js';

export interface StatsRoutesDeps {
  kcnIds: readonly string[];
  threshold: number;
  clock(): Date;
  /** Today's local day. */
  today(): string;
  read(q: FigureQuery): Promise<Figures>;
  csvLabels: CsvLabels;
  csvFilename: string;
  /** Records a CSV export (the audit log). */
  onExport?(username: string, detail: string): Promise<void>;
}

const day = z.string().refine(isDay, 'must be a date YYYY-MM-DD');

/** The signed-in staff member the admin router put on the response. */
const viewerOf = (res: Response) => res.locals.staff as (Viewer & { username: string }) | undefined;

export function createStatsRoutes(deps: StatsRoutesDeps): Router {
  const router = express.Router();
  const query = z.object({
    from: day.optional(),
    to: day.optional(),
    kcn: z
      .string()
      .optional()
      .transform((s) =>
        s
          ? s
              .split(',')
              .map((k) => k.trim())
              .filter(Boolean)
          : undefined,
      )
      .refine((ks) => !ks || ks.every((k) => deps.kcnIds.includes(k)), 'must be park ids from content/kcn.yaml (or other)'),
  });

  /** The figure query of a request, or undefined once an error was answered. */
  function parse(req: Request, res: Response): FigureQuery | undefined {
    const viewer = viewerOf(res);
    if (!viewer) return void sendError(res, 401, 'unauthenticated', 'log in first');
    const q = parseOr400(query, req.query, res);
    if (!q) return undefined;
    const to = q.to ?? deps.today();
    const from = q.from ?? `${to.slice(0, 8)}01`;
    if (from > to) return void sendError(res, 400, 'invalid_request', 'from must not be after to', { field: 'from' });
    if (spanDays(from, to) > MAX_DAYS) return void sendError(res, 400, 'invalid_request', `at most ${MAX_DAYS} days`, { field: 'to' });
    const parks = parksFor(viewer, q.kcn, deps.kcnIds);
    if (!parks.ok) return void sendError(res, 403, 'forbidden', `park ${parks.kcn} is not yours`);
    return { from, to, kcns: parks.kcns, parts: partsFor(viewer), threshold: deps.threshold, now: deps.clock() };
  }

  router.get('/api/admin/stats', async (req, res) => {
    const q = parse(req, res);
    if (q) res.set('Cache-Control', 'no-store').json(await deps.read(q));
  });

  router.get('/api/admin/stats.csv', async (req, res) => {
    const q = parse(req, res);
    if (!q) return;
    const figures = await deps.read(q);
    await deps.onExport?.(viewerOf(res)!.username, `stats ${q.from}..${q.to} ${q.kcns.join(',')}`);
    res.set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${deps.csvFilename}-${q.from}-${q.to}.csv"`,
      'Cache-Control': 'no-store',
    });
    res.send(Buffer.from(figuresCsv(figures, deps.csvLabels), 'utf8'));
  });
  return router;
}
