// The statistics' sections, built from the JSON of GET /api/admin/stats for the dashboard page
// (#/stats: with links from a figure to the list behind it) and for the printable report (/admin/stats/report:
// numbered sections, fixed-size charts). Texts: content/<lang>/stats.yaml; a hidden small count shows
// as "<3" (the threshold the JSON gives).
import { barChart } from './charts.js';
import { categoryName, el, kcnName, page, t } from './dom.js';

const s = (key, params) => t(`stats.${key}`, params);
const locale = () => (page.lang === 'vi' ? 'vi-VN' : 'en-GB');

/** `d/m/yyyy` of a YYYY-MM-DD day. */
export function dayText(day) {
  const [y, m, d] = day.split('-').map(Number);
  return `${d}/${m}/${y}`;
}

/** A count as shown: the number, `<threshold` when hidden, `–` when there is none. */
function numberText(n, threshold) {
  if (n === null) return `<${threshold}`;
  if (n === undefined) return '–';
  return n.toLocaleString(locale());
}
/** The local date of an instant, `d/m/yyyy`. */
const localDay = (iso) => new Date(iso).toLocaleDateString('vi-VN', { timeZone: page.timeZone, day: 'numeric', month: 'numeric', year: 'numeric' });
const share = (x) => (x === null || x === undefined ? '–' : `${Math.round(x * 1000) / 10}%`.replace('.', page.lang === 'vi' ? ',' : '.'));
/** A duration in minutes: "–" when no report was timed (`count` 0), "<3" when it is hidden (too few to show). */
const minutesText = (n, threshold, count) => (count === 0 ? '–' : n === null ? `<${threshold}` : s('reports.minutes', { n: n.toLocaleString(locale()) }));

/**
 * Builds the sections. `links(kind, id)` gives the list behind a figure (or nothing when the viewer
 * may not see it); `print` numbers the sections and fixes the charts' size. Returns the nodes and a
 * function that draws the charts once the nodes are in the page.
 */
