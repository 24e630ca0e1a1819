/**
 * A Redis outage seen from the Zalo webhook: a real bot process, a private redis-server that the test
 * stops and starts, and a local HTTP stand-in for Zalo's send API. While Redis is down the bot answers
 * 503 (so Zalo retries); afterwards traffic resumes without a restart, and every webhook that got 200
 * was answered exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRET, uniquePrefix } from '../helpers/bot.js';
import { freePort, startBotProcess, TestRedisServer, waitFor } from '../helpers/processes.js';
import { ZALO_ENV } from '../helpers/zalo.js';
import { postZalo as post, sendsTo as count, textFromNewUser, zaloStandIn, type ZaloStandIn } from '../helpers/zalo-stand-in.js';

/** Posts one signed `user_send_text` webhook for a new user; returns the user id, the body and the status. */
async function webhook(url: string): Promise<{ userId: string; raw: string; status: number }> {
  const w = textFromNewUser();
  return { ...w, status: await post(url, w.raw) };
}

let redisServer: TestRedisServer;
let zalo: ZaloStandIn;

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
      await waitFor(async () => (await fetch(`${bot.metricsUrl}/metrics`).then((r) => r.text())).includes('bot_intake_queue_depth 0'));
      // The metrics listener is its own port; the public port does not serve them.
      expect((await fetch(`${bot.url}/metrics`)).status).toBe(404);
      expect(accepted.map((u) => count(zalo.sends, u))).toEqual(accepted.map(() => perTurn));
      expect(zalo.sends.length).toBe(accepted.length * perTurn);
    } finally {
      expect(await bot.stop()).toBe(0);
    }
  }, 60_000);
});
