/**
 * Lock-out after repeated failed logins, per (account, client address): five wrong passwords for one
 * account from one address lock that pair for 5 minutes, and each further lock of the pair within a day
 * lasts twice as long (up to 2 hours). The account stays open from every other address, so nobody can
 * lock an officer out by typing their username. A separate counter per address, whatever the username,
 * stops one address from trying many accounts. A locked pair or address is refused before any password
 * check. Keys hold hashes of usernames and addresses, never the values.
 */
import { guard, type Redis } from '../store/redis/client.js';
import { runScript } from '../store/redis/script.js';
import { createAdminKeys } from './keys.js';

/** Limits of the lock-out. */
export interface LockoutPolicy {
  /** Attempts allowed per (account, address) in the window before the pair locks (default 5). */
  maxPerAccountIp: number;
  /** Attempts allowed per address in the window, whatever the account (default 20: officers may share one NAT). */
  maxPerIp: number;
  /** The counting window, in seconds (default 15 minutes). */
  windowSeconds: number;
  /** The first lock of a pair (default 5 minutes); each next one within `memorySeconds` lasts twice as long. */
  firstLockSeconds: number;
  /** The longest lock (default 2 hours). */
  maxLockSeconds: number;
  /** How long a pair's past locks count towards the next one (default a day). */
  memorySeconds: number;
}

/** 5 attempts per account and address, 20 per address, in 15 minutes; locks of 5 minutes doubling up to 2 hours. */
export const DEFAULT_LOCKOUT: LockoutPolicy = { maxPerAccountIp: 5, maxPerIp: 20, windowSeconds: 15 * 60, firstLockSeconds: 5 * 60, maxLockSeconds: 2 * 3600, memorySeconds: 86_400 };

/** The outcome of reserving an attempt. */
export interface Reservation {
  /** Seconds to wait when the attempt is refused; 0: go ahead and check the password. */
  retryAfter: number;
  /** True for the attempt that locked its (account, address) pair just now (tell the account's owner). */
  lockedNow: boolean;
}

/** The lock-out counters. */
export interface Lockout {
  /**
   * Counts an attempt before the password is checked, atomically, so parallel guesses cannot pass the
   * limit; says whether it is refused, and whether it was the one that locked its pair.
   */
  reserve(username: string, ip: string): Promise<Reservation>;
  /** Gives an attempt back (it was not a guess, for example a missing second factor). */
  refund(username: string, ip: string): Promise<void>;
  /** After a successful login: clears the pair's counter and past locks, and gives the attempt back to the address. */
  succeed(username: string, ip: string): Promise<void>;
}

/**
 * KEYS[1] pair lock, KEYS[2] pair attempts, KEYS[3] pair's past locks, KEYS[4] address attempts (one
 * slot: `{failed}`). ARGV[1] max per pair, ARGV[2] max per address, ARGV[3] window s, ARGV[4] first
 * lock s, ARGV[5] longest lock s, ARGV[6] memory of past locks s.
 * Returns {seconds to wait (0: go ahead), 1 when this attempt locked the pair else 0}.
 */
const RESERVE = `local held = redis.call('TTL', KEYS[1])
if held > 0 then return {held, 0} end
local byIp = redis.call('INCR', KEYS[4])
if redis.call('TTL', KEYS[4]) == -1 then redis.call('EXPIRE', KEYS[4], ARGV[3]) end
if byIp > tonumber(ARGV[2]) then return {math.max(redis.call('TTL', KEYS[4]), 1), 0} end
local n = redis.call('INCR', KEYS[2])
if redis.call('TTL', KEYS[2]) == -1 then redis.call('EXPIRE', KEYS[2], ARGV[3]) end
if n <= tonumber(ARGV[1]) then return {0, 0} end
local level = redis.call('INCR', KEYS[3])
redis.call('EXPIRE', KEYS[3], ARGV[6])
local seconds = math.floor(math.min(tonumber(ARGV[4]) * 2 ^ (level - 1), tonumber(ARGV[5])))
redis.call('SET', KEYS[1], '1', 'EX', seconds)
redis.call('DEL', KEYS[2])
return {seconds, 1}`;

/** Builds the lock-out counters. */
export function createLockout(redis: Redis, prefix: string, policy: LockoutPolicy = DEFAULT_LOCKOUT): Lockout {
  const keys = createAdminKeys(prefix);
  const pairKeys = (username: string, ip: string) => [keys.pairLock(username, ip), keys.failedPair(username, ip), keys.pairLocks(username, ip)];
  return {
    async reserve(username, ip) {
      const args = [policy.maxPerAccountIp, policy.maxPerIp, policy.windowSeconds, policy.firstLockSeconds, policy.maxLockSeconds, policy.memorySeconds];
      const [retryAfter, lockedNow] = (await guard(() => runScript(redis, RESERVE, [...pairKeys(username, ip), keys.failedIp(ip)], args))) as [number, number];
      return { retryAfter: Number(retryAfter), lockedNow: Number(lockedNow) === 1 };
    },
    async refund(username, ip) {
      await guard(() => redis.multi().decr(keys.failedPair(username, ip)).decr(keys.failedIp(ip)).exec());
    },
    async succeed(username, ip) {
      const [, attempts, locks] = pairKeys(username, ip);
      await guard(() => redis.multi().del(attempts!, locks!).decr(keys.failedIp(ip)).exec());
    },
  };
}
