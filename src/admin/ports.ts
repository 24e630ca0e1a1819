/**
 * The storage the staff side needs: accounts, login sessions, the lock-out counters, the audit log,
 * the alert links, two "first time only" marks, and when each staff member last opened each report. The Redis store (`src/store`, `redis/staff.ts`) implements them all
 * (`createRedisStaffStores`).
 * Implementations hash session ids, usernames and addresses wherever they become part of a key.
 */
import type { AuditEntry, AuditEvent } from './audit.js';
import type { Account } from './types.js';

export interface StaffAccountStore {
  /** The account of a (normalised) username; undefined when absent or unreadable. */
  get(username: string): Promise<Account | undefined>;
  /** Every readable account, sorted by username. */
  list(): Promise<Account[]>;
  /** Stores a new account; false when the username is taken. */
  create(account: Account): Promise<boolean>;
  /** Replaces an existing account. */
  save(account: Account): Promise<void>;
}

export interface StaffSessionStore {
  /** Stores a session record (JSON) under its id, living `ttlSeconds`. */
  put(sessionId: string, json: string, ttlSeconds: number): Promise<void>;
  /** The record, its life restarted at `ttlSeconds`; undefined when expired or absent. */
  touch(sessionId: string, ttlSeconds: number): Promise<string | undefined>;
  delete(sessionId: string): Promise<void>;
}

/** Limits of the lock-out (lockout.ts has the defaults). */
export interface LockoutLimits {
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

export interface LockoutCounters {
  /**
   * Counts an attempt for (username, ip) and for ip, atomically: the seconds to wait when it is refused
   * (0: go ahead), and whether this attempt locked the pair.
   */
  reserve(username: string, ip: string, limits: LockoutLimits): Promise<{ retryAfter: number; lockedNow: boolean }>;
  /** Gives one attempt back to the pair and the address. */
  refund(username: string, ip: string): Promise<void>;
  /** Clears the pair's attempts and past locks, and gives one attempt back to the address. */
  succeed(username: string, ip: string): Promise<void>;
}

/** Append-only access to the audit log. */
export interface AuditLog {
  append(event: AuditEvent): Promise<void>;
  /** Newest first, at most `limit` entries, strictly older than `before` when given. */
  list(options: { limit: number; before?: string }): Promise<AuditEntry[]>;
}

export interface AlertLinkStore {
  /** Stores a one-time code for `username`, living `ttlSeconds`; false when the code is taken. */
  putCode(code: string, username: string, ttlSeconds: number): Promise<boolean>;
  /** The code's username, the code deleted in the same step; undefined when unknown or expired. */
  takeCode(code: string): Promise<string | undefined>;
  setAddress(username: string, sealedAddress: string): Promise<void>;
  address(username: string): Promise<string | undefined>;
  /** The addresses of several staff members, in the same order (undefined where none). */
  addresses(usernames: readonly string[]): Promise<(string | undefined)[]>;
  deleteAddress(username: string): Promise<void>;
}

/** Marks that say "the first time within a while". */
export interface StaffMarks {
  /** True the first time within `ttlSeconds` that the account's owner is told of a lock. */
  firstLockNotice(username: string, ttlSeconds: number): Promise<boolean>;
  /** True the first time a TOTP step is used for the account (within `ttlSeconds`). */
  firstTotpUse(username: string, step: number, ttlSeconds: number): Promise<boolean>;
}

/** When each staff member last opened each report: the live queue marks what came in since ("new answer"). */
export interface ReportReadMarks {
  /** Records that `username` opened report `code` at `atMs` (the time the report was read, taken before reading it). */
  opened(username: string, code: string, atMs: number): Promise<void>;
  /** When `username` last opened each of `codes` (ms), in the same order; undefined where never. */
  openedAt(username: string, codes: readonly string[]): Promise<(number | undefined)[]>;
}

/** Every store of the staff side. */
export interface StaffStores {
  accounts: StaffAccountStore;
  sessions: StaffSessionStore;
  lockout: LockoutCounters;
  audit: AuditLog;
  alertLinks: AlertLinkStore;
  marks: StaffMarks;
  reads: ReportReadMarks;
}
