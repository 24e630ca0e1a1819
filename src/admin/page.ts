/**
 * The dashboard page `GET /admin` (`?lang=en` for English) and its static files under
 * `/admin/static/`. Every text comes from `content/<lang>/admin.yaml`; the page receives them as a
 * JSON data block (not executable, `<` escaped), and the script builds the DOM with textContent only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Router } from 'express';
import type { Content } from '../festival/load.js';
import type { Lang } from '../core/message.js';
import { projectRoot } from '../lib/paths.js';
import { OTHER_KCN } from '../reports/types.js';

/** The folder of the dashboard's HTML template, scripts and style sheet. */
export const ADMIN_PUBLIC = join(projectRoot, 'src/admin/public');

/** JSON safe inside an HTML `<script type="application/json">` block. */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** What the page script needs: texts, KCN and category names, whether the TOTP field is shown, how often live pages poll. */
function pageData(content: Content, lang: Lang, requireTotp: boolean, pollSeconds: number) {
  const texts = (content.resources[lang].admin ?? {}) as Record<string, unknown>;
  const other = (texts.kcn as Record<string, string> | undefined)?.other ?? OTHER_KCN;
  const kcns = [...content.data.kcn.parks.map((p) => ({ id: p.id, name: p.name[lang] })), { id: OTHER_KCN, name: other }];
  // Category labels belong to the reporter's flow (`report:categories.<id>`); the ids to content/reports.yaml.
  const labels = ((content.resources[lang].report ?? {}) as { categories?: Record<string, string> }).categories ?? {};
  const categories = content.data.reports.categories.map((id) => ({ id, name: labels[id] ?? id }));
  return { lang, texts, kcns, categories, requireTotp, pollSeconds };
}

/** Builds the page router; live pages (the queue, a report, a broadcast) poll every `pollSeconds`. */
export function createPageRoutes(content: Content, requireTotp: boolean, pollSeconds = 5): Router {
  const router = express.Router();
  const template = readFileSync(join(ADMIN_PUBLIC, 'index.html'), 'utf8');
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
  router.get('/admin', (req, res) => {
    res
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(pages.get(req.query.lang === 'en' ? 'en' : 'vi'));
  });
  router.use('/admin/static', express.static(ADMIN_PUBLIC, { index: false, maxAge: '1h' }));
  return router;
}
