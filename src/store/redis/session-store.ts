/**
 * Session state and preferences in Redis, as versioned JSON under pseudonymous keys, with TTLs. The
 * session is sealed (AES-256-GCM): a flow's data can hold a draft report, a name or a phone number.
 */
import type { Prefs, SessionState, SessionStore } from '../../core/ports.js';
import { seal, unseal } from '../../lib/crypto.js';
import { tryParseJson } from '../../lib/json.js';
import { guard, type Redis } from './client.js';
import type { Keys } from './keys.js';

const PREFS_TTL_SECONDS = 365 * 24 * 3600;
/** Longest platform window that matters (Zalo: 7 days) plus a margin. */
const SEEN_TTL_SECONDS = 8 * 24 * 3600;

function parse<T>(raw: string | null, valid: (v: unknown) => boolean): T | undefined {
  const value = raw ? tryParseJson(raw) : undefined;
  return value !== undefined && valid(value) ? (value as T) : undefined;
}

const isObject = (v: unknown) => typeof v === 'object' && v !== null;

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
  const close = (value: SessionState) => {
    if (!encryption) throw new Error('session store without an encryption key cannot save sessions');
    return seal(encryption, JSON.stringify(value));
  };
  return {
    async load(userKey) {
      const [session, prefs] = await guard(() => redis.mget(keys.session(userKey), keys.prefs(userKey)));
      return {
        session: parse<SessionState>(open(session), (v) => isObject(v) && (v as SessionState).v === 1),
        prefs: parse<Prefs>(prefs ?? null, isObject),
      };
    },
    async save(userKey, { session, prefs, seenAt }) {
      const tx = redis.multi();
      if (seenAt) tx.set(keys.seen(userKey), String(seenAt.getTime()), 'EX', SEEN_TTL_SECONDS);
      if (session) tx.set(keys.session(userKey), close(session), 'EX', idleSeconds);
      else tx.del(keys.session(userKey));
      if (prefs && (prefs.lang || prefs.chosen)) tx.set(keys.prefs(userKey), JSON.stringify(prefs), 'EX', PREFS_TTL_SECONDS);
      await guard(() => tx.exec());
    },
    async lastSeen(userKey) {
      const ms = await guard(() => redis.get(keys.seen(userKey)));
      return ms ? new Date(Number(ms)) : undefined;
    },
  };
}
