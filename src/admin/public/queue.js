// The queue, live: polled every few seconds, new reports and reporters' answers appear without a
// reload; an answer not opened yet is marked and counted. Search by code or words, filters by status
// (closed reports hidden unless asked for), park, category and days, and the order by age.
import { api, errorText, state } from './api.js';
import { categoryName, el, kcnName, page, replace, select, t, when } from './dom.js';
import { POLL_SECONDS, poll } from './live.js';
import { setTitle, showUnread } from './titles.js';

const STATUSES = ['new', 'claimed', 'need_info', 'resolved', 'rejected'];
/** `view`: open (the default), closed, all, or one status. */
const filters = { view: 'open', kcn: '', category: '', q: '', from: '', to: '', sort: 'newest' };

function query() {
  const q = new URLSearchParams();
  if (filters.view === 'open' || filters.view === 'closed') q.set('state', filters.view);
  else if (filters.view !== 'all') q.set('status', filters.view);
  for (const k of ['kcn', 'category', 'q', 'from', 'to']) if (filters[k].trim()) q.set(k, filters[k].trim());
  if (filters.sort !== 'newest') q.set('sort', filters.sort);
  const s = q.toString();
  return s ? `?${s}` : '';
}

function card(r) {
  const flags = [
    r.newAnswer && el('span', { className: 'flag new', text: t('queue.newAnswer') }),
    r.overdue && el('span', { className: 'flag warn', text: t('queue.overdue') }),
    r.likelyDuplicateOf && el('span', { className: 'flag', text: t('queue.duplicate', { code: r.likelyDuplicateOf }) }),
    r.lookupLocked && el('span', { className: 'flag warn', text: t('queue.lookupLocked') }),
  ];
  return el(
    'li',
    {},
    el(
      'a',
      { className: `card report-card${r.newAnswer ? ' unread' : ''}`, href: `#/reports/${encodeURIComponent(r.code)}`, 'data-code': r.code },
      el('div', { className: 'row' }, el('strong', { text: r.code }), el('span', { className: `badge s-${r.status}`, text: t(`status.${r.status}`) })),
      el('div', { className: 'row muted' }, el('span', { text: categoryName(r.category) }), el('span', { text: kcnName(r.kcn) })),
      el(
        'div',
        { className: 'row muted' },
        el('span', { text: when(r.createdAt) }),
        r.claimedBy && el('span', { text: t('queue.claimedBy', { username: r.claimedBy }) }),
      ),
      r.lastAnswerAt && el('div', { className: 'muted', text: t('queue.lastAnswer', { time: when(r.lastAnswerAt) }) }),
      el('div', { className: 'flags' }, flags),
    ),
  );
}

function input(name, label, props) {
  return el(
    'label',
    { className: 'field', for: `f-${name}` },
    el('span', { text: label }),
    el('input', { name, id: `f-${name}`, value: filters[name], ...props }),
  );
}

function filterForm(onChange) {
  const kcns = state.me.role === 'supervisor' ? page.kcns : page.kcns.filter((k) => state.me.kcns.includes(k.id));
  const views = [
    { id: 'open', name: t('filters.open') },
    { id: 'closed', name: t('filters.closed') },
    { id: 'all', name: t('filters.all') },
    ...STATUSES.map((s) => ({ id: s, name: t(`status.${s}`) })),
  ];
  const sorts = ['newest', 'oldest'].map((s) => ({ id: s, name: t(`filters.${s}`) }));
  const form = el(
    'form',
    { className: 'filters', role: 'search' },
    input('q', t('filters.search'), { type: 'search', placeholder: t('filters.searchPlaceholder'), maxlength: 100, autocomplete: 'off' }),
    select('view', t('filters.status'), views, filters.view, false),
    select('kcn', t('filters.kcn'), kcns, filters.kcn),
    select('category', t('filters.category'), page.categories, filters.category),
    input('from', t('filters.from'), { type: 'date' }),
    input('to', t('filters.to'), { type: 'date' }),
    select('sort', t('filters.sort'), sorts, filters.sort, false),
  );
  let typing;
  const changed = (event) => {
    filters[event.target.name] = event.target.value;
    clearTimeout(typing);
    // Words are looked up once the officer pauses, not at every key.
    typing = setTimeout(onChange, event.target.name === 'q' ? 400 : 0);
  };
  form.addEventListener('change', changed);
  form.addEventListener('input', (event) => event.target.name === 'q' && changed(event));
  form.addEventListener('submit', (event) => event.preventDefault());
  return form;
}

/**
 * Renders the queue into `main` and keeps it up to date; `preset` ({status, kcn, category}: a link from a
 * figure of the statistics) sets the filters first.
 */
export async function showQueue(main, preset = {}) {
  setTitle('queue');
  if (preset.status) filters.view = preset.status;
  for (const k of ['kcn', 'category']) if (preset[k] !== undefined) filters[k] = preset[k];
  const list = el('ol', { className: 'queue', id: 'queue', 'aria-live': 'polite' });
  const unread = el('span', { className: 'flag new', id: 'unread-count', hidden: true });
  const status = el('p', { className: 'muted small', id: 'live-status' });
  const exportLink = el('a', { className: 'button', id: 'export-csv', href: `/api/admin/reports.csv${query()}`, download: '', text: t('nav.export') });
  let shown = '';
  const load = async () => {
    const path = `/api/admin/reports${query()}`;
    exportLink.setAttribute('href', `/api/admin/reports.csv${query()}`);
    const res = await api('GET', path);
    if (path !== `/api/admin/reports${query()}`) return; // the filters changed meanwhile: a newer load follows
    if (!res.ok) {
      if (res.status === 0) {
        status.textContent = t('queue.offline');
        return;
      }
      return replace(list, el('li', { className: 'error', text: errorText(res.body, res.status) }));
    }
    status.textContent = t('queue.live', { seconds: POLL_SECONDS, time: when(new Date().toISOString()) });
    unread.textContent = t('queue.unread', { count: res.body.unread });
    unread.hidden = res.body.unread === 0;
    showUnread(res.body.unread);
    const json = JSON.stringify(res.body.reports);
    if (json === shown) return;
    shown = json;
    replace(list, res.body.reports.length ? res.body.reports.map(card) : [el('li', { className: 'muted', text: t('queue.empty') })]);
  };
  const head = el(
    'div',
    { className: 'row' },
    el('h2', {}, t('queue.heading'), ' ', unread),
    el('span', {}, state.me.role === 'supervisor' && exportLink, el('button', { type: 'button', text: t('queue.refresh'), on: { click: load } })),
  );
  replace(main, head, filterForm(load), status, list);
  await load();
  poll(load);
}
