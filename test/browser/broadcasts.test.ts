/**
 * Broadcasts in the dashboard, in Debian's chromium against the real bot (Zalo stood in by nock): a
 * supervisor writes a message for one park, sees it as Zalo and Messenger will show it with whom each
 * reaches now, confirms, and watches the counts come in (sent, outside the window, failed); schedules
 * another and cancels it; both are in the audit log. Titles per role: the organiser's dashboard is not
 * "Tố giác". Every screen fits a phone (390 px). Screenshots: /tmp/broadcast*.png, /tmp/organiser-events-phone.png.
 */
import nock from 'nock';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorkers } from '../../src/broadcast/ports.js';
import { pseudonymize } from '../../src/lib/crypto.js';
import { createKeys } from '../../src/store/redis/keys.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { serveInBrowser, type BrowserStand } from '../helpers/browser.js';
import { dashboard, phoneOverflow } from '../helpers/dashboard.js';
import { addStaff, STAFF_PASSWORD } from '../helpers/staff.js';
import { isolateNetwork, stubCs, zaloDriver, zaloUserId, ZALO_ENV, type CsCall } from '../helpers/zalo.js';

let bot: TestBot;
let stand: BrowserStand;
let browser: Browser;
let zaloCalls: CsCall[];
let workers: RunningWorkers;
const [parkA, noPark, longAgo] = [zaloUserId(), zaloUserId(), zaloUserId()];
const boss = { username: 'chi-huy', password: STAFF_PASSWORD };
const TEXT = 'KCN Đình Trám: tối nay 19 giờ tập huấn phòng cháy ở nhà văn hóa khu trọ. Mời bạn tới dự!';

beforeAll(async () => {
  isolateNetwork();
  bot = await startBot('bcbrowser', { ...ZALO_ENV, RATE_USER_PER_MINUTE: '200' });
  zaloCalls = stubCs();
  await addStaff(bot, 'chi-huy', 'supervisor', []);
  await addStaff(bot, 'btc', 'organizer', ['dinh-tram']);
  for (const [userId, park] of [
    [parkA, 'dinh-tram'],
    [noPark, 'none'],
    [longAgo, 'dinh-tram'],
  ] as const) {
    const worker = zaloDriver(bot, zaloCalls, userId);
    for (const payload of ['#subscribe', '#subscribe:safety', '#subscribe:done', `#subscribe:kcn:${park}`]) await worker.send({ payload });
  }
  // This subscriber last wrote 50 hours ago: outside Zalo's free 48-hour window.
  await bot.redis.set(createKeys(bot.config.redisKeyPrefix).seen(pseudonymize(bot.secrets.pseudonym, 'zalo', longAgo)), String(Date.now() - 50 * 3600_000));
  workers = bot.broadcasts.runWorkers();
  stand = await serveInBrowser(bot.app);
  browser = stand.browser;
}, 60_000);
afterAll(async () => {
  await stand?.close();
  await workers?.close();
  nock.cleanAll();
  nock.enableNetConnect();
  await bot?.cleanup();
});

const sentTo = (userId: string) => zaloCalls.filter((c) => c.userId === userId).map((c) => String(c.message.text));

/** A date and time in Vietnam (UTC+7) as a datetime-local field takes it. */
const vietnamLocal = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 16);

