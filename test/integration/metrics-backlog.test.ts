/**
 * `/metrics`: served by the metrics listener's app, not the public one (404 there, or 401 without the
 * bearer token when METRICS_TOKEN is set); the intake queue depth and the report backlog at scrape time,
 * the backlog read from counters the status scripts keep, never from the reports themselves.
 */
import nock from 'nock';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createReportKeys } from '../../src/store/redis/keys.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { isolateNetwork, postWebhook, stubCs, zaloEvent, zaloUserId, ZALO_ENV } from '../helpers/zalo.js';
import { createRedisReportStore } from '../../src/store/redis/reports.js';
import type { NewReport } from '../../src/reports/ports.js';

const NOW = new Date('2026-08-19T02:00:00Z');
const TOKEN = 'metrics-token-metrics-token-42';
let bot: TestBot;

beforeAll(async () => {
  isolateNetwork();
  stubCs();
  bot = await startBot('metrics', ZALO_ENV, () => NOW, undefined, { intakeWorker: false });
});
afterAll(async () => {
  await bot.cleanup();
  nock.cleanAll();
  nock.enableNetConnect();
});

async function scrape(): Promise<string> {
  return (await request(bot.metricsApp).get('/metrics').expect(200)).text;
}
const value = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
const waiting = (text: string) => Object.fromEntries(['new', 'claimed', 'need_info'].map((s) => [s, value(text, `bot_reports_waiting{status="${s}"}`)]));

function report(code: string, createdAt: string): NewReport {
  return { code, category: 'theft', kcn: 'quang-chau', createdAt, reporterToken: `rt-${code}`, lookup: 'x', description: 'd', when: 'w', photos: [] };
}

describe('where /metrics is served', () => {
  it('answers 404 on the public port, like any unknown path', async () => {
    const res = await request(bot.app).get('/metrics').expect(404);
    expect(res.text).not.toContain('bot_turns_total');
    expect(await scrape()).toContain('bot_turns_total');
  });

  it('with METRICS_TOKEN, answers on the public port only to the bearer token (401 otherwise)', async () => {
    const guarded = await startBot('metricstoken', { METRICS_TOKEN: TOKEN });
    try {
      expect((await request(guarded.app).get('/metrics').expect(401)).text).not.toContain('bot_turns_total');
      await request(guarded.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}x`).expect(401);
      await request(guarded.app).get('/metrics').set('Authorization', TOKEN).expect(401);
      expect((await request(guarded.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200)).text).toContain('bot_turns_total');
    } finally {
      await guarded.cleanup();
    }
  });
});

describe('backlog gauges', () => {
  it('shows the intake queue depth while accepted events wait for a worker', async () => {
    expect(value(await scrape(), 'bot_intake_queue_depth')).toBe(0);
    for (let i = 0; i < 3; i++) await postWebhook(bot.app, zaloEvent('user_send_text', { userId: zaloUserId(), text: 'menu' })).expect(200);
    expect(value(await scrape(), 'bot_intake_queue_depth')).toBe(3);
  });

  it('follows every status change, and the age of the oldest unclaimed report, without reading any report', async () => {
    let text = await scrape();
    expect(waiting(text)).toEqual({ new: 0, claimed: 0, need_info: 0 });
    expect(value(text, 'bot_report_oldest_unclaimed_seconds')).toBe(0);

    const store = createRedisReportStore(bot.redis, bot.config.redisKeyPrefix, bot.secrets.encryption);
    const opts = { reporter: 'rk-test', day: 'test', dailyLimit: 100, draftPhotos: [], photoTtlSeconds: 60 };
    const at = NOW.toISOString();
    expect(await store.submit(report('AAA111', '2026-08-19T01:00:00Z'), opts)).toBe('ok');
    expect(await store.submit(report('BBB222', '2026-08-19T01:30:00Z'), opts)).toBe('ok');
    expect(await store.submit(report('CCC333', '2026-08-19T00:00:00Z'), opts)).toBe('ok');
    expect(await store.submit(report('DDD444', '2026-08-19T00:30:00Z'), opts)).toBe('ok');
    expect(waiting(await scrape())).toEqual({ new: 4, claimed: 0, need_info: 0 });
    expect(value(await scrape(), 'bot_report_oldest_unclaimed_seconds')).toBe(7200);

    await store.close('CCC333', 'quang-chau', 'resolved', at, 'can-bo', false);
    await store.claim('DDD444', 'quang-chau', 'can-bo', at);
    await store.claim('DDD444', 'quang-chau', 'can-bo', at); // claiming again changes nothing
    await store.claim('BBB222', 'quang-chau', 'can-bo', at);
    expect(await store.needInfo('BBB222', at)).toBe(1);
    expect(await store.needInfo('CCC333', at)).toBe(-2); // closed stays closed
    text = await scrape();
    expect(waiting(text)).toEqual({ new: 1, claimed: 1, need_info: 1 });
    expect(value(text, 'bot_report_oldest_unclaimed_seconds')).toBe(3600);
    expect(text).not.toContain('status="resolved"');

    // An idle claim goes back to the queue: unclaimed again, with its original age.
    await new Promise((r) => setTimeout(r, 20));
    expect(await store.releaseIdle('quang-chau', 10, at)).toEqual(['DDD444']);
    await store.close('AAA111', 'quang-chau', 'rejected', at, 'can-bo', false);
    await store.close('BBB222', 'quang-chau', 'resolved', at, 'can-bo', false);

    const keys = createReportKeys(bot.config.redisKeyPrefix);
    const reads = [vi.spyOn(bot.redis, 'zrange'), vi.spyOn(bot.redis, 'hgetall'), vi.spyOn(bot.redis, 'hmget'), vi.spyOn(bot.redis, 'hget')];
    text = await scrape();
    expect(waiting(text)).toEqual({ new: 1, claimed: 0, need_info: 0 });
    expect(value(text, 'bot_report_oldest_unclaimed_seconds')).toBe(5400);
    const keysRead = reads.flatMap((spy) => spy.mock.calls.map((call) => String(call[0])));
    expect(keysRead.sort()).toEqual([keys.backlog, keys.unclaimed].sort());
    for (const spy of reads) spy.mockRestore();
  });
});
