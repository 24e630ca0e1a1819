/** Sign-ups (events/ports.ts) in memory: capacity, the waitlist and promotion in order, as the Redis scripts keep them. */
import type { Signup, SignupStore } from '../../events/ports.js';

interface EventState {
  seats: number;
  signups: Map<string, Signup & Record<string, unknown>>;
  byUser: Map<string, string>;
  waitlist: string[];
}

const PERSONAL = ['name', 'enterprise', 'phone', 'address'] as const;

export function createMemorySignupStore(): SignupStore {
  const events = new Map<string, EventState>();
  const codes = new Map<string, string>();
  const event = (id: string) => {
    const e: EventState = events.get(id) ?? { seats: 0, signups: new Map(), byUser: new Map(), waitlist: [] };
    events.set(id, e);
    return e;
  };
  const copy = (s: Signup | undefined) => (s ? ({ ...s } as Signup) : undefined);

  /** Confirms waiting sign-ups in order while they fit. */
  function promote(e: EventState, capacity: number | null, now: string): string[] {
    const promoted: string[] = [];
    for (let head = e.waitlist[0]; head !== undefined; head = e.waitlist[0]) {
      const s = e.signups.get(head);
      const people = s?.people ?? 1;
      if (capacity !== null && e.seats + people > capacity) break;
      e.waitlist.shift();
      if (s) Object.assign(s, { status: 'confirmed', promotedAt: now });
      e.seats += people;
      promoted.push(head);
    }
    return promoted;
  }

  return {
    async signup(s, capacity, waitlist) {
      const e = event(s.eventId);
      const existing = e.byUser.get(s.userKey);
      if (existing) return { outcome: 'already', code: existing };
      const fits = capacity === null || e.seats + s.people <= capacity;
      if (!fits && !waitlist) return { outcome: 'full', code: '' };
      const status = fits ? 'confirmed' : 'waitlisted';
      if (fits) e.seats += s.people;
      else e.waitlist.push(s.code);
      e.signups.set(s.code, { ...s, status });
      e.byUser.set(s.userKey, s.code);
      return { outcome: status, code: s.code };
    },
    async cancel(eventId, code, userKey, capacity, now) {
      const e = event(eventId);
      const s = e.signups.get(code);
      if (!s || s.userKey !== userKey) return { ok: false, error: 'not_found' };
      if (s.status !== 'confirmed' && s.status !== 'waitlisted') return { ok: false, error: 'already_cancelled' };
      const was = s.status;
      Object.assign(s, { status: 'cancelled', cancelledAt: now });
      for (const f of PERSONAL) delete s[f];
      e.byUser.delete(userKey);
      if (was === 'waitlisted') {
        e.waitlist = e.waitlist.filter((c) => c !== code);
        return { ok: true, promoted: [] };
      }
      e.seats -= s.people;
      return { ok: true, promoted: promote(e, capacity, now) };
    },
    async promote(eventId, code, now) {
      const e = event(eventId);
      const s = e.signups.get(code);
      if (!s) return 'not_found';
      if (s.status !== 'waitlisted') return 'not_waiting';
      e.waitlist = e.waitlist.filter((c) => c !== code);
      Object.assign(s, { status: 'confirmed', promotedAt: now });
      e.seats += s.people;
      return 'promoted';
    },
    fill: async (eventId, capacity, now) => promote(event(eventId), capacity, now),
    get: async (eventId, code) => copy(events.get(eventId)?.signups.get(code)),
    codeOf: async (eventId, userKey) => events.get(eventId)?.byUser.get(userKey),
    all: async (eventId) => [...(events.get(eventId)?.signups.values() ?? [])].map((s) => ({ ...s }) as Signup),
    seats: async (eventId) => events.get(eventId)?.seats ?? 0,
    async update(eventId, code, fields) {
      const s = events.get(eventId)?.signups.get(code);
      if (s) Object.assign(s, fields);
    },
    async markOnce(eventId, code, field, value) {
      const s = event(eventId).signups.get(code);
      if (!s || s[field] !== undefined) return false;
      s[field] = value;
      return true;
    },
    async forgetPersonal(eventId, code) {
      const s = events.get(eventId)?.signups.get(code);
      if (s) for (const f of PERSONAL) delete s[f];
    },
    indexCode: async (code, eventId) => void codes.set(code, eventId),
    eventOfCode: async (code) => codes.get(code),
  };
}
