// The queue: filters by status, KCN and category, and one card per report.
import { api, errorText, state } from './api.js';
import { categoryName, el, kcnName, page, replace, select, t, when } from './dom.js';

const STATUSES = ['new', 'claimed', 'need_info', 'resolved', 'rejected'];
const filters = { status: '', kcn: '', category: '' };

function query() {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

function card(r) {
  const flags = [
    r.overdue && el('span', { className: 'flag warn', text: t('queue.overdue') }),
    r.likelyDuplicateOf && el('span', { className: 'flag', text: t('queue.duplicate', { code: r.likelyDuplicateOf }) }),
    r.lookupLocked && el('span', { className: 'flag warn', text: t('queue.lookupLocked') }),
  ];
  return el(
    'li',
    {},
    el(
      'a',
      { className: 'card report-card', href: `#/reports/${encodeURIComponent(r.code)}`, 'data-code': r.code },
      el('div', { className: 'row' }, el('strong', { text: r.code }), el('span', { className: `badge s-${r.status}`, text: t(`status.${r.status}`) })),
      el('div', { className: 'row muted' }, el('span', { text: categoryName(r.category) }), el('span', { text: kcnName(r.kcn) })),
      el(
        'div',
        { className: 'row muted' },
        el('span', { text: when(r.createdAt) }),
        r.claimedBy && el('span', { text: t('queue.claimedBy', { username: r.claimedBy }) }),
      ),
      el('div', { className: 'flags' }, flags),
    ),
  );
}

function filterForm(onChange) {
  const kcns = state.me.role === 'supervisor' ? page.kcns : page.kcns.filter((k) => state.me.kcns.includes(k.id));
  const form = el(
    'form',
    { className: 'filters' },
    select(
      'status',
      t('filters.status'),
      STATUSES.map((s) => ({ id: s, name: t(`status.${s}`) })),
      filters.status,
    ),
    select('kcn', t('filters.kcn'), kcns, filters.kcn),
    select('category', t('filters.category'), page.categories, filters.category),
  );
  form.addEventListener('change', (event) => {
    filters[event.target.name] = event.target.value;
    onChange();
  });
  return form;
}

/** Renders the queue into `main`; `preset` ({status, kcn, category}) sets the filters first. */
export async function showQueue(main, preset = {}) {
  for (const k of Object.keys(filters)) if (preset[k] !== undefined) filters[k] = preset[k];
  const list = el('ol', { className: 'queue', id: 'queue' });
  const exportLink = el('a', { className: 'button', id: 'export-csv', href: `/api/admin/reports.csv${query()}`, download: '', text: t('nav.export') });
  const load = async () => {
    exportLink.setAttribute('href', `/api/admin/reports.csv${query()}`);
    const res = await api('GET', `/api/admin/reports${query()}`);
    if (!res.ok) return replace(list, el('li', { className: 'error', text: errorText(res.body, res.status) }));
    replace(list, res.body.reports.length ? res.body.reports.map(card) : [el('li', { className: 'muted', text: t('queue.empty') })]);
  };
  const head = el(
    'div',
    { className: 'row' },
    el('h2', { text: t('queue.heading') }),
    el('span', {}, state.me.role === 'supervisor' && exportLink, el('button', { type: 'button', text: t('queue.refresh'), on: { click: load } })),
  );
  replace(main, head, filterForm(load), list);
  await load();
}
