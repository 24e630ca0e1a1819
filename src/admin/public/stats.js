// The statistics page (#/stats): a period and the parks, then the figures the viewer's role may see
// (GET /api/admin/stats), with charts, links from a figure to the list behind it, the CSV and the
// printable report. The period and parks stay in the address (#/stats?from=&to=&kcn=), so a link can be shared.
import { api, errorText, state } from './api.js';
import { el, page, replace, t } from './dom.js';
import { statsSections } from './stats-render.js';

const s = (key, params) => t(`stats.${key}`, params);
const pad = (n) => String(n).padStart(2, '0');

/** Today in the park's time zone, YYYY-MM-DD. */
function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: page.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
const monthEnd = (y, m) => `${y}-${pad(m)}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;

/** The quick periods: this month until today, last month, this year's festival period (20/7–19/8). */
function presets() {
  const [y, m] = today().split('-').map(Number);
  const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
  return [
    ['thisMonth', `${y}-${pad(m)}-01`, today()],
    ['lastMonth', `${py}-${pad(pm)}-01`, monthEnd(py, pm)],
    ['festival', `${y}-07-20`, `${y}-08-19`],
  ];
}

/** The lists behind the figures, for the roles that may see them. */
function linksFor(me) {
  const reports = me.role === 'officer' || me.role === 'supervisor';
  const events = me.role === 'organizer' || me.role === 'supervisor';
  return (kind, filter) => {
    if (kind === 'reports' && reports) {
      const q = new URLSearchParams(Object.entries(filter ?? {})).toString();
      return `#/reports${q ? `?${q}` : ''}`;
    }
    if (kind === 'events' && events) return '#/events';
    // The unanswered questions' page (organisers and supervisors) and the broadcasts' page (supervisors).
    if (kind === 'unanswered' && events) return '#/unanswered';
    if (kind === 'broadcasts' && me.role === 'supervisor') return '#/broadcasts';
    return undefined;
  };
}

/** The query of the page's address. */
function current() {
  const q = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const [, from, to] = presets()[0];
  return { from: q.get('from') || from, to: q.get('to') || to, kcn: (q.get('kcn') || '').split(',').filter(Boolean) };
}

/** Renders the statistics page into `main`. */
export async function showStats(main) {
  const q = current();
  const mine = state.me.role === 'supervisor' ? page.kcns : page.kcns.filter((k) => state.me.kcns.includes(k.id));
  const from = el('input', { type: 'date', name: 'from', id: 'stats-from', value: q.from, required: true });
  const to = el('input', { type: 'date', name: 'to', id: 'stats-to', value: q.to, required: true });
  const boxes = mine.map((k) =>
    el('label', { className: 'check' }, el('input', { type: 'checkbox', name: 'kcn', value: k.id, checked: q.kcn.includes(k.id) }), k.name),
  );
  const go = (f, tt, kcn) => {
    const params = new URLSearchParams({ from: f, to: tt });
    if (kcn.length) params.set('kcn', kcn.join(','));
    location.hash = `#/stats?${params}`;
  };
  const form = el(
    'form',
    { className: 'stats-form', id: 'stats-form' },
    el(
      'div',
      { className: 'presets' },
      el('span', { className: 'muted', text: s('presets.label') }),
      presets().map(([key, f, tt]) => el('button', { type: 'button', text: s(`presets.${key}`), on: { click: () => go(f, tt, q.kcn) } })),
    ),
    el(
      'div',
      { className: 'dates' },
      el('label', { className: 'field' }, el('span', { text: s('from') }), from),
      el('label', { className: 'field' }, el('span', { text: s('to') }), to),
    ),
    el('fieldset', { className: 'parks' }, el('legend', { text: s('kcn') }), boxes),
    el('button', { type: 'submit', className: 'primary', text: s('show') }),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const kcn = boxes
      .map((b) => b.querySelector('input'))
      .filter((i) => i.checked)
      .map((i) => i.value);
    go(from.value, to.value, kcn);
  });
  const params = new URLSearchParams({ from: q.from, to: q.to });
  if (q.kcn.length) params.set('kcn', q.kcn.join(','));
  const body = el('div', { id: 'stats-body' }, el('p', { className: 'muted', text: s('loading') }));
  const actions = el(
    'p',
    { className: 'stats-actions' },
    el('a', { className: 'button', id: 'stats-csv', href: `/api/admin/stats.csv?${params}`, download: '', text: s('csvLink') }),
    el('a', {
      className: 'button',
      id: 'stats-print',
      href: `/admin/stats/report?${params}${page.lang === 'en' ? '&lang=en' : ''}`,
      target: '_blank',
      text: s('printLink'),
    }),
  );
  replace(main, el('h2', { text: s('heading') }), form, actions, body);
  if (q.from > q.to) return replace(body, el('p', { className: 'error', text: s('badPeriod') }));
  const res = await api('GET', `/api/admin/stats?${params}`);
  if (!res.ok) return replace(body, el('p', { className: 'error', text: errorText(res.body, res.status) }));
  const { nodes, draw } = statsSections(res.body, { links: linksFor(state.me) });
  replace(
    body,
    el('p', { className: 'muted small', id: 'stats-hidden-note', text: s('hiddenNote', { threshold: res.body.threshold, max: res.body.threshold - 1 }) }),
    nodes,
  );
  // A chart that cannot be drawn leaves its caption; the figures are in the tables anyway.
  await draw().catch(() => undefined);
  body.dataset.ready = 'true';
}
