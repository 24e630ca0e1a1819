// The audit log for supervisors: newest first, with "show more".
import { pageTitle } from './chrome.js';
import { api, errorText } from './api.js';
import { el, replace, t, when } from './dom.js';

/** One entry; each cell names its column (data-label), so on a phone the table becomes one card per entry. */
function row(e) {
  const cell = (col, text) => el('td', { 'data-label': t(`audit.${col}`), text });
  return el(
    'tr',
    {},
    el('td', { className: 'lead', text: when(e.at) }),
    cell('actor', e.actor),
    cell('action', t(`actions.${e.action}`)),
    e.report ? cell('report', e.report) : el('td', { className: 'empty' }),
    e.detail ? cell('detail', e.detail) : el('td', { className: 'empty' }),
  );
}

/** Renders the audit log into `main`. */
export async function showAudit(main) {
  pageTitle(t('audit.heading'));
  const body = el('tbody', { id: 'audit-rows' });
  const more = el('button', { type: 'button', text: t('audit.more'), hidden: true });
  let before;
  const load = async () => {
    const res = await api('GET', `/api/admin/audit?limit=50${before ? `&before=${encodeURIComponent(before)}` : ''}`);
    if (!res.ok) return replace(main, el('p', { className: 'error', text: errorText(res.body, res.status) }));
    body.append(...res.body.entries.map(row));
    before = res.body.entries.at(-1)?.id;
    more.hidden = res.body.entries.length < 50;
    if (!body.children.length) body.append(el('tr', {}, el('td', { colspan: 5, className: 'muted', text: t('audit.empty') })));
  };
  more.addEventListener('click', load);
  const head = el(
    'tr',
    {},
    ['at', 'actor', 'action', 'report', 'detail'].map((k) => el('th', { text: t(`audit.${k}`) })),
  );
  replace(
    main,
    el('h2', { text: t('audit.heading') }),
    el('div', { className: 'scroll' }, el('table', { className: 'audit cards' }, el('thead', {}, head), body)),
    more,
  );
  await load();
}
