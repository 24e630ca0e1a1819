/** The probes and the metrics: `/healthz`, `/readyz`, `/metrics` (behind a bearer token on the public port) and the metrics listener's app. */
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { Router, type Express, type RequestHandler } from 'express';
import type { Metrics } from '../lib/metrics.js';
import { notFound } from './pipeline.js';

/** `/healthz` (alive) and `/readyz` (`ready()`: the store answers; 503 while it does not). */
export function probeRoutes(ready: () => Promise<boolean>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const ok = await ready();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'unavailable', redis: ok ? 'up' : 'down' });
  });
  return router;
}

/** `GET /metrics` in Prometheus' text format. */
export function metricsRoute(metrics: Metrics): RequestHandler {
  return async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}

/** Lets a request through only with `Authorization: Bearer <token>` (compared in constant time); 401 otherwise. */
export function requireBearer(token: string): RequestHandler {
  const want = createHash('sha256').update(token).digest();
  return (req, res, next) => {
    const given = /^Bearer (\S+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
    if (timingSafeEqual(createHash('sha256').update(given).digest(), want)) return next();
    res.setHeader('www-authenticate', 'Bearer');
    res.status(401).json({ error: { code: 'unauthenticated', message: 'a bearer token is required' } });
  };
}

/**
 * The metrics listener's app: `/metrics` and nothing else. `main.ts` serves it on METRICS_PORT, bound to
 * METRICS_HOST (127.0.0.1 unless told), never on the public port.
 */
export function metricsApp(metrics: Metrics): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metricsRoute(metrics));
  app.use(notFound);
  return app;
}
