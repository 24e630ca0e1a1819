/**
 * Session state and preferences in Redis, as versioned JSON under pseudonymous keys, with TTLs. The
 * session is sealed (AES-256-GCM): a flow's data can hold a draft report, a name or a phone number.
 * A save is fenced by the user lock's token, and keeps a stored event's turn replies with the state.
 */
import type { OutboundMessage } from '../../core/message.js';
import { PREFS_TTL_SECONDS, SEEN_TTL_SECONDS, type Prefs, type SessionState, type SessionStore } from '../../core/ports.js';
import { seal, unseal } from '../../lib/crypto.js';
import { tryParseJson } from '../../lib/json.js';
import { guard, type Redis } from './client.js';
import { lua, runScript } from './script.js';
import type { Keys } from './keys.js';

function parse<T>(raw: string | null, valid: (v: unknown) => boolean): T | undefined {
  const value = raw ? tryParseJson(raw) : undefined;
  return value !== undefined && valid(value) ? (value as T) : undefined;
}

const isObject = (v: unknown) => typeof v === 'object' && v !== null;

/** See scripts/session-save-5.lua. */
const SAVE = lua('session-save');

/**
 * How long a turn's replies wait to be sent (normally milliseconds: they are forgotten once delivered).
 * A crashed instance's event is re-run within `INTAKE_CLAIM_IDLE_MS`; two days cover an outage of every
 * instance and match the intake's dedupe marks.
 */
const TURN_TTL_SECONDS = 48 * 3600;

/**
 * Session state expires after `idleSeconds` without a turn; preferences after a year. Without
 * `encryption` the store can only be used for `lastSeen` (tests and window checks).
 */
export function createRedisSessionStore(redis: Redis, keys: Keys, idleSeconds: number, encryption?: Buffer): SessionStore {
  const open = (raw: string | null | undefined): string | null => {
    if (!raw || !encryption) return null;
    try {
      return unseal(encryption, raw);
    } catch {
      return null;
    }
  };
  const close = (value: SessionState | OutboundMessage[]) => {
    if (!encryption) throw new Error('session store without an encryption key cannot save sessions');
    return seal(encryption, JSON.stringify(value));
  };
  return {
    async load(userKey, turnId) {
      const wanted = [keys.session(userKey), keys.prefs(userKey), ...(turnId ? [keys.turn(userKey, turnId)] : [])];
      const [session, prefs, turn] = await guard(() => redis.mget(...wanted));
      return {
        session: parse<SessionState>(open(session), (v) => isObject(v) && (v as SessionState).v === 1),
        prefs: parse<Prefs>(prefs ?? null, isObject),
        turn: parse<OutboundMessage[]>(open(turn), Array.isArray),
      };
    },
    async save(userKey, { session, prefs, seenAt, turn, fence, release }) {
      const args = [
        seenAt ? String(seenAt.getTime()) : '',
        session ? close(session) : '',
        prefs && (prefs.lang || prefs.chosen) ? JSON.stringify(prefs) : '',
        SEEN_TTL_SECONDS,
        idleSeconds,
        PREFS_TTL_SECONDS,
        // Sealed like the session: the replies can hold a report's secret key.
        turn ? close(turn.replies) : '',
        TURN_TTL_SECONDS,
        fence ?? '',
        release ? '1' : '',
      ];
      const turnKey = keys.turn(userKey, turn?.id ?? '-');
      await guard(() => runScript(redis, SAVE, [keys.seen(userKey), keys.session(userKey), keys.prefs(userKey), turnKey, keys.lock(userKey)], args));
    },
    async lastSeen(userKey) {
      const ms = await guard(() => redis.get(keys.seen(userKey)));
      return ms ? new Date(Number(ms)) : undefined;
    },
    async hasTurn(userKey, id) {
      return (await guard(() => redis.exists(keys.turn(userKey, id)))) === 1;
    },
    hasSession: async (userKey) => (await guard(() => redis.exists(keys.session(userKey)))) > 0,
    async forgetTurn(userKey, id) {
      await guard(() => redis.del(keys.turn(userKey, id)));
    },
    async forget(userKey) {
      await guard(() => redis.del(keys.session(userKey), keys.prefs(userKey), keys.seen(userKey)));
    },
  };
}
