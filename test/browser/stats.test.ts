/**
 * The statistics in Debian's chromium: a supervisor picks July 2027 and sees the month's known figures
 * in tables and charts (Chart.js served by the bot under `script-src 'self'`), follows a figure to the
 * list behind it, and at phone width (390 px) nothing overflows; an officer sees only the report part;
 * the printable report prints to an A4 PDF whose text (pdftotext) has the report's headings and a table.
 * Saves /tmp/stats-desktop.png, /tmp/stats-phone.png (and -top, -reports, -events), /tmp/stats-officer.png, /tmp/stats-report.png,
 * /tmp/stats-report.pdf and its pages as /tmp/stats-report-<n>.png (pdftoppm).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import nock from 'nock';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type TestBot } from '../helpers/bot.js';
import { serveInBrowser, type BrowserStand } from '../helpers/browser.js';
import { addStaff, fillJuly2027, PASSWORD, PERIOD, testClock } from '../helpers/stats-activity.js';
import { isolateNetwork, ZALO_ENV } from '../helpers/zalo.js';

let bot: TestBot;
let stand: BrowserStand;
let browser: Browser;
let base: string;
const clock = testClock(new Date('2027-07-01T00:00:00Z'));
const month = `from=${PERIOD.from}&to=${PERIOD.to}`;

beforeAll(async () => {
  isolateNetwork();
  bot = await startBot('statsbrowser', { ...ZALO_ENV }, clock.now);
  await addStaff(bot);
  await fillJuly2027(bot, clock);
  nock.cleanAll();
  stand = await serveInBrowser(bot.app);
  ({ base, browser } = stand);
}, 120_000);
afterAll(async () => {
  nock.enableNetConnect();
  await stand?.close();
  await bot?.cleanup();
});

interface Watched {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

/** A fresh browser context logged in as `username`, recording script errors, CSP reports and failed requests. */
async function logIn(username: string, width = 1280): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  // The browser's own favicon request is the only 404 expected (the dashboard has none).
  page.on(
    'console',
    (m) => m.type() === 'error' && !m.text().includes('401') && !m.location().url.endsWith('/favicon.ico') && problems.push(`${m.text()} ${m.location().url}`),
  );
  page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/api/admin/me') && problems.push(`${r.status()} ${r.url()}`));
  await page.goto(`${base}/admin`);
  await page.fill('#login-username', username);
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('nav a[href="#/stats"]');
  return { context, page, problems };
}

/** The text of a table's row whose header cell is `label`. */
const row = (page: Page, table: string, label: string) =>
  page
    .locator(`#${table} tbody tr`, { has: page.locator('th', { hasText: label }) })
    .first()
    .locator('td')
    .first()
    .textContent();

