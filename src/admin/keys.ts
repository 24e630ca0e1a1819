/**
 * Every Redis key of the staff side, in one place: `<prefix>:staff:<entity>:<id>`. Session ids are
 * stored hashed, so reading Redis never yields a usable session cookie. Keys read or written together
 * share a hash tag, one Redis Cluster slot: the failed-login counters and locks `{failed}` (one script
 * counts an attempt for the account and address pair and for the address) and the alert addresses
 * `{alert-address}` (one MGET). Usernames and addresses in the lock-out keys are hashed.
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
    /** Login attempts in the current window, per (username, client address) and per client address. */
    failedPair: (username: string, ip: string) => `${base}:{failed}:pair:${hashId(`${username}\n${ip}`)}`,
    failedIp: (ip: string) => `${base}:{failed}:ip:${hashId(ip)}`,
    /** A (username, address) pair that may not log in while this key lives, and how often it was locked lately. */
    pairLock: (username: string, ip: string) => `${base}:{failed}:lock:${hashId(`${username}\n${ip}`)}`,
    pairLocks: (username: string, ip: string) => `${base}:{failed}:locks:${hashId(`${username}\n${ip}`)}`,
    /** Set while the account's owner was told of a lock lately (at most one message an hour). */
    lockTold: (username: string) => `${base}:{failed}:told:${hashId(username)}`,
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
