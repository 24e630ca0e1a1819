/** `/metrics` at scrape time: webhook events waiting in the intake stream, and the report backlog. */
import nock from 'nock';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportKeys } from '../../src/reports/keys.js';
import { createReportStore, type NewReport } from '../../src/reports/store.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { isolateNetwork, postWebhook, stubCs, zaloEvent, zaloUserId, ZALO_ENV } from '../fixtures/zalo/harness.js';

const NOW = new Date('2026-08-19T02:00:00Z');
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
  return (await request(bot.app).get('/metrics').expect(200)).text;
}
const value = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);

function report(code: string, createdAt: string): NewReport {
  return { code, category: 'theft', kcn: 'quang-chau', createdAt, reporterToken: `rt-${code}`, lookup: 'x', description: 'd', when: 'w', photos: [] };
}

describe('backlog gauges', () => {
  it('shows the intake queue depth while accepted events wait for a worker', async () => {
    expect(value(await scrape(), 'bot_intake_queue_depth')).toBe(0);
    for (let i = 0; i < 3; i++) await postWebhook(bot.app, zaloEvent('user_send_text', { userId: zaloUserId(), text: 'menu' })).expect(200);
    expect(value(await scrape(), 'bot_intake_queue_depth')).toBe(3);
  });

  it('shows open reports per status and the age of the oldest unclaimed one', async () => {
    let text = await scrape();
    expect(value(text, 'bot_reports_waiting{status="new"}')).toBe(0);
    expect(value(text, 'bot_report_oldest_unclaimed_seconds')).toBe(0);

    const store = createReportStore(bot.redis, createReportKeys(bot.config.redisKeyPrefix), bot.secrets.encryption);
    const opts = { reporter: 'rk-test', dailyKey: `${bot.config.redisKeyPrefix}:{reports}:day:test`, dailyLimit: 100, draftPhotos: [], photoTtlSeconds: 60 };
    expect(await store.submit(report('AAA111', '2026-08-19T01:00:00Z'), opts)).toBe('ok');
    expect(await store.submit(report('BBB222', '2026-08-19T01:30:00Z'), opts)).toBe('ok');
    expect(await store.submit(report('CCC333', '2026-08-19T00:00:00Z'), opts)).toBe('ok');
    await store.close('CCC333', 'quang-chau', 'resolved', NOW.toISOString(), 'can-bo', false);

    text = await scrape();
    expect(value(text, 'bot_reports_waiting{status="new"}')).toBe(2);
    expect(value(text, 'bot_reports_waiting{status="claimed"}')).toBe(0);
    expect(text).not.toContain('status="resolved"');
    expect(value(text, 'bot_report_oldest_unclaimed_seconds')).toBe(3600);
  });
});
