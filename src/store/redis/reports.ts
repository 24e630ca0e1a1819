/**
 * The report store (reports/ports.ts) in Redis: the report hash (free-text fields sealed with
 * AES-256-GCM), its thread and internal notes, photos, the per-KCN queues (streams with the consumer
 * group `officers`), the reporter's inbox, and the backlog counters the status scripts keep for
 * `/metrics`. Every key shares `{reports}` (keys.ts), so each script stays in one Cluster slot.
 */
import type { FailureCounter, ReportStore, StoredReport } from '../../reports/ports.js';
import { REPORT_STATUSES, type InternalNote, type ReportStatus, type ThreadMessage } from '../../reports/types.js';
import { seal, unseal } from '../../lib/crypto.js';
import { countHit, peekList, pushList } from './atomic.js';
import { guard, type Redis } from './client.js';
import { createReportKeys } from './keys.js';
import { lua, runScript } from './script.js';

/** See scripts/report-*.lua. */
const SUBMIT = lua('report-submit');
const CLAIM = lua('report-claim');
const CLOSE = lua('report-close');
const RELEASE = lua('report-release');
const NEED_INFO = lua('report-need-info');
const RESUME = lua('report-resume');

/** The consumer group of every KCN queue, and the consumer that holds unclaimed reports. */
const GROUP = 'officers';
const UNCLAIMED = '_queue';
const SEALED = ['description', 'when', 'place', 'contact'] as const;
/** How long a reporter's inbox waits for them after its last item (s). */
const INBOX_TTL = 30 * 86400;
/** Open (not closed) statuses. */
const WAITING: readonly ReportStatus[] = REPORT_STATUSES.filter((s) => s !== 'resolved' && s !== 'rejected');

