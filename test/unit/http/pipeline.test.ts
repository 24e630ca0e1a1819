/**
 * Request ids and request log lines (src/http.ts): pages through pino-http, webhooks through the
 * lighter path; both keep a sane caller id, echo it, and write the same line shape without bodies.
 */
import { request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { bodyParsing, requestLogging } from '../../../src/http/pipeline.js';

/** An app with one page, one webhook (answers the status in `?status=`), one route that logs through req.log. */
function appWithLog(level = 'debug') {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level }, sink);
  const logging = requestLogging(logger);
  const app = express();
  app.use(logging.middleware);
  app.use(bodyParsing('256kb'));
  app.get('/page', (_req, res) => void res.json({ ok: true }));
  app.post('/webhooks/test', (req, res) => {
    req.log.info({ note: 'inside' }, 'handler line');
    res.status(Number(req.query.status ?? 200)).json({ ok: true });
  });
  const reached: string[] = [];
  app.post('/webhooks/slow', (req) => void reached.push(String(req.id))); // never answers
  return { app, lines, logging, reached };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('request logging', () => {
  it('gives every request an id, echoes it, and keeps a sane caller id', async () => {
    const { app } = appWithLog();
    const page = await request(app).get('/page');
    expect(page.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const hook = await request(app).post('/webhooks/test').set('x-request-id', 'abc-123').send({});
    expect(hook.headers['x-request-id']).toBe('abc-123');
    const odd = await request(app).post('/webhooks/test').set('x-request-id', 'no spaces <b>').send({});
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes one line per page and per webhook with the id, the path without its query, the status and the time', async () => {
    const { app, lines } = appWithLog();
    await request(app).get('/page?secret=1').set('x-request-id', 'page-1');
    await request(app).post('/webhooks/test?status=200&token=x').set('x-request-id', 'hook-1').send({ text: 'private words' });
    await settle();
    // Request lines (with `res`); the handler's own line carries the id too.
    const of = (id: string) => lines.filter((l) => l.res && (l.req as { id?: string } | undefined)?.id === id);
    expect(of('page-1')).toHaveLength(1);
    expect(of('hook-1')).toHaveLength(1);
    const [page] = of('page-1');
    const [hook] = of('hook-1');
    expect(page).toMatchObject({ level: 30, msg: 'request completed', req: { method: 'GET', path: '/page' }, res: { statusCode: 200 } });
    // Accepted webhooks are the bulk of the traffic: debug.
    expect(hook).toMatchObject({ level: 20, msg: 'request completed', req: { method: 'POST', path: '/webhooks/test' }, res: { statusCode: 200 } });
    expect(typeof hook?.responseTime).toBe('number');
    const all = JSON.stringify(lines);
    expect(all).not.toContain('secret=1');
    expect(all).not.toContain('token=x');
    expect(all).not.toContain('private words');
  });

  it("carries the webhook's request id on lines written through req.log", async () => {
    const { app, lines } = appWithLog();
    await request(app).post('/webhooks/test').set('x-request-id', 'hook-2').send({});
    // The same field as on pages' lines: one search finds every line of a request.
    expect(lines.find((l) => l.msg === 'handler line')).toMatchObject({ req: { id: 'hook-2' }, note: 'inside' });
  });

  it('logs failed webhooks at warn (4xx) and error (5xx) even when debug lines are off', async () => {
    const { app, lines } = appWithLog('info');
    await request(app).post('/webhooks/test').set('x-request-id', 'ok-1').send({});
    await request(app).post('/webhooks/test?status=401').set('x-request-id', 'bad-1').send({});
    await request(app).post('/webhooks/test?status=503').set('x-request-id', 'down-1').send({});
    await settle();
    const byId = (id: string) => lines.find((l) => l.res && (l.req as { id?: string } | undefined)?.id === id);
    expect(byId('ok-1')).toBeUndefined();
    expect(byId('bad-1')).toMatchObject({ level: 40, res: { statusCode: 401 } });
    expect(byId('down-1')).toMatchObject({ level: 50, msg: 'request errored', res: { statusCode: 503 } });
  });
});

describe('webhooks in flight', () => {
  it('counts webhook requests from their read body until the answer, not pages', async () => {
    const logging = requestLogging(pino({ level: 'silent' }));
    const app = express();
    app.use(logging.middleware);
    app.use(bodyParsing('256kb'));
    app.all('/{*any}', (_req, res) => void res.json({ during: logging.webhooksInFlight() }));
    expect((await request(app).post('/webhooks/zalo').send({})).body).toEqual({ during: 1 });
    expect((await request(app).get('/admin')).body).toEqual({ during: 0 });
    await settle();
    expect(logging.webhooksInFlight()).toBe(0);
  });

  it('stops counting a webhook whose caller hung up before the answer, and logs it as aborted', async () => {
    const { app, lines, logging, reached } = appWithLog('info');
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/webhooks/slow' });
    req.on('error', () => undefined);
    req.setHeader('x-request-id', 'gone-1');
    req.end('{}');
    await vi.waitFor(() => expect(reached).toEqual(['gone-1']));
    expect(logging.webhooksInFlight()).toBe(1);
    req.destroy();
    await vi.waitFor(() => expect(logging.webhooksInFlight()).toBe(0));
    server.close();
    expect(lines.find((l) => (l.req as { id?: string } | undefined)?.id === 'gone-1')).toMatchObject({ level: 40, msg: 'request aborted' });
  });
});
