/**
 * Report persistence in Redis: the report hash (free-text fields sealed with AES-256-GCM), its
 * thread and internal notes, photos, the per-KCN queues, and the reporter's inbox.
 */
import { seal, unseal } from '../lib/crypto.js';
import { countHit, peekList, pushList } from '../store/redis/atomic.js';
import { guard, type Redis } from '../store/redis/client.js';
import { GROUP, UNCLAIMED, type ReportKeys } from './keys.js';
import { CLAIM, CLOSE, NEED_INFO, RELEASE, SUBMIT } from './scripts.js';
import type { InternalNote, ReportAttachment, ReportStatus, ThreadMessage } from './types.js';

/** A report as stored, with sealed fields opened. Never returned to officers as is. */
export interface StoredReport {
  code: string;
  status: ReportStatus;
  category: string;
  kcn: string;
  createdAt: string;
  updatedAt: string;
  claimedBy?: string;
  /** HMAC of the code and the reporter's report pseudonym (`reporterToken`): never shown to officers, unique per report. */
  reporterToken: string;
  /** The reporter's sealed address; deleted after the retention time. */
  address?: string;
  lookup: string;
  description: string;
  when: string;
  place?: string;
  contact?: string;
  photos: ReportAttachment[];
  likelyDuplicateOf?: string;
  closedAt?: string;
  escalatedAt?: string;
  /** Set when too many wrong keys locked the report's lookup: until when (ISO). */
  lookupLockedUntil?: string;
}

export type NewReport = Omit<StoredReport, 'status' | 'updatedAt' | 'claimedBy' | 'closedAt' | 'escalatedAt' | 'lookupLockedUntil'>;

/** A waiting item in a reporter's inbox. */
export type InboxItem = { kind: 'question'; code: string; index: number } | { kind: 'closed'; code: string; status: ReportStatus } | { kind: 'await'; code: string };

const SEALED = ['description', 'when', 'place', 'contact'] as const;
/** How long a reporter's inbox waits for them after its last item (s). */
const INBOX_TTL = 30 * 86400;

export type ReportStore = ReturnType<typeof createReportStore>;

