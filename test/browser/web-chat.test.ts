/**
 * The web chat in Debian's chromium (playwright-core, no downloaded browser) at phone width (390 px),
 * against the real bot and Redis: a reload in the middle of a report shows the conversation and goes
 * on with the draft; the report's code and key come with copy buttons and a "save these now" step,
 * stay across a reload until saved, then are hidden; "clear this chat" ends it on the server and in
 * the browser; an expired session id starts afresh; another tab picks up a report in progress.
 * Saves /tmp/webchat-report.png, /tmp/webchat-reloaded.png, /tmp/webchat-secrets.png,
 * /tmp/webchat-saved.png and /tmp/webchat-cleared.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pseudonymize } from '../../src/lib/crypto.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { bubbles, serveInBrowser, tap, type, type BrowserStand } from '../helpers/browser.js';

const SESSION = 'antq-chat-session';
/** The page's Web Storage, typed here (the tests compile without the DOM library; these run in the page). */
type Storages = { localStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void }; sessionStorage: Record<string, string> };
let bot: TestBot;
let stand: BrowserStand;
let browser: Browser;
let base: string;

beforeAll(async () => {
  bot = await startBot('webchat-browser', { RATE_WEB_PER_MINUTE: '10000', RATE_USER_PER_MINUTE: '10000' });
  stand = await serveInBrowser(bot.app);
  ({ base, browser } = stand);
}, 60_000);

afterAll(async () => {
  await stand?.close();
  await bot?.cleanup();
});

/** A phone-sized browser context that may use the clipboard; collects script errors and dialogs. */
async function phone(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => void d.accept());
  return { context, page, errors };
}

async function reload(page: Page): Promise<void> {
  await page.reload();
  await page.waitForSelector('#log li');
  await page.waitForLoadState('networkidle');
}
const sessionIdOf = async (page: Page) =>
  (JSON.parse((await page.evaluate((key) => (globalThis as unknown as Storages).localStorage.getItem(key), SESSION)) ?? '{}') as { id?: string }).id;
const serverKeys = async (sessionId: string) => {
  const userKey = pseudonymize(bot.secrets.pseudonym, 'web', sessionId);
  return (await bot.keysInRedis()).filter((k) => k.includes(`{u:${userKey}}`) && /:(session|prefs|seen)$/.test(k));
};

