/**
 * The request pipeline every route shares: request logging with ids, body parsing (webhooks keep their
 * raw bytes), the 404 and the one error handler.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import { isUnavailable } from '../core/errors.js';
import { tryParseJson } from '../lib/json.js';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';

declare module 'http' {
  interface IncomingMessage {
    /** The exact request body bytes, kept for webhook signature checks. */
    rawBody?: Buffer;
  }
}

/** Largest webhook body (a Messenger batch can hold many events). */
const WEBHOOK_BODY_LIMIT = '2mb';

/** The request id: a sane `X-Request-Id` from the caller is kept, else a new UUID; echoed in the response. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/** The level of a request's log line: failures stay visible; accepted webhooks (the bulk) are debug. */
function logLevel(req: IncomingMessage, res: ServerResponse, err?: Error): 'error' | 'warn' | 'info' | 'debug' {
  if (err || res.statusCode >= 500) return 'error';
  if (res.statusCode >= 400) return 'warn';
  return req.url?.startsWith('/webhooks/') ? 'debug' : 'info';
}

/** What a request's log line says of it: id, method and the path without its query string. */
const reqFields = (req: IncomingMessage & { id?: unknown }) => ({ id: req.id, method: req.method, path: req.url?.split('?')[0] });

/**
 * Request ids and one log line per request. Pages and APIs go through pino-http. Webhooks, the bulk
 * of the traffic, get the same id, header and line (`req`, `res`, `responseTime`), written by a lighter
 * path when the line's level is enabled: pino-http's two child loggers per request cost about a tenth of
 * an acknowledgement's CPU (`npm run bench:load`). Their `req.log` carries the request id (`req.id`,
 * as on pages), and `webhooksInFlight()` counts those in progress (the intake worker yields while many are).
 */
/** Request logging: the middleware, and how many webhook requests are in progress. */
export interface RequestLogging {
  middleware: RequestHandler;
  webhooksInFlight(): number;
}

export function requestLogging(logger: Logger): RequestLogging {
  let inFlight = 0;
  const pages = pinoHttp({
    logger,
    genReqId: requestId,
    // Our serializers see the raw request: no full copy of it (headers and all) for every line.
    wrapSerializers: false,
    serializers: { req: reqFields, res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }) },
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' },
    customLogLevel: logLevel,
  });
  const middleware: RequestHandler = (req, res, next) => {
    if (!req.url.startsWith('/webhooks/')) return pages(req, res, next);
    const started = Date.now();
    req.id = requestId(req, res);
    req.log = logger.child({ req: { id: req.id } });
    // Counted once its body has arrived (a slow sender does not make the process look busy), until
    // 'close', which comes once per response, answered or not (the caller hung up).
    let counted = false;
    let closed = false;
    req.once('end', () => {
      if (closed) return;
      counted = true;
      inFlight += 1;
    });
    res.once('close', () => {
      closed = true;
      if (counted) inFlight -= 1;
      const aborted = !res.writableFinished;
      const level = aborted ? 'warn' : logLevel(req, res);
      if (logger.isLevelEnabled(level)) {
        logger[level](
          { req: reqFields(req), res: { statusCode: res.statusCode }, responseTime: Date.now() - started },
          aborted ? 'request aborted' : res.statusCode >= 500 ? 'request errored' : 'request completed',
        );
      }
    });
    next();
  };
  return { middleware, webhooksInFlight: () => inFlight };
}

/**
 * JSON bodies within `bodyLimit` everywhere but `/webhooks/*`, which keep their exact bytes in
 * `req.rawBody` for the signature check and get JSON parsed only afterwards, with a larger limit.
 */
export function bodyParsing(bodyLimit: string): RequestHandler {
  const json = express.json({ limit: bodyLimit });
  const webhookBody = express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT });
  return (req, res, next) => {
    if (!req.path.startsWith('/webhooks/')) return json(req, res, next);
    webhookBody(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (Buffer.isBuffer(req.body)) {
        req.rawBody = req.body;
        req.body = tryParseJson(req.body.toString('utf8'));
      }
      next();
    });
  };
}

/** 404 in JSON for any route nobody served. */
export const notFound: RequestHandler = (_req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: 'no such route' } });
};

/** The one error handler: body errors 400/413, storage unavailable 503 (platforms retry), the rest 500. */
export function errorHandler(metrics: Metrics): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const type = (err as { type?: string }).type;
    if (type === 'entity.parse.failed') return void res.status(400).json({ error: { code: 'malformed_json', message: 'the body is not valid JSON' } });
    if (type === 'entity.too.large') return void res.status(413).json({ error: { code: 'payload_too_large', message: 'the body is too large' } });
    if (type) return void res.status(400).json({ error: { code: 'bad_request', message: 'the body could not be read' } });
    if (isUnavailable(err)) {
      metrics.errors.inc({ where: 'store' });
      req.log.warn({ code: (err as { code?: string }).code }, 'storage unavailable');
      return void res.status(503).json({ error: { code: 'unavailable', message: 'temporarily unavailable, please retry' } });
    }
    metrics.errors.inc({ where: 'http' });
    req.log.error({ err }, 'request failed');
    res.status(500).json({ error: { code: 'internal', message: 'internal error' } });
  };
}
