/**
 * The board's figures for a period and a set of parks, read from the counters and published under the
 * small-count rule (privacy.ts): the report part, the event part and the content part (reach, questions,
 * broadcasts), each only for the viewer allowed to see it (access.ts). The JSON answer of
 * `GET /api/admin/stats` is exactly what `readFigures` returns (docs/statistics.md pins its fields).
 */
import { DURATIONS, EVENT, F, usersOf } from './fields.js';
import { createMask, percentiles, type Cell } from './privacy.js';
import { daysBetween, isoWeek, weekStart, wholeMonths, addDays } from './period.js';
import type { Day, DayFigures, EventFigures, StatsStore } from './ports.js';

/** The parts of the figures: reports (officers of the parks, supervisors), events and content (organisers, supervisors). */
export const PARTS = ['reports', 'events', 'content'] as const;
export type Part = (typeof PARTS)[number];

/** An event as the catalogue gives it. */
export interface EventInfo {
  id: string;
  kcn: string;
  startsAt: string;
  endsAt: string;
  /** Called off: not counted as held. */
  cancelled?: boolean;
}

/** Where the figures come from besides the counters (the composition root wires the features here). */
export interface StatsSources {
  store: StatsStore;
  /** The reports of these parks as they are now (status and time received only). */
  reportsNow(kcns: readonly string[]): Promise<{ kcn: string; status: string; createdAt: string }[]>;
  /** The events of the catalogue. */
  events(): readonly EventInfo[];
  /** The most asked questions the FAQ could not answer, still kept (masked, normalised). */
  unanswered(limit: number): Promise<{ question: string; count: number }[]>;
  /** How many subscribe to a topic now. */
  subscribers(topic: string): Promise<number>;
  /** Writes this instance's buffered turn counts first. */
  flush(): Promise<void>;
}

/** The ids the figures break down by. */
export interface Catalog {
  categories: readonly string[];
  channels: readonly string[];
  topics: readonly string[];
  festivalTopics: readonly string[];
  /** An FAQ entry's title in the report's language. */
  faqTitle(id: string): string;
  timeZone: string;
  /** How long unanswered questions are kept (UNANSWERED_RETENTION_DAYS), said beside the top unanswered. */
  unansweredKeptDays: number;
}

export interface FigureQuery {
  from: Day;
  to: Day;
  kcns: readonly string[];
  parts: readonly Part[];
  threshold: number;
  now: Date;
}

const OPEN = ['new', 'claimed', 'need_info'] as const;
const CLOSED = ['resolved', 'rejected'] as const;
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const zeros = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<string, number>;
const minutes = (entries: readonly string[], kcns: ReadonlySet<string>) =>
  entries.flatMap((e) => {
    const [kcn, secs] = e.split('|');
    return kcn && kcns.has(kcn) ? [Number(secs) / 60] : [];
  });

/** Counter fields of the days, split on `|`, with their counts. */
function* fields(days: readonly DayFigures[], name: string): Generator<[string[], number]> {
  for (const d of days) for (const [f, n] of Object.entries(d.counts)) if (f === name || f.startsWith(`${name}|`)) yield [f.split('|').slice(1), n];
}

