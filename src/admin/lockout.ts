/**
 * Lock-out after repeated failed logins: counters per username (hashed in the key) and per client
 * address, each in a fixed window. A locked username or address is refused before any password check.
 */
import { guard, type Redis } from '../store/redis/client.js';
import { createAdminKeys } from './keys.js';

/** Limits of the lock-out. */
export interface LockoutPolicy {
  /** Failures allowed per username in the window (default 5). */
  maxPerUser: number;
  /** Failures allowed per client address in the window (default 20: officers may share one NAT). */
  maxPerIp: number;
  /** The window, in seconds (default 15 minutes). */
  windowSeconds: number;
}

/** 5 failures per username, 20 per address, in 15 minutes. */
export const DEFAULT_LOCKOUT: LockoutPolicy = { maxPerUser: 5, maxPerIp: 20, windowSeconds: 15 * 60 };

/** The lock-out counters. */
export interface Lockout {
  /**
   * Counts an attempt before the password is checked, atomically, so parallel guesses cannot pass
   * the limit; returns the seconds to wait when this attempt is over it (0: go ahead).
   */
  reserve(username: string, ip: string): Promise<number>;
  /** Gives an attempt back (it was not a guess, for example a missing second factor). */
  refund(username: string, ip: string): Promise<void>;
  /** After a successful login: clears the username's counter and gives the attempt back to the address. */
  succeed(username: string, ip: string): Promise<void>;
}

/** Builds the lock-out counters. */
export function createLockout(redis: Redis, prefix: string, policy: LockoutPolicy = DEFAULT_LOCKOUT): Lockout {
  const keys = createAdminKeys(prefix);
  return {
    async reserve(username, ip) {
      const tx = redis.multi();
      for (const key of [keys.failedUser(username), keys.failedIp(ip)]) tx.incr(key).expire(key, policy.windowSeconds, 'NX');
      const res = (await guard(() => tx.exec())) ?? [];
      const user = Number(res[0]?.[1] ?? 0);
      const byIp = Number(res[2]?.[1] ?? 0);
      if (user <= policy.maxPerUser && byIp <= policy.maxPerIp) return 0;
      const [userTtl, ipTtl] = await guard(() => Promise.all([redis.ttl(keys.failedUser(username)), redis.ttl(keys.failedIp(ip))]));
      return Math.max(user > policy.maxPerUser ? userTtl : 0, byIp > policy.maxPerIp ? ipTtl : 0, 1);
    },
    async refund(username, ip) {
      await guard(() => redis.multi().decr(keys.failedUser(username)).decr(keys.failedIp(ip)).exec());
    },
    async succeed(username, ip) {
      await guard(() => redis.multi().del(keys.failedUser(username)).decr(keys.failedIp(ip)).exec());
    },
  };
}
