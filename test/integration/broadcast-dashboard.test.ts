/**
 * Broadcasts written in the dashboard, through the staff API on a real bot (Zalo and Messenger stood in
 * by nock): subscribers say their park; the preview renders the message per channel and counts whom
 * each channel's window reaches now; a message for one park reaches only that park; English falls back
 * to Vietnamese; a scheduled message waits for its time, a cancelled one is never sent nor shown as
 * news; every start, schedule and cancel is in the audit log.
 */
import nock from 'nock';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeys } from '../../src/store/redis/keys.js';
import { pseudonymize } from '../../src/lib/crypto.js';
import type { RunningWorkers } from '../../src/broadcast/ports.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { SCRIPT_NOW } from '../helpers/conversations.js';
import { MESSENGER_ENV, quickReplyEvent, textEvent, webhook } from '../helpers/messenger-events.js';
import { messagesTo, stubSendApi, type RecordedRequest } from '../helpers/messenger-graph.js';
import { postWebhook as postMessenger } from '../helpers/messenger-http.js';
import { waitFor } from '../helpers/processes.js';
import { addStaff, staffLogin, type StaffClient } from '../helpers/staff.js';
import { isolateNetwork, stubCs, zaloDriver, zaloUserId, ZALO_ENV, type CsCall } from '../helpers/zalo.js';

let bot: TestBot;
let zaloCalls: CsCall[];
let graph: RecordedRequest[];
let boss: StaffClient;
let workers: RunningWorkers;
let now = SCRIPT_NOW;
const [parkA, noPark, longAgo] = [zaloUserId(), zaloUserId(), zaloUserId()];
const englishPsid = '7100000000000077';

beforeAll(async () => {
  isolateNetwork();
  bot = await startBot('bcdash', { ...ZALO_ENV, ...MESSENGER_ENV }, () => now);
  zaloCalls = stubCs();
  graph = stubSendApi();
  await addStaff(bot, 'chi-huy', 'supervisor', []);
  await addStaff(bot, 'lan', 'officer', ['dinh-tram']);
  boss = await staffLogin(bot.app, 'chi-huy');
  workers = bot.broadcasts.runWorkers();
});
afterAll(async () => {
  await workers?.close();
  nock.cleanAll();
  await bot.close();
  await bot.cleanup();
});

const zaloTexts = (userId: string) => zaloCalls.filter((c) => c.userId === userId).map((c) => String(c.message.text));
const messengerTexts = () => messagesTo(graph, englishPsid).map((m) => ('text' in m ? m.text : ''));
async function messenger(event: object) {
  await postMessenger(bot.app, webhook([event as never]));
  await bot.intake.idle();
}
async function subscribeOnZalo(userId: string, park: string) {
  const w = zaloDriver(bot, zaloCalls, userId);
  await w.send({ text: 'đăng ký nhận tin' });
  await w.send({ payload: '#subscribe:safety' });
  expect(zaloTexts(userId).at(-1)).toContain('Bạn muốn nhận thêm mục nào không?');
  await w.send({ payload: '#subscribe:done' });
  await w.send({ payload: `#subscribe:kcn:${park}` });
}
async function done(id: string) {
  await waitFor(async () => (await bot.broadcasts.report(id))?.status === 'done', 15_000);
  return (await boss.get(bot.app, `/api/admin/broadcasts/${id}`).expect(200)).body.broadcast;
}

