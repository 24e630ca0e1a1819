/**
 * The whole tip-off path with real parts: a worker reports over a signed Zalo webhook (Zalo API stood
 * in by nock) and over the web chat; officers log in to the admin API, list, claim, ask; the worker
 * answers; the officer resolves; the worker is told. Nobody on the officers' side learns who reported.
 */
import nock from 'nock';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffStore } from '../../src/admin/staff-store.js';
import { kcnIdsOf } from '../../src/admin/access.js';
import { allText, type ChatDriver } from '../helpers/conversations.js';
import { content, startBot, type TestBot } from '../helpers/bot.js';
import { isolateNetwork, stubCs, toOutbound, zaloDriver, zaloUserId, ZALO_ENV, type CsCall } from '../helpers/zalo.js';
import { createRedisStaffStores } from '../../src/store/redis/staff.js';

const PASSWORD = 'mật khẩu đủ dài 2026';
let bot: TestBot;
let calls: CsCall[];
const now = new Date('2026-08-10T02:00:00Z');

beforeAll(async () => {
  isolateNetwork();
  bot = await startBot('e2e', { ...ZALO_ENV }, () => now);
  calls = stubCs();
  const staff = createStaffStore({
    accounts: createRedisStaffStores(bot.redis, bot.config.redisKeyPrefix).accounts,
    encryptionKey: bot.secrets.encryption,
    kcnIds: kcnIdsOf(content),
  });
  for (const [username, role, kcns] of [
    ['can-bo-viet-han', 'officer', ['viet-han']],
    ['can-bo-dinh-tram', 'officer', ['dinh-tram']],
  ] as const) {
    const added = await staff.add({ username, password: PASSWORD, role, kcns: [...kcns] });
    expect(added.ok).toBe(true);
  }
});
afterAll(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await bot.cleanup();
});

async function login(username: string) {
  const agent = request.agent(bot.app);
  const res = await agent.post('/api/admin/login').send({ username, password: PASSWORD }).expect(200);
  return { agent, csrf: res.body.csrfToken as string };
}

async function fileReport(w: ChatDriver, description: string): Promise<string> {
  await w.send({ text: 'tố giác' });
  await w.send({ payload: '#report:urgent:no' });
  await w.send({ payload: '#report:cat:drugs' });
  await w.send({ payload: '#report:kcn:viet-han' });
  await w.send({ text: 'Khu nhà trọ gần cổng số 3' });
  await w.send({ text: 'Tối hôm qua khoảng 22 giờ' });
  await w.send({ text: description });
  await w.send({ payload: '#report:photos_done' });
  await w.send({ payload: '#report:contact:no' });
  const done = await w.send({ payload: '#report:confirm' });
  const code = /TG-[23456789A-HJKMNP-Z]{6}/.exec(allText(done))?.[0];
  expect(code).toBeDefined();
  return code!;
}

