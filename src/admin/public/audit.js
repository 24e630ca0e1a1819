// The audit log for supervisors: newest first, with "show more".
import { api, errorText } from './api.js';
import { el, replace, t, when } from './dom.js';
import { cell } from './forms.js';
import { setTitle } from './titles.js';

/** One entry; each cell names its column, so on a phone the table reads as one card per entry. */
function row(e) {
  const col = (k) => t(`audit.${k}`);
  return el(
    'tr',
    {},
    cell(col('at'), when(e.at)),
    cell(col('actor'), e.actor),
    cell(col('action'), t(`actions.${e.action}`)),
    cell(col('report'), e.report),
    cell(col('detail'), e.detail),
  );
}

/** Renders the audit log into `main`. */
export async function showAudit(main) {
  setTitle('audit');
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
