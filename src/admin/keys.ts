/**
 * Every Redis key of the staff side, in one place: `<prefix>:staff:<entity>:<id>`. Session ids are
 * stored hashed, so reading Redis never yields a usable session cookie. Keys read or written together
 * share a hash tag, one Redis Cluster slot: the failed-login counters `{failed}` (one MULTI counts a
 * failure for the user and the address) and the alert addresses `{alert-address}` (one MGET).
 */
import { createHash } from 'node:crypto';

/** The staff key functions of one prefix. */
export type AdminKeys = ReturnType<typeof createAdminKeys>;

/** SHA-256 in base64url, for secrets that appear in key names (session ids). */
export function hashId(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}

/** Builds the staff key functions for one prefix (the bot's `REDIS_KEY_PREFIX`). */
export function createAdminKeys(prefix: string) {
  const base = `${prefix}:staff`;
  return {
    /** One account as versioned JSON. */
    account: (username: string) => `${base}:account:${username}`,
    /** Set of every username. */
    accounts: `${base}:accounts`,
    /** One login session, by the hash of its id. */
    session: (sessionId: string) => `${base}:session:${hashId(sessionId)}`,
    /** Failed logins in the current window, per username and per client address. */
    failedUser: (username: string) => `${base}:{failed}:user:${hashId(username)}`,
    failedIp: (ip: string) => `${base}:{failed}:ip:${ip}`,
    /** A used TOTP step, so one code cannot log in twice. */
    totpUsed: (username: string, step: number) => `${base}:totp-used:${username}:${step}`,
    /** The audit log: a Redis Stream, only ever appended to. */
    audit: `${base}:audit`,
    /** A one-time alert link code → username. */
    linkCode: (code: string) => `${base}:link-code:${code}`,
    /** The sealed chat address an officer linked for alerts. */
    alertAddress: (username: string) => `${base}:{alert-address}:${username}`,
  };
}
