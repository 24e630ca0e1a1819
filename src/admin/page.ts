/**
 * The dashboard page `GET /admin` (`?lang=en` for English) and its static files under
 * `/admin/static/`. Every text comes from `content/<lang>/admin.yaml`; the page receives them as a
 * JSON data block (not executable, `<` escaped), and the script builds the DOM with textContent only.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { type Router } from 'express';
import type { Content } from '../festival/load.js';
import type { Lang } from '../core/message.js';
import { projectRoot } from '../lib/paths.js';
import { OTHER_KCN } from '../reports/types.js';

/** The folder of the dashboard's HTML template, scripts and style sheet. */
export const ADMIN_PUBLIC = join(projectRoot, 'src/admin/public');

/** The charting library's browser build (Chart.js, from node_modules), served as `/admin/vendor/chart.umd.min.js`. */
export const CHART_JS = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');

/** JSON safe inside an HTML `<script type="application/json">` block. */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** What the page script needs: texts, KCN and category names, whether the TOTP field is shown, how often live pages poll. */
function pageData(content: Content, lang: Lang, requireTotp: boolean, pollSeconds: number) {
  // The statistics' texts (content/<lang>/stats.yaml) under `stats`, beside the dashboard's own.
  const texts = { ...(content.resources[lang].admin ?? {}), stats: content.resources[lang].stats ?? {} } as Record<string, unknown>;
  const other = (texts.kcn as Record<string, string> | undefined)?.other ?? OTHER_KCN;
  const kcns = [...content.data.kcn.parks.map((p) => ({ id: p.id, name: p.name[lang] })), { id: OTHER_KCN, name: other }];
  // Category labels belong to the reporter's flow (`report:categories.<id>`); the ids to content/reports.yaml.
  const labels = ((content.resources[lang].report ?? {}) as { categories?: Record<string, string> }).categories ?? {};
  const categories = content.data.reports.categories.map((id) => ({ id, name: labels[id] ?? id }));
  const r = content.resources[lang] as Record<string, Record<string, unknown> | undefined>;
  // Names the statistics show: the news topics, the festival page's topics, the events, the board.
  const topics = ((r.news?.subscribe ?? {}) as { topics?: Record<string, string> }).topics ?? {};
  const festival = Object.fromEntries(Object.entries((r.festival?.topics ?? {}) as Record<string, { button?: string }>).map(([id, v]) => [id, v.button ?? id]));
  // A sample event's title starts with `$t(signup:sample)` (see festival/load.ts): resolved here, the page has no i18next.
  const ref = (text: string) =>
    text.replace(/\$t\(([a-z]+):([a-z_]+)\)/g, (whole, ns: string, key: string) => String((r[ns] as Record<string, unknown> | undefined)?.[key] ?? whole));
  const events = Object.fromEntries(Object.entries((r.events?.title ?? {}) as Record<string, string>).map(([id, title]) => [id, ref(title)]));
  const names = { topics, festival, events, board: String(r.org?.board ?? ''), province: content.data.kcn.province[lang] };
  return { lang, texts, kcns, categories, requireTotp, pollSeconds, names, timeZone: content.data.calendar.timezone };
}

/** A page template (`{{data}}`, `{{lang}}` and `page.*` texts filled in) for each language. */
function fillPages(file: string, content: Content, requireTotp: boolean, pollSeconds: number): Map<Lang, string> {
  const template = readFileSync(join(ADMIN_PUBLIC, file), 'utf8');
  const pages = new Map<Lang, string>();
  for (const lang of ['vi', 'en'] as const) {
    const data = pageData(content, lang, requireTotp, pollSeconds);
    const texts = (data.texts.page ?? {}) as Record<string, unknown>;
    const fill = (key: string) => (key === 'data' ? jsonForHtml(data) : key === 'lang' ? lang : escapeHtml(String(texts[key] ?? key)));
    pages.set(
      lang,
      template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => fill(key)),
    );
  }
  return pages;
}

/**
 * Builds the page router: the dashboard, the printable statistics report, their static files and the charting
 * library; live pages (the queue, a report, a broadcast) poll every `pollSeconds`.
 */
export function createPageRoutes(content: Content, requireTotp: boolean, pollSeconds = 5): Router {
  const router = express.Router();
  const serve = (path: string, pages: Map<Lang, string>) =>
    router.get(path, (req, res) => {
      res
        .set('Cache-Control', 'no-store')
        .type('html')
        .send(pages.get(req.query.lang === 'en' ? 'en' : 'vi'));
    });
  serve('/admin', fillPages('index.html', content, requireTotp, pollSeconds));
  serve('/admin/stats/report', fillPages('print-report.html', content, requireTotp, pollSeconds));
  router.get('/admin/vendor/chart.umd.min.js', (_req, res) => res.set('Cache-Control', 'public, max-age=86400').sendFile(CHART_JS));
  router.use('/admin/static', express.static(ADMIN_PUBLIC, { index: false, maxAge: '1h' }));
  return router;
}
