/**
 * Sign-ups (events/ports.ts) in Redis. Names, enterprises and phones are sealed (AES-256-GCM); the
 * person is known only by pseudonym. Every key of one event shares the hash tag `{ev:<id>}`, so the
 * sign-up and cancel scripts keep capacity and the waitlist exact in one slot.
 */
import type { Signup, SignupStore } from '../../events/ports.js';
import { seal, unseal } from '../../lib/crypto.js';
import { guard, type Redis } from './client.js';
import { createEventKeys } from './keys.js';
import { lua, runScript } from './script.js';

/** See scripts/event-signup-5.lua and scripts/event-cancel-4.lua. */
const SIGNUP = lua('event-signup');
const CANCEL = lua('event-cancel');
/** See scripts/event-promote-3.lua and scripts/event-fill-2.lua. */
const PROMOTE = lua('event-promote');
const FILL = lua('event-fill');

const SEALED = ['name', 'enterprise', 'phone'] as const;
/** How long a code → event index entry lives. */
const CODE_INDEX_SECONDS = 400 * 86400;

export function createRedisSignupStore(redis: Redis, prefix: string, encryption: Buffer): SignupStore {
  const k = createEventKeys(prefix);

  function fromHash(h: Record<string, string>): Signup | undefined {
    if (!h.code) return undefined;
    const s = { ...h, people: Number(h.people) } as unknown as Signup & Record<string, unknown>;
    for (const f of SEALED) s[f] = h[f] ? unseal(encryption, h[f]) : undefined;
    for (const [key, v] of Object.entries(s)) if (v === undefined || v === '') delete s[key];
    return s;
  }

  const get = async (eventId: string, code: string) => fromHash(await guard(() => redis.hgetall(k.signup(eventId, code))));

  return {
    async signup(s, capacity, waitlist) {
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
      const [result, code] = (await guard(() => runScript(redis, SIGNUP, keys, args))) as [number, string];
      const outcome = { 1: 'confirmed', 2: 'waitlisted', [-1]: 'full', [-3]: 'already' } as const;
      return { outcome: outcome[result as 1 | 2 | -1 | -3], code };
    },
    async cancel(eventId, code, userKey, capacity, now) {
      const keys = [k.meta(eventId), k.signup(eventId, code), k.byUser(eventId), k.waitlist(eventId)];
      const res = (await guard(() => runScript(redis, CANCEL, keys, [code, userKey, capacity ?? -1, k.signupPrefix(eventId), now]))) as (number | string)[];
      if (res[0] === 0) return { ok: false, error: 'not_found' };
      if (res[0] === -2) return { ok: false, error: 'already_cancelled' };
      return { ok: true, promoted: res.slice(1).map(String) };
    },
    async promote(eventId, code, now) {
      const res = await guard(() => runScript(redis, PROMOTE, [k.meta(eventId), k.signup(eventId, code), k.waitlist(eventId)], [code, now]));
      return res === 1 ? 'promoted' : res === 0 ? 'not_found' : 'not_waiting';
    },
    async fill(eventId, capacity, now) {
      const res = await guard(() => runScript(redis, FILL, [k.meta(eventId), k.waitlist(eventId)], [capacity ?? -1, k.signupPrefix(eventId), now]));
      return (res as (string | number)[]).map(String);
    },
    get,
    codeOf: async (eventId, userKey) => (await guard(() => redis.hget(k.byUser(eventId), userKey))) ?? undefined,
    async all(eventId) {
      const out: Signup[] = [];
      for (const code of await guard(() => redis.zrange(k.codes(eventId), 0, -1))) {
        const s = await get(eventId, code);
        if (s) out.push(s);
      }
      return out;
    },
    seats: async (eventId) => Number((await guard(() => redis.hget(k.meta(eventId), 'seats'))) ?? 0),
    update: async (eventId, code, fields) => void (await guard(() => redis.hset(k.signup(eventId, code), fields))),
    markOnce: async (eventId, code, field, value) => (await guard(() => redis.hsetnx(k.signup(eventId, code), field, value))) === 1,
    forgetPersonal: async (eventId, code) => void (await guard(() => redis.hdel(k.signup(eventId, code), 'name', 'enterprise', 'phone', 'address'))),
    indexCode: async (code, eventId) => void (await guard(() => redis.set(k.codeIndex(code), eventId, 'EX', CODE_INDEX_SECONDS))),
    eventOfCode: async (code) => (await guard(() => redis.get(k.codeIndex(code)))) ?? undefined,
  };
}
