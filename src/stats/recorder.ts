/**
 * Counts what happens, for the board's statistics: the features call its narrow functions (a report
 * received, claimed, closed…, a sign-up, a check-in, a subscription, a broadcast and its deliveries)
 * and the engine tells it of each turn. A statistic never fails what it counts: a store error is
 * handed to `onError` (logged) and the action goes on.
 *
 * The turn path costs no Redis round trip: a turn adds a day-bound pseudonym of the user (HMAC of the
 * day, the channel and the session pseudonym, under a key of its own; it links to nothing across days
 * or to any other record) and the turn's counters to an in-process buffer, written every `flushMs` in
 * one MULTI per day (and on `flush`, before any read, and on `close`). A crash loses at most that many
 * seconds of turn counts; counts of reports, events and broadcasts are written as they happen.
 */
import { createHmac } from 'node:crypto';
import { F, field, usersOf, type EventCounter } from './fields.js';
import type { Day, StatsStore } from './ports.js';
import { turnCounts } from './turns.js';

/** A report as the statistics see it: where, what, when received. */
export interface ReportFacts {
  kcn: string;
  category: string;
  createdAt: string;
}

/** One turn as the engine tells it (never the text). */
export interface TurnSeen {
  channel: string;
  userKey: string;
  now: Date;
  typed: boolean;
  keys: readonly string[];
}

export interface RecorderDeps {
  store: StatsStore;
  /** The festival's time zone: counters are kept per local day. */
  timeZone: string;
  /** HMAC key of the day-bound user pseudonyms (derived from APP_SECRET for this purpose only). */
  secret: Buffer;
  onError(err: unknown): void;
  /** How often buffered turn counts are written (ms); default 5000. */
  flushMs?: number;
}

/** `YYYY-MM-DD` of an instant in a time zone; the formatter is built once and the answer kept for the minute. */
export function dayFormatter(timeZone: string): (at: Date | string) => Day {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  let minute = Number.NaN;
  let last = '';
  return (at) => {
    const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
    const m = Math.floor(ms / 60_000);
    if (m !== minute) {
      minute = m;
      last = fmt.format(new Date(ms));
    }
    return last;
  };
}

export type StatsRecorder = ReturnType<typeof createStatsRecorder>;

export function createStatsRecorder(deps: RecorderDeps) {
  const { store } = deps;
  const dayOf = dayFormatter(deps.timeZone);
  /** Buffered turn counts and pseudonyms, by day. */
  let buffer = new Map<Day, { counts: Map<string, number>; unique: Map<string, Set<string>> }>();
  let buffered = 0;

  const safely = async (op: () => Promise<unknown>) => {
    try {
      await op();
    } catch (err) {
      deps.onError(err);
    }
  };
  const seconds = (from: string, to: string) => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
  const onReport = (r: ReportFacts, name: string, ...more: string[]) =>
    safely(() => store.record(dayOf(r.createdAt), { counts: { [field(name, r.kcn, r.category, ...more)]: 1 } }));

  async function flush(): Promise<void> {
    if (buffered === 0) return;
    const out = buffer;
    buffer = new Map();
    buffered = 0;
    for (const [day, b] of out) {
      const unique = Object.fromEntries([...b.unique].map(([name, set]) => [name, [...set]]));
      await safely(() => store.record(day, { counts: Object.fromEntries(b.counts), unique }));
    }
  }
  const timer = setInterval(() => void flush(), deps.flushMs ?? 5000);
  timer.unref();

  return {
    /** The report domain's events (reports/ports.ts ReportEvents), each counted on the report's day. */
    reports: {
      received: (r: ReportFacts) => onReport(r, F.received),
      claimed: (r: ReportFacts, at: string) =>
        safely(() => store.record(dayOf(r.createdAt), { durations: { claim: [`${r.kcn}|${seconds(r.createdAt, at)}`] } })),
      closed: (r: ReportFacts, status: string, at: string) =>
        safely(() =>
          store.record(dayOf(r.createdAt), {
            counts: { [field(F.closed, r.kcn, r.category, status)]: 1 },
            durations: { close: [`${r.kcn}|${seconds(r.createdAt, at)}`] },
          }),
        ),
      asked: (r: ReportFacts) => onReport(r, F.asked),
      answered: (r: ReportFacts) => onReport(r, F.answered),
      escalated: (r: ReportFacts) => onReport(r, F.escalated),
    },
    /** Changes one event's counters (sign-ups, waiting list, cancellations, check-ins); `facts`: its park and start. */
    event: (eventId: string, counts: Partial<Record<EventCounter, number>>, facts?: { kcn: string; startsAt: string }) =>
      safely(() => store.recordEvent(eventId, counts as Record<string, number>, facts)),
    /** New subscribers of these topics. */
    subscribed: (topics: readonly string[], at: Date) =>
      topics.length ? safely(() => store.record(dayOf(at), { counts: Object.fromEntries(topics.map((t) => [field(F.subscribed, t), 1])) })) : Promise.resolve(),
    broadcastStarted: (at: Date) => safely(() => store.record(dayOf(at), { counts: { [F.broadcastStarted]: 1 } })),
    /** A broadcast delivery settled (once per delivery). */
    delivered: (outcome: string, at: Date) => safely(() => store.record(dayOf(at), { counts: { [field(F.delivery, outcome)]: 1 } })),
    /** A turn (the engine's `onTurn`): buffered, no round trip. */
    turn(t: TurnSeen): void {
      const day = dayOf(t.now);
      const b = buffer.get(day) ?? { counts: new Map<string, number>(), unique: new Map<string, Set<string>>() };
      buffer.set(day, b);
      const name = usersOf(t.channel);
      const pseudonym = createHmac('sha256', deps.secret).update(`${day}\n${t.channel}\n${t.userKey}`).digest('base64url').slice(0, 22);
      const set = b.unique.get(name) ?? new Set<string>();
      b.unique.set(name, set.add(pseudonym));
      for (const [f, n] of Object.entries(turnCounts(t))) b.counts.set(f, (b.counts.get(f) ?? 0) + n);
      if (++buffered >= 5000) void flush();
    },
    /** Writes the buffered turn counts now. */
    flush,
    /** Stops the timer and writes what is buffered. */
    async close(): Promise<void> {
      clearInterval(timer);
      await flush();
    },
    dayOf,
  };
}
