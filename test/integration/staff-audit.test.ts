/**
 * The staff side as the bot wires it: broadcasts sent and reads of the unanswered-questions list are
 * in the audit log; the list is for organisers and supervisors, never officers.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kcnIdsOf } from '../../src/admin/access.js';
import { createStaffStore } from '../../src/admin/staff-store.js';
import type { Role } from '../../src/admin/types.js';
import { content, startBot, type TestBot } from '../helpers/bot.js';
import { SCRIPT_NOW } from '../helpers/conversations.js';
import { createRedisStaffStores } from '../../src/store/redis/staff.js';
import { createRedisAuditLog } from '../../src/store/redis/staff.js';

const PASSWORD = 'mật khẩu đủ dài 2026';
let bot: TestBot;
beforeAll(async () => {
  bot = await startBot('staffaudit', {}, () => SCRIPT_NOW);
  const staff = createStaffStore({
    accounts: createRedisStaffStores(bot.redis, bot.config.redisKeyPrefix).accounts,
    encryptionKey: bot.secrets.encryption,
    kcnIds: kcnIdsOf(content),
  });
  for (const [username, role, kcns] of [
    ['can-bo', 'officer', ['dinh-tram']],
    ['chi-huy', 'supervisor', []],
    ['btc', 'organizer', []],
  ] as [string, Role, string[]][]) {
    expect((await staff.add({ username, password: PASSWORD, role, kcns })).ok).toBe(true);
  }
});
afterAll(async () => bot.cleanup());

async function login(username: string) {
  const agent = request.agent(bot.app);
  const res = await agent.post('/api/admin/login').send({ username, password: PASSWORD }).expect(200);
  return { agent, csrf: res.body.csrfToken as string };
}
const audited = async (action: string) =>
  (await createRedisAuditLog(bot.redis, bot.config.redisKeyPrefix).list({ limit: 200 }))
    .filter((e) => e.action === action)
    .map((e) => `${e.actor}${e.detail ? ` ${e.detail}` : ''}`);

describe('staff audit', () => {
  it('records every read of the unanswered questions, by organisers and supervisors; officers get 403 and read nothing', async () => {
    const officer = await login('can-bo');
    expect((await officer.agent.get('/api/admin/faq/unanswered')).status).toBe(403);
    await (await login('btc')).agent.get('/api/admin/faq/unanswered').expect(200);
    await (await login('chi-huy')).agent.get('/api/admin/faq/unanswered?limit=5').expect(200);
    expect(await audited('unanswered_read')).toEqual(['chi-huy', 'btc']);
  });

  it('never lists what was typed inside a flow (a report draft at its summary) nor a tip-off typed outside one; a question nobody answers is listed', async () => {
    const chat = (sessionId: string) => async (input: { text: string } | { payload: string }) =>
      request(bot.app)
        .post('/api/chat')
        .send({ sessionId, ...input })
        .expect(200);
    const worker = chat('draft-typist');
    for (const step of ['#report', '#report:urgent:no', '#report:cat:theft', '#report:kcn:dinh-tram', '#report:skip']) await worker({ payload: step });
    await worker({ text: 'tối qua' });
    await worker({ text: 'Hai thanh niên bẻ khóa lấy xe máy ở bãi xe phía sau xưởng' });
    await worker({ payload: '#report:photos_done' });
    await worker({ payload: '#report:contact:no' });
    await worker({ text: 'thêm nữa là hắn mặc áo khoác xanh có hình con rồng' });
    await chat('tipster')({ text: 'Có một nhóm cho vay nặng lãi hay đến phòng trọ đe dọa công nhân, tối qua chúng đập cửa đòi nợ' });
    await chat('asker')({ text: 'giá vàng hôm nay bao nhiêu' });
    const listed = (
      (await (await login('btc')).agent.get('/api/admin/faq/unanswered?limit=100').expect(200)).body as { questions: { question: string }[] }
    ).questions.map((q) => q.question);
    expect(listed.some((q) => q.includes('gia vang'))).toBe(true);
    expect(listed.filter((q) => /ao khoac|con rong|cho vay|phong tro|be khoa/.test(q))).toEqual([]);
  });

  it('records each broadcast a supervisor starts (campaign or written message), and none that did not start', async () => {
    const boss = await login('chi-huy');
    await boss.agent.post('/api/admin/broadcasts').set('X-CSRF-Token', boss.csrf).send({ campaignId: '2026-mo-dau' }).expect(202);
    await boss.agent.post('/api/admin/broadcasts').set('X-CSRF-Token', boss.csrf).send({ campaignId: '2026-mo-dau' }).expect(409);
    await boss.agent.post('/api/admin/broadcasts').set('X-CSRF-Token', boss.csrf).send({ campaignId: 'no-such-campaign' }).expect(404);
    const text = { vi: 'Cảnh báo: mùa mưa bão, kiểm tra dây điện phòng trọ.', en: 'Storm season: check the wiring in your room.' };
    await boss.agent.post('/api/admin/broadcasts').set('X-CSRF-Token', boss.csrf).send({ topic: 'safety', text }).expect(202);
    expect(await audited('broadcast')).toEqual([expect.stringMatching(/^chi-huy message · safety · msg-\d{14}-[0-9a-f]{6}$/), 'chi-huy campaign 2026-mo-dau']);
    const organiser = await login('btc');
    await organiser.agent.post('/api/admin/broadcasts').set('X-CSRF-Token', organiser.csrf).send({ campaignId: '2026-ngay-hoi' }).expect(403);
    expect(await audited('broadcast')).toHaveLength(2);
  });
});
