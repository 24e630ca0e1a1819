/**
 * Sign-ups in Redis. Names, enterprises, phones and addresses are sealed (AES-256-GCM); the person
 * is known only by pseudonym. Every key of one event shares the hash tag `{ev:<id>}`.
 */
import { seal, unseal } from '../lib/crypto.js';
import { guard, type Redis } from '../store/redis/client.js';
import { CANCEL, SIGNUP } from './scripts.js';

export type SignupStatus = 'confirmed' | 'waitlisted' | 'cancelled';

export interface Signup {
  code: string;
  eventId: string;
  /** The person's sign-up pseudonym (`pseudonymFor('signup')`): no other feature's records carry it. */
  userKey: string;
  status: SignupStatus;
  people: number;
  createdAt: string;
  consentAt: string;
  /** Personal data: absent once deleted after the retention time. */
  name?: string;
  enterprise?: string;
  phone?: string;
  address?: string;
  checkedInAt?: string;
  notifiedPromotion?: string;
}

const SEALED = ['name', 'enterprise', 'phone'] as const;

export type EventStore = ReturnType<typeof createEventStore>;

export function createEventStore(redis: Redis, prefix: string, encryption: Buffer) {
  const base = (eventId: string) => `${prefix}:{ev:${eventId}}`;
  const k = {
    meta: (e: string) => `${base(e)}:meta`,
    signupPrefix: (e: string) => `${base(e)}:s:`,
    signup: (e: string, code: string) => `${base(e)}:s:${code}`,
    byUser: (e: string) => `${base(e)}:byuser`,
    waitlist: (e: string) => `${base(e)}:waitlist`,
    codes: (e: string) => `${base(e)}:codes`,
  };

  function fromHash(h: Record<string, string>): Signup | undefined {
    if (!h.code) return undefined;
    const s = { ...h, people: Number(h.people) } as unknown as Signup & Record<string, unknown>;
    for (const f of SEALED) s[f] = h[f] ? unseal(encryption, h[f]) : undefined;
    for (const [key, v] of Object.entries(s)) if (v === undefined || v === '') delete s[key];
    return s;
  }

  return {
    async signup(s: Omit<Signup, 'status'>, capacity: number | null, waitlist: boolean) {
      const fields: Record<string, string> = {
        code: s.code,
        eventId: s.eventId,
        userKey: s.userKey,
        people: String(s.people),
        createdAt: s.createdAt,
        consentAt: s.consentAt,
      };
      if (s.address) fields.address = s.address;
      for (const f of SEALED) if (s[f]) fields[f] = seal(encryption, s[f]!);
      const keys = [k.meta(s.eventId), k.signup(s.eventId, s.code), k.byUser(s.eventId), k.waitlist(s.eventId), k.codes(s.eventId)];
      const args = [s.code, s.userKey, s.people, capacity ?? -1, waitlist ? '1' : '0', Date.parse(s.createdAt), ...Object.entries(fields).flat()];
      const [result, code] = (await guard(() => redis.eval(SIGNUP, keys.length, ...keys, ...args))) as [number, string];
      const outcome = { 1: 'confirmed', 2: 'waitlisted', [-1]: 'full', [-3]: 'already' } as const;
      return { outcome: outcome[result as 1 | 2 | -1 | -3], code };
    },

    /** Cancels a sign-up of this user; returns the promoted codes, or an error word. */
    async cancel(eventId: string, code: string, userKey: string, capacity: number | null, now: string) {
      const keys = [k.meta(eventId), k.signup(eventId, code), k.byUser(eventId), k.waitlist(eventId)];
      const res = (await guard(() => redis.eval(CANCEL, keys.length, ...keys, code, userKey, capacity ?? -1, k.signupPrefix(eventId), now))) as (number | string)[];
      if (res[0] === 0) return { ok: false as const, error: 'not_found' as const };
      if (res[0] === -2) return { ok: false as const, error: 'already_cancelled' as const };
      return { ok: true as const, promoted: res.slice(1).map(String) };
    },

    async get(eventId: string, code: string): Promise<Signup | undefined> {
      return fromHash(await guard(() => redis.hgetall(k.signup(eventId, code))));
    },

    async codeOf(eventId: string, userKey: string): Promise<string | undefined> {
      return (await guard(() => redis.hget(k.byUser(eventId), userKey))) ?? undefined;
    },

    async all(eventId: string): Promise<Signup[]> {
      const codes = await guard(() => redis.zrange(k.codes(eventId), 0, -1));
      const out: Signup[] = [];
      for (const code of codes) {
        const s = await this.get(eventId, code);
        if (s) out.push(s);
      }
      return out;
    },

    async seats(eventId: string): Promise<number> {
      return Number((await guard(() => redis.hget(k.meta(eventId), 'seats'))) ?? 0);
    },

    async update(eventId: string, code: string, fields: Record<string, string>): Promise<void> {
      await guard(() => redis.hset(k.signup(eventId, code), fields));
    },

    /** Marks once; true only for the first caller (so a promotion is told once). */
    async markOnce(eventId: string, code: string, field: string, value: string): Promise<boolean> {
      return (await guard(() => redis.hsetnx(k.signup(eventId, code), field, value))) === 1;
    },

    async forgetPersonal(eventId: string, code: string): Promise<void> {
      await guard(() => redis.hdel(k.signup(eventId, code), 'name', 'enterprise', 'phone', 'address'));
    },
  };
}