describe('tip-off end to end', () => {
  it('over Zalo: report, claim, ask, answer, resolve, told; another KCN gets 404; no platform id anywhere', async () => {
    const userId = zaloUserId();
    const worker = zaloDriver(bot, calls, userId);
    const description = 'Có người bán ma túy cho công nhân ở khu nhà trọ, nhiều lần trong tuần';
    const code = await fileReport(worker, description);

    const officer = await login('can-bo-viet-han');
    const list = await officer.agent.get('/api/admin/reports').query({ status: 'new', kcn: 'viet-han' }).expect(200);
    expect(list.body.reports.map((r: { code: string }) => r.code)).toContain(code);
    const detail = await officer.agent.get(`/api/admin/reports/${code}`).expect(200);
    expect(detail.body).toMatchObject({ code, status: 'new', category: 'drugs', kcn: 'viet-han', description });
    await officer.agent.post(`/api/admin/reports/${code}/claim`).expect(403);
    await officer.agent.post(`/api/admin/reports/${code}/claim`).set('X-CSRF-Token', officer.csrf).expect(200);

    const before = calls.length;
    const asked = await officer.agent
      .post(`/api/admin/reports/${code}/messages`)
      .set('X-CSRF-Token', officer.csrf)
      .send({ text: 'Bạn có biết người bán thường đi xe gì không?' })
      .expect(200);
    expect(asked.body).toEqual({ ok: true, queued: true });
    const question = toOutbound(calls.slice(before));
    expect(allText(question)).toContain('Bạn có biết người bán thường đi xe gì không?');
    expect(calls.slice(before).every((c) => c.userId === userId)).toBe(true);

    // The answer is shown back and sent once the reporter confirms (typed, as a worker would).
    const echoed = await worker.send({ text: 'Xe máy Wave màu xanh, biển 98' });
    expect(allText(echoed)).toContain('“Xe máy Wave màu xanh, biển 98”');
    const answered = await worker.send({ text: 'gui' });
    expect(allText(answered)).toContain('Đã gửi câu trả lời');
    const thread = await officer.agent.get(`/api/admin/reports/${code}`).expect(200);
    expect(thread.body.messages.map((m: { from: string; text: string }) => [m.from, m.text])).toEqual([
      ['officer', 'Bạn có biết người bán thường đi xe gì không?'],
      ['reporter', 'Xe máy Wave màu xanh, biển 98'],
    ]);

    const other = await login('can-bo-dinh-tram');
    const missing = await other.agent.get('/api/admin/reports/TG-ZZZZZZ').expect(404);
    expect((await other.agent.get(`/api/admin/reports/${code}`).expect(404)).body).toEqual(missing.body);
    await other.agent.post(`/api/admin/reports/${code}/claim`).set('X-CSRF-Token', other.csrf).expect(404);
    expect((await other.agent.get('/api/admin/reports').expect(200)).body.reports).toEqual([]);

    const beforeClose = calls.length;
    await officer.agent
      .post(`/api/admin/reports/${code}/status`)
      .set('X-CSRF-Token', officer.csrf)
      .send({ status: 'resolved', note: 'Đã chuyển Đội điều tra' })
      .expect(200);
    await bot.intake.idle();
    expect(allText(toOutbound(calls.slice(beforeClose)))).toContain(`Tin báo ${code} đã xử lý xong`);

    const officerSaw = JSON.stringify([list.body, detail.body, thread.body, asked.body]);
    expect(officerSaw).not.toContain(userId);
    expect(await bot.dumpRedis()).not.toContain(userId);
  });

  it('over the web chat: the question waits for the reporter; the officer sees the same queued answer as for Zalo, and no link goes out', async () => {
    const sessionId = 'web-e2e-reporter-session-99';
    const worker: ChatDriver = {
      async send(input) {
        return (
          await request(bot.app)
            .post('/api/chat')
            .send({ sessionId, ...input })
            .expect(200)
        ).body.replies;
      },
    };
    const code = await fileReport(worker, 'Một nhóm lạ mặt rủ công nhân chơi lô đề sau giờ làm việc');
    const officer = await login('can-bo-viet-han');
    await officer.agent.post(`/api/admin/reports/${code}/claim`).set('X-CSRF-Token', officer.csrf).expect(200);
    const asked = await officer.agent
      .post(`/api/admin/reports/${code}/messages`)
      .set('X-CSRF-Token', officer.csrf)
      .send({ text: 'Nhóm này có mấy người?' })
      .expect(200);
    // The same answer as for the Zalo reporter above: nothing tells the officer which channel was used.
    expect(asked.body).toEqual({ ok: true, queued: true });
    const pending = await officer.agent.get(`/api/admin/reports/${code}`).expect(200);
    expect(pending.body.messages).toEqual([{ from: 'officer', text: 'Nhóm này có mấy người?', at: expect.any(String) }]);
    expect(pending.body).not.toHaveProperty('pendingMessages');
    const linked = await officer.agent
      .post(`/api/admin/reports/${code}/messages`)
      .set('X-CSRF-Token', officer.csrf)
      .send({ text: 'Bạn xem ảnh ở bit.ly/abc rồi trả lời nhé' })
      .expect(422);
    expect(linked.body.error.code).toBe('link_not_allowed');
    expect((await officer.agent.get(`/api/admin/reports/${code}`)).body.messages).toHaveLength(1);

    const polled = (await request(bot.app).get('/api/chat/updates').query({ sessionId }).expect(200)).body.replies;
    expect(allText(polled)).toContain('Nhóm này có mấy người?');
    expect(allText(await worker.send({ text: 'Khoảng ba người' }))).toContain('Bạn muốn gửi câu trả lời này cho cán bộ');
    expect(allText(await worker.send({ payload: '#reply:send' }))).toContain('Đã gửi câu trả lời');
    await officer.agent.post(`/api/admin/reports/${code}/status`).set('X-CSRF-Token', officer.csrf).send({ status: 'rejected' }).expect(200);
    expect(allText(await worker.send({ text: 'menu' }))).toContain(`Tin báo ${code} đã đóng`);
    const seen = JSON.stringify((await officer.agent.get(`/api/admin/reports/${code}`).expect(200)).body);
    expect(seen).toContain('Khoảng ba người');
    expect(seen).not.toContain(sessionId);
    expect(await bot.dumpRedis()).not.toContain(sessionId);
  });

  it('alerts linked officers of the KCN with the code, category and park only', async () => {
    const officer = await login('can-bo-viet-han');
    const link = await officer.agent.post('/api/admin/alerts/link-code').set('X-CSRF-Token', officer.csrf).expect(200);
    const officerZalo = zaloUserId();
    const phone = zaloDriver(bot, calls, officerZalo);
    expect(allText(await phone.send({ text: String(link.body.code) }))).toContain('Đã liên kết');

    const before = calls.length;
    const worker = zaloDriver(bot, calls, zaloUserId());
    const secret = 'Kho hàng bị mất trộm hai cuộn dây đồng vào ca đêm';
    const code = await fileReport(worker, secret);
    const alerts = calls.slice(before).filter((c) => c.userId === officerZalo);
    const text = allText(toOutbound(alerts));
    expect(text).toContain(`Tin báo mới ${code}: Ma túy, KCN Việt Hàn`);
    expect(text).not.toContain('dây đồng');
  });
});
