/**
 * Rebuilds the statistics' counters from what is still stored, for counts that were lost or came
 * before counting began (`npm run stats:backfill`). Counters are only ever raised to what the stored
 * records show (store.raise), so a run changes nothing that was counted as it happened, and a second
 * run changes nothing at all. What cannot be rebuilt is said, with why.
 *
 * - reports still kept (closed ones are purged after REPORT_RETENTION_DAYS): received, status, closes
 *   and their times, first questions and answers (from the thread), escalations, and the time to the
 *   first claim where the report kept it (`claimedAt`, kept since the statistics exist);
 * - sign-ups (kept with the event; personal data deleted after it): confirmed and their people,
 *   waiting, cancelled, checked in;
 * - broadcasts whose report is still kept (90 days): started, and the deliveries by outcome, counted on
 *   the day the broadcast started;
 * - unanswered questions still kept (UNANSWERED_RETENTION_DAYS): at least one on the last day each was
 *   asked (earlier asks are not dated);
 * - subscribers: each current subscriber once, on the day they first subscribed, for the topics they hold now.
 * Not stored anywhere, so never rebuilt: who talked to the bot (only day-bound counts exist), pages
 * viewed, FAQ answers given, unsubscribed people.
 */
import { EVENT, F, field } from './fields.js';
import type { EventInfo } from './figures.js';
import type { Day, StatsStore } from './ports.js';

/** A report as stored, the fields the backfill reads. */
export interface StoredReportFacts {
  kcn: string;
  category: string;
  status: string;
  createdAt: string;
  claimedAt?: string;
  closedAt?: string;
  escalatedAt?: string;
  /** Who wrote each message of the thread, in order. */
  thread: readonly ('officer' | 'reporter')[];
}

export interface BackfillSources {
  reports(): Promise<StoredReportFacts[]>;
  events(): readonly EventInfo[];
  signups(eventId: string): Promise<{ status: string; people: number; checkedInAt?: string }[]>;
  broadcasts(): Promise<{ startedAt: string; sent: number; skippedWindow: number; failed: number; unsubscribed: number }[]>;
  unanswered(): Promise<{ count: number; lastAsked?: string }[]>;
  subscribers(): Promise<{ since: string; topics: readonly string[] }[]>;
}

/** What a run rebuilt, for the command's output. */
export interface BackfillResult {
  reports: number;
  claimTimes: number;
  events: number;
  signups: number;
  broadcasts: number;
  unanswered: number;
  subscribers: number;
  days: number;
}

export async function backfillStats(store: StatsStore, sources: BackfillSources, dayOf: (iso: string) => Day): Promise<BackfillResult> {
  const days = new Map<Day, { counts: Record<string, number>; durations: Record<string, string[]> }>();
  const on = (day: Day) => {
    const d = days.get(day) ?? { counts: {}, durations: {} };
    days.set(day, d);
    return d;
  };
  const add = (day: Day, f: string, n = 1) => {
    const d = on(day);
    d.counts[f] = (d.counts[f] ?? 0) + n;
  };
  const duration = (day: Day, name: string, kcn: string, from: string, to: string) => {
    const d = on(day);
    const list = d.durations[name] ?? [];
    list.push(`${kcn}|${Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000))}`);
    d.durations[name] = list;
  };
  const result: BackfillResult = { reports: 0, claimTimes: 0, events: 0, signups: 0, broadcasts: 0, unanswered: 0, subscribers: 0, days: 0 };

  for (const r of await sources.reports()) {
    const day = dayOf(r.createdAt);
    result.reports += 1;
    add(day, field(F.received, r.kcn, r.category));
    if (r.claimedAt) {
      duration(day, 'claim', r.kcn, r.createdAt, r.claimedAt);
      result.claimTimes += 1;
    }
    if (r.closedAt && (r.status === 'resolved' || r.status === 'rejected')) {
      add(day, field(F.closed, r.kcn, r.category, r.status));
      duration(day, 'close', r.kcn, r.createdAt, r.closedAt);
    }
    if (r.escalatedAt) add(day, field(F.escalated, r.kcn, r.category));
    const question = r.thread.indexOf('officer');
    if (question >= 0) add(day, field(F.asked, r.kcn, r.category));
    if (question >= 0 && r.thread.slice(question + 1).includes('reporter')) add(day, field(F.answered, r.kcn, r.category));
  }
  for (const b of await sources.broadcasts()) {
    const day = dayOf(b.startedAt);
    result.broadcasts += 1;
    add(day, F.broadcastStarted);
    for (const [outcome, n] of [
      ['sent', b.sent],
      ['window', b.skippedWindow],
      ['failed', b.failed],
      ['gone', b.unsubscribed],
    ] as const) {
      if (n) add(day, field(F.delivery, outcome), n);
    }
  }
  for (const q of await sources.unanswered()) {
    if (!q.lastAsked) continue;
    result.unanswered += 1;
    add(q.lastAsked, F.faqUnansweredMin);
  }
  for (const s of await sources.subscribers()) {
    result.subscribers += 1;
    for (const t of s.topics) add(dayOf(s.since), field(F.subscribed, t));
  }
  for (const [day, d] of days) await store.raise(day, d.counts, d.durations);
  result.days = days.size;

  for (const e of sources.events()) {
    const all = await sources.signups(e.id);
    if (all.length === 0) continue;
    result.events += 1;
    result.signups += all.length;
    const confirmed = all.filter((s) => s.status === 'confirmed');
    const checked = all.filter((s) => s.checkedInAt);
    const sum = (xs: { people: number }[]) => xs.reduce((a, s) => a + s.people, 0);
    await store.raiseEvent(
      e.id,
      {
        [EVENT.confirmed]: confirmed.length,
        [EVENT.confirmedPeople]: sum(confirmed),
        [EVENT.waitlisted]: all.filter((s) => s.status === 'waitlisted').length,
        [EVENT.cancelled]: all.filter((s) => s.status === 'cancelled').length,
        [EVENT.checkedIn]: checked.length,
        [EVENT.checkedInPeople]: sum(checked),
      },
      { kcn: e.kcn, startsAt: e.startsAt },
    );
  }
  return result;
}
