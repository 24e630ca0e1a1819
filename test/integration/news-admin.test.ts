/**
 * The staff routes of broadcasts and the FAQ statistics (mounted on a bare app, as the admin router
 * will after authentication), the two command-line tools, and the delivery marks' edge cases.
 */
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBroadcastCli } from '../../src/cli/broadcast.js';
import { runFaqUnanswered } from '../../src/cli/faq-unanswered.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { SCRIPT_NOW } from '../helpers/conversations.js';
import { createRedisBroadcastStore } from '../../src/store/redis/broadcasts.js';

let bot: TestBot;
let app: express.Express;
beforeAll(async () => {
  bot = await startBot('newsadmin', {}, () => SCRIPT_NOW);
  app = express();
  app.use(express.json());
  app.use((_req, res, next) => {
    res.locals.staff = { username: 'sup1', role: 'supervisor' };
    next();
  });
  app.use(bot.broadcasts.adminRoutes(), bot.faq.adminRoutes());
});
afterAll(async () => {
  await bot.close();
  await bot.cleanup();
});

const chat = (sessionId: string, text: string) => request(bot.app).post('/api/chat').send({ sessionId, text }).expect(200);

describe('FAQ statistics', () => {
  it('counts questions the FAQ could not answer, normalised and without the user, for GET /api/admin/faq/unanswered', async () => {
    await chat('faq-asker-1', 'Xyzzy qwerty?');
    await chat('faq-asker-2', 'xyzzy  QWERTY');
    await chat('w3', 'cong an');
    await chat('w4', 'tín dụng đen là gì');
    await chat('w5', 'where can i buy a cheap motorbike helmet near the park');
    const res = await request(app).get('/api/admin/faq/unanswered?limit=10').expect(200);
    // Each with the language it reads as, for the dashboard to add it as a phrasing of that language.
    expect(res.body.questions).toEqual([
      { question: 'xyzzy qwerty', count: 2, lastAsked: '2026-08-01', lang: 'vi' },
      { question: 'where can i buy a cheap motorbike helmet near the park', count: 1, lastAsked: '2026-08-01', lang: 'en' },
      { question: 'cong an', count: 1, lastAsked: '2026-08-01', lang: 'vi' },
    ]);
    expect(JSON.stringify(await bot.dumpRedis())).not.toMatch(/faq-asker-[12]/); // ids long enough not to turn up in sealed values by chance
    await request(app).get('/api/admin/faq/unanswered?limit=0').expect(400);
  });

  it('`npm run faq:unanswered` prints the same list', async () => {
    let out = '';
    expect(await runFaqUnanswered(['--limit', '1'], bot.faq.unanswered, (t) => (out += t))).toBe(0);
    expect(out).toBe('count\tlast asked\tquestion\n2\t2026-08-01\txyzzy qwerty\n');
  });
});

