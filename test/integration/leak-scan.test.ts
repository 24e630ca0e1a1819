/**
 * The leak scan (issue 15): two people, one on Zalo and one on the web chat, each report and sign up; an
 * officer claims, asks and reads; one reporter then types something else with their name in it. No raw
 * platform id, web session id, name or phone appears in Redis, in the logs (at trace level) or in what
 * the officer's API returns, and the sentence is not filed as an answer.
 */
import { Writable } from 'node:stream';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { allText, type ChatDriver, type Send } from '../helpers/conversations.js';
import { chat, poll } from '../helpers/edits.js';
import { addStaff, staffLogin } from '../helpers/staff.js';
import { isolateNetwork, stubCs, zaloDriver, zaloUserId, ZALO_ENV } from '../helpers/zalo.js';

/** Every line the bot logs, at trace level, through the production logger's redaction. */
const lines: string[] = [];
const sink = new Writable({
  write(chunk, _e, cb) {
    lines.push(chunk.toString('utf8'));
    cb();
  },
});
let bot: TestBot;

beforeAll(async () => {
  isolateNetwork();
  bot = await startBot('leakscan', { RATE_USER_PER_MINUTE: '500', ...ZALO_ENV }, undefined, undefined, { logger: createLogger('trace', sink) });
  await addStaff(bot, 'can-bo-vh', 'officer', ['viet-han']);
});
afterAll(async () => {
  await bot.cleanup();
  nock.cleanAll();
  nock.enableNetConnect();
});

async function fileReport(w: ChatDriver, description: string) {
  for (const s of [
    { text: 'tố giác' },
    { payload: '#report:urgent:no' },
    { payload: '#report:cat:drugs' },
    { payload: '#report:kcn:viet-han' },
    { text: 'Khu nhà trọ gần cổng số 3' },
    { text: 'Tối hôm qua khoảng 22 giờ' },
    { text: description },
    { payload: '#report:photos_done' },
    { payload: '#report:contact:no' },
  ] satisfies Send[])
    await w.send(s);
  return /TG-[23456789A-HJKMNP-Z]{6}/.exec(allText(await w.send({ payload: '#report:confirm' })))![0];
}
async function signUp(w: ChatDriver, name: string, phone: string) {
  for (const s of ['đăng ký sự kiện', '#signup:event:vh-dan-van-kheo', '#signup:join', 'Đồng ý', name, 'Công ty TNHH Minh Phát', phone])
    await w.send(s.startsWith('#') ? { payload: s } : { text: s });
  return allText(await w.send({ text: 'Xác nhận' }));
}

describe('the leak scan', () => {
  it('finds no raw id, name or phone in Redis, logs or officer responses; the captured sentence is not filed', async () => {
    const calls = stubCs();
    const zaloUser = zaloUserId();
    const z = zaloDriver(bot, calls, zaloUser);
    const zCode = await fileReport(z, 'Có người bán ma túy cho công nhân ở khu nhà trọ, nhiều lần');
    expect(await signUp(z, 'Lê Thị Hoa', '0987654321')).toMatch(/DK-/);

    const sessionId = 'leak-scan-web-session-4242';
    const web: ChatDriver = { send: (input) => chat(bot.app, sessionId, input) };
    const wCode = await fileReport(web, 'Một nhóm lạ mặt rủ công nhân chơi lô đề sau giờ làm');
    expect(await signUp(web, 'Phạm Văn Quang', '0911222333')).toMatch(/DK-/);

    const officer = await staffLogin(bot.app, 'can-bo-vh');
    const seen: string[] = [];
    const keep = (r: { text: string }) => (seen.push(r.text), r);
    for (const code of [zCode, wCode]) {
      keep(await officer.post(bot.app, `/api/admin/reports/${code}/claim`).expect(200));
      keep(await officer.post(bot.app, `/api/admin/reports/${code}/messages`, { text: 'Bạn có biết thêm gì không?' }).expect(200));
    }
    // Item 1 end to end: the question shown (poll), then the reporter types something else entirely.
    expect(allText(await poll(bot.app, sessionId))).toContain('Bạn có biết thêm gì không?');
    const captured = 'Cho tôi đăng ký giải bóng đá, tên tôi là Lê Thị Hoa, công ty Minh Phát';
    expect(allText(await web.send({ text: captured }))).not.toContain('Bạn muốn gửi câu trả lời này cho cán bộ');
    await z.send({ text: captured });
    keep(await officer.get(bot.app, '/api/admin/reports').expect(200));
    for (const code of [zCode, wCode]) keep(await officer.get(bot.app, `/api/admin/reports/${code}`).expect(200));
    const thread = JSON.parse(seen.at(-1)!).messages;
    const zthread = JSON.parse(seen.at(-2)!).messages;
    expect(JSON.stringify([thread, zthread])).not.toContain('Lê Thị Hoa');

    const dump = await bot.dumpRedis();
    const logs = lines.join('');
    // The scan reads something: the turns were logged at trace level.
    expect(lines.length).toBeGreaterThan(50);
    const secrets = [zaloUser, sessionId, 'Lê Thị Hoa', 'Le Thi Hoa', 'Phạm Văn Quang', '0987654321', '0911222333', '987654321', '911222333'];
    const found: string[] = [];
    for (const [where, text] of [
      ['redis', dump],
      ['logs', logs],
      ['officer', seen.join('\n')],
    ] as const)
      for (const s of secrets) if (text.includes(s) || text.includes(s.normalize('NFD'))) found.push(`${where}: ${s}`);
    expect(found).toEqual([]);
  }, 60_000);
});
