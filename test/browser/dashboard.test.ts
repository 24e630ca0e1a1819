/**
 * The dashboard in Debian's chromium (playwright-core, no downloaded browser): an officer logs in,
 * opens a report whose text contains <script>, sees it as text with its photo, claims it and asks the
 * reporter a question that waits for the reporter's window. Saves /tmp/dashboard-queue.png (the
 * queue), /tmp/dashboard.png (the report, desktop) and /tmp/dashboard-phone.png (the report, phone).
 */
import { deflateSync, crc32 } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveInBrowser, type BrowserStand } from '../helpers/browser.js';
import { phoneOverflow } from '../helpers/dashboard.js';
import { PASSWORD, startAdminApp, type AdminTestApp } from '../helpers/fake-reports.js';

let t: AdminTestApp;
let stand: BrowserStand;
let browser: Browser;
let base: string;

/** A small solid-colour PNG (a stand-in for a re-encoded report photo). */
function png(width: number, height: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3).map((_, i) => rgb[i % 3]!)]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

beforeAll(async () => {
  t = await startAdminApp('browser');
  await t.addStaff('lan', 'officer', ['dinh-tram']);
  await t.addStaff('chi-huy', 'supervisor', []);
  t.reports.seed({
    code: 'TG-7K3M9Q',
    kcn: 'dinh-tram',
    category: 'theft',
    description: '<script>alert("xss")</script> Hai người lạ cạy khóa xe máy ở bãi xe công nhân, cổng số 2.',
    when: 'Khoảng 21 giờ tối qua',
    place: 'Bãi xe Công ty May ABC',
    attachments: [{ id: 'p1', contentType: 'image/png', bytes: 0 }],
    messages: [{ from: 'reporter', text: 'Em thấy họ đi xe Wave màu xanh.', at: '2026-05-01T07:05:00.000Z' }],
  });
  t.reports.seed({ code: 'TG-22AB3C', kcn: 'dinh-tram', category: 'drugs', createdAt: '2026-05-01T05:00:00.000Z', status: 'claimed', claimedBy: 'lan' });
  t.reports.seed({ code: 'TG-33CD4E', kcn: 'quang-chau', category: 'fraud' });
  t.reports.photos.set('TG-7K3M9Q/p1', { contentType: 'image/png', data: png(64, 48, [40, 110, 170]) });
  stand = await serveInBrowser(t.app);
  ({ base, browser } = stand);
}, 60_000);

afterAll(async () => {
  await stand?.close();
  await t?.cleanup();
});

/** Opens a page that records dialogs, script errors and failed responses, and logs in through the form. */
async function logIn(username: string, path: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  const failed: string[] = [];
  page.on('dialog', (d) => void (dialogs.push(d.message()), d.dismiss()));
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('response', (r) => void (r.status() >= 400 && failed.push(`${r.status()} ${new URL(r.url()).pathname}`)));
  await page.goto(`${base}${path}`);
  await page.fill('#login-username', username);
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-form button[type=submit]');
  return { page, dialogs, pageErrors, failed };
}

describe('dashboard in a browser', () => {
  it('logs in, opens a report, shows <script> as text, claims it and sends a question', async () => {
    const { page, dialogs, pageErrors, failed } = await logIn('lan', '/admin');
    await page.waitForSelector('a.report-card[data-code="TG-7K3M9Q"]');
    expect(await page.locator('a.report-card').count()).toBe(2); // the quang-chau report is not listed
    await page.screenshot({ path: '/tmp/dashboard-queue.png', fullPage: true });

    await page.click('a.report-card[data-code="TG-7K3M9Q"]');
    await page.waitForSelector('#description');
    expect(await page.textContent('#description')).toContain('<script>alert("xss")</script>');
    expect(await page.locator('main script').count()).toBe(0);
    // Polled from the test side: the page's CSP forbids evaluating strings in it.
    await expect
      .poll(() =>
        page
          .locator('.photos img')
          .evaluate(
            (img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth,
          ),
      )
      .toBe(64);

    await page.click('#claim');
    await page.waitForSelector('#status-form');
    await page.fill('#ask-form textarea', 'Bạn có nhớ biển số xe không?');
    await page.click('#ask-form button[type=submit]');
    await page.waitForSelector('#thread li.msg.officer');
    expect(await page.textContent('#thread li.msg.officer')).toContain('Bạn có nhớ biển số xe không?');
    expect(await page.textContent('body')).toContain('Đã xếp câu hỏi vào hàng chờ');
    expect(t.reports.reports.get('TG-7K3M9Q')!.messages.at(-1)).toMatchObject({ from: 'officer', text: 'Bạn có nhớ biển số xe không?' });

    await page.screenshot({ path: '/tmp/dashboard.png', fullPage: true });
    expect(await phoneOverflow(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/dashboard-phone.png', fullPage: true });
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(failed).toEqual(['401 /api/admin/me']); // the page asks who is signed in before the login form
    await page.close();
  }, 60_000);

  it('gives a supervisor every report, the CSV link, the audit log and an alert link code', async () => {
    const { page, pageErrors } = await logIn('chi-huy', '/admin?lang=en');
    await page.waitForSelector('a.report-card[data-code="TG-33CD4E"]');
    expect(await page.locator('a.report-card').count()).toBe(3);
    expect(await page.getAttribute('#export-csv', 'href')).toBe('/api/admin/reports.csv?state=open'); // closed reports are hidden by default
    await page.selectOption('#f-kcn', 'quang-chau');
    await expect.poll(() => page.locator('a.report-card').count()).toBe(1);
    expect(await page.getAttribute('#export-csv', 'href')).toBe('/api/admin/reports.csv?state=open&kcn=quang-chau');

    await page.click('nav a[href="#/audit"]');
    await page.waitForSelector('#audit-rows tr');
    expect(await page.textContent('#audit-rows')).toContain('chi-huy');
    await page.screenshot({ path: '/tmp/dashboard-audit.png', fullPage: true });

    await page.click('nav a[href="#/alerts"]');
    await page.click('main button.primary');
    await page.waitForSelector('#link-code:not([hidden])');
    expect(await page.textContent('#link-code')).toMatch(/Link code: \d{6}/);
    expect(await phoneOverflow(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.click('#logout');
    await page.waitForSelector('#login-form');
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);

  it('fits the login form on a phone, titled for no role before login', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${base}/admin`);
    await page.waitForSelector('#login-form');
    expect(await page.title()).toBe('Bảng điều khiển – Ban Quản lý các KCN');
    expect(await phoneOverflow(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/dashboard-login-phone.png', fullPage: true });
    await page.close();
  }, 60_000);

  it("says a closed report takes no more questions, not that the reporter's address has expired (it is kept for a while)", async () => {
    t.reports.seed({ code: 'TG-44EF5G', kcn: 'dinh-tram', category: 'fight', status: 'resolved', claimedBy: 'lan', canMessageReporter: false });
    const { page, pageErrors } = await logIn('lan', '/admin#/reports/TG-44EF5G');
    await page.waitForSelector('#no-ask');
    expect(await page.textContent('#no-ask')).toBe('Tin đã đóng nên không gửi thêm câu hỏi cho người báo tin được nữa.');
    expect(await page.locator('#ask-form').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);
});
