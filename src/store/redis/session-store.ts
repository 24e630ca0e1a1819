/**
 * Session state and preferences in Redis, as versioned JSON under pseudonymous keys, with TTLs. The
 * session is sealed (AES-256-GCM): a flow's data can hold a draft report, a name or a phone number.
 * A save is fenced by the user lock's token, and keeps a stored event's turn replies with the state.
 */
import type { OutboundMessage } from '../../core/message.js';
import type { Prefs, SessionState, SessionStore } from '../../core/ports.js';
import { seal, unseal } from '../../lib/crypto.js';
import { tryParseJson } from '../../lib/json.js';
import { guard, type Redis } from './client.js';
import { runScript } from './script.js';
import type { Keys } from './keys.js';

/** How long a user's preferences (the language they chose) are kept after their last turn. */
export const PREFS_TTL_SECONDS = 365 * 24 * 3600;
/** Longest platform window that matters (Zalo: 7 days) plus a margin. */
export const SEEN_TTL_SECONDS = 8 * 24 * 3600;

function parse<T>(raw: string | null, valid: (v: unknown) => boolean): T | undefined {
  const value = raw ? tryParseJson(raw) : undefined;
  return value !== undefined && valid(value) ? (value as T) : undefined;
}

const isObject = (v: unknown) => typeof v === 'object' && v !== null;

/**
 * KEYS[1] seen, KEYS[2] session, KEYS[3] prefs, KEYS[4] turn record, KEYS[5] user lock (one user, one
 * slot). ARGV[1] seen epoch ms or '' (kept), ARGV[2] sealed session or '' (deleted), ARGV[3] prefs JSON
 * or '' (kept), ARGV[4..6] their TTLs (s), ARGV[7] sealed turn replies or '' (none), ARGV[8] its TTL (s),
 * ARGV[9] the lock token the turn holds, or '' (no check). The end of a turn in one command: the state
 * and the replies it produced are saved together, and only while the turn still holds the lock.
 */
const SAVE = `if ARGV[9] ~= '' and redis.call('GET', KEYS[5]) ~= ARGV[9] then return redis.error_reply('LOCK_LOST the user lock is no longer held by this turn') end
if ARGV[1] ~= '' then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[4]) end
if ARGV[2] ~= '' then redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[5]) else redis.call('DEL', KEYS[2]) end
if ARGV[3] ~= '' then redis.call('SET', KEYS[3], ARGV[3], 'EX', ARGV[6]) end
if ARGV[7] ~= '' then redis.call('SET', KEYS[4], ARGV[7], 'EX', ARGV[8]) end
return 1`;

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
    async save(userKey, { session, prefs, seenAt, turn, fence }) {
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
    async forgetTurn(userKey, id) {
      await guard(() => redis.del(keys.turn(userKey, id)));
    },
    async forget(userKey) {
      await guard(() => redis.del(keys.session(userKey), keys.prefs(userKey), keys.seen(userKey)));
    },
  };
}
