/**
 * What organisers do to sign-ups from the dashboard, and what an event's change means for the people
 * signed up: confirm a waiting person by hand, remove a sign-up with a reason (the person is told), tell
 * everyone of a cancellation or of a new time or place (once each, on their channel or at their next
 * message, in their language), move their reminders, and confirm waiting people a raised capacity now
 * fits. Every message names the event by its text (`events:title.<id>`), which exists for every event.
 */
import type { Say } from '../core/flow.js';
import { formatLocal } from '../festival/calendar.js';
import type { FestivalEvent } from '../festival/data.js';
import type { Signup, SignupStore } from './ports.js';

export interface OrganiserDeps {
  store: SignupStore;
  notify(sealedAddress: string | undefined, userKey: string, say: Say[]): Promise<void>;
  reminders?: { schedule(s: Signup, event: FestivalEvent): Promise<void>; cancel(code: string): Promise<void> };
  /** Tells promoted people (once each) and schedules their reminders. */
  promoted(eventId: string, codes: string[], now: Date, event: FestivalEvent): Promise<void>;
  /** The festival's time zone, for times in messages. */
  timeZone: string;
}

const active = (s: Signup) => s.status === 'confirmed' || s.status === 'waitlisted';
const title = (event: FestivalEvent) => ({ ref: `events:title.${event.id}` });

/** Whether a change of an event moves it for the people signed up: its time or its place. */
export function moved(before: FestivalEvent, after: FestivalEvent): boolean {
  return before.startsAt !== after.startsAt || before.endsAt !== after.endsAt || JSON.stringify(before.place) !== JSON.stringify(after.place);
}

/** Whether a change leaves room for more people than before. */
const raised = (before: FestivalEvent, after: FestivalEvent) =>
  after.capacity === null ? before.capacity !== null : before.capacity !== null && after.capacity > before.capacity;

export function organiserTools(deps: OrganiserDeps) {
  const { store } = deps;

  /** Tells every active sign-up `say(s)` once (`mark`: a field set once per sign-up); returns how many were told. */
  async function tellAll(event: FestivalEvent, mark: string, now: Date, say: (s: Signup) => Say[], after?: (s: Signup) => Promise<void>): Promise<number> {
    let told = 0;
    for (const s of await store.all(event.id)) {
      if (!active(s) || !(await store.markOnce(event.id, s.code, mark, now.toISOString()))) continue;
      await after?.(s);
      await deps.notify(s.address, s.userKey, say(s));
      told++;
    }
    return told;
  }

  return {
    /** Every sign-up of an event, in the order they were made (names and phones: for the organiser's list only). */
    signups: (eventId: string): Promise<Signup[]> => store.all(eventId),

    /** Confirms one waiting sign-up by hand; the person is told, and gets their reminders. */
    async promote(event: FestivalEvent, code: string, now: Date): Promise<{ ok: true } | { ok: false; error: 'not_found' | 'not_waiting' }> {
      const res = await store.promote(event.id, code, now.toISOString());
      if (res !== 'promoted') return { ok: false, error: res };
      await deps.promoted(event.id, [code], now, event);
      return { ok: true };
    },

    /**
     * Removes a sign-up with a reason the person is told (their personal data is deleted, as on a
     * cancellation); a confirmed place goes to the next people in line, who are told too.
     */
    async remove(
      event: FestivalEvent,
      code: string,
      reason: string,
      now: Date,
    ): Promise<{ ok: true; promoted: string[] } | { ok: false; error: 'not_found' | 'already_cancelled' }> {
      const s = await store.get(event.id, code);
      if (!s) return { ok: false, error: 'not_found' };
      const res = await store.cancel(event.id, code, s.userKey, event.capacity, now.toISOString());
      if (!res.ok) return res;
      await deps.reminders?.cancel(code);
      await deps.notify(s.address, s.userKey, [{ key: 'signup:removed', params: { title: title(event), code, reason } }]);
      await deps.promoted(event.id, res.promoted, now, event);
      return { ok: true, promoted: res.promoted };
    },

    /** Tells everyone signed up or waiting that the event is cancelled (once each) and drops their reminders; returns how many were told. */
    eventCancelled: (event: FestivalEvent, reason: string, now: Date): Promise<number> =>
      tellAll(
        event,
        'toldCancelled',
        now,
        (s) => [{ key: 'signup:event_cancelled', params: { title: title(event), code: s.code, reason } }],
        (s) => deps.reminders?.cancel(s.code) ?? Promise.resolve(),
      ),

    /**
     * After an event changed (`change`: an id of that change, so each is told once): when it moved, tells
     * everyone signed up or waiting the new time and place and moves the confirmed ones' reminders; when
     * its capacity was raised, confirms the waiting people who now fit (they are told).
     */
    async eventChanged(before: FestivalEvent, after: FestivalEvent, now: Date, change: string): Promise<{ told: number; promoted: string[] }> {
      let told = 0;
      if (moved(before, after)) {
        const say = (s: Signup): Say[] => [
          {
            key: 'signup:event_moved',
            params: { title: title(after), code: s.code, time: formatLocal(after.startsAt, deps.timeZone), place: { ref: `events:place.${after.id}` } },
          },
        ];
        told = await tellAll(after, `toldMoved:${change}`, now, say, async (s) => {
          if (s.status !== 'confirmed') return;
          await deps.reminders?.cancel(s.code);
          await deps.reminders?.schedule(s, after);
        });
      }
      const promoted = raised(before, after) ? await store.fill(after.id, after.capacity, now.toISOString()) : [];
      await deps.promoted(after.id, promoted, now, after);
      return { told, promoted };
    },
  };
}
