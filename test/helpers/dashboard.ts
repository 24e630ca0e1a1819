/**
 * The staff dashboard in a browser: a logged-in page that records script errors, and the phone check
 * every screen must pass (at 390 px nothing is wider than the screen, so no column is cut off).
 */
import type { Browser, Page } from 'playwright-core';

/** Opens `/admin<path>` at `width`, logs in through the form and waits for the navigation. */
export async function dashboard(browser: Browser, base: string, login: { username: string; password: string }, path = '', width = 1280) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => void (errors.push(`dialog: ${d.message()}`), d.dismiss()));
  await page.goto(`${base}/admin${path}`);
  await page.fill('#login-username', login.username);
  await page.fill('#login-password', login.password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#nav:not([hidden])');
  return { page, errors };
}

/**
 * Switches the page to a phone's width (390 px) and lists what sticks out on the right: the page's
 * width past the screen, and each visible element of the page wider than it (by tag, class and text).
 */
export async function phoneOverflow(page: Page): Promise<string[]> {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(100);
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number }; querySelectorAll(s: string): ArrayLike<unknown> } }).document;
    const out: string[] = [];
    if (doc.documentElement.scrollWidth > 390) out.push(`page ${doc.documentElement.scrollWidth}px wide`);
    for (const node of Array.from(doc.querySelectorAll('body *')) as {
      getBoundingClientRect(): { right: number; width: number };
      tagName: string;
      className: string;
      textContent: string | null;
    }[]) {
      const box = node.getBoundingClientRect();
      if (box.width > 0 && box.right > 391)
        out.push(`${node.tagName.toLowerCase()}.${node.className} "${(node.textContent ?? '').trim().slice(0, 30)}" ends at ${Math.round(box.right)}px`);
    }
    return out;
  });
}