export function createReportStore(redis: Redis, keys: ReportKeys, encryption: Buffer) {
  const open = (v: string | undefined) => (v ? unseal(encryption, v) : undefined);

  function fromHash(h: Record<string, string>): StoredReport | undefined {
    if (!h.code) return undefined;
    const r = { ...h, photos: JSON.parse(h.photos ?? '[]') } as unknown as StoredReport & Record<string, unknown>;
    for (const f of SEALED) r[f] = open(h[f]) as never;
    for (const [k, v] of Object.entries(r)) if (v === '' || v === undefined) delete r[k];
    return r;
  }

  return {
    /** Stores and queues a report atomically; draft photos move to it. */
    /** `reporter`: the reporter's report pseudonym, for the one-day index of their codes (daily limit, duplicate hints). */
    async submit(report: NewReport, opts: { reporter: string; dailyKey: string; dailyLimit: number; draftPhotos: string[]; photoTtlSeconds: number }) {
      const fields: Record<string, string> = {
        ...Object.fromEntries(Object.entries(report).filter(([, v]) => typeof v === 'string' && v !== '')),
        status: 'new',
        updatedAt: report.createdAt,
        photos: JSON.stringify(report.photos),
      };
      for (const f of SEALED) if (report[f]) fields[f] = seal(encryption, report[f]!);
      const photoKeys = opts.draftPhotos.flatMap((id) => [keys.draftPhoto(id), keys.photo(report.code, id)]);
      const ks = [keys.report(report.code), keys.index, keys.byReporter(opts.reporter), keys.queue(report.kcn), opts.dailyKey, keys.backlog, keys.unclaimed, ...photoKeys];
      const args = [report.code, Date.parse(report.createdAt), opts.dailyLimit, 2 * 86400, GROUP, UNCLAIMED, opts.photoTtlSeconds, ...Object.entries(fields).flat()];
      const res = await guard(() => redis.eval(SUBMIT, ks.length, ...ks, ...args));
      if (res === -1) return 'limit' as const;
      if (res === -2) return 'exists' as const;
      return 'ok' as const;
    },

    async get(code: string): Promise<StoredReport | undefined> {
      return fromHash(await guard(() => redis.hgetall(keys.report(code))));
    },

    async codes(): Promise<string[]> {
      return guard(() => redis.zrevrange(keys.index, 0, -1));
    },

    async reporterCodesSince(userKey: string, sinceMs: number): Promise<string[]> {
      return guard(() => redis.zrangebyscore(keys.byReporter(userKey), sinceMs, '+inf'));
    },

    async update(code: string, fields: Record<string, string>): Promise<void> {
      await guard(() => redis.hset(keys.report(code), fields));
    },

    async forget(code: string, fields: string[]): Promise<void> {
      await guard(() => redis.hdel(keys.report(code), ...fields));
    },

    /** Runs the claim script: 1 ok, 0 missing, -1 someone else's, -2 closed. */
    async claim(code: string, kcn: string, officer: string, now: string): Promise<number> {
      return Number(await guard(() => redis.eval(CLAIM, 4, keys.report(code), keys.queue(kcn), keys.backlog, keys.unclaimed, officer, now, GROUP)));
    },

    /** Runs the close script: 1 ok, 0 missing, -2 closed already, -3 claimed by another officer. */
    async close(code: string, kcn: string, status: ReportStatus, now: string, officer: string, override: boolean): Promise<number> {
      return Number(await guard(() => redis.eval(CLOSE, 4, keys.report(code), keys.queue(kcn), keys.backlog, keys.unclaimed, status, now, GROUP, officer, override ? '1' : '0')));
    },

    /** Runs the need-info script: 1 ok, 0 missing, -2 closed. */
    async needInfo(code: string, now: string): Promise<number> {
      return Number(await guard(() => redis.eval(NEED_INFO, 3, keys.report(code), keys.backlog, keys.unclaimed, now)));
    },

    /** Drops a purged report's code from the index. */
    async unindex(code: string): Promise<void> {
      await guard(() => redis.zrem(keys.index, code));
    },

    /** Returns idle claims of one KCN queue to the queue; the codes that went back. */
    async releaseIdle(kcn: string, idleMs: number, now: string): Promise<string[]> {
      const q = keys.queue(kcn);
      if (!(await guard(() => redis.exists(q)))) return [];
      const [, entries] = (await guard(() => redis.xautoclaim(q, GROUP, UNCLAIMED, idleMs, '0-0', 'COUNT', 200))) as [string, [string, string[]][]];
      const released: string[] = [];
      for (const [, fields] of entries) {
        const code = fields[fields.indexOf('code') + 1];
        if (!code) continue;
        const back = await guard(() => redis.eval(RELEASE, 4, keys.report(code), q, keys.backlog, keys.unclaimed, now, GROUP, UNCLAIMED));
        if (Number(back) === 1) released.push(code);
      }
      return released;
    },

    async appendThread(code: string, m: ThreadMessage): Promise<number> {
      const entry = { ...m, text: seal(encryption, m.text) };
      return (await guard(() => redis.rpush(keys.thread(code), JSON.stringify(entry)))) - 1;
    },

    async thread(code: string): Promise<ThreadMessage[]> {
      const raw = await guard(() => redis.lrange(keys.thread(code), 0, -1));
      return raw.map((r) => {
        const m = JSON.parse(r) as ThreadMessage;
        return { ...m, text: unseal(encryption, m.text) };
      });
    },

    async markDelivered(code: string, index: number): Promise<void> {
      const raw = await guard(() => redis.lindex(keys.thread(code), index));
      if (!raw) return;
      await guard(() => redis.lset(keys.thread(code), index, JSON.stringify({ ...JSON.parse(raw), delivered: true })));
    },

    async addNote(code: string, note: InternalNote): Promise<void> {
      await guard(() => redis.rpush(keys.notes(code), JSON.stringify({ ...note, text: seal(encryption, note.text) })));
    },

    async notes(code: string): Promise<InternalNote[]> {
      const raw = await guard(() => redis.lrange(keys.notes(code), 0, -1));
      return raw.map((r) => {
        const n = JSON.parse(r) as InternalNote;
        return { ...n, text: unseal(encryption, n.text) };
      });
    },

    async putDraftPhoto(id: string, data: Buffer, ttlSeconds: number): Promise<void> {
      await guard(() => redis.set(keys.draftPhoto(id), seal(encryption, data.toString('base64')), 'EX', ttlSeconds));
    },

    async photo(code: string, id: string): Promise<Buffer | undefined> {
      const v = await guard(() => redis.get(keys.photo(code, id)));
      return v ? Buffer.from(unseal(encryption, v), 'base64') : undefined;
    },

    /** Counts a failed lookup in a window (one hour unless told); returns the count. */
    async countFailure(key: string, windowSeconds = 3600): Promise<number> {
      return guard(() => countHit(redis, key, windowSeconds));
    },

    async resetFailures(key: string): Promise<void> {
      await guard(() => redis.del(key));
    },

    async failures(key: string): Promise<number> {
      return Number((await guard(() => redis.get(key))) ?? 0);
    },

    /** Adds an item to a reporter's inbox, which lives 30 days after its last item. */
    async pushInbox(userKey: string, item: InboxItem): Promise<void> {
      await guard(() => pushList(redis, keys.inbox(userKey), [JSON.stringify(item)], INBOX_TTL));
    },

    /** Reads a reporter's inbox and leaves it; `drop` removes exactly the items read (items pushed since stay). */
    async peekInbox(userKey: string): Promise<{ items: InboxItem[]; drop(): Promise<void> }> {
      const list = await guard(() => peekList(redis, keys.inbox(userKey)));
      return { items: list.items.map((r) => JSON.parse(r) as InboxItem), drop: () => guard(list.drop) };
    },

    /** Sets expiry on everything a closed report keeps, so it is purged after the retention time. */
    async expireReport(code: string, photoIds: string[], seconds: number): Promise<void> {
      const tx = redis.multi();
      for (const k of [keys.report(code), keys.thread(code), keys.notes(code), ...photoIds.map((id) => keys.photo(code, id))]) tx.expire(k, seconds);
      await guard(() => tx.exec());
    },
  };
}
