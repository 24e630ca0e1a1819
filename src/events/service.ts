/**
 * Festival event sign-ups: the catalogue, sign-up with capacity and waitlist, "my events", cancel
 * with promotion (each promoted person told once), check-in, counts, the organisers' CSV, and the
 * deletion of personal data after the event.
 */
import type { FestivalEvent } from '../festival/data.js';
import type { Say } from '../core/flow.js';
import { randomCode } from '../lib/codes.js';
import { asText, toCsv } from '../lib/csv.js';
import { localDateTime } from '../festival/calendar.js';
import { organiserTools } from './organiser.js';
import type { Signup, SignupStore } from './ports.js';

export type { Signup } from './ports.js';

export interface EventsDeps {
  /** Sign-ups, and which event each code belongs to (for check-in by code). */
  store: SignupStore;
  /** The events open to workers: a fixed list, or the live one (events edited in the dashboard). */
  events: readonly FestivalEvent[] | (() => readonly FestivalEvent[]);
  /** Every event whatever its status (drafts, cancelled ones), for the deletion of personal data; default `events`. */
  allEvents?: () => readonly FestivalEvent[];
  /** Tells a user something now, or when they next write. */
  notify(sealedAddress: string | undefined, userKey: string, say: Say[]): Promise<void>;
  reminders?: { schedule(s: Signup, event: FestivalEvent): Promise<void>; cancel(code: string): Promise<void> };
  /** The festival's time zone, for times in messages (default Vietnam's). */
  timeZone?: string;
}

export interface SignupRequest {
  eventId: string;
  userKey: string;
  sealedAddress: string;
  name: string;
  enterprise: string;
  phone: string;
  people: number;
  waitlist: boolean;
  now: Date;
}

export const newSignupCode = () => `DK-${randomCode(6)}`;

export type EventsService = ReturnType<typeof createEventsService>;

export function createEventsService(deps: EventsDeps) {
  const { store } = deps;
  const { events } = deps;
  const published = typeof events === 'function' ? events : () => events;
  const timeZone = deps.timeZone ?? 'Asia/Ho_Chi_Minh';
  const find = (id: string) => published().find((e) => e.id === id);

  async function promoted(eventId: string, codes: string[], now: Date, of?: FestivalEvent): Promise<void> {
    const event = of ?? find(eventId);
    for (const code of codes) {
      const s = await store.get(eventId, code);
      if (!s || !event || !(await store.markOnce(eventId, code, 'notifiedPromotion', now.toISOString()))) continue;
      await deps.notify(s.address, s.userKey, [{ key: 'signup:promoted', params: { code, title: { ref: `events:title.${eventId}` } } }]);
      await deps.reminders?.schedule(s, event);
    }
  }

  return {
    find,
    /** Events still open for sign-up at `now`, soonest first, optionally in one KCN. */
    upcoming(now: Date, kcn?: string): FestivalEvent[] {
      return published()
        .filter((e) => Date.parse(e.signupDeadline) > now.getTime() && (!kcn || e.kcn === kcn))
        .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
    },

    async signup(req: SignupRequest) {
      const event = find(req.eventId);
      if (!event || Date.parse(event.signupDeadline) <= req.now.getTime()) return { outcome: 'closed' as const, code: '' };
      const code = newSignupCode();
      await store.indexCode(code, event.id);
      const at = req.now.toISOString();
      const result = await store.signup(
        {
          code,
          eventId: event.id,
          userKey: req.userKey,
          people: req.people,
          createdAt: at,
          consentAt: at,
          name: req.name,
          enterprise: req.enterprise,
          phone: req.phone,
          address: req.sealedAddress,
        },
        event.capacity,
        req.waitlist,
      );
      if (result.outcome === 'confirmed') {
        const s = await store.get(event.id, code);
        if (s) await deps.reminders?.schedule(s, event);
      }
      return result;
    },

    async mine(userKey: string): Promise<{ event: FestivalEvent; signup: Signup }[]> {
      const out: { event: FestivalEvent; signup: Signup }[] = [];
      for (const event of published()) {
        const code = await store.codeOf(event.id, userKey);
        const s = code ? await store.get(event.id, code) : undefined;
        if (s && s.status !== 'cancelled') out.push({ event, signup: s });
      }
      return out.sort((a, b) => Date.parse(a.event.startsAt) - Date.parse(b.event.startsAt));
    },

    async cancel(code: string, userKey: string, now: Date) {
      const eventId = await store.eventOfCode(code);
      const event = eventId ? find(eventId) : undefined;
      if (!event) return { ok: false as const, error: 'not_found' as const };
      const res = await store.cancel(event.id, code, userKey, event.capacity, now.toISOString());
      if (!res.ok) return res;
      await deps.reminders?.cancel(code);
      await promoted(event.id, res.promoted, now);
      return { ok: true as const, event, promoted: res.promoted };
    },

    /** The event a sign-up code belongs to, if any (to check the organiser's parks before checking in). */
    async eventOf(code: string): Promise<string | undefined> {
      return store.eventOfCode(code.toUpperCase());
    },

    /** Checks a confirmed sign-up in, once: two scanners racing on one code cannot both succeed. */
    async checkIn(code: string, now: Date) {
      const upper = code.toUpperCase();
      const eventId = await store.eventOfCode(upper);
      const s = eventId ? await store.get(eventId, upper) : undefined;
      if (!s) return { ok: false as const, error: 'not_found' as const };
      if (s.status !== 'confirmed') return { ok: false as const, error: 'not_confirmed' as const };
      if (!(await store.markOnce(s.eventId, s.code, 'checkedInAt', now.toISOString()))) return { ok: false as const, error: 'already_checked_in' as const };
      return { ok: true as const, eventId: s.eventId, people: s.people };
    },

    async counts(eventId: string) {
      const all = await store.all(eventId);
      const n = (st: string) => all.filter((s) => s.status === st).length;
      return {
        confirmed: n('confirmed'),
        waitlisted: n('waitlisted'),
        checkedIn: all.filter((s) => s.checkedInAt).length,
        seats: await store.seats(eventId),
      };
    },

    ...organiserTools({ store, notify: deps.notify, reminders: deps.reminders, promoted, timeZone }),

    /**
     * The organisers' CSV: UTF-8 with BOM, NFC, one line per confirmed or waiting sign-up: name,
     * enterprise, phone (kept as text for Excel, with its leading 0), people, status, code, when they
     * signed up and when they arrived (in the festival's time zone).
     */
    async csv(eventId: string, header: string[], statusLabel: (s: string) => string): Promise<string> {
      const local = (iso: string | undefined) => (iso ? localDateTime(iso, timeZone) : '');
      const rows = (await store.all(eventId))
        .filter((s) => s.status !== 'cancelled')
        .map((s) => [s.name, s.enterprise, asText(s.phone), s.people, statusLabel(s.status), s.code, local(s.createdAt), local(s.checkedInAt)]);
      return toCsv([header, ...rows]);
    },

    /** Deletes names, phones and addresses `days` after each event ended. */
    async purgePersonal(now: Date, days: number): Promise<number> {
      let purged = 0;
      for (const event of (deps.allEvents ?? published)()) {
        if (now.getTime() - Date.parse(event.endsAt) < days * 86_400_000) continue;
        for (const s of await store.all(event.id)) {
          if (s.name || s.phone || s.address) {
            await store.forgetPersonal(event.id, s.code);
            purged++;
          }
        }
      }
      return purged;
    },
  };
}
