/** The anonymous report end to end over the web chat, with the officer side driven through the service. */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/core/message.js';
import { createReportKeys } from '../../src/store/redis/keys.js';
import { effectContext, startBot, type TestBot } from '../helpers/bot.js';
import { allPayloads, allText, type ChatDriver } from '../helpers/conversations.js';
import { createRedisReportStore } from '../../src/store/redis/reports.js';

let bot: TestBot;
let now = new Date('2026-08-05T02:00:00Z');
beforeAll(async () => {
  // One reporter files six reports in a row, and the file sends well over 120 messages a minute and a dozen
  // reports from one address: above the default rate limits, which are not under test here.
  bot = await startBot('report', { RATE_USER_PER_MINUTE: '200', RATE_WEB_PER_MINUTE: '10000', RATE_WEB_REPORTS_PER_HOUR: '100' }, () => now);
});
afterAll(async () => bot.cleanup());

function web(sessionId: string): ChatDriver & { poll(): Promise<OutboundMessage[]> } {
  return {
    async send(input) {
      const res = await request(bot.app)
        .post('/api/chat')
        .send({ sessionId, ...input })
        .expect(200);
      return res.body.replies as OutboundMessage[];
    },
    async poll() {
      const res = await request(bot.app).get('/api/chat/updates').query({ sessionId }).expect(200);
      return res.body.replies as OutboundMessage[];
    },
  };
}

/** Walks the report flow to the summary; returns the last replies. */
async function fileReport(w: ChatDriver, description: string, opts: { typed?: boolean } = {}) {
  let r = await w.send({ text: opts.typed ? 'to giac' : 'tố giác' });
  expect(allText(r)).toContain('không thấy tên hay tài khoản của bạn');
  r = await w.send({ text: 'Không khẩn cấp' });
  expect(allPayloads(r)).toContain('#report:cat:theft');
  r = await w.send({ text: opts.typed ? 'trom cap tai san' : '1' });
  expect(allText(r)).toContain('khu công nghiệp nào');
  r = await w.send({ text: 'Quang Chau' });
  r = await w.send({ text: 'Công ty ABC, kho số 2' });
  r = await w.send({ text: 'sáng nay khoảng 9 giờ' });
  r = await w.send({ text: 'ngắn' });
  expect(allText(r)).toContain('ít nhất 10 ký tự');
  r = await w.send({ text: description });
  expect(allText(r)).toContain('Trang web chưa nhận ảnh');
  r = await w.send({ payload: '#report:photos_done' });
  r = await w.send({ text: 'Không, giữ ẩn danh' });
  expect(allText(r)).toContain('Loại việc: Trộm cắp tài sản');
  expect(allText(r)).toContain('KCN: Quang Châu');
  return r;
}

async function confirm(w: ChatDriver) {
  const r = await w.send({ text: 'Gửi tin báo' });
  const text = allText(r);
  const code = /TG-[23456789A-HJKMNP-Z]{6}/.exec(text)?.[0];
  const key = /Mã bí mật: ([23456789A-HJKMNP-Z]{10})/.exec(text)?.[1];
  expect(code).toBeDefined();
  expect(key).toBeDefined();
  return { code: code!, key: key! };
}