describe('broadcast routes and CLI', () => {
  it('POST /api/admin/broadcasts starts a campaign once (202, then 409), refuses unknown ids (404) and bad bodies (400)', async () => {
    const first = await request(app).post('/api/admin/broadcasts').send({ campaignId: '2026-mo-dau' }).expect(202);
    expect(first.body.broadcast).toMatchObject({ id: '2026-mo-dau', topic: 'festival', targeted: 0 });
    const again = await request(app).post('/api/admin/broadcasts').send({ campaignId: '2026-mo-dau' }).expect(409);
    expect(again.body.error.code).toBe('already_started');
    await request(app).post('/api/admin/broadcasts').send({ campaignId: 'no-such-campaign' }).expect(404);
    const bad = await request(app)
      .post('/api/admin/broadcasts')
      .send({ topic: 'festival', text: { en: 'x' } })
      .expect(400);
    expect(bad.body.error.code).toBe('invalid_request');
  });

  it('starts a message written by a supervisor, recorded with its author, and shows it in "tin mới"', async () => {
    const res = await request(app)
      .post('/api/admin/broadcasts')
      .send({ topic: 'safety', text: { vi: 'Cảnh báo: mùa mưa bão, kiểm tra dây điện phòng trọ.', en: 'Storm season: check the wiring in your room.' } })
      .expect(202);
    const id = res.body.broadcast.id as string;
    expect((await bot.broadcasts.report(id))?.topic).toBe('safety');
    expect((await request(app).get(`/api/admin/broadcasts/${id}`).expect(200)).body.broadcast.id).toBe(id);
    await request(app).get('/api/admin/broadcasts/nothing').expect(404);
    const replies = (await chat('w5', 'tin mới')).body.replies as { text: string }[];
    expect(replies.map((r) => r.text).join('\n')).toContain('Cảnh báo: mùa mưa bão');
    const list = await request(app).get('/api/admin/broadcasts').expect(200);
    expect(list.body.campaigns.find((c: { id: string }) => c.id === '2026-mo-dau').report.status).toBeDefined();
  });

  it('`npm run broadcast -- <id>` starts a campaign, then reports it started before; --list and --status', async () => {
    let out = '';
    const io = (t: string) => (out += t);
    expect(await runBroadcastCli(['2026-ngay-hoi'], bot.broadcasts, io)).toBe(0);
    expect(out).toContain('started 2026-ngay-hoi');
    expect(await runBroadcastCli(['2026-ngay-hoi'], bot.broadcasts, io)).toBe(0);
    expect(out).toContain('was started before; nothing sent again');
    expect(await runBroadcastCli(['nope'], bot.broadcasts, io)).toBe(1);
    out = '';
    expect(await runBroadcastCli(['--list'], bot.broadcasts, io)).toBe(0);
    expect(out).toMatch(/^2026-mo-dau\t2026-07-20T01:00:00.000Z\tfestival\t/m);
    expect(await runBroadcastCli(['2026-ngay-hoi', '--status'], bot.broadcasts, io)).toBe(0);
    expect(out).toContain('broadcast 2026-ngay-hoi (festival)');
  });
});

describe('schedule', () => {
  it('starts the campaigns whose time came within the grace period, once', async () => {
    const at = new Date('2026-08-05T02:00:00Z'); // 09:00 in Vietnam
    expect((await bot.broadcasts.startDue(at)).sort()).toEqual(['2026-to-tu-quan', 'slogan-2026-08-05']);
    expect(await bot.broadcasts.startDue(at)).toEqual([]);
    expect(await bot.broadcasts.report('2026-an-toan-lua-dao')).toBeUndefined();
  });
});

describe('delivery marks', () => {
  it('count a subscriber once, let one claim at a time, settle once, and flag a send retried after a dead worker', async () => {
    const store = createRedisBroadcastStore(bot.redis, bot.config.redisKeyPrefix);
    const t0 = new Date('2026-08-01T03:00:00Z');
    const at = (ms: number) => new Date(t0.getTime() + ms);
    expect(await store.define({ id: 'marks', topic: 'festival', say: { key: 'x' }, at: t0.toISOString(), source: 'cli' }, t0)).toBe(true);
    expect(await store.queue('marks', ['a', 'b'])).toBe(2);
    expect(await store.queue('marks', ['a', 'b'])).toBe(0);
    await store.fannedOut('marks', t0);
    expect(await store.claim('marks', 'a', 'tok1', t0, 1000)).toBe('claimed');
    expect(await store.claim('marks', 'a', 'tok2', at(500), 1000)).toBe('busy');
    expect(await store.claim('marks', 'a', 'tok2', at(1500), 1000)).toBe('reclaimed');
    expect(await store.settle('marks', 'a', 'tok1', 'sent', at(1600))).toBe(false);
    expect(await store.settle('marks', 'a', 'tok2', 'sent', at(1600))).toBe(true);
    expect(await store.claim('marks', 'a', 'tok3', at(1700), 1000)).toBe('done');
    expect(await store.claim('marks', 'b', 'tok4', at(1700), 1000)).toBe('claimed');
    await store.release('marks', 'b', 'tok4');
    expect(await store.claim('marks', 'b', 'tok5', at(1800), 1000)).toBe('claimed');
    expect(await store.settle('marks', 'b', 'tok5', 'window', at(1900))).toBe(true);
    expect(await store.report('marks')).toMatchObject({ status: 'done', targeted: 2, sent: 1, skippedWindow: 1, eligible: 1, pending: 0, uncertain: 1 });
  });
});
