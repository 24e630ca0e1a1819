/**
 * The figures as a CSV for spreadsheets (UTF-8 with BOM, lib/csv.ts): a heading block (title, period,
 * time prepared in Vietnam time, parks, the small-count rule), then one line per figure: part, figure,
 * group, value. A hidden count is written `<threshold`, as on the page.
 */
import { toCsv } from '../lib/csv.js';
import type { Figures } from './figures.js';

/** How the CSV names things, in the report's language. */
export interface CsvLabels {
  t(key: string, params?: Record<string, unknown>): string;
  kcn(id: string): string;
  category(id: string): string;
  status(id: string): string;
  topic(id: string): string;
  festivalTopic(id: string): string;
  event(id: string): string;
}

/** `d/m/yyyy` of a `YYYY-MM-DD` day. */
export const viDate = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return `${d}/${m}/${y}`;
};

/** An instant in the festival's time zone (Vietnam time), `dd/mm/yyyy hh:mm`. */
export function vnTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const p = (type: string) => parts.find((x) => x.type === type)?.value ?? '';
  return `${p('day')}/${p('month')}/${p('year')} ${p('hour')}:${p('minute')}`;
}

export function figuresCsv(f: Figures, l: CsvLabels): string {
  const hidden = `<${f.threshold}`;
  const v = (n: number | null | undefined) => (n === null ? hidden : (n ?? ''));
  /** A duration: empty when no report was timed (`count` 0), hidden when too few to show. */
  const minutes = (count: number | null, n: number | null) => (count === 0 ? '' : v(n));
  const rows: unknown[][] = [
    [l.t('stats:csv.title')],
    [l.t('stats:csv.period'), `${viDate(f.period.from)} – ${viDate(f.period.to)}`],
    [l.t('stats:csv.generatedAt'), vnTime(f.generatedAt, f.period.timeZone)],
    [l.t('stats:csv.parks'), f.kcn.map(l.kcn).join('; ')],
    [l.t('stats:csv.hidden', { threshold: f.threshold })],
    [],
    [l.t('stats:csv.section'), l.t('stats:csv.figure'), l.t('stats:csv.group'), l.t('stats:csv.value')],
  ];
  const section = (key: string) => {
    const name = l.t(`stats:sections.${key}`);
    return (figure: string, group: string, value: unknown) => rows.push([name, l.t(figure), group, value]);
  };
  if (f.reach && f.faq && f.broadcasts) {
    const reach = section('reach');
    for (const [c, n] of Object.entries(f.reach.usersByChannel)) reach('stats:reach.usersByChannel', l.t(`stats:channels.${c}`), n);
    reach('stats:reach.userDays', '', f.reach.userDays);
    for (const [t, n] of Object.entries(f.reach.newSubscribers)) reach('stats:reach.newSubscribers', l.topic(t), n);
    for (const [t, n] of Object.entries(f.reach.subscribersNow)) reach('stats:reach.subscribersNow', l.topic(t), n);
    reach('stats:reach.views', l.t('stats:reach.slogans'), f.reach.views.slogans);
    for (const [t, n] of Object.entries(f.reach.views.festival)) reach('stats:reach.views', l.t('stats:reach.festival', { topic: l.festivalTopic(t) }), n);
    const faq = section('questions');
    faq('stats:faq.asked', '', f.faq.asked);
    faq('stats:faq.answered', '', f.faq.answered);
    faq('stats:faq.unanswered', '', f.faq.unanswered);
    faq('stats:faq.answeredShare', '', f.faq.answeredShare ?? '');
    for (const e of f.faq.topEntries) faq('stats:faq.topEntries', e.title, e.count);
    for (const q of f.faq.topUnanswered) faq('stats:faq.topUnanswered', q.question, v(q.count));
    const bc = section('broadcasts');
    for (const k of ['started', 'delivered', 'outsideWindow', 'failed', 'unsubscribed'] as const) bc(`stats:broadcasts.${k}`, '', f.broadcasts[k]);
  }
  if (f.reports) {
    const r = f.reports;
    const rep = section('reports');
    rep('stats:reports.total', '', v(r.total));
    for (const [k, n] of Object.entries(r.byKcn)) rep('stats:reports.byKcn', l.kcn(k), v(n));
    for (const [k, n] of Object.entries(r.byCategory)) rep('stats:reports.byCategory', l.category(k), v(n));
    for (const w of r.byWeek) rep('stats:reports.byWeek', l.t('stats:reports.week', { from: viDate(w.from), to: viDate(w.to) }), v(w.count));
    for (const [k, n] of Object.entries(r.byStatus)) rep('stats:reports.byStatus', l.status(k), v(n));
    rep('stats:reports.claimed', '', v(r.claimed));
    rep('stats:reports.medianToClaim', '', minutes(r.claimed, r.medianMinutesToClaim));
    rep('stats:reports.p90ToClaim', '', minutes(r.claimed, r.p90MinutesToClaim));
    rep('stats:reports.closed', '', v(r.closed));
    rep('stats:reports.medianToClose', '', minutes(r.closed, r.medianMinutesToClose));
    rep('stats:reports.p90ToClose', '', minutes(r.closed, r.p90MinutesToClose));
    rep('stats:reports.followUp', '', v(r.followUp.asked));
    rep('stats:reports.followUpAnswered', '', v(r.followUp.answered));
    rep('stats:reports.followUpShare', '', v(r.followUp.share));
    rep('stats:reports.escalated', '', v(r.escalated));
  }
  if (f.events) {
    const e = f.events;
    const ev = section('events');
    for (const k of ['held', 'planned', 'signups', 'people', 'waitlisted', 'cancelled', 'checkedIn', 'checkedInPeople', 'noShows'] as const)
      ev(`stats:events.${k}`, '', e[k]);
    for (const [k, n] of Object.entries(e.heldByKcn)) ev('stats:events.heldByKcn', l.kcn(k), n);
    for (const x of e.byEvent) {
      const name = `${l.event(x.id)} (${l.kcn(x.kcn)}, ${vnTime(x.startsAt, f.period.timeZone).slice(0, 10)})`;
      ev('stats:events.signups', name, x.signups);
      ev('stats:events.checkedIn', name, x.checkedIn);
      if (x.noShows !== null) ev('stats:events.noShows', name, x.noShows);
    }
  }
  return toCsv(rows);
}
