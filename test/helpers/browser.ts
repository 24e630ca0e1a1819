/**
 * Serves an express app on a free local port and launches Debian's chromium (playwright-core, never a
 * downloaded browser) for the browser tests.
 */
import type { Server } from 'node:http';
import type { Express } from 'express';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';

export interface BrowserStand {
  /** `http://127.0.0.1:<port>` */
  base: string;
  browser: Browser;
  /** Closes the browser, then the server. */
  close(): Promise<void>;
}

export async function serveInBrowser(app: Express): Promise<BrowserStand> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless'] });
  return {
    base,
    browser,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The web chat page's message bubbles, as text. */
export const bubbles = (page: Page) => page.locator('#log li .bubble').allTextContents();

/** Waits until the web chat's conversation has grown past `count` messages and the newest bot message is in. */
export async function grows(page: Page, count: number): Promise<void> {
  await expect
    .poll(async () => (await page.locator('#log li').count()) > count && (await page.locator('#log li').last().getAttribute('class')) !== 'me')
    .toBe(true);
}

/** Taps a button of the web chat's newest message that has buttons, and waits for the answer. */
export async function tap(page: Page, title: string | RegExp): Promise<void> {
  const count = await page.locator('#log li').count();
  await page.locator('#log li:has(.buttons)').last().locator('.buttons button', { hasText: title }).first().click();
  await grows(page, count + 1);
}

/** Types a message in the web chat and waits for the answer. */
export async function type(page: Page, text: string): Promise<void> {
  const count = await page.locator('#log li').count();
  await page.fill('#text', text);
  await page.click('#form button[type=submit]');
  await grows(page, count + 1);
}