function reportPart(
  q: FigureQuery,
  days: readonly DayFigures[],
  now: { kcn: string; status: string; createdAt: string }[],
  catalog: Catalog,
  dayOf: (iso: string) => Day,
) {
  const mask = createMask(q.threshold);
  const coarse = wholeMonths(q.from, q.to);
  const parks = new Set(q.kcns);
  const byKcn = zeros(q.kcns);
  const byCategory = zeros(catalog.categories);
  const weeks = new Map<string, { week: string; from: Day; to: Day; count: number }>();
  for (const d of days) {
    const start = weekStart(d.day);
    const w = weeks.get(start) ?? { week: isoWeek(d.day), from: [start, q.from].sort()[1]!, to: d.day, count: 0 };
    w.to = d.day;
    weeks.set(start, w);
    for (const [f, n] of Object.entries(d.counts)) {
      const [name, kcn, category] = f.split('|');
      if (name !== F.received || !kcn || !parks.has(kcn)) continue;
      byKcn[kcn] = (byKcn[kcn] ?? 0) + n;
      byCategory[category!] = (byCategory[category!] ?? 0) + n;
      w.count += n;
    }
  }
  const sumOf = (name: string, match: (parts: string[]) => boolean = () => true) =>
    sum([...fields(days, name)].filter(([p]) => parks.has(p[0]!) && match(p)).map(([, n]) => n));
  const byStatus = zeros([...OPEN, ...CLOSED]);
  for (const s of CLOSED) byStatus[s] = sumOf(F.closed, (p) => p[2] === s);
  for (const r of now) {
    const day = dayOf(r.createdAt);
    if (parks.has(r.kcn) && day >= q.from && day <= q.to && (OPEN as readonly string[]).includes(r.status)) byStatus[r.status]! += 1;
  }
  const total = sum(Object.values(byKcn));
  const duration = (name: (typeof DURATIONS)[number]) => {
    const values = days.flatMap((d) => minutes(d.durations[name] ?? [], parks));
    const p = percentiles(values);
    return { n: values.length, median: mask.over(values.length, p?.median ?? null), p90: mask.over(values.length, p?.p90 ?? null) };
  };
  const claim = duration('claim');
  const close = duration('close');
  const asked = sumOf(F.asked);
  const answered = sumOf(F.answered);
  const weekCells = [...weeks.values()];
  const weekCounts = mask.breakdown(Object.fromEntries(weekCells.map((w) => [w.week, w.count])), true);
  return {
    total: mask.count(total, !coarse),
    byKcn: mask.breakdown(byKcn, !coarse),
    byCategory: mask.breakdown(byCategory, true),
    byWeek: weekCells.map((w) => ({ week: w.week, from: w.from, to: w.to, count: weekCounts[w.week] ?? null })),
    byStatus: mask.breakdown(byStatus, true),
    claimed: mask.count(claim.n, !coarse),
    medianMinutesToClaim: claim.median,
    p90MinutesToClaim: claim.p90,
    closed: mask.count(close.n, !coarse),
    medianMinutesToClose: close.median,
    p90MinutesToClose: close.p90,
    followUp: {
      asked: mask.count(asked, !coarse),
      answered: mask.count(answered, !coarse),
      share: mask.over(asked, asked ? Math.round((answered / asked) * 1000) / 1000 : null),
    },
    escalated: mask.count(sumOf(F.escalated), !coarse),
  };
}

/** Each event of the parks that starts in the period, with its counters; `held` once it has started (and was not called off). */
function eventPart(q: FigureQuery, catalog: readonly EventInfo[], counted: readonly EventFigures[], dayOf: (iso: string) => Day) {
  const byId = new Map(counted.map((e) => [e.id, e]));
  const known = new Map<string, EventInfo>(catalog.map((e) => [e.id, e]));
  for (const e of counted) {
    if (!known.has(e.id) && e.facts.kcn && e.facts.startsAt)
      known.set(e.id, { id: e.id, kcn: e.facts.kcn, startsAt: e.facts.startsAt, endsAt: e.facts.startsAt });
  }
  const parks = new Set(q.kcns);
  const nowMs = q.now.getTime();
  const list = [...known.values()]
    .filter((e) => parks.has(e.kcn) && dayOf(e.startsAt) >= q.from && dayOf(e.startsAt) <= q.to)
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
    .map((e) => {
      const c = byId.get(e.id)?.counts ?? {};
      const n = (k: string) => Math.max(0, c[k] ?? 0);
      const ended = Date.parse(e.endsAt) <= nowMs;
      return {
        id: e.id,
        kcn: e.kcn,
        startsAt: e.startsAt,
        held: !e.cancelled && Date.parse(e.startsAt) <= nowMs,
        cancelled: e.cancelled === true,
        signups: n(EVENT.confirmed),
        people: n(EVENT.confirmedPeople),
        waitlisted: n(EVENT.waitlisted),
        cancelledSignups: n(EVENT.cancelled),
        checkedIn: n(EVENT.checkedIn),
        checkedInPeople: n(EVENT.checkedInPeople),
        noShows: ended && !e.cancelled ? Math.max(0, n(EVENT.confirmed) - n(EVENT.checkedIn)) : null,
      };
    });
  const total = (k: 'signups' | 'people' | 'waitlisted' | 'cancelledSignups' | 'checkedIn' | 'checkedInPeople') => sum(list.map((e) => e[k]));
  const heldByKcn = zeros(q.kcns);
  for (const e of list) if (e.held) heldByKcn[e.kcn]! += 1;
  return {
    held: sum(Object.values(heldByKcn)),
    planned: list.filter((e) => !e.held && !e.cancelled).length,
    heldByKcn,
    signups: total('signups'),
    people: total('people'),
    waitlisted: total('waitlisted'),
    cancelled: total('cancelledSignups'),
    checkedIn: total('checkedIn'),
    checkedInPeople: total('checkedInPeople'),
    noShows: sum(list.map((e) => e.noShows ?? 0)),
    byEvent: list,
  };
}