describe('broadcasts in the dashboard', () => {
  it('lets a supervisor preview a message for one park per channel, send it, and watch its counts', async () => {
    const { page, errors } = await dashboard(browser, stand.base, boss);
    expect(await page.textContent('.top h1')).toBe('Bảng điều khiển chỉ huy');
    await page.click('nav a[href="#/broadcasts"]');
    await page.waitForSelector('#broadcast-form');
    await page.selectOption('#bc-topic', 'safety');
    await page.check('input[name=scope][value=some]');
    await page.check('input[name=park][value=dinh-tram]');
    await page.fill('#bc-vi', TEXT);
    const zalo = 'section.bc-preview[data-channel=zalo]';
    await expect.poll(() => page.locator(`${zalo} .reach`).textContent()).toBe('Nhận được lúc này: 1 trên 2 người đăng ký.');
    expect(await page.locator(`${zalo} .bc-bubble`).allTextContents()).toEqual([TEXT, TEXT]);
    expect(await page.textContent(zalo)).toContain('Chỉ gửi được cho người đã nhắn với trang trong 48 giờ qua.');
    expect(await page.textContent(zalo)).toContain('Chưa có bản tiếng Anh nên gửi bản tiếng Việt.');
    expect(await page.textContent('section.bc-preview[data-channel=messenger] .reach')).toBe('Nhận được lúc này: 0 trên 0 người đăng ký.');
    expect(await page.title()).toBe('Gửi tin tới người đăng ký – Bảng điều khiển chỉ huy');
    await page.screenshot({ path: '/tmp/broadcast-compose.png', fullPage: true });
    expect(await phoneOverflow(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/broadcast-compose-phone.png', fullPage: true });

    // Sent from a phone (the viewport is still 390 px wide), then seen on a desktop too.
    await page.click('#bc-send');
    await page.waitForSelector('#bc-confirm:not([hidden])');
    expect(await page.textContent('#bc-confirm')).toContain('Gửi ngay tới khoảng 1 người (Zalo: 1, Messenger: 0)?');
    expect(sentTo(parkA)).not.toContain(TEXT);
    await page.click('#bc-confirm-send');
    const card = page.locator('li.broadcast', { hasText: TEXT });
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 20_000 }).toBe('done');
    expect(await card.locator('.count-sent dd').textContent()).toBe('1');
    expect(await card.locator('.count-skippedWindow dd').textContent()).toBe('1');
    expect(await card.locator('.count-failed dd').textContent()).toBe('0');
    expect(await card.textContent()).toContain('Mẹo an toàn · Đình Trám · Người gửi: chi-huy');
    expect(sentTo(parkA)).toContain(TEXT);
    expect([...sentTo(noPark), ...sentTo(longAgo)]).not.toContain(TEXT);
    await page.screenshot({ path: '/tmp/broadcast-sent-phone.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: '/tmp/broadcast-sent.png', fullPage: true });
    expect(await phoneOverflow(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('schedules a message and cancels it before its time; both are in the audit log, which fits a phone', async () => {
    const { page, errors } = await dashboard(browser, stand.base, boss, '#/broadcasts', 390);
    await page.waitForSelector('#broadcast-form');
    const later = 'Nhắc lịch: sáng mai 8 giờ kiểm tra an toàn điện ở các dãy trọ.';
    await page.fill('#bc-vi', later);
    await page.check('input[name=when][value=later]');
    await page.fill('#bc-at', vietnamLocal(Date.now() + 2 * 3600_000));
    expect(await page.textContent('#bc-send')).toBe('Hẹn giờ gửi');
    await page.click('#bc-send');
    await page.waitForSelector('#bc-confirm:not([hidden])');
    expect(await page.textContent('#bc-confirm')).toContain('Hẹn gửi lúc');
    await page.click('#bc-confirm-send');
    const card = page.locator('li.broadcast', { hasText: later });
    await expect.poll(() => card.getAttribute('data-status')).toBe('scheduled');
    expect(await card.textContent()).toContain('Hẹn lúc');
    expect(await phoneOverflow(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/broadcast-scheduled-phone.png', fullPage: true });
    await card.locator('button.cancel').click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('cancelled');
    expect(await card.locator('button.cancel').count()).toBe(0);
    expect(sentTo(parkA)).not.toContain(later);

    await page.click('nav a[href="#/audit"]');
    await page.waitForSelector('#audit-rows tr');
    const audit = await page.textContent('#audit-rows');
    expect(audit).toContain('Hủy tin hẹn giờ');
    expect(audit).toContain('Gửi hoặc hẹn giờ tin hàng loạt');
    expect(audit).toMatch(/scheduled for \d{4}-/);
    expect(await phoneOverflow(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/broadcast-audit-phone.png', fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('titles an organiser’s dashboard for the festival, not for tip-offs, with no broadcasts, and its events table fits a phone', async () => {
    const { page, errors } = await dashboard(browser, stand.base, { username: 'btc', password: STAFF_PASSWORD });
    await page.waitForSelector('main h2');
    expect(await page.textContent('.top h1')).toBe('Ban tổ chức – Sự kiện và hỏi đáp');
    expect(await page.title()).toBe('Sự kiện – Ban tổ chức – Sự kiện và hỏi đáp');
    expect(await page.title()).not.toContain('Tố giác');
    expect(await page.locator('nav a[href="#/broadcasts"], nav a[href="#/reports"]').count()).toBe(0);
    expect(await page.locator('main table tbody tr').count()).toBeGreaterThan(0);
    expect(await phoneOverflow(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/organiser-events-phone.png', fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