describe('report over the web chat', () => {
  const SESSION = 'reporter-web-session-0001';
  const SECRET_TEXT = 'Một người lạ lấy trộm xe máy ở bãi xe công nhân ca sáng';

  it('reports, is asked, answers, and hears the report was closed, while officers never see who reported', async () => {
    const worker = web(SESSION);
    await fileReport(worker, SECRET_TEXT);
    const { code } = await confirm(worker);

    const officer = bot.reports.officer;
    const listed = await officer.list({ kcns: ['quang-chau'] });
    expect(listed.map((r) => r.code)).toContain(code);
    expect(await officer.list({ kcns: ['dinh-tram'] })).toEqual([]);
    expect((await officer.claim(code, 'can-bo-a')).ok).toBe(true);
    expect(await officer.claim(code, 'can-bo-b')).toEqual({ ok: false, error: 'already_claimed' });

    const asked = await officer.ask(code, 'can-bo-a', 'Bạn nhìn thấy biển số xe không?');
    expect(asked).toEqual({ ok: true, value: { queued: true } });

    const waiting = await worker.poll();
    expect(allText(waiting)).toContain('Cán bộ hỏi về tin báo');
    expect(allText(waiting)).toContain('Bạn nhìn thấy biển số xe không?');
    expect(await worker.poll()).toEqual([]);
    expect(allText(await worker.send({ text: 'Biển số 98B1-123.45, xe màu đỏ' }))).toContain('Bạn muốn gửi câu trả lời này cho cán bộ');
    const answered = await worker.send({ text: 'ok' });
    expect(allText(answered)).toContain('Đã gửi câu trả lời');

    const detail = await officer.get(code);
    expect(detail!.messages.map((m) => [m.from, m.text])).toEqual([
      ['officer', 'Bạn nhìn thấy biển số xe không?'],
      ['reporter', 'Biển số 98B1-123.45, xe màu đỏ'],
    ]);
    expect(detail!.description).toBe(SECRET_TEXT);
    expect(detail!.place).toBe('Công ty ABC, kho số 2');

    expect((await officer.setStatus(code, 'can-bo-a', 'resolved', 'Đã trả lại xe')).ok).toBe(true);
    const told = await worker.send({ text: 'menu' });
    expect(allText(told)).toContain(`Tin báo ${code} đã xử lý xong`);

    const officerView = JSON.stringify([await officer.list({}), await officer.get(code)]);
    expect(officerView).not.toContain(SESSION);
    const dump = await bot.dumpRedis();
    expect(dump).toContain(code);
    expect(dump).not.toContain(SESSION);
    expect(dump).not.toContain('lấy trộm xe máy');
  });

  it('looks a report up with code and key from another session, delivers waiting questions, and takes more information', async () => {
    const worker = web('reporter-lookup-1');
    await fileReport(worker, 'Có nhóm người tụ tập đánh bạc sau giờ tan ca ở khu trọ', { typed: true });
    const { code, key } = await confirm(worker);
    await bot.reports.officer.ask(code, 'can-bo-c', 'Khoảng mấy người?');

    const other = web('another-device-2');
    await other.send({ text: 'tra cứu' });
    expect(allText(await other.send({ text: code.toLowerCase().replace('-', ' ') }))).toContain('mã bí mật');
    const found = await other.send({ text: key });
    expect(allText(found)).toContain(`Tin báo ${code}: cán bộ cần thêm thông tin`);
    expect(allText(found)).toContain('Khoảng mấy người?');
    await other.send({ text: 'Bổ sung thông tin' });
    expect(allText(await other.send({ text: 'Khoảng 6 người' }))).toContain('Đã gửi thông tin bổ sung');
    expect((await bot.reports.officer.get(code))!.messages.at(-1)).toMatchObject({ from: 'reporter', text: 'Khoảng 6 người' });

    const wrong = web('guesser-3');
    await wrong.send({ text: 'tra cuu' });
    await wrong.send({ text: code });
    expect(allText(await wrong.send({ text: 'AAAAAAAAAA' }))).toContain('chưa đúng');
  });

  it('shows a question seen and left unanswered again at lookup, with its Reply button, and takes the answer', async () => {
    const worker = web('reporter-ignored-4');
    await fileReport(worker, 'Có người lạ đứng rình ở cổng sau nhà xưởng mấy tối liền');
    const { code, key } = await confirm(worker);
    await bot.reports.officer.ask(code, 'can-bo-d', 'Người đó đi xe gì?');
    expect(allText(await worker.poll())).toContain('Người đó đi xe gì?');
    // The worker leaves the question and does something else; a later lookup must not lose it.
    await worker.send({ text: 'menu' });
    await worker.send({ text: 'tra cứu' });
    await worker.send({ text: code });
    const found = await worker.send({ text: key });
    expect(allText(found)).toContain('Người đó đi xe gì?');
    expect(allPayloads(found)).toContain(`#reply:${code}`);
    expect(allText(await worker.send({ payload: `#reply:${code}` }))).not.toBe('');
    expect(allText(await worker.send({ text: 'Xe Wave màu xanh, không biển số' }))).toContain('Bạn muốn gửi câu trả lời này cho cán bộ');
    expect(allText(await worker.send({ text: 'ok' }))).toContain('Đã gửi câu trả lời');
    expect((await bot.reports.officer.get(code))!.messages.at(-1)).toMatchObject({ from: 'reporter', text: 'Xe Wave màu xanh, không biển số' });
    // Answered: a second lookup shows the status only.
    await worker.send({ text: 'tra cứu' });
    await worker.send({ text: code });
    expect(allText(await worker.send({ text: key }))).not.toContain('Người đó đi xe gì?');
  });

  it('files nothing the reporter did not choose to send: another request typed after the question, or an answer typed after the wait', async () => {
    const worker = web('reporter-captured-9');
    await fileReport(worker, 'Có người lạ cắt khóa tủ đồ ở xưởng may ca đêm');
    const { code } = await confirm(worker);
    const start = now;
    const answers = async () => (await bot.reports.officer.get(code))!.messages.filter((m) => m.from === 'reporter');
    try {
      await bot.reports.officer.ask(code, 'can-bo-f', 'Bạn thấy người đó lúc mấy giờ?');
      expect(allText(await worker.poll())).toContain('Bạn thấy người đó lúc mấy giờ?');
      // The case that was once filed as the answer, with the name in it.
      const other = allText(await worker.send({ text: 'Cho tôi đăng ký giải bóng đá, tên tôi là Lê Thị Hoa, công ty Minh Phát' }));
      expect(other).not.toContain('Bạn muốn gửi câu trả lời này cho cán bộ');
      expect(other).toContain('Giải bóng đá công nhân KCN Quang Châu');
      await worker.send({ text: 'hủy' });

      // Past the wait (limits.replyWaitMinutes, 15), typed text is no answer; within it, it is (shown back first).
      await bot.reports.officer.ask(code, 'can-bo-f', 'Người đó cao hay thấp?');
      expect(allText(await worker.poll())).toContain('Người đó cao hay thấp?');
      now = new Date(start.getTime() + 16 * 60_000);
      const lateText = allText(await worker.send({ text: 'Khoảng 1m7, người gầy' }));
      expect(lateText).not.toContain('Bạn muốn gửi câu trả lời này cho cán bộ');
      await bot.reports.officer.ask(code, 'can-bo-f', 'Người đó mặc áo màu gì?');
      expect(allText(await worker.poll())).toContain('Người đó mặc áo màu gì?');
      now = new Date(start.getTime() + 30 * 60_000);
      expect(allText(await worker.send({ text: 'Áo khoác đen' }))).toContain('Bạn muốn gửi câu trả lời này cho cán bộ');
      expect(await answers()).toEqual([]);
      await worker.send({ text: 'ok' });
      expect((await answers()).map((m) => m.text)).toEqual(['Áo khoác đen']);
    } finally {
      now = start;
    }
  });

  it("takes an answer through the Reply button only from the report's own reporter (its per-report token)", async () => {
    const worker = web('reporter-reply-8');
    await fileReport(worker, 'Có người lạ vào khu để xe của công nhân lấy mũ bảo hiểm');
    const { code } = await confirm(worker);
    const stranger = web('stranger-reply-9');
    await stranger.send({ payload: `#reply:${code}` });
    await stranger.send({ text: 'Tôi là người khác' });
    expect(allText(await stranger.send({ payload: '#reply:send' }))).toContain('chưa đúng');
    await worker.send({ payload: `#reply:${code}` });
    await worker.send({ text: 'Người đó đội mũ đỏ' });
    expect(allText(await worker.send({ payload: '#reply:send' }))).toContain('Đã gửi câu trả lời');
    expect((await bot.reports.officer.get(code))!.messages.map((m) => m.text)).toEqual(['Người đó đội mũ đỏ']);
  });

  it("hints at a duplicate only within one KCN: officers never learn of the reporter's report in another park", async () => {
    const ctx = effectContext(bot, 'web', 'reporter-dupes-10', now);
    const draft = { category: 'theft', when: 'sáng nay', description: 'Mất trộm hai chiếc xe đạp ở nhà xe phía sau xưởng may', photos: [] };
    const codeOf = async (kcn: string) => ((await bot.reports.reporter.submit({ ...draft, kcn }, ctx)).say[0]!.params as { code: string }).code;
    const first = await codeOf('van-trung');
    const again = await codeOf('van-trung');
    const elsewhere = await codeOf('hoa-phu');
    const listed = [...(await bot.reports.officer.list({ kcns: ['van-trung'] })), ...(await bot.reports.officer.list({ kcns: ['hoa-phu'] }))];
    const hint = (code: string) => listed.find((r) => r.code === code)?.likelyDuplicateOf;
    expect(hint(again)).toBe(first);
    expect(hint(elsewhere)).toBeUndefined();
  });

  it('limits each reporter to the daily number of reports', async () => {
    const worker = web('reporter-limit-4');
    for (let i = 0; i < 5; i++) {
      await fileReport(worker, `Tin báo thử số ${i} về việc mất trộm dụng cụ trong xưởng`);
      await confirm(worker);
    }
    await fileReport(worker, 'Tin báo thứ sáu về việc mất trộm dụng cụ trong xưởng');
    expect(allText(await worker.send({ text: 'Gửi tin báo' }))).toContain('Hôm nay bạn đã gửi 5 tin báo');
    const mine = await bot.reports.officer.list({ kcns: ['quang-chau'] });
    expect(mine.filter((r) => r.likelyDuplicateOf).length).toBeGreaterThan(0);
  });

  it('shows emergency numbers first when something is happening now', async () => {
    const worker = web('reporter-urgent-5');
    await worker.send({ text: 'báo tin' });
    const r = await worker.send({ payload: '#report:urgent:yes' });
    expect(allText(r)).toContain('113 – Công an, 114 – Cứu hỏa, 115 – Cấp cứu');
    const phones = r
      .flatMap((m) => m.buttons ?? [])
      .filter((b) => b.kind === 'phone')
      .map((b) => b.payload);
    expect(phones).toEqual(['113', '114', '115']);
  });

  it('flags reports left unclaimed, returns idle claims to the queue, and deletes addresses after closing', async () => {
    now = new Date('2026-08-06T02:00:00Z');
    const w1 = web('reporter-jobs-6');
    await fileReport(w1, 'Có người lạ cạy tủ đồ cá nhân trong phòng thay đồ');
    const { code } = await confirm(w1);
    const w2 = web('reporter-jobs-7');
    await fileReport(w2, 'Mất ví trong nhà ăn ca trưa, có người nhìn thấy');
    const other = (await confirm(w2)).code;
    const officer = bot.reports.officer;
    await officer.claim(code, 'can-bo-d');

    const later = new Date(now.getTime() + bot.config.reports.escalateMs + 60_000);
    const result = await bot.reports.runJobs(later);
    expect(result.escalated).toContain(other);
    expect(result.escalated).not.toContain(code);
    expect((await bot.reports.runJobs(later)).escalated).not.toContain(other);
    now = later;
    expect((await officer.list({ kcns: ['quang-chau'] })).find((r) => r.code === other)!.overdue).toBe(true);

    const store = createRedisReportStore(bot.redis, bot.config.redisKeyPrefix, bot.secrets.encryption);
    await new Promise((r) => setTimeout(r, 30));
    expect(await store.releaseIdle('quang-chau', 10, now.toISOString())).toContain(code);
    expect((await officer.get(code))!.status).toBe('new');
    expect((await officer.claim(code, 'can-bo-e')).ok).toBe(true);

    expect((await officer.setStatus(code, 'can-bo-e', 'rejected')).ok).toBe(true);
    expect((await officer.get(code))!.canMessageReporter).toBe(false);
    const month = new Date(now.getTime() + 31 * 86_400_000);
    expect((await bot.reports.runJobs(month)).addressesDeleted).toContain(code);
    expect(await bot.redis.hexists(createReportKeys(bot.config.redisKeyPrefix).report(code), 'address')).toBe(0);
    expect(await officer.ask(code, 'can-bo-e', 'Còn đó không?')).toEqual({ ok: false, error: 'closed' });
  });
});
