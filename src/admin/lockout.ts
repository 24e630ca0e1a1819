/**
 * Lock-out after repeated failed logins, per (account, client address): five wrong passwords for one
 * account from one address lock that pair for 5 minutes, and each further lock of the pair within a day
 * lasts twice as long (up to 2 hours). The account stays open from every other address, so nobody can
 * lock an officer out by typing their username. A separate counter per address, whatever the username,
 * stops one address from trying many accounts. A locked pair or address is refused before any password
 * check. Keys hold hashes of usernames and addresses, never the values.
 */
import type { LockoutCounters, LockoutLimits } from './ports.js';

/** Limits of the lock-out (the fields are documented on LockoutLimits, admin/ports.ts). */
export type LockoutPolicy = LockoutLimits;

/** 5 attempts per account and address, 20 per address, in 15 minutes; locks of 5 minutes doubling up to 2 hours. */
export const DEFAULT_LOCKOUT: LockoutPolicy = {
  maxPerAccountIp: 5,
  maxPerIp: 20,
  windowSeconds: 15 * 60,
  firstLockSeconds: 5 * 60,
  maxLockSeconds: 2 * 3600,
  memorySeconds: 86_400,
};

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

/** Builds the lock-out over its counters (admin/ports.ts), with `policy`. */
export function createLockout(counters: LockoutCounters, policy: LockoutPolicy = DEFAULT_LOCKOUT): Lockout {
  return {
    reserve: (username, ip) => counters.reserve(username, ip, policy),
    refund: (username, ip) => counters.refund(username, ip),
    succeed: (username, ip) => counters.succeed(username, ip),
  };
}
