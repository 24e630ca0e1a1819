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
  /** Seconds until the username or address may try again; 0 when not locked. */
  lockedFor(username: string, ip: string): Promise<number>;
  /** Counts one failed login for both counters. */
  fail(username: string, ip: string): Promise<void>;
  /** Clears the username's counter after a successful login (the address counter runs out by itself). */
  succeed(username: string): Promise<void>;
}

/** Builds the lock-out counters. */
export function createLockout(redis: Redis, prefix: string, policy: LockoutPolicy = DEFAULT_LOCKOUT): Lockout {
  const keys = createAdminKeys(prefix);
  return {
    async lockedFor(username, ip) {
      const userKey = keys.failedUser(username);
      const ipKey = keys.failedIp(ip);
      const [user, byIp, userTtl, ipTtl] = await guard(() =>
        Promise.all([redis.get(userKey), redis.get(ipKey), redis.ttl(userKey), redis.ttl(ipKey)]),
      );
      const wait = (count: string | null, ttl: number, max: number) => (Number(count) >= max ? (ttl > 0 ? ttl : policy.windowSeconds) : 0);
      return Math.max(wait(user, userTtl, policy.maxPerUser), wait(byIp, ipTtl, policy.maxPerIp));
    },
    async fail(username, ip) {
      const tx = redis.multi();
      for (const key of [keys.failedUser(username), keys.failedIp(ip)]) {
        tx.incr(key);
        tx.expire(key, policy.windowSeconds, 'NX');
      }
      await guard(() => tx.exec());
    },
    async succeed(username) {
      await guard(() => redis.del(keys.failedUser(username)));
    },
  };
}
