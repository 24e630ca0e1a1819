// The printable report (/admin/stats/report?from=&to=&kcn=, print-report.html): the figures of GET /api/admin/stats laid out as
// a "báo cáo sơ kết" (the issuing body and the national motto, place and date, title, period, numbered
// sections with tables and charts, notes, a signature block), sized for A4 (print-report.css). The browser's
// Print prints it; nothing else is needed.
import { loadMe } from './api.js';
import { el, kcnName, page, replace, t } from './dom.js';
import { dayText, statsSections } from './stats-render.js';

const s = (key, params) => t(`stats.${key}`, params);
const main = document.getElementById('report');

function heading(f, today) {
  const [y, m, d] = today.split('-').map(Number);
  const parks = f.kcn.length === page.kcns.length ? s('print.allParks') : f.kcn.map(kcnName).join(', ');
  return [
    el(
      'header',
      { className: 'doc-head' },
      el('div', { className: 'issuer' }, el('p', { className: 'up', text: page.names.board.toUpperCase() }), el('hr')),
      el(
        'div',
        { className: 'motto' },
        el('p', { className: 'up', text: s('print.motto1') }),
        el('p', { className: 'bold', text: s('print.motto2') }),
        el('hr'),
      ),
    ),
    el('p', { className: 'place-date', text: s('print.placeDate', { place: page.names.province, day: d, month: m, year: y }) }),
    el('h1', { text: s('print.title') }),
    el('p', { className: 'subtitle', text: s('print.subtitle') }),
    el('p', { className: 'period', id: 'report-period', text: s('print.period', { from: dayText(f.period.from), to: dayText(f.period.to) }) }),
    el('p', { className: 'scope', text: s('print.scope', { parks }) }),
  ];
}

function notes(f) {
  const at = new Date(f.generatedAt).toLocaleString('vi-VN', { timeZone: page.timeZone, dateStyle: 'short', timeStyle: 'short' });
  return el(
    'section',
    { className: 'stats-section', id: 'stats-notes' },
    el('h2', { text: s('print.section5') }),
    el(
      'ul',
      {},
      el('li', { text: s('hiddenNote', { threshold: f.threshold, max: f.threshold - 1 }) }),
      f.reach && el('li', { text: s('reach.usersNote') }),
      f.reports && el('li', { text: s('reports.note') }),
      el('li', { text: s('print.generated', { at }) }),
    ),
  );
}

async function show() {
  if (!(await loadMe())) return replace(main, el('p', {}, el('a', { href: '/admin', text: s('print.login') })));
  const query = new URLSearchParams(location.search);
  query.delete('lang');
  const res = await fetch(`/api/admin/stats?${query}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) return replace(main, el('p', { className: 'error', text: body?.error?.message ?? String(res.status) }));
  if (!body.parts.length) return replace(main, el('p', { text: s('print.notAllowed') }));
  document.title = `${s('print.title')} ${dayText(body.period.from)}–${dayText(body.period.to)}`;
  // Dated the day the figures were compiled (the bot's clock), in the park's time zone.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: page.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(body.generatedAt),
  );
  const { nodes, draw } = statsSections(body, { print: true });
  const back = `/admin${page.lang === 'en' ? '?lang=en' : ''}#/stats?${query}`;
  const printButton = el('button', { type: 'button', className: 'primary', text: s('print.printButton'), on: { click: () => window.print() } });
  replace(
    main,
    el('nav', { className: 'toolbar' }, printButton, el('a', { href: back, text: s('print.back') })),
    heading(body, today),
    nodes,
    notes(body),
    el('div', { className: 'sign' }, el('p', { className: 'bold', text: s('print.preparedBy') }), el('p', { className: 'muted', text: s('print.signHint') })),
  );
  await draw().catch(() => undefined);
  document.body.dataset.ready = 'true';
}

void show();
