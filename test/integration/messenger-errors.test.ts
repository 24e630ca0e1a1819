/**
 * Send API failures through the whole path (webhook → engine → sender), with a logger that keeps
 * every line: a rejected token is counted and logged clearly, an unreachable user is not retried,
 * and no log line ever holds the page token, the app secret, a PSID or what the user wrote.
 */
import { Writable } from 'node:stream';
import nock from 'nock';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSecretProof } from '../../src/channels/messenger/verify.js';
import { loadConfig } from '../../src/config.js';
import { REDACT_PATHS } from '../../src/lib/logger.js';
import { createRedisClient, waitForRedis, type Redis } from '../../src/store/redis/client.js';
import { createServer, type Bot } from '../../src/server.js';
import { REDIS_CLUSTER_NODES, REDIS_URL, TEST_SECRET, content, uniquePrefix } from '../helpers/bot.js';
import { SCRIPT_NOW } from '../helpers/conversations.js';
import { deleteKeys, scanKeys } from '../helpers/redis.js';
import { APP_SECRET, GRAPH_URL, MESSENGER_ENV, PAGE_TOKEN, VERIFY_TOKEN, sign, textEvent, webhook } from '../helpers/messenger-events.js';
import { SEND_PATH } from '../helpers/messenger-graph.js';
import { postWebhook } from '../helpers/messenger-http.js';

const lines: string[] = [];
let bot: Bot;
let redis: Redis;
let prefix: string;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  prefix = uniquePrefix('messenger-errors');
  const config = loadConfig({ NODE_ENV: 'test', APP_SECRET: TEST_SECRET, REDIS_URL, REDIS_CLUSTER_NODES, REDIS_KEY_PREFIX: prefix, ...MESSENGER_ENV });
  redis = createRedisClient(config);
  redis.on('error', () => undefined);
  await waitForRedis(redis);
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = pino({ level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink);
  bot = createServer({ config, redis, logger, content, clock: () => SCRIPT_NOW });
});
afterAll(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await deleteKeys(redis, await scanKeys(redis, `${prefix}:*`));
  await redis.quit();
});

const graphError = (code: number, subcode?: number) => ({
  error: { message: 'Graph error', type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: 'AbCdEf' },
});

async function say(psid: string, text: string) {
  await postWebhook(bot.app, webhook([textEvent(psid, text)]));
  await bot.intake.idle();
}

describe('messenger: Send API failures end to end', () => {
  it('counts a rejected page token (190), logs how to fix it, and does not retry', async () => {
    const scope = nock(GRAPH_URL).post(SEND_PATH).query(true).reply(400, graphError(190, 463));
    await say('7400000000000001', 'menu');
    expect(scope.isDone()).toBe(true);
    const metrics = await bot.metrics.registry.metrics();
    expect(metrics).toMatch(/bot_errors_total\{where="messenger_token"\} 1/);
    expect(metrics).toMatch(/messenger_send_failures_total\{code="190\/463"\} 1/);
    expect(metrics).toMatch(/bot_errors_total\{where="send_failed"\} 1/);
    const log = lines.find((l) => l.includes('renew FB_PAGE_ACCESS_TOKEN'));
    expect(log && JSON.parse(log)).toMatchObject({ level: 50, code: '190/463' });
  });

  it('treats a user who is not available (551) as undeliverable, with one call', async () => {
    const scope = nock(GRAPH_URL).post(SEND_PATH).query(true).reply(400, graphError(551));
    await say('7400000000000002', 'menu');
    expect(scope.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
    expect(await bot.metrics.registry.metrics()).toMatch(/bot_errors_total\{where="send_undeliverable"\} 1/);
  });

  it('never logs a token, the app secret, a PSID or the user’s text', async () => {
    nock(GRAPH_URL).post(SEND_PATH).query(true).times(5).reply(200, { recipient_id: '7400000000000003', message_id: 'm_1' });
    await request(bot.app).get('/webhooks/messenger').query({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '77' }).expect(200);
    await say('7400000000000003', 'số điện thoại của tôi là 0912345678');
    const forged = JSON.stringify(webhook([textEvent('7400000000000004', 'bí mật riêng')]));
    await postWebhook(bot.app, forged, { signature: sign(forged, 'x'), status: 403 });
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(5);
    const forbidden = [
      PAGE_TOKEN,
      APP_SECRET,
      VERIFY_TOKEN,
      appSecretProof(PAGE_TOKEN, APP_SECRET),
      '7400000000000001',
      '7400000000000002',
      '7400000000000003',
      '7400000000000004',
      '0912345678',
      'bí mật',
    ];
    for (const secret of forbidden) expect(all).not.toContain(secret);
  });
});