describe('web chat in a browser, at phone width', () => {
  it('keeps a report across reloads, shows code and key with copy buttons until saved, and clears everything', async () => {
    const { context, page, errors } = await phone();
    await page.goto(`${base}/`);
    await page.waitForSelector('#log li.bot .buttons button');
    await tap(page, 'Tố giác, báo tin');
    await tap(page, 'Không khẩn cấp');
    await tap(page, 'Đánh nhau, gây rối');
    await tap(page, 'Đình Trám');
    const beforeReload = await bubbles(page);
    expect(beforeReload.at(-1)).toContain('doanh nghiệp hay địa điểm');
    await page.screenshot({ path: '/tmp/webchat-report.png', fullPage: true });

    // Reload in the middle of the report: the same conversation, no new welcome, the place step's buttons still work.
    await reload(page);
    expect(await bubbles(page)).toEqual(beforeReload);
    await page.screenshot({ path: '/tmp/webchat-reloaded.png', fullPage: true });
    await tap(page, 'Bỏ qua');
    await type(page, 'tối qua lúc tan ca');
    await type(page, 'Hai nhóm công nhân xô xát ở cổng nhà máy sau giờ tan ca');
    await reload(page);
    await tap(page, 'Tiếp tục');
    await tap(page, 'Không, giữ ẩn danh');
    const summary = (await bubbles(page)).at(-1)!;
    expect(summary).toContain('Đánh nhau, gây rối');
    expect(summary).toContain('Đình Trám');
    expect(summary).toContain('Hai nhóm công nhân xô xát');
    await tap(page, 'Gửi tin báo');

    // The code and key: each with a copy button, and the "save these now" step.
    const values = await page.locator('.secrets code').allTextContents();
    expect(values).toHaveLength(2);
    const [code, key] = values as [string, string];
    expect(code).toMatch(/^TG-[A-Z0-9]{6}$/);
    expect(key).toMatch(/^[A-Z0-9]{10}$/);
    expect(await page.locator('.save-now').textContent()).toContain('Lưu ngay hai mã này');
    await page.locator('.secret', { hasText: 'Mã bí mật' }).locator('button.copy').click();
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText()))
      .toBe(key);
    expect(await page.locator('.secret', { hasText: 'Mã bí mật' }).locator('button.copy').textContent()).toBe('Đã chép');
    await page.screenshot({ path: '/tmp/webchat-secrets.png', fullPage: true });

    // A reload at the code/key message keeps them, with their copy buttons.
    await reload(page);
    expect(await page.locator('.secrets code').allTextContents()).toEqual([code, key]);
    expect((await bubbles(page)).join('\n')).toContain('Hai nhóm công nhân xô xát');

    // Saved: hidden from the page and from what a reload shows.
    await page.click('.secrets button.saved');
    await page.waitForSelector('.secrets .hidden-note');
    await reload(page);
    expect(await page.locator('.secrets code').count()).toBe(0);
    expect(await page.locator('.hidden-note').textContent()).toContain('Hai mã đã được ẩn');
    const shown = (await bubbles(page)).join('\n');
    expect(shown).not.toContain(key);
    expect(shown).not.toContain(code);
    expect(JSON.stringify(await page.evaluate(() => ({ ...(globalThis as unknown as Storages).sessionStorage })))).not.toContain(key);
    await page.screenshot({ path: '/tmp/webchat-saved.png', fullPage: true });

    // Clear this chat: the session ends on the server, and the browser forgets it.
    const oldId = (await sessionIdOf(page))!;
    expect(await serverKeys(oldId)).not.toEqual([]);
    await page.click('#clear');
    await expect.poll(async () => (await bubbles(page)).join('\n')).toContain('Đã xóa cuộc trò chuyện');
    await page.waitForSelector('#log li.bot .buttons button');
    const cleared = (await bubbles(page)).join('\n');
    expect(cleared).not.toContain('Hai nhóm công nhân');
    expect(cleared).not.toContain('Đánh nhau');
    const newId = await sessionIdOf(page);
    expect(newId).toBeDefined();
    expect(newId).not.toBe(oldId);
    expect(await serverKeys(oldId)).toEqual([]);
    await reload(page);
    expect((await bubbles(page)).join('\n')).not.toContain('Hai nhóm công nhân');
    await page.screenshot({ path: '/tmp/webchat-cleared.png', fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('forgets a session id older than the idle time, and picks up a report in progress in another tab', async () => {
    const { context, page, errors } = await phone();
    await page.goto(`${base}/`);
    await page.waitForSelector('#log li.bot .buttons button');
    await tap(page, 'Tố giác, báo tin');
    await tap(page, 'Không khẩn cấp');

    // Another tab (its own sessionStorage, the same localStorage): the report in progress, with its choices.
    const other = await context.newPage();
    other.on('pageerror', (e) => errors.push(e.message));
    await other.goto(`${base}/`);
    await other.waitForSelector('#log li.bot .buttons button');
    expect((await bubbles(other)).at(-1)).toContain('Bạn đang làm dở một việc');
    await tap(other, 'Đánh nhau, gây rối');
    expect((await bubbles(other)).at(-1)).toContain('khu công nghiệp nào');
    await other.close();

    // The stored session id has outlived the idle time: a new one, and nothing of the old conversation.
    const oldId = await sessionIdOf(page);
    await page.evaluate((key) => {
      const { localStorage } = globalThis as unknown as Storages;
      const s = JSON.parse(localStorage.getItem(key) ?? '{}') as { id: string };
      localStorage.setItem(key, JSON.stringify({ id: s.id, expires: Date.now() - 1000 }));
    }, SESSION);
    await reload(page);
    await page.waitForSelector('#log li.bot .buttons button');
    const shown = (await bubbles(page)).join('\n');
    expect(shown).toContain('đã lâu không dùng');
    expect(shown).not.toContain('Bạn muốn báo về việc gì');
    expect(await sessionIdOf(page)).not.toBe(oldId);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
