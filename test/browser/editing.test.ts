/**
 * The organisers' editing pages in Debian's chromium (playwright-core), against the real bot and Redis:
 * an organiser creates an event (a bad end time is refused next to its field, in Vietnamese), a worker
 * signs up for it on the web chat at phone width, the organiser sees them in the sign-up list (on a phone) and
 * cancels the event, and the worker is told on the chat's next poll; an organiser turns an unanswered
 * question into a phrasing of an FAQ entry and the bot then answers it; every new page fits 390 px
 * without cut-off columns, and the pages are titled for the organiser, not "Tố giác".
 * Screenshots: /tmp/editing-*.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type TestBot } from '../helpers/bot.js';
import { bubbles, serveInBrowser, tap, type, type BrowserStand } from '../helpers/browser.js';
import { addStaff, auditEntries, STAFF_PASSWORD } from '../helpers/edits.js';

let bot: TestBot;
let stand: BrowserStand;
let browser: Browser;
let base: string;

/** `YYYY-MM-DDTHH:mm` in Vietnam time, `days` from now at `hour` (what a datetime-local input takes). */
function local(days: number, hour: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const ymd = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  return `${ymd}T${String(hour).padStart(2, '0')}:00`;
}

beforeAll(async () => {
  bot = await startBot('editing-browser', { RATE_WEB_PER_MINUTE: '10000', RATE_USER_PER_MINUTE: '10000' });
  await addStaff(bot, 'btc-dinh-tram', 'organizer', ['dinh-tram']);
  stand = await serveInBrowser(bot.app);
  ({ base, browser } = stand);
}, 60_000);

afterAll(async () => {
  await stand?.close();
  await bot?.cleanup();
});

interface Opened {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

async function open(width: number, height: number): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: width < 500 ? 2 : 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => void (errors.push(`dialog: ${d.message()}`), d.dismiss()));
  return { context, page, errors };
}

async function logIn(width: number, height: number, path = '/admin'): Promise<Opened> {
  const o = await open(width, height);
  await o.page.goto(`${base}${path}`);
  await o.page.fill('#login-username', 'btc-dinh-tram');
  await o.page.fill('#login-password', STAFF_PASSWORD);
  await o.page.click('#login-form button[type=submit]');
  await o.page.waitForSelector('#nav a[href="#/faq"]');
  return o;
}

/** Nothing is cut off at this width: the page does not scroll sideways. */
async function fits(page: Page): Promise<void> {
  expect(
    await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth),
  ).toBeLessThanOrEqual(390);
}

