/**
 * Reminders for confirmed sign-ups: the day before (18:00 by default, local time) and an hour
 * before. Jobs go to a delayed-job queue (BullMQ in production); the processor skips and counts
 * where the platform no longer lets the bot write. The clock is injected, so tests need no waiting.
 */
import { localDate } from '../festival/calendar.js';
import type { FestivalEvent } from '../festival/data.js';
import type { Say } from '../core/flow.js';
import type { DelayedQueue, ReminderJob, ReminderKind, Signup, SignupStore } from './ports.js';

/** Minutes east of UTC of `timeZone` at `at` (Vietnam: +420). */
export function utcOffsetMinutes(at: Date, timeZone: string): number {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** When the two reminders of an event are due. */
export function reminderTimes(event: FestivalEvent, timeZone: string, dayBeforeHour = 18): { kind: ReminderKind; at: Date }[] {
  const start = new Date(event.startsAt);
  const d = localDate(new Date(start.getTime() - 86_400_000), timeZone);
  const offset = utcOffsetMinutes(start, timeZone);
  const dayBefore = new Date(Date.UTC(d.year, d.month - 1, d.day, dayBeforeHour, 0) - offset * 60_000);
  return [
    { kind: 'day_before', at: dayBefore },
    { kind: 'hour_before', at: new Date(start.getTime() - 3_600_000) },
  ];
}

const jobId = (code: string, kind: ReminderKind) => `reminder-${code}-${kind}`;

export interface ReminderDeps {
  queue: DelayedQueue;
  store: SignupStore;
  /** The events open to workers now (a reminder of an event no longer among them is dropped). */
  events: readonly FestivalEvent[] | (() => readonly FestivalEvent[]);
  clock(): Date;
  timeZone: string;
  dayBeforeHour?: number;
  /** Delivers now if the platform's window allows; false when it does not (or the channel cannot push). */
  deliver(sealedAddress: string, say: Say[]): Promise<boolean>;
  count(outcome: 'sent' | 'skipped'): void;
}

export type Reminders = ReturnType<typeof createReminders>;

export function createReminders(deps: ReminderDeps) {
  return {
    /** Queues both reminders of a confirmed sign-up (those still in the future). */
    async schedule(s: Signup, event: FestivalEvent): Promise<void> {
      const now = deps.clock().getTime();
      for (const r of reminderTimes(event, deps.timeZone, deps.dayBeforeHour)) {
        const delay = r.at.getTime() - now;
        if (delay > 0) await deps.queue.add(jobId(s.code, r.kind), { code: s.code, eventId: event.id, kind: r.kind }, delay);
      }
    },

    async cancel(code: string): Promise<void> {
      for (const kind of ['day_before', 'hour_before'] as const) await deps.queue.remove(jobId(code, kind));
    },

    /** Runs one due reminder. Returns what happened, for counting and tests. */
    async process(job: ReminderJob): Promise<'sent' | 'skipped' | 'dropped'> {
      const event = (typeof deps.events === 'function' ? deps.events() : deps.events).find((e) => e.id === job.eventId);
      const s = await deps.store.get(job.eventId, job.code);
      if (!event || !s || s.status !== 'confirmed' || Date.parse(event.startsAt) <= deps.clock().getTime()) return 'dropped';
      const say: Say[] = [
        {
          key: `signup:reminder_${job.kind}`,
          params: { title: { ref: `events:title.${event.id}` }, code: s.code, place: { ref: `events:place.${event.id}` }, time: event.startsAt.slice(11, 16) },
        },
      ];
      const ok = s.address ? await deps.deliver(s.address, say) : false;
      deps.count(ok ? 'sent' : 'skipped');
      return ok ? 'sent' : 'skipped';
    },
  };
}