describe('broadcasts from the dashboard', () => {
  it('stores the park a subscriber chooses after the topics (or none when skipped)', async () => {
    await subscribeOnZalo(parkA, 'dinh-tram');
    expect(zaloTexts(parkA).at(-1)).toContain('Đã lưu KCN của bạn: Đình Trám');
    await subscribeOnZalo(noPark, 'none');
    await subscribeOnZalo(longAgo, 'dinh-tram');
    // This one last wrote 50 hours ago: outside Zalo's free 48-hour window.
    const seen = createKeys(bot.config.redisKeyPrefix).seen(pseudonymize(bot.secrets.pseudonym, 'zalo', longAgo));
    await bot.redis.set(seen, String(now.getTime() - 50 * 3600_000));
    await messenger(quickReplyEvent(englishPsid, 'English', '#lang:en'));
    await messenger(textEvent(englishPsid, 'subscribe'));
    await messenger(quickReplyEvent(englishPsid, 'Safety tips', '#subscribe:safety'));
    await messenger(quickReplyEvent(englishPsid, 'Done', '#subscribe:done'));
    await messenger(quickReplyEvent(englishPsid, 'Quế Võ', '#subscribe:kcn:quang-chau'));
    expect(messengerTexts().at(-1)).toContain('Your park is saved: Quang Chau');
    expect(await bot.subscriptions.store.count('safety')).toBe(4);
  });

  it('previews the message as each channel renders it, English falling back, and counts whom each window reaches now', async () => {
    const vi = 'Mùa mưa bão: kiểm tra dây điện phòng trọ trước khi ngủ.';
    const onePark = await boss.post(bot.app, '/api/admin/broadcasts/preview', { topic: 'safety', text: { vi, en: '' }, parks: ['dinh-tram'] }).expect(200);
    expect(onePark.body).toEqual({
      messages: { vi: { zalo: [vi], messenger: [vi] }, en: { zalo: [vi], messenger: [vi] } },
      englishFallback: true,
      audience: { zalo: { subscribers: 2, reachable: 1 }, messenger: { subscribers: 0, reachable: 0 } },
      windowHours: { zalo: 48, messenger: 24 },
    });
    const everyone = await boss.post(bot.app, '/api/admin/broadcasts/preview', { topic: 'safety', text: { vi, en: 'Check your wiring.' } }).expect(200);
    expect(everyone.body.audience).toEqual({ zalo: { subscribers: 3, reachable: 2 }, messenger: { subscribers: 1, reachable: 1 } });
    expect(everyone.body.messages.en.messenger).toEqual(['Check your wiring.']);
    expect(everyone.body.englishFallback).toBe(false);
    const officer = await staffLogin(bot.app, 'lan');
    await officer.post(bot.app, '/api/admin/broadcasts/preview', { topic: 'safety', text: { vi } }).expect(403);
    const bad = await boss.post(bot.app, '/api/admin/broadcasts/preview', { topic: 'safety', text: { vi }, parks: ['atlantis'] }).expect(400);
    expect(bad.body.error.field).toBe('parks.0');
  });

  it('sends a message for one park to that park’s subscribers only, with its counts', async () => {
    const text = { vi: 'Đình Trám: tối nay kiểm tra phòng cháy ở khu trọ.' };
    const started = await boss.post(bot.app, '/api/admin/broadcasts', { topic: 'safety', text, parks: ['dinh-tram'] }).expect(202);
    expect(started.body.broadcast).toMatchObject({ status: 'starting', parks: ['dinh-tram'], by: 'chi-huy', text });
    const report = await done(started.body.broadcast.id);
    expect(report).toMatchObject({ targeted: 2, sent: 1, skippedWindow: 1, failed: 0, pending: 0 });
    expect(zaloTexts(parkA).at(-1)).toBe(text.vi);
    expect(zaloTexts(noPark)).not.toContain(text.vi);
    expect(zaloTexts(longAgo)).not.toContain(text.vi);
    expect(messengerTexts()).not.toContain(text.vi);
  });

  it('gives English readers the Vietnamese when no English is written', async () => {
    const vi = 'Khẩu hiệu tuần này: Cả nhà cùng giữ an ninh trật tự.';
    const started = await boss.post(bot.app, '/api/admin/broadcasts', { topic: 'safety', text: { vi } }).expect(202);
    expect(await done(started.body.broadcast.id)).toMatchObject({ targeted: 4, sent: 3, skippedWindow: 1 });
    expect(messengerTexts().at(-1)).toBe(vi);
  });

  it('waits for a scheduled time, and never sends one cancelled before it; both audited', async () => {
    const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
    await boss.post(bot.app, '/api/admin/broadcasts', { topic: 'safety', text: { vi: 'Hôm qua' }, at: at(-60_000) }).expect(400);
    await boss.post(bot.app, '/api/admin/broadcasts', { topic: 'safety', text: { vi: 'Năm sau' }, at: at(90 * 86_400_000) }).expect(400);
    const kept = { vi: 'Nhắc lịch: 8 giờ sáng mai tập huấn phòng cháy.', en: 'Reminder: fire drill at 8 tomorrow morning.' };
    const dropped = { vi: 'Tin này sẽ bị hủy.' };
    const queuedAt = Date.now();
    const first = await boss.post(bot.app, '/api/admin/broadcasts', { topic: 'safety', text: kept, at: at(1500) }).expect(202);
    const second = await boss.post(bot.app, '/api/admin/broadcasts', { topic: 'safety', text: dropped, at: at(1500) }).expect(202);
    expect(first.body.broadcast).toMatchObject({ status: 'scheduled', startedAt: '', scheduledFor: at(1500), targeted: 0 });
    const cancelled = await boss.post(bot.app, `/api/admin/broadcasts/${second.body.broadcast.id}/cancel`).expect(200);
    expect(cancelled.body.broadcast).toMatchObject({ status: 'cancelled' });
    expect((await boss.post(bot.app, `/api/admin/broadcasts/${second.body.broadcast.id}/cancel`).expect(409)).body.error.code).toBe('already_cancelled');
    expect((await bot.broadcasts.report(first.body.broadcast.id))?.status).toBe('scheduled');

    expect(await done(first.body.broadcast.id)).toMatchObject({ targeted: 4, sent: 3, skippedWindow: 1 });
    expect(Date.now() - queuedAt).toBeGreaterThanOrEqual(1500);
    expect(messengerTexts().at(-1)).toBe(kept.en);
    expect(zaloTexts(parkA).at(-1)).toBe(kept.vi);
    expect((await boss.post(bot.app, `/api/admin/broadcasts/${first.body.broadcast.id}/cancel`).expect(409)).body.error.code).toBe('already_started');
    await new Promise((r) => setTimeout(r, 1000));
    expect((await bot.broadcasts.report(second.body.broadcast.id))?.status).toBe('cancelled');
    expect([...zaloTexts(parkA), ...messengerTexts()]).not.toContain(dropped.vi);

    now = new Date(now.getTime() + 60_000);
    const news = (await request(bot.app).post('/api/chat').send({ sessionId: 'bcdash-news', text: 'tin mới' }).expect(200)).body.replies as { text: string }[];
    const shown = news.map((r) => r.text).join('\n');
    expect(shown).toContain(kept.vi);
    expect(shown).not.toContain(dropped.vi);

    // The bot's clock stands still here, so the list's order (newest first) ties: each is looked up by id.
    const list = (await boss.get(bot.app, '/api/admin/broadcasts').expect(200)).body.broadcasts as { id: string; status: string }[];
    const status = (id: string) => list.find((x) => x.id === id)?.status;
    expect([status(first.body.broadcast.id), status(second.body.broadcast.id)]).toEqual(['done', 'cancelled']);
    expect(list).toHaveLength(4);
    const audit = await bot.redis.xrange(`${bot.config.redisKeyPrefix}:staff:audit`, '-', '+');
    const lines = audit.map(([, f]) => `${f[f.indexOf('actor') + 1]} ${f[f.indexOf('action') + 1]} ${f[f.indexOf('detail') + 1] ?? ''}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        `chi-huy broadcast message · safety · ${first.body.broadcast.id} · scheduled for ${at(1500 - 60_000)}`,
        `chi-huy broadcast_cancel cancel · ${second.body.broadcast.id}`,
        expect.stringMatching(/^chi-huy broadcast message · safety · msg-\S+ · parks dinh-tram$/),
      ]),
    );
    // The statistics count a broadcast when it really starts: the two sent at once and the scheduled one, not the cancelled one.
    const day = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    const figures = await bot.stats.read({
      from: day(new Date(now.getTime() - 7 * 86_400_000)),
      to: day(now),
      kcns: [],
      parts: ['content'],
      threshold: 1,
      now,
    });
    expect(figures.broadcasts?.started).toBe(3);
  });
});