describe('organisers editing in a browser', () => {
  it('creates an event a worker signs up for on the web chat, then cancels it and the worker is told', async () => {
    const org = await logIn(1280, 900);
    const { page } = org;
    await page.waitForSelector('#events');
    expect(await page.textContent('header.top h1')).toBe('Ban tổ chức – Sự kiện và hỏi đáp');
    expect(await page.title()).toBe('Sự kiện – Ban tổ chức – Sự kiện và hỏi đáp');
    expect(await page.textContent('#events')).toContain('Có sẵn');

    await page.click('#new-event');
    await page.waitForSelector('#event-form');
    await page.fill('#f-id', 'dt-giao-luu-cuoi-nam');
    await page.fill('#f-title-vi', 'Giao lưu văn nghệ cuối năm KCN Đình Trám');
    await page.fill('#f-title-en', 'Year-end arts exchange, Dinh Tram park');
    await page.selectOption('#f-kind', 'culture');
    await page.fill('#f-enterprise', 'Công ty TNHH Điện tử Minh Anh');
    await page.fill('#f-startsAt', local(20, 19));
    await page.fill('#f-endsAt', local(20, 17));
    await page.fill('#f-signupDeadline', local(18, 17));
    await page.fill('#f-place-vi', 'Nhà văn hóa công nhân, KCN Đình Trám');
    await page.fill('#f-place-en', 'Workers’ cultural house, Dinh Tram park');
    await page.fill('#f-capacity', '50');
    await page.fill('#f-description-vi', 'Văn nghệ và giao lưu giữa các tổ sản xuất.');
    await page.fill('#f-description-en', 'Performances and exchange between production teams.');
    await page.click('#create-event');
    // Refused next to its field, in Vietnamese; nothing stored.
    await page.waitForSelector('[data-field="endsAt"].invalid .field-error');
    expect(await page.textContent('[data-field="endsAt"] .field-error')).toBe('Kết thúc: phải sau thời điểm bắt đầu.');
    await page.screenshot({ path: '/tmp/editing-event-refused.png', fullPage: true });
    await page.fill('#f-endsAt', local(20, 21));
    await page.click('#create-event');
    await page.waitForSelector('#event-title');
    expect(await page.textContent('#event-title')).toBe('Giao lưu văn nghệ cuối năm KCN Đình Trám');
    expect(await page.textContent('#flash')).toContain('Công nhân thấy sự kiện này ngay');
    await page.screenshot({ path: '/tmp/editing-event-created.png', fullPage: true });

    // A worker signs up on the web chat, at phone width.
    const worker = await open(390, 844);
    await worker.page.goto(`${base}/`);
    await worker.page.waitForSelector('#log li.bot .buttons button');
    await tap(worker.page, 'Đăng ký sự kiện');
    await tap(worker.page, /Giao lưu văn nghệ cuối năm/);
    await tap(worker.page, 'Đăng ký');
    await tap(worker.page, 'Đồng ý');
    await type(worker.page, 'Trần Thị Mai');
    await type(worker.page, 'Công ty TNHH Điện tử Minh Anh');
    await type(worker.page, '0912345678');
    await tap(worker.page, 'Xác nhận');
    const code = /DK-[23456789A-HJKMNP-Z]{6}/.exec((await bubbles(worker.page)).join('\n'))?.[0];
    expect(code).toBeDefined();
    await worker.page.screenshot({ path: '/tmp/editing-worker-signed-up.png', fullPage: true });

    // On a phone, the organiser sees the worker in the sign-up list, searches, and cancels the event.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.waitForSelector(`#signup-table tr[data-code="${code}"]`);
    expect(await page.textContent(`#signup-table tr[data-code="${code}"]`)).toContain('Trần Thị Mai');
    await page.fill('#signup-search', 'mai');
    expect(await page.textContent('#signup-count')).toBe('1 / 1 đăng ký');
    await page.screenshot({ path: '/tmp/editing-event-signups.png', fullPage: true });
    await page.click('#cancel-event');
    await page.fill('#cancel-event-reason', 'Mưa bão, để bảo đảm an toàn cho công nhân');
    await page.click('#cancel-event-form button[type=submit]');
    await page.waitForSelector('.note >> text=Sự kiện đã hủy');
    expect(await page.textContent('#flash')).toBe('Đã hủy sự kiện. Đã báo cho 1 người.');
    await page.screenshot({ path: '/tmp/editing-event-cancelled.png', fullPage: true });

    // The worker is told on the chat's next poll (every 20 s), without doing anything.
    await expect
      .poll(async () => (await bubbles(worker.page)).join('\n'), { timeout: 30_000, interval: 1000 })
      .toContain('Sự kiện “Giao lưu văn nghệ cuối năm KCN Đình Trám” đã bị hủy. Lý do: Mưa bão, để bảo đảm an toàn cho công nhân');
    await worker.page.screenshot({ path: '/tmp/editing-worker-told.png', fullPage: true });

    // The same pages at phone width: cards, nothing cut off.
    await page.fill('#signup-search', '');
    await fits(page);
    await page.screenshot({ path: '/tmp/editing-event-phone.png', fullPage: true });
    await page.goto(`${base}/admin#/events`);
    await page.waitForSelector('#events');
    await fits(page);
    await page.screenshot({ path: '/tmp/editing-events-phone.png', fullPage: true });
    const audit = (await auditEntries(bot)).filter((e) => e.actor === 'btc-dinh-tram').map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['event_create', 'signups_read', 'event_cancel']));
    expect([...org.errors, ...worker.errors]).toEqual([]);
    await org.context.close();
    await worker.context.close();
  }, 120_000);

  it('turns an unanswered question into a phrasing the bot then answers, at phone width', async () => {
    const question = 'mật khẩu wifi nhà ăn là gì';
    const worker = await open(390, 844);
    await worker.page.goto(`${base}/`);
    await worker.page.waitForSelector('#log li.bot .buttons button');
    await type(worker.page, question);
    expect((await bubbles(worker.page)).at(-1)).toContain('mình chưa hiểu ý bạn');

    const org = await logIn(390, 844, '/admin#/unanswered');
    const { page } = org;
    await page.waitForSelector('#unanswered li[data-question="mat khau wifi nha an la gi"]');
    const card = page.locator('#unanswered li[data-question="mat khau wifi nha an la gi"]');
    expect(await card.textContent()).toContain('Hỏi 1 lần');
    expect(await page.title()).toBe('Câu hỏi chưa có trả lời – Ban tổ chức – Sự kiện và hỏi đáp');
    await fits(page);
    await page.screenshot({ path: '/tmp/editing-unanswered-phone.png', fullPage: true });
    await card.locator('select[name=entry]').selectOption('contact-non-urgent');
    await card.locator('input[name=text]').fill(question);
    await card.locator('button[type=submit]').click();
    await page.waitForSelector('#unanswered', { state: 'detached' });
    expect(await page.textContent('#flash')).toBe('Đã thêm. Bot trả lời câu này ngay.');
    expect(await page.textContent('main')).toContain('Chưa có câu hỏi nào.');

    // The bot answers it now, as it answers that entry.
    await type(worker.page, question);
    const answer = (await bubbles(worker.page)).at(-1)!;
    expect(answer).not.toContain('chưa hiểu');
    expect(answer).toContain(
      ((await bot.handle({ channel: 'web', userId: 'reference', payload: '#faq:contact-non-urgent', at: new Date() })) as { text: string }[])[0]!.text.split(
        '\n',
      )[0],
    );
    await worker.page.screenshot({ path: '/tmp/editing-worker-answered.png', fullPage: true });

    // The entry's page shows the new phrasing and its history, and previews the answer as the bot sends it.
    await page.goto(`${base}/admin#/faq/contact-non-urgent`);
    await page.waitForSelector('#faq-form');
    expect(await page.inputValue('#f-entry-questions-vi')).toContain(question);
    expect(await page.textContent('#history')).toContain('btc-dinh-tram');
    await page.click('#preview-vi');
    await page.waitForSelector('#faq-preview .bubble');
    expect(await page.textContent('#faq-preview .chips')).toContain('Về menu');
    await fits(page);
    await page.screenshot({ path: '/tmp/editing-faq-phone.png', fullPage: true });
    // A claim of the plan without the plan's words is refused next to its field, in Vietnamese.
    await page.fill('#f-texts-vi-answer', 'Theo Kế hoạch, bạn hỏi cán bộ công đoàn.');
    await page.click('#save-faq');
    await page.waitForSelector('[data-field="texts.vi.answer"] .field-error');
    expect(await page.textContent('[data-field="texts.vi.answer"] .field-error')).toContain('Câu trả lời (tiếng Việt): câu trả lời nói là theo kế hoạch');
    await page.screenshot({ path: '/tmp/editing-faq-refused-phone.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: '/tmp/editing-faq.png', fullPage: true });
    await page.goto(`${base}/admin#/faq`);
    await page.waitForSelector('#faq-list a[data-id="contact-non-urgent"]');
    await page.setViewportSize({ width: 390, height: 844 });
    await fits(page);
    await page.screenshot({ path: '/tmp/editing-faq-list-phone.png', fullPage: true });
    expect([...org.errors, ...worker.errors]).toEqual([]);
    await org.context.close();
    await worker.context.close();
  }, 120_000);
});
