/** The dashboard page: texts from content, a strict CSP with no inline script, escaped page data. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PUBLIC } from '../../src/admin/page.js';
import { content } from '../helpers/bot.js';
import { startAdminApp, type AdminTestApp } from '../helpers/fake-reports.js';

let t: AdminTestApp;
beforeAll(async () => {
  t = await startAdminApp('adminpage');
});
afterAll(() => t.cleanup());

function pageData(html: string): { lang: string; texts: Record<string, unknown>; kcns: { id: string }[]; categories: { id: string; name: string }[] } {
  const json = /<script type="application\/json" id="admin-data">(.*?)<\/script>/s.exec(html)![1]!;
  return JSON.parse(json);
}

describe('GET /admin', () => {
  it('serves the Vietnamese page by default and the English one on ?lang=en, with texts from content', async () => {
    const vi = await request(t.app).get('/admin');
    expect(vi.status).toBe(200);
    expect(vi.text).toContain('<html lang="vi">');
    expect(vi.text).toContain(`<title>${(content.resources.vi.admin as { page: { title: string } }).page.title}</title>`);
    // The dashboard's texts, and the statistics' beside them.
    expect(pageData(vi.text).texts).toEqual({ ...content.resources.vi.admin, stats: content.resources.vi.stats });
    const en = await request(t.app).get('/admin?lang=en');
    expect(pageData(en.text).texts).toEqual({ ...content.resources.en.admin, stats: content.resources.en.stats });
    expect(pageData(en.text).kcns.map((k) => k.id)).toEqual([...content.data.kcn.parks.map((p) => p.id), 'other']);
    expect(pageData(vi.text).categories.find((c) => c.id === 'drugs')?.name).toBe('Ma túy');
  });

  it('serves the printable statistics report under the same CSP, and the charting library from the bot itself', async () => {
    const page = await request(t.app).get('/admin/stats/report?from=2027-07-01&to=2027-07-31').expect(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).toContain('<script type="module" src="/admin/static/print-report.js"></script>');
    const chart = await request(t.app).get('/admin/vendor/chart.umd.min.js').expect(200);
    expect(chart.headers['content-type']).toMatch(/javascript/);
    expect(chart.text).toContain('Chart');
  });

  it('has a strict CSP and no inline executable script', async () => {
    const res = await request(t.app).get('/admin');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const scripts = [...res.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    for (const [, attrs, body] of scripts) {
      if (body!.trim()) expect(attrs).toContain('type="application/json"');
    }
    expect(res.text).not.toMatch(/\son\w+=/i);
  });

  it('serves the static files, and the scripts never use innerHTML', async () => {
    for (const file of readdirSync(ADMIN_PUBLIC).filter((f) => f.endsWith('.js'))) {
      const res = await request(t.app).get(`/admin/static/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers['content-type']).toMatch(/javascript/);
      expect(readFileSync(join(ADMIN_PUBLIC, file), 'utf8')).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    }
  });
});

describe('a report containing <script>', () => {
  it('reaches the page only as JSON data, which the page turns into text', async () => {
    await t.addStaff('lan', 'officer', ['dinh-tram']);
    t.reports.seed({ code: 'TG-7K3M9Q', kcn: 'dinh-tram', description: '</script><script>alert(1)</script>' });
    const { agent } = await t.login('lan');
    const res = await agent.get('/api/admin/reports/TG-7K3M9Q');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body.description).toBe('</script><script>alert(1)</script>');
    const page = await agent.get('/admin');
    expect(page.text).not.toContain('alert(1)');
  });
});
