/**
 * Several bot instances on one Redis (on the Redis Cluster in `.ci/run`'s cluster step), as behind a
 * load balancer: signed Zalo webhooks spread over two real processes, and one of them is killed
 * (SIGKILL) in the middle of a burst. What got no 200 is redelivered to the survivor, as Zalo does;
 * every user is answered, and an answer can repeat only for a turn the killed instance had sent but not
 * yet acknowledged (at most its INTAKE_CONCURRENCY turns in flight).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createRedisClient, waitForRedis, type Redis } from '../../src/store/redis/client.js';
import { REDIS_CLUSTER_NODES, REDIS_URL, TEST_SECRET, uniquePrefix } from '../helpers/bot.js';
import { startBotProcess, waitFor } from '../helpers/processes.js';
import { deleteKeys, scanKeys } from '../helpers/redis.js';
import { ZALO_ENV } from '../helpers/zalo.js';
import { postZalo, sendsTo, textFromNewUser, zaloStandIn, type ZaloStandIn } from '../helpers/zalo-stand-in.js';

const CONCURRENCY = 4;
const prefix = uniquePrefix('instances');
let redis: Redis;
let zalo: ZaloStandIn;

beforeAll(async () => {
  // Each send takes 50 ms: the killed instance is sure to leave acknowledged events unanswered.
  zalo = await zaloStandIn(50);
  redis = createRedisClient(loadConfig({ NODE_ENV: 'test', APP_SECRET: TEST_SECRET, REDIS_URL, REDIS_CLUSTER_NODES, REDIS_KEY_PREFIX: prefix }));
  redis.on('error', () => undefined);
  await waitForRedis(redis);
});
afterAll(async () => {
  await deleteKeys(redis, await scanKeys(redis, `${prefix}:*`));
  await redis.quit();
  await zalo.close();
});

describe('two bot instances on one Redis', () => {
  it('answers every webhook when one instance is killed mid-burst, and repeats at most the turns it had in flight', async () => {
    const env = {
      APP_SECRET: TEST_SECRET,
      REDIS_URL,
      REDIS_CLUSTER_NODES,
      REDIS_KEY_PREFIX: prefix,
      NODE_ENV: 'test',
      ...ZALO_ENV,
      ZALO_API_BASE_URL: zalo.url,
      ZALO_OAUTH_BASE_URL: zalo.url,
      // Long enough that a live instance stalled by a busy CI machine is not taken over; short for the dead one.
      INTAKE_CLAIM_IDLE_MS: '3000',
      INTAKE_CONCURRENCY: String(CONCURRENCY),
    };
    const [a, b] = await Promise.all([startBotProcess(env), startBotProcess(env)]);
    try {
      const first = textFromNewUser();
      expect(await postZalo(b.url, first.raw)).toBe(200);
      const drained = async () => (await redis.xlen(`${prefix}:{intake}:stream`)) === 0;
      await waitFor(async () => sendsTo(zalo.sends, first.userId) > 0 && (await drained()));
      const perTurn = sendsTo(zalo.sends, first.userId);

      // 8 clients at once, every other webhook to each instance; instance A is killed halfway.
      const events = Array.from({ length: 240 }, () => textFromNewUser());
      const ackedByA: string[] = [];
      const unanswered: string[] = [];
      const redeliver: string[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let i = next++; i < events.length; i = next++) {
            if (i === events.length / 2) {
              a.proc.kill('SIGKILL');
              unanswered.push(...ackedByA.filter((u) => sendsTo(zalo.sends, u) === 0));
            }
            const target = i % 2 === 0 ? a : b;
            const status = await postZalo(target.url, events[i]!.raw).catch(() => 0);
            if (status !== 200) redeliver.push(events[i]!.raw);
            else if (target === a) ackedByA.push(events[i]!.userId);
          }
        }),
      );
      // Zalo redelivers what got no 200 (refused, or cut off by the kill) to the instance still up.
      for (const raw of redeliver) expect(await postZalo(b.url, raw)).toBe(200);

      await waitFor(async () => events.every((e) => sendsTo(zalo.sends, e.userId) >= perTurn), 90_000);
      // Then every event is processed and off the stream, so no late repeat is missed.
      await waitFor(drained, 30_000);
      expect(unanswered.length).toBeGreaterThan(0);
      const repeated = events.filter((e) => sendsTo(zalo.sends, e.userId) > perTurn);
      expect(repeated.length).toBeLessThanOrEqual(CONCURRENCY);
      expect(zalo.sends.length).toBe((events.length + 1 + repeated.length) * perTurn);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 150_000);
});
