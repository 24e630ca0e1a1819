/**
 * A Redis outage seen from the Zalo webhook: a real bot process, a private redis-server that the test
 * stops and starts, and a local HTTP stand-in for Zalo's send API. While Redis is down the bot answers
 * 503 (so Zalo retries); afterwards traffic resumes without a restart, and every webhook that got 200
 * was answered exactly once.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRET, uniquePrefix } from '../helpers/bot.js';
import { freePort, startBotProcess, TestRedisServer, waitFor } from '../helpers/processes.js';
import { sign, ZALO_ENV, zaloEvent, zaloUserId } from '../fixtures/zalo/harness.js';

/** A stand-in for `POST /v3.0/oa/message/cs` on 127.0.0.1: records the recipient of every send. */
async function zaloStandIn(): Promise<{ url: string; sends: string[]; close(): Promise<void> }> {
  const sends: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v3.0/oa/message/cs') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { recipient?: { user_id?: string } };
        sends.push(String(body.recipient?.user_id));
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ error: 0, message: 'Success', data: { message_id: 'x', user_id: '0' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, sends, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Posts one signed `user_send_text` webhook for a new user; returns the user id and the status. */
async function webhook(url: string, text = 'menu'): Promise<{ userId: string; raw: string; status: number }> {
  const userId = zaloUserId();
  const raw = JSON.stringify(zaloEvent('user_send_text', { userId, text }));
  return { userId, raw, status: await post(url, raw) };
}

async function post(url: string, raw: string): Promise<number> {
  const res = await fetch(`${url}/webhooks/zalo`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-zevent-signature': sign(raw) }, body: raw });
  await res.arrayBuffer();
  return res.status;
}

const count = (sends: string[], userId: string) => sends.filter((s) => s === userId).length;

let redisServer: TestRedisServer;
let zalo: Awaited<ReturnType<typeof zaloStandIn>>;

beforeAll(async () => {
  redisServer = new TestRedisServer(await freePort());
  await redisServer.start();
  zalo = await zaloStandIn();
});
afterAll(async () => {
  await redisServer.stop();
  await zalo.close();
});

describe('Zalo webhooks through a Redis outage', () => {
  it('answers 503 while Redis is down, resumes after it, and replies once to every accepted event', async () => {
    const bot = await startBotProcess({
      APP_SECRET: TEST_SECRET,
      REDIS_URL: redisServer.url,
      REDIS_KEY_PREFIX: uniquePrefix('outage'),
      NODE_ENV: 'test',
      ...ZALO_ENV,
      ZALO_API_BASE_URL: zalo.url,
      ZALO_OAUTH_BASE_URL: zalo.url,
    });
    try {
      const accepted: string[] = [];
      // Before: accepted and answered.
      for (let i = 0; i < 5; i++) {
        const w = await webhook(bot.url);
        expect(w.status).toBe(200);
        accepted.push(w.userId);
      }
      await waitFor(async () => accepted.every((u) => count(zalo.sends, u) > 0));
      const perTurn = count(zalo.sends, accepted[0]!);

      // During: not ready, and no webhook is acknowledged.
      await redisServer.stop();
      await waitFor(async () => (await fetch(`${bot.url}/readyz`)).status === 503);
      const refused: { userId: string; raw: string }[] = [];
      for (let i = 0; i < 3; i++) {
        const w = await webhook(bot.url);
        expect(w.status).toBe(503);
        refused.push(w);
      }

      // After: the same process serves again; Zalo's redeliveries of the refused events are accepted.
      await redisServer.start();
      await waitFor(async () => (await fetch(`${bot.url}/readyz`)).status === 200);
      for (const r of refused) {
        expect(await post(bot.url, r.raw)).toBe(200);
        accepted.push(r.userId);
      }
      for (let i = 0; i < 5; i++) {
        const w = await webhook(bot.url);
        expect(w.status).toBe(200);
        accepted.push(w.userId);
      }
      // A redelivery of an accepted event changes nothing.
      expect(await post(bot.url, refused[0]!.raw)).toBe(200);

      await waitFor(async () => accepted.every((u) => count(zalo.sends, u) >= perTurn));
      // Let any stray duplicate arrive before counting: wait until the intake stream is drained.
      await waitFor(async () => (await fetch(`${bot.url}/metrics`).then((r) => r.text())).includes('bot_intake_queue_depth 0'));
      expect(accepted.map((u) => count(zalo.sends, u))).toEqual(accepted.map(() => perTurn));
      expect(zalo.sends.length).toBe(accepted.length * perTurn);
    } finally {
      expect(await bot.stop()).toBe(0);
    }
  }, 60_000);
});