describe('the statistics page', () => {
  it('shows the month’s figures with charts, links a figure to its list, and fits a phone', async () => {
    const { context, page, problems } = await logIn('chi-huy');
    await page.goto(`${base}/admin#/stats?${month}`);
    await page.waitForSelector('#stats-body[data-ready="true"]', { timeout: 30_000 });
    expect(await row(page, 'table-reports-total', 'Tổng số tin nhận được')).toBe('7');
    expect(await row(page, 'table-kcn', 'Đình Trám')).toBe('4');
    expect(await row(page, 'table-kcn', 'Quang Châu')).toBe('3');
    expect(await row(page, 'table-categories', 'Trộm cắp tài sản')).toBe('4');
    expect(await row(page, 'table-categories', 'Đánh nhau, gây rối')).toBe('<3');
    expect(await row(page, 'table-status', 'Mới')).toBe('3');
    expect(await row(page, 'table-timing', 'Thời gian đến khi có cán bộ nhận (trung vị)')).toBe('25 phút');
    expect(await row(page, 'table-timing', 'Thời gian đến khi đóng tin (trung vị)')).toBe('90 phút');
    expect(await row(page, 'table-events', 'Lượt đăng ký đã xác nhận')).toBe('4');
    expect(await row(page, 'table-events', 'Lượt điểm danh')).toBe('3');
    expect(await row(page, 'table-faq', 'Câu hỏi người dùng gõ')).toBe('5');
    expect(await row(page, 'table-broadcasts', 'Đã gửi tới người nhận')).toBe('1');
    expect(await row(page, 'table-users', 'Zalo')).toBe('3');
    // Chart.js drew on its canvases: it came from the bot itself, and the CSP let it run.
    expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(5);
    const painted = await page.locator('#chart-weeks').evaluate((c) => (c as unknown as { width: number }).width);
    expect(painted).toBeGreaterThan(100);
    expect(await page.getAttribute('#stats-csv', 'href')).toBe(`/api/admin/stats.csv?${month}`);
    // The unanswered questions and the broadcasts link to their pages.
    expect(await page.locator('#stats-body a[href="#/unanswered"]').count()).toBeGreaterThan(0);
    expect(await page.locator('#stats-body a[href="#/broadcasts"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/stats-desktop.png', fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    expect(await page.locator('html').evaluate((h) => (h as unknown as { scrollWidth: number }).scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/stats-phone.png', fullPage: true });
    await page.screenshot({ path: '/tmp/stats-phone-top.png' });
    for (const part of ['reports', 'events']) {
      await page.locator(`#stats-${part}`).scrollIntoViewIfNeeded();
      await page.screenshot({ path: `/tmp/stats-phone-${part}.png` });
    }

    await page.click('#table-kcn a:text("Quang Châu")');
    await page.waitForSelector('a.report-card');
    expect(await page.inputValue('#f-kcn')).toBe('quang-chau');
    expect(new Set(await page.locator('a.report-card > div:nth-child(2) > span:nth-child(2)').allTextContents())).toEqual(new Set(['Quang Châu']));
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('gives an officer the report part of their park only, with no events or content', async () => {
    const { context, page, problems } = await logIn('lan', 390);
    await page.goto(`${base}/admin#/stats?${month}`);
    await page.waitForSelector('#stats-body[data-ready="true"]', { timeout: 30_000 });
    expect(await page.locator('#stats-reports').count()).toBe(1);
    expect(await page.locator('#stats-reach, #stats-questions, #stats-events').count()).toBe(0);
    expect(await page.locator('input[name="kcn"]').count()).toBe(1);
    expect(await row(page, 'table-reports-total', 'Tổng số tin nhận được')).toBe('4');
    await page.screenshot({ path: '/tmp/stats-officer.png', fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});

describe('the printable report', () => {
  it('prints to an A4 PDF with the report’s title, period, sections and a table', async () => {
    const { context, page, problems } = await logIn('chi-huy');
    await page.goto(`${base}/admin/stats/report?${month}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    await page.screenshot({ path: '/tmp/stats-report.png', fullPage: true });
    await page.pdf({ path: '/tmp/stats-report.pdf', format: 'A4', printBackground: true });
    const text = execFileSync('pdftotext', ['-layout', '/tmp/stats-report.pdf', '-'], { encoding: 'utf8' }).normalize('NFC');
    // Headings in reading order, a wrapped line joined (the issuing body is set on two lines, as on paper).
    const flat = execFileSync('pdftotext', ['/tmp/stats-report.pdf', '-'], { encoding: 'utf8' }).normalize('NFC').replace(/\s+/g, ' ');
    expect(flat).toContain('Bắc Ninh, ngày 2 tháng 8 năm 2027');
    for (const heading of [
      'BAN QUẢN LÝ CÁC KCN TỈNH BẮC NINH',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'BÁO CÁO SƠ KẾT',
      'Kỳ báo cáo: từ ngày 1/7/2027 đến ngày 31/7/2027',
      'I. CÔNG TÁC TUYÊN TRUYỀN',
      'II. GIẢI ĐÁP CÂU HỎI CỦA NGƯỜI LAO ĐỘNG',
      'III. TIẾP NHẬN VÀ XỬ LÝ TIN TỐ GIÁC',
      'IV. TỔ CHỨC SỰ KIỆN NGÀY HỘI',
      'V. GHI CHÚ VỀ SỐ LIỆU',
      'NGƯỜI LẬP BÁO CÁO',
    ]) {
      expect(flat).toContain(heading);
    }
    // A table: its head row and figures as rows of text.
    expect(text).toMatch(/Chỉ số\s+Số liệu/);
    expect(text).toMatch(/Tổng số tin nhận được\s+7\n/);
    expect(text).toMatch(/Đình Trám\s+4\n/);
    expect(text).toMatch(/Đánh nhau, gây rối\s+<3\n/);
    expect(text).toMatch(/Lượt điểm danh\s+3\n/);
    expect(text).not.toContain('In báo cáo'); // the toolbar is not printed
    const pages = (text.match(/\f/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(2);
    const info = execFileSync('pdfinfo', ['/tmp/stats-report.pdf'], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595(\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);
    execFileSync('pdftoppm', ['-png', '-r', '60', '/tmp/stats-report.pdf', '/tmp/stats-report']);
    expect(readFileSync('/tmp/stats-report-1.png').length).toBeGreaterThan(1000);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