export function statsSections(f, { links = () => undefined, print = false } = {}) {
  const charts = [];
  const th = f.threshold;
  const n = (x) => numberText(x, th);
  const linked = (text, href) => (href ? el('a', { href, text }) : text);

  /** A table of [label, value, href?] rows, with a head row. */
  const table = (head, rows, id) =>
    el(
      'div',
      { className: 'table-wrap' },
      el(
        'table',
        { className: 'stats-table', id },
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            head.map((h) => el('th', { text: h })),
          ),
        ),
        el(
          'tbody',
          {},
          rows.map((cells) =>
            el(
              'tr',
              {},
              cells.map((c, i) => el(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : undefined }, c)),
            ),
          ),
        ),
      ),
    );
  const figures = (rows, id) =>
    table(
      [s('common.figure'), s('common.value')],
      rows.map(([label, value, href]) => [linked(label, href), value]),
      id,
    );
  /** A bar chart of entries [label, value, href?]; a click on a bar opens its list. */
  const chart = (title, entries, { horizontal = false, id } = {}) => {
    // Printed: a fixed bitmap the size of the printed box (165 mm × 60 or 90 mm at 96 dpi), drawn at 3× for paper.
    const size = print ? { width: 624, height: horizontal ? 340 : 227 } : {};
    const canvas = el('canvas', { id, role: 'img', 'aria-label': title, ...size });
    const box = el(
      'figure',
      { className: `chart${horizontal ? ' tall' : ''}` },
      el('figcaption', { text: title }),
      el('div', { className: 'chart-box' }, canvas),
    );
    charts.push(() =>
      barChart(canvas, {
        // A hidden small count has no bar: its label says so, so that it is not read as zero.
        labels: entries.map((e) => (e[1] === null ? `${e[0]} (<${th})` : e[0])),
        values: entries.map((e) => e[1]),
        label: title,
        horizontal,
        print,
        onPick: print
          ? undefined
          : (i) => {
              if (entries[i]?.[2]) location.hash = entries[i][2];
            },
      }),
    );
    return box;
  };
  const section = (key, printKey, ...children) =>
    el(
      'section',
      { className: 'stats-section', id: `stats-${key}` },
      el(print ? 'h2' : 'h3', { text: print ? s(`print.${printKey}`) : s(`sections.${key}`) }),
      ...children,
    );
  const out = [];

  if (f.reach) {
    const r = f.reach;
    const channels = Object.entries(r.usersByChannel);
    out.push(
      section(
        'reach',
        'section1',
        chart(
          s('reach.usersByChannel'),
          channels.map(([c, v]) => [s(`channels.${c}`), v]),
          { id: 'chart-users' },
        ),
        figures([...channels.map(([c, v]) => [s(`channels.${c}`), n(v)]), [s('reach.userDays'), n(r.userDays)]], 'table-users'),
        el('p', { className: 'muted small', text: s('reach.usersNote') }),
        table(
          [s('reach.topic'), s('reach.newSubscribers'), s('reach.subscribersNow')],
          Object.keys(r.newSubscribers).map((id) => [page.names.topics[id] ?? id, n(r.newSubscribers[id]), n(r.subscribersNow[id])]),
          'table-subscribers',
        ),
        table(
          [s('reach.page'), s('reach.views')],
          [
            [s('reach.slogans'), n(r.views.slogans)],
            ...Object.entries(r.views.festival).map(([id, v]) => [s('reach.festival', { topic: page.names.festival[id] ?? id }), n(v)]),
          ],
          'table-views',
        ),
        el('h4', { text: s('sections.broadcasts') }),
        figures(
          ['started', 'delivered', 'outsideWindow', 'failed', 'unsubscribed'].map((k) => [s(`broadcasts.${k}`), n(f.broadcasts[k]), links('broadcasts', k)]),
          'table-broadcasts',
        ),
      ),
    );
  }
  if (f.faq) {
    const q = f.faq;
    out.push(
      section(
        'questions',
        'section2',
        figures(
          [
            [s('faq.asked'), n(q.asked)],
            [s('faq.answered'), n(q.answered)],
            [s('faq.unanswered'), n(q.unanswered), links('unanswered')],
            [s('faq.answeredShare'), share(q.answeredShare)],
          ],
          'table-faq',
        ),
        q.topEntries.length
          ? chart(
              s('faq.topEntries'),
              q.topEntries.map((e) => [e.title, e.count]),
              { horizontal: true, id: 'chart-faq' },
            )
          : null,
        q.topUnanswered.length
          ? [
              el('h4', { text: s('faq.topUnanswered') }),
              table(
                [s('faq.question'), s('faq.count')],
                q.topUnanswered.map((u) => [u.question, n(u.count)]),
                'table-unanswered',
              ),
            ]
          : null,
        el('p', { className: 'muted small', text: s('faq.unansweredNote', { days: q.unansweredKeptDays, threshold: th }) }),
      ),
    );
  }
  if (f.reports) {
    const r = f.reports;
    const kcns = Object.entries(r.byKcn);
    const cats = Object.entries(r.byCategory).filter(([, v]) => v !== 0);
    out.push(
      section(
        'reports',
        'section3',
        figures([[s('reports.total'), n(r.total), links('reports', {})]], 'table-reports-total'),
        chart(
          s('reports.byWeek'),
          r.byWeek.map((w) => [s('reports.week', { from: dayText(w.from), to: dayText(w.to) }), w.count]),
          { id: 'chart-weeks' },
        ),
        el('h4', { text: s('reports.byKcn') }),
        figures(
          kcns.map(([id, v]) => [kcnName(id), n(v), links('reports', { kcn: id })]),
          'table-kcn',
        ),
        el('h4', { text: s('reports.byCategory') }),
        cats.length
          ? chart(
              s('reports.byCategory'),
              cats.map(([id, v]) => [categoryName(id), v, links('reports', { category: id })]),
              { horizontal: true, id: 'chart-categories' },
            )
          : null,
        figures(
          Object.entries(r.byCategory).map(([id, v]) => [categoryName(id), n(v), links('reports', { category: id })]),
          'table-categories',
        ),
        el('h4', { text: s('reports.byStatus') }),
        figures(
          Object.entries(r.byStatus).map(([id, v]) => [t(`status.${id}`), n(v), links('reports', { status: id })]),
          'table-status',
        ),
        el('h4', { text: s('reports.timing') }),
        figures(
          [
            [s('reports.claimed'), n(r.claimed)],
            [s('reports.medianToClaim'), minutesText(r.medianMinutesToClaim, th, r.claimed)],
            [s('reports.p90ToClaim'), minutesText(r.p90MinutesToClaim, th, r.claimed)],
            [s('reports.closed'), n(r.closed)],
            [s('reports.medianToClose'), minutesText(r.medianMinutesToClose, th, r.closed)],
            [s('reports.p90ToClose'), minutesText(r.p90MinutesToClose, th, r.closed)],
            [s('reports.followUp'), n(r.followUp.asked)],
            [s('reports.followUpAnswered'), n(r.followUp.answered)],
            [s('reports.followUpShare'), share(r.followUp.share)],
            [s('reports.escalated'), n(r.escalated)],
          ],
          'table-timing',
        ),
        el('p', { className: 'muted small', text: s('reports.note') }),
      ),
    );
  }
  if (f.events) {
    const e = f.events;
    out.push(
      section(
        'events',
        'section4',
        figures(
          ['held', 'planned', 'signups', 'people', 'waitlisted', 'cancelled', 'checkedIn', 'checkedInPeople', 'noShows'].map((k) => [
            s(`events.${k}`),
            n(e[k]),
            links('events'),
          ]),
          'table-events',
        ),
        e.byEvent.length
          ? table(
              [s('events.event'), s('common.kcn'), s('events.date'), s('events.signups'), s('events.waitlisted'), s('events.checkedIn'), s('events.noShows')],
              e.byEvent.map((x) => [
                linked(page.names.events[x.id] ?? x.id, links('events')),
                kcnName(x.kcn),
                localDay(x.startsAt),
                n(x.signups),
                n(x.waitlisted),
                n(x.checkedIn),
                x.noShows === null ? '–' : n(x.noShows),
              ]),
              'table-event-list',
            )
          : null,
        chart(
          s('events.heldByKcn'),
          Object.entries(e.heldByKcn).map(([id, v]) => [kcnName(id), v]),
          { id: 'chart-events' },
        ),
      ),
    );
  }
  return { nodes: out, draw: () => Promise.all(charts.map((draw) => draw())) };
}
