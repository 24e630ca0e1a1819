/**
 * A user subscribes, receives a campaign and unsubscribes, on Zalo and on Messenger, through the real
 * channel adapters against nock stand-ins; the web chat shows the latest campaigns on request; Redis
 * holds no platform id in clear.
 */
import nock from 'nock';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/processes.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { SCRIPT_NOW } from '../helpers/conversations.js';
import { MESSENGER_ENV, textEvent, quickReplyEvent, webhook } from '../helpers/messenger-events.js';
import { stubSendApi, messagesTo, type RecordedRequest } from '../helpers/messenger-graph.js';
import { postWebhook as postMessenger } from '../helpers/messenger-http.js';
import { isolateNetwork, postWebhook as postZalo, stubCs, zaloEvent, zaloUserId, ZALO_ENV, type CsCall } from '../helpers/zalo.js';

let bot: TestBot;
let zaloCalls: CsCall[];
let graph: RecordedRequest[];
const zaloUser = zaloUserId();
const psid = '7100000000000042';

beforeAll(async () => {
  isolateNetwork();
  bot = await startBot('subscribe', { ...ZALO_ENV, ...MESSENGER_ENV }, () => SCRIPT_NOW);
  zaloCalls = stubCs();
  graph = stubSendApi();
});
afterAll(async () => {
  nock.cleanAll();
  await bot.close();
  await bot.cleanup();
});

const zalo = async (text: string) => {
  await postZalo(bot.app, zaloEvent('user_send_text', { userId: zaloUser, text })).expect(200);
  await bot.intake.idle();
};
const messenger = async (event: object) => {
  await postMessenger(bot.app, webhook([event as never]));
  await bot.intake.idle();
};
const zaloTexts = () => zaloCalls.filter((c) => c.userId === zaloUser).map((c) => String(c.message.text));
const messengerTexts = () => messagesTo(graph, psid).map((m) => ('text' in m ? String(m.text) : JSON.stringify(m)));

/** Starts a campaign, runs the workers until it is done, and returns its report. */
async function broadcast(id: string) {
  const started = await bot.broadcasts.startCampaign(id, 'cli');
  expect(started.ok).toBe(true);
  const workers = bot.broadcasts.runWorkers();
  try {
    await waitFor(async () => (await bot.broadcasts.report(id))?.status === 'done', 15_000);
  } finally {
    await workers.close();
  }
  return (await bot.broadcasts.report(id))!;
}

describe('subscriptions on Zalo and Messenger', () => {
  it('subscribes by keyword and buttons on both channels', async () => {
    await zalo('đăng ký nhận tin');
    expect(zaloTexts().at(-1)).toContain('Bạn muốn nhận tin gì?');
    // The window the note names is the one in force (48 hours without a paid Zalo window), not a fixed 7 days.
    expect(zaloTexts().at(-1)).toContain('Zalo: trong 2 ngày qua');
    await zalo('#subscribe:festival');
    expect(zaloTexts().join('\n')).toContain('Đã đăng ký nhận: Tin Ngày hội');
    await zalo('#subscribe:done');

    await messenger(textEvent(psid, 'dang ky nhan tin'));
    await messenger(quickReplyEvent(psid, 'Nhận tất cả', '#subscribe:all'));
    expect(messengerTexts().join('\n')).toContain('Đã đăng ký nhận: Tin Ngày hội, Khẩu hiệu mỗi ngày, Mẹo an toàn');
    expect(await bot.subscriptions.store.count('festival')).toBe(2);
    expect(await bot.subscriptions.store.count('safety')).toBe(1);
  });

  it('stores subscribers by pseudonym with a sealed address: no platform id in Redis', async () => {
    const dump = await bot.dumpRedis();
    expect(dump).toContain(':{subs}:u');
    expect(dump).not.toContain(zaloUser);
    expect(dump).not.toContain(psid);
  });

  it('delivers a campaign to each subscriber once, as a bot update inside the Messenger window', async () => {
    const [zBefore, mBefore] = [zaloTexts().length, messengerTexts().length];
    const report = await broadcast('2026-to-tu-quan');
    expect(report).toMatchObject({ status: 'done', targeted: 2, eligible: 2, sent: 2, skippedWindow: 0, failed: 0, pending: 0 });
    expect(await bot.metrics.registry.getSingleMetricAsString('bot_broadcast_deliveries_total')).toContain('bot_broadcast_deliveries_total{outcome="sent"} 2');
    expect(zaloTexts().slice(zBefore)).toEqual([expect.stringContaining('Tổ tự quản bảo đảm an ninh, trật tự ở công ty bạn')]);
    expect(messengerTexts().slice(mBefore)).toEqual([expect.stringContaining('Tổ tự quản bảo đảm an ninh, trật tự ở công ty bạn')]);
    const update = graph.filter((r) => r.body.recipient.id === psid && 'message' in r.body).at(-1)!;
    expect(update.body).toMatchObject({ messaging_type: 'UPDATE' });
    expect(update.body).not.toHaveProperty('tag');
    expect(await bot.broadcasts.startCampaign('2026-to-tu-quan', 'cli')).toMatchObject({ ok: false, error: 'already_started' });
  });

  it('unsubscribes with "hủy nhận tin" on Zalo and "dừng" on Messenger; the next campaign reaches nobody', async () => {
    await zalo('hủy nhận tin');
    expect(zaloTexts().at(-1)).toContain('Đã hủy nhận tin');
    await messenger(textEvent(psid, 'dừng'));
    expect(messengerTexts().at(-1)).toContain('Đã hủy nhận tin');
    const [zBefore, mBefore] = [zaloTexts().length, messengerTexts().length];
    const report = await broadcast('2026-con-mot-tuan');
    expect(report).toMatchObject({ status: 'done', targeted: 0, sent: 0 });
    expect(zaloTexts().length).toBe(zBefore);
    expect(messengerTexts().length).toBe(mBefore);
  });

  it('drops the subscriptions of a Zalo user who unfollows (the adapter calls news.unfollow)', async () => {
    await zalo('đăng ký nhận tin');
    await zalo('#subscribe:safety');
    expect(await bot.subscriptions.store.count('safety')).toBe(1);
    expect(await bot.subscriptions.unfollow('zalo', zaloUser)).toBe(true);
    expect(await bot.subscriptions.store.count('safety')).toBe(0);
  });
});

describe('web chat', () => {
  it('shows the countdown, the seasonal greeting and the latest campaign messages on "tin mới"', async () => {
    const res = await request(bot.app).post('/api/chat').send({ sessionId: 'web-news-1', text: 'tin mới' }).expect(200);
    const text = (res.body.replies as { text: string }[]).map((r) => r.text).join('\n');
    expect(text).toContain('Chào mừng “Ngày hội toàn dân bảo vệ an ninh Tổ quốc” năm 2026');
    expect(text).toContain('Còn 18 ngày nữa là đến Ngày hội toàn dân bảo vệ an ninh Tổ quốc (19/8/2026).');
    expect(text).toContain('Tin mới nhất:');
    expect(text).toContain('[1/8/2026]\nKhẩu hiệu hôm nay (ANTQ là an ninh Tổ quốc, ANTT là an ninh, trật tự):');
    expect(text).toContain('[31/7/2026]\nCảnh giác tín dụng đen');
    expect(text).toContain('không nhận được tin gửi tới');
  });
});
