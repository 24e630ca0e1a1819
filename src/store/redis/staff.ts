/**
 * The staff side's storage (admin/ports.ts) in Redis, under `<prefix>:staff:` (keys.ts: createStaffKeys).
 * Accounts are versioned JSON; sessions are kept under the hash of their id; the audit log is a
 * stream, only ever appended to; the lock-out counts in one script under `{failed}`.
 */
import { accountSchema, type Account } from '../../admin/types.js';
import type { AuditAction, AuditEntry } from '../../admin/audit.js';
import type {
  AlertLinkStore,
  AuditLog,
  LockoutCounters,
  ReportReadMarks,
  StaffAccountStore,
  StaffMarks,
  StaffSessionStore,
  StaffStores,
} from '../../admin/ports.js';
import { parseStored } from '../../lib/json.js';
import { guard, type Redis } from './client.js';
import { createStaffKeys, type StaffKeys } from './keys.js';
import { lua, runScript } from './script.js';

/** See scripts/lockout-reserve-4.lua. */
const RESERVE = lua('lockout-reserve');

/** Every staff store over one Redis client and prefix. */
export function createRedisStaffStores(redis: Redis, prefix: string, clock: () => Date = () => new Date()): StaffStores {
  const keys = createStaffKeys(prefix);
  return {
    accounts: accountStore(redis, keys),
    sessions: sessionStore(redis, keys),
    lockout: lockoutCounters(redis, keys),
    audit: createRedisAuditLog(redis, prefix, clock),
    alertLinks: alertLinkStore(redis, keys),
    marks: staffMarks(redis, keys),
    reads: readMarks(redis, keys),
  };
}

function accountStore(redis: Redis, keys: StaffKeys): StaffAccountStore {
  const get = async (username: string) => parseStored(accountSchema, await guard(() => redis.get(keys.account(username))));
  return {
    get,
    async list() {
      const names = (await guard(() => redis.smembers(keys.accounts))).sort();
      return (await Promise.all(names.map(get))).filter((a): a is Account => a !== undefined);
    },
    async create(account) {
      const created = await guard(() => redis.set(keys.account(account.username), JSON.stringify(account), 'NX'));
      if (created !== 'OK') return false;
      await guard(() => redis.sadd(keys.accounts, account.username));
      return true;
    },
    save: async (account) => void (await guard(() => redis.set(keys.account(account.username), JSON.stringify(account)))),
  };
}

function sessionStore(redis: Redis, keys: StaffKeys): StaffSessionStore {
  return {
    put: async (id, json, ttlSeconds) => void (await guard(() => redis.set(keys.session(id), json, 'EX', ttlSeconds))),
    touch: async (id, ttlSeconds) => (await guard(() => redis.getex(keys.session(id), 'EX', ttlSeconds))) ?? undefined,
    delete: async (id) => void (await guard(() => redis.del(keys.session(id)))),
  };
}

function lockoutCounters(redis: Redis, keys: StaffKeys): LockoutCounters {
  const pairKeys = (username: string, ip: string) => [keys.pairLock(username, ip), keys.failedPair(username, ip), keys.pairLocks(username, ip)];
  return {
    async reserve(username, ip, p) {
      const args = [p.maxPerAccountIp, p.maxPerIp, p.windowSeconds, p.firstLockSeconds, p.maxLockSeconds, p.memorySeconds];
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

function toEntry([id, fields]: [string, string[]]): AuditEntry {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i]!, fields[i + 1]!);
  const entry: AuditEntry = { id, at: map.get('at') ?? '', actor: map.get('actor') ?? '', action: map.get('action') as AuditAction };
  if (map.has('report')) entry.report = map.get('report');
  if (map.has('detail')) entry.detail = map.get('detail');
  return entry;
}

/** The audit log: one stream under `<prefix>:staff:audit`, appended with XADD, never edited or trimmed. */
export function createRedisAuditLog(redis: Redis, prefix: string, clock: () => Date = () => new Date()): AuditLog {
  const key = createStaffKeys(prefix).audit;
  return {
    async append(event) {
      const fields = ['at', clock().toISOString(), 'actor', event.actor, 'action', event.action];
      if (event.report) fields.push('report', event.report);
      if (event.detail) fields.push('detail', event.detail);
      await guard(() => redis.xadd(key, '*', ...fields));
    },
    async list({ limit, before }) {
      const rows = await guard(() => redis.xrevrange(key, before ? `(${before}` : '+', '-', 'COUNT', limit));
      return rows.map(toEntry);
    },
  };
}

function alertLinkStore(redis: Redis, keys: StaffKeys): AlertLinkStore {
  return {
    putCode: async (code, username, ttlSeconds) => (await guard(() => redis.set(keys.linkCode(code), username, 'EX', ttlSeconds, 'NX'))) === 'OK',
    takeCode: async (code) => (await guard(() => redis.getdel(keys.linkCode(code)))) ?? undefined,
    setAddress: async (username, sealed) => void (await guard(() => redis.set(keys.alertAddress(username), sealed))),
    address: async (username) => (await guard(() => redis.get(keys.alertAddress(username)))) ?? undefined,
    async addresses(usernames) {
      if (usernames.length === 0) return [];
      return (await guard(() => redis.mget(...usernames.map((u) => keys.alertAddress(u))))).map((a) => a ?? undefined);
    },
    deleteAddress: async (username) => void (await guard(() => redis.del(keys.alertAddress(username)))),
  };
}

function staffMarks(redis: Redis, keys: StaffKeys): StaffMarks {
  return {
    firstLockNotice: async (username, ttlSeconds) => (await guard(() => redis.set(keys.lockTold(username), '1', 'EX', ttlSeconds, 'NX'))) === 'OK',
    firstTotpUse: async (username, step, ttlSeconds) => (await guard(() => redis.set(keys.totpUsed(username, step), '1', 'EX', ttlSeconds, 'NX'))) === 'OK',
  };
}

/** Read marks live as long as a closed report may be kept (about a year) after the staff member's last open. */
const READS_TTL_SECONDS = 400 * 86400;

function readMarks(redis: Redis, keys: StaffKeys): ReportReadMarks {
  return {
    async opened(username, code, atMs) {
      await guard(() => redis.multi().hset(keys.reads(username), code, String(atMs)).expire(keys.reads(username), READS_TTL_SECONDS).exec());
    },
    async openedAt(username, codes) {
      if (codes.length === 0) return [];
      return (await guard(() => redis.hmget(keys.reads(username), ...codes))).map((v) => (v === null ? undefined : Number(v)));
    },
  };
}
