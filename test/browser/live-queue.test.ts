/**
 * The officers' live queue in Debian's chromium against two real bot instances on one Redis: the page
 * talks to instance A while the reporter's report and answers come in through instance B's web chat.
 * Without a reload the queue shows the new report, then the answer (marked, counted in the heading,
 * the navigation and the tab's title); the report page says that asking claims it, takes a second
 * answer in while the officer is typing a note (kept), and goes back from "needs information" to "in
 * progress". Every screen fits a phone (390 px). Screenshots: /tmp/live-queue*.png.
 */
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type TestBot } from '../helpers/bot.js';
import { serveInBrowser, type BrowserStand } from '../helpers/browser.js';
import { allText } from '../helpers/conversations.js';
import { dashboard, phoneOverflow } from '../helpers/dashboard.js';
import { addStaff, STAFF_PASSWORD } from '../helpers/staff.js';

const LIMITS = { RATE_USER_PER_MINUTE: '200', RATE_WEB_PER_MINUTE: '10000' };
const SESSION = 'live-queue-reporter-0000001';
let a: TestBot;
let b: TestBot;
let stand: BrowserStand;
let browser: Browser;

beforeAll(async () => {
  a = await startBot('livequeue', LIMITS);
  b = await startBot('livequeue', { ...LIMITS, REDIS_KEY_PREFIX: a.config.redisKeyPrefix });
  await addStaff(a, 'lan', 'officer', ['quang-chau']);
  stand = await serveInBrowser(a.app);
  browser = stand.browser;
}, 60_000);
afterAll(async () => {
  await stand?.close();
  await b?.close();
  await a?.cleanup();
});

/** The reporter, on instance B's web chat. */
const chat = async (input: { text: string } | { payload: string }) =>
  (
    await request(b.app)
      .post('/api/chat')
      .send({ sessionId: SESSION, ...input })
      .expect(200)
  ).body.replies as { text: string }[];

async function fileReport(): Promise<string> {
  await chat({ text: 'tố giác' });
  for (const payload of ['#report:urgent:no', '#report:cat:theft', '#report:kcn:quang-chau']) await chat({ payload });
  await chat({ text: 'Bãi xe công ty XYZ, cổng 3' });
  await chat({ text: 'Khoảng 7 giờ sáng nay' });
  await chat({ text: 'Có người lạ cắt khóa lấy xe đạp điện của công nhân ca đêm' });
  await chat({ payload: '#report:photos_done' });
  await chat({ payload: '#report:contact:no' });
  const code = /TG-[23456789A-HJKMNP-Z]{6}/.exec(allText((await chat({ payload: '#report:confirm' })) as never))?.[0];
  expect(code).toBeDefined();
  return code!;
}

/** The reporter reads the officer's question and answers it. */
async function answer(text: string) {
  const waiting = await request(b.app).get('/api/chat/updates').query({ sessionId: SESSION }).expect(200);
  expect(allText(waiting.body.replies)).toContain('Cán bộ hỏi');
  await chat({ text });
  expect(allText((await chat({ text: 'ok' })) as never)).toContain('Đã gửi câu trả lời');
}