export function createRedisReportStore(redis: Redis, prefix: string, encryption: Buffer): ReportStore {
  const keys = createReportKeys(prefix);
  const open = (v: string | undefined) => (v ? unseal(encryption, v) : undefined);
  const failureKey = (c: FailureCounter) => ('reporter' in c ? keys.lookupFailures(c.reporter) : keys.codeLookupFailures(c.code));
  const sealedList = async <T extends { text: string }>(key: string): Promise<T[]> =>
    (await guard(() => redis.lrange(key, 0, -1))).map((r) => {
      const m = JSON.parse(r) as T;
      return { ...m, text: unseal(encryption, m.text) };
    });

  function fromHash(h: Record<string, string>): StoredReport | undefined {
    if (!h.code) return undefined;
    const r = { ...h, photos: JSON.parse(h.photos ?? '[]') } as unknown as StoredReport & Record<string, unknown>;
    for (const f of SEALED) r[f] = open(h[f]) as never;
    for (const [k, v] of Object.entries(r)) if (v === '' || v === undefined) delete r[k];
    return r;
  }

  return {
    async submit(report, opts) {
      const fields: Record<string, string> = {
        ...Object.fromEntries(Object.entries(report).filter(([, v]) => typeof v === 'string' && v !== '')),
        status: 'new',
        updatedAt: report.createdAt,
        photos: JSON.stringify(report.photos),
      };
      for (const f of SEALED) if (report[f]) fields[f] = seal(encryption, report[f]!);
      const photoKeys = opts.draftPhotos.flatMap((id) => [keys.draftPhoto(id), keys.photo(report.code, id)]);
      const ks = [
        keys.report(report.code),
        keys.index,
        keys.byReporter(opts.reporter),
        keys.queue(report.kcn),
        keys.daily(opts.reporter, opts.day),
        keys.backlog,
        keys.unclaimed,
        ...photoKeys,
      ];
      const args = [
        report.code,
        Date.parse(report.createdAt),
        opts.dailyLimit,
        2 * 86400,
        GROUP,
        UNCLAIMED,
        opts.photoTtlSeconds,
        ...Object.entries(fields).flat(),
      ];
      const res = await guard(() => runScript(redis, SUBMIT, ks, args));
      if (res === -1) return 'limit';
      if (res === -2) return 'exists';
      return 'ok';
    },
    get: async (code) => fromHash(await guard(() => redis.hgetall(keys.report(code)))),
    codes: () => guard(() => redis.zrevrange(keys.index, 0, -1)),
    reporterCodesSince: (reporter, sinceMs) => guard(() => redis.zrangebyscore(keys.byReporter(reporter), sinceMs, '+inf')),
    update: async (code, fields) => void (await guard(() => redis.hset(keys.report(code), fields))),
    forget: async (code, fields) => void (await guard(() => redis.hdel(keys.report(code), ...fields))),
    claim: async (code, kcn, officer, now) =>
      Number(await guard(() => runScript(redis, CLAIM, [keys.report(code), keys.queue(kcn), keys.backlog, keys.unclaimed], [officer, now, GROUP]))),
    close: async (code, kcn, status, now, officer, override) =>
      Number(
        await guard(() =>
          runScript(redis, CLOSE, [keys.report(code), keys.queue(kcn), keys.backlog, keys.unclaimed], [status, now, GROUP, officer, override ? '1' : '0']),
        ),
      ),
    needInfo: async (code, now) => Number(await guard(() => runScript(redis, NEED_INFO, [keys.report(code), keys.backlog, keys.unclaimed], [now]))),
    resume: async (code, kcn, officer, now, override) =>
      Number(
        await guard(() =>
          runScript(redis, RESUME, [keys.report(code), keys.queue(kcn), keys.backlog, keys.unclaimed], [officer, now, GROUP, override ? '1' : '0']),
        ),
      ),
    unindex: async (code) => void (await guard(() => redis.zrem(keys.index, code))),
    async releaseIdle(kcn, idleMs, now) {
      const q = keys.queue(kcn);
      if (!(await guard(() => redis.exists(q)))) return [];
      const [, entries] = (await guard(() => redis.xautoclaim(q, GROUP, UNCLAIMED, idleMs, '0-0', 'COUNT', 200))) as [string, [string, string[]][]];
      const released: string[] = [];
      for (const [, fields] of entries) {
        const code = fields[fields.indexOf('code') + 1];
        if (!code) continue;
        const back = await guard(() => runScript(redis, RELEASE, [keys.report(code), q, keys.backlog, keys.unclaimed], [now, GROUP, UNCLAIMED]));
        if (Number(back) === 1) released.push(code);
      }
      return released;
    },
    async appendThread(code, m) {
      const entry = { ...m, text: seal(encryption, m.text) };
      return (await guard(() => redis.rpush(keys.thread(code), JSON.stringify(entry)))) - 1;
    },
    thread: (code) => sealedList<ThreadMessage>(keys.thread(code)),
    async markDelivered(code, index) {
      const raw = await guard(() => redis.lindex(keys.thread(code), index));
      if (!raw) return;
      await guard(() => redis.lset(keys.thread(code), index, JSON.stringify({ ...JSON.parse(raw), delivered: true })));
    },
    async addNote(code, note) {
      await guard(() => redis.rpush(keys.notes(code), JSON.stringify({ ...note, text: seal(encryption, note.text) })));
    },
    notes: (code) => sealedList<InternalNote>(keys.notes(code)),
    async putDraftPhoto(id, data, ttlSeconds) {
      await guard(() => redis.set(keys.draftPhoto(id), seal(encryption, data.toString('base64')), 'EX', ttlSeconds));
    },
    async photo(code, id) {
      const v = await guard(() => redis.get(keys.photo(code, id)));
      return v ? Buffer.from(unseal(encryption, v), 'base64') : undefined;
    },
    countFailure: (counter, windowSeconds = 3600) => guard(() => countHit(redis, failureKey(counter), windowSeconds)),
    resetFailures: async (counter) => void (await guard(() => redis.del(failureKey(counter)))),
    failures: async (counter) => Number((await guard(() => redis.get(failureKey(counter)))) ?? 0),
    async pushInbox(reporter, item) {
      await guard(() => pushList(redis, keys.inbox(reporter), [JSON.stringify(item)], INBOX_TTL));
    },
    async peekInbox(reporter) {
      const list = await guard(() => peekList(redis, keys.inbox(reporter)));
      return { items: list.items.map((r) => JSON.parse(r)), drop: () => guard(list.drop) };
    },
    hasInbox: async (reporter) => (await guard(() => redis.exists(keys.inbox(reporter)))) > 0,
    async expireReport(code, photoIds, seconds) {
      const tx = redis.multi();
      for (const k of [keys.report(code), keys.thread(code), keys.notes(code), ...photoIds.map((id) => keys.photo(code, id))]) tx.expire(k, seconds);
      await guard(() => tx.exec());
    },
    async backlog(now) {
      const [counts, oldest] = await Promise.all([redis.hgetall(keys.backlog), redis.zrange(keys.unclaimed, 0, 0, 'WITHSCORES')]);
      const byStatus = Object.fromEntries(WAITING.map((s) => [s, Math.max(0, Number(counts[s] ?? 0))]));
      const createdMs = oldest[1] === undefined ? undefined : Number(oldest[1]);
      return { byStatus, oldestUnclaimedSeconds: createdMs === undefined ? 0 : Math.max(0, (now.getTime() - createdMs) / 1000) };
    },
  };
}