async function contentPart(q: FigureQuery, days: readonly DayFigures[], sources: StatsSources, catalog: Catalog) {
  const total = (f: string) => sum(days.map((d) => d.counts[f] ?? 0));
  const each = (name: string, ids: readonly string[]) => Object.fromEntries(ids.map((id) => [id, total(`${name}|${id}`)]));
  // A day rebuilt by the backfill knows only a lower bound of its unanswered questions (backfill.ts).
  const unansweredOf = (d: DayFigures) => Math.max((d.counts[F.faqUnsure] ?? 0) + (d.counts[F.faqNone] ?? 0), d.counts[F.faqUnansweredMin] ?? 0);
  const unanswered = sum(days.map(unansweredOf));
  const asked = sum(days.map((d) => Math.max(d.counts[F.faqAsked] ?? 0, (d.counts[F.faqAnswered] ?? 0) + unansweredOf(d))));
  const answered = total(F.faqAnswered);
  const entries = new Map<string, number>();
  for (const [[id], n] of fields(days, F.faqEntry)) if (id) entries.set(id, (entries.get(id) ?? 0) + n);
  const mask = createMask(q.threshold);
  const frequent = (await sources.unanswered(50)).filter((u) => u.count >= q.threshold).slice(0, 10);
  const subscribersNow = Object.fromEntries(await Promise.all(catalog.topics.map(async (t) => [t, await sources.subscribers(t)] as const)));
  const usersByChannel = Object.fromEntries(catalog.channels.map((c) => [c, sum(days.map((d) => d.unique[usersOf(c)] ?? 0))]));
  return {
    faq: {
      asked,
      answered,
      unanswered,
      didYouMean: total(F.faqUnsure),
      notUnderstood: total(F.faqNone),
      answeredShare: asked ? Math.round((answered / asked) * 1000) / 1000 : null,
      topEntries: [...entries]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, 10)
        .map(([id, count]) => ({ id, title: catalog.faqTitle(id), count })),
      unansweredKeptDays: catalog.unansweredKeptDays,
      topUnanswered: frequent.map((u) => ({ question: u.question, count: mask.count(u.count, true) })),
    },
    broadcasts: {
      started: total(F.broadcastStarted),
      delivered: total(`${F.delivery}|sent`),
      outsideWindow: total(`${F.delivery}|window`),
      failed: total(`${F.delivery}|failed`),
      unsubscribed: total(`${F.delivery}|gone`),
    },
    reach: {
      usersByChannel,
      userDays: sum(Object.values(usersByChannel)),
      newSubscribers: each(F.subscribed, catalog.topics),
      subscribersNow,
      views: { slogans: total(`${F.view}|slogans`), festival: each(`${F.view}|festival`, catalog.festivalTopics) },
    },
  };
}

/** The figures of a period for the parts the viewer may see (`Cell` = a count or `null` when hidden). */
export async function readFigures(q: FigureQuery, sources: StatsSources, catalog: Catalog, dayOf: (iso: string) => Day) {
  await sources.flush();
  const days = await sources.store.days(daysBetween(q.from, q.to), { unique: catalog.channels.map(usersOf), durations: DURATIONS });
  const has = (p: Part) => q.parts.includes(p);
  const content = has('content') ? await contentPart(q, days, sources, catalog) : undefined;
  return {
    period: { from: q.from, to: q.to, timeZone: catalog.timeZone, wholeMonths: wholeMonths(q.from, q.to) },
    kcn: [...q.kcns],
    threshold: q.threshold,
    parts: PARTS.filter(has),
    generatedAt: q.now.toISOString(),
    ...(has('reports') ? { reports: reportPart(q, days, await sources.reportsNow(q.kcns), catalog, dayOf) } : {}),
    ...(has('events') ? { events: eventPart(q, sources.events(), await sources.store.events(), dayOf) } : {}),
    ...(content ?? {}),
  };
}

export type Figures = Awaited<ReturnType<typeof readFigures>>;
export type { Cell };
/** The day after a period's end (for links to lists that take an exclusive end). */
export const dayAfter = (d: Day) => addDays(d, 1);