describe('the officers’ live queue', () => {
  it('shows a new report and a reporter’s answer without a reload, marked and counted, from another instance', async () => {
    const { page, errors } = await dashboard(browser, stand.base, { username: 'lan', password: STAFF_PASSWORD });
    expect(await page.textContent('.top h1')).toBe('Tố giác – Bảng điều khiển cán bộ');
    await page.waitForSelector('#queue');
    expect(await page.locator('a.report-card').count()).toBe(0);

    const code = await fileReport();
    const cardOf = `a.report-card[data-code="${code}"]`;
    await page.waitForSelector(cardOf, { timeout: 15_000 });

    await page.click(cardOf);
    await page.waitForSelector('#ask-form');
    expect(await page.textContent('#ask-claims')).toBe('Gửi câu hỏi là bạn nhận xử lý tin này.');
    await page.fill('#ask-form textarea', 'Xe đạp điện màu gì, bạn nhớ không?');
    await page.click('#ask-form button[type=submit]');
    await page.waitForSelector('#thread li.msg.officer');
    expect(await page.textContent('#flash')).toContain('Bạn đã nhận xử lý tin này.');
    expect(await page.textContent('#report-status')).toBe('Cần thêm thông tin');
    expect(await page.locator('#ask-claims').count()).toBe(0);

    await page.click('a.back');
    await page.waitForSelector(cardOf);
    expect(await page.locator(`${cardOf}.unread`).count()).toBe(0);
    await answer('Màu xanh dương, yên sau có giỏ');
    await page.waitForSelector(`${cardOf}.unread`, { timeout: 15_000 });
    expect(await page.textContent('#unread-count')).toBe('Trả lời mới: 1');
    expect(await page.textContent('#unread-badge')).toBe('1');
    expect(await page.title()).toBe('(1) Tin tố giác – Tố giác – Bảng điều khiển cán bộ');
    expect(await page.textContent(cardOf)).toContain('Có trả lời mới');
    expect(await page.textContent(cardOf)).toMatch(/Người báo tin nhắn lúc \d\d:\d\d/);
    await page.screenshot({ path: '/tmp/live-queue.png', fullPage: true });
    expect(await phoneOverflow(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/live-queue-phone.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.fill('#f-q', 'xanh duong');
    await expect.poll(() => page.locator('a.report-card').count()).toBe(1);
    await page.fill('#f-q', 'khong co chu nay');
    await expect.poll(() => page.locator('a.report-card').count()).toBe(0);
    await page.fill('#f-q', '');
    await page.waitForSelector(cardOf);

    await page.click(cardOf);
    await page.waitForSelector('#thread li.msg.reporter');
    expect(await page.textContent('#thread')).toContain('Màu xanh dương, yên sau có giỏ');
    await expect.poll(() => page.title()).toBe(`${code} – Tố giác – Bảng điều khiển cán bộ`); // read now: the count is gone
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('takes a second answer in on the open report while a note is being typed, and goes back to in progress', async () => {
    const code = (await a.reports.officer.list({ kcns: ['quang-chau'] }))[0]!.code;
    // On a phone this time: the answer comes in without a reload there too.
    const { page, errors } = await dashboard(browser, stand.base, { username: 'lan', password: STAFF_PASSWORD }, `#/reports/${code}`, 390);
    await page.waitForSelector('#ask-form');
    await page.fill('#ask-form textarea', 'Bạn có thấy mặt người đó không?');
    await page.click('#ask-form button[type=submit]');
    await expect.poll(() => page.locator('#thread li.msg.officer').count()).toBe(2);
    await page.fill('#note-form textarea', 'Đã báo bảo vệ cổng 3');

    await answer('Không thấy rõ, người đó đội mũ bảo hiểm đen');
    await expect.poll(() => page.locator('#thread li.msg.reporter').count(), { timeout: 15_000 }).toBe(2);
    expect(await page.textContent('#flash')).toContain('Người báo tin vừa trả lời.');
    expect(await page.inputValue('#note-form textarea')).toBe('Đã báo bảo vệ cổng 3');
    await expect.poll(() => page.locator('#unread-badge').isHidden()).toBe(true); // read as it came in
    await page.screenshot({ path: '/tmp/live-queue-report.png', fullPage: true });
    expect(await phoneOverflow(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/live-queue-report-phone.png', fullPage: true });

    await page.fill('#note-form textarea', '');
    await page.selectOption('#status-form select', 'claimed');
    await page.click('#status-form button[type=submit]');
    await expect.poll(() => page.textContent('#report-status')).toBe('Đang xử lý');
    expect((await a.reports.officer.get(code))?.status).toBe('claimed');
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
