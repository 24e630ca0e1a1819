/**
 * The report store (reports/ports.ts) in memory, for unit tests and the contract suite: the same
 * claim, close, release and backlog rules as the Redis scripts, with the KCN queue reduced to what is
 * visible through the port (who holds a report, and since when, for idle claims).
 */
import type { FailureCounter, InboxItem, ReportStore, StoredReport } from '../../reports/ports.js';
import type { InternalNote, ReportStatus, ThreadMessage } from '../../reports/types.js';
import { peekList } from './lists.js';

type Held = StoredReport & { createdMs: number; pendingSince?: number; expiresAt?: number };
const OPEN: readonly ReportStatus[] = ['new', 'claimed', 'need_info'];
const isClosed = (s: ReportStatus) => s === 'resolved' || s === 'rejected';

export function createMemoryReportStore(now: () => number = Date.now): ReportStore {
  const reports = new Map<string, Held>();
  /** The codes' index: a purged report leaves it only when unindexed (as the Redis sorted set). */
  const indexed = new Set<string>();
  const threads = new Map<string, ThreadMessage[]>();
  const notes = new Map<string, InternalNote[]>();
  const photos = new Map<string, Buffer>();
  const byReporter = new Map<string, Map<string, number>>();
  const counters = new Map<string, { n: number; expires: number }>();
  const inboxes = new Map<string, InboxItem[]>();
  const live = (code: string) => {
    const r = reports.get(code);
    return r && (r.expiresAt === undefined || r.expiresAt > now()) ? r : undefined;
  };
  const counterKey = (c: FailureCounter) => ('reporter' in c ? `r:${c.reporter}` : `c:${c.code}`);
  const count = (key: string, windowSeconds: number) => {
    const c = counters.get(key);
    const current = c && c.expires > now() ? c : { n: 0, expires: now() + windowSeconds * 1000 };
    current.n += 1;
    counters.set(key, current);
    return current.n;
  };
  const set = (r: Held, fields: Partial<StoredReport>) => Object.assign(r, fields);

  return {
    async submit(report, opts) {
      const daily = `d:${opts.reporter}:${opts.day}`;
      if ((counters.get(daily)?.n ?? 0) >= opts.dailyLimit) return 'limit';
      if (reports.has(report.code)) return 'exists';
      const createdMs = Date.parse(report.createdAt);
      reports.set(report.code, { ...structuredClone(report), status: 'new', updatedAt: report.createdAt, createdMs, pendingSince: now() });
      indexed.add(report.code);
      const mine = byReporter.get(opts.reporter) ?? new Map<string, number>();
      mine.set(report.code, createdMs);
      for (const [code, at] of mine) if (at < createdMs - 86_400_000) mine.delete(code);
      byReporter.set(opts.reporter, mine);
      count(daily, 2 * 86400);
      for (const id of opts.draftPhotos) {
        const data = photos.get(`draft:${id}`);
        if (data) photos.set(`${report.code}/${id}`, data);
        photos.delete(`draft:${id}`);
      }
      return 'ok';
    },
    async get(code) {
      const r = live(code);
      if (!r) return undefined;
      const { createdMs: _c, pendingSince: _p, expiresAt: _e, ...stored } = r;
      return structuredClone(stored);
    },
    codes: async () =>
      [...reports.values()]
        .filter((r) => indexed.has(r.code))
        .sort((a, b) => b.createdMs - a.createdMs || (a.code < b.code ? 1 : -1))
        .map((r) => r.code),
    reporterCodesSince: async (reporter, sinceMs) =>
      [...(byReporter.get(reporter) ?? [])]
        .filter(([, at]) => at >= sinceMs)
        .sort((a, b) => a[1] - b[1])
        .map(([code]) => code),
    async update(code, fields) {
      const r = live(code);
      if (r) Object.assign(r, fields);
    },
    async forget(code, fields) {
      const r = live(code) as Record<string, unknown> | undefined;
      if (r) for (const f of fields) delete r[f];
    },
    async claim(code, _kcn, officer, at) {
      const r = live(code);
      if (!r) return 0;
      if (isClosed(r.status)) return -2;
      if (r.status !== 'new' && r.claimedBy && r.claimedBy !== officer) return -1;
      set(r, { status: r.status === 'new' ? 'claimed' : r.status, claimedBy: officer, updatedAt: at });
      r.pendingSince = now();
      if (r.claimedAt) return 1;
      r.claimedAt = at;
      return 2;
    },
    async close(code, _kcn, status, at, officer, override) {
      const r = live(code);
      if (!r) return 0;
      if (isClosed(r.status)) return -2;
      if (r.claimedBy && r.claimedBy !== officer && !override) return -3;
      set(r, { status, closedAt: at, updatedAt: at });
      r.pendingSince = undefined;
      return 1;
    },
    async needInfo(code, at) {
      const r = live(code);
      if (!r) return 0;
      if (isClosed(r.status)) return -2;
      set(r, { status: 'need_info', updatedAt: at });
      return 1;
    },
    async resume(code, _kcn, officer, at, override) {
      const r = live(code);
      if (!r) return 0;
      if (isClosed(r.status)) return -2;
      if (r.status !== 'need_info') return -4;
      if (r.claimedBy && r.claimedBy !== officer && !override) return -3;
      set(r, { status: 'claimed', claimedBy: r.claimedBy || officer, updatedAt: at });
      r.pendingSince = now();
      return 1;
    },
    unindex: async (code) => void indexed.delete(code),
    async releaseIdle(kcn, idleMs, at) {
      const released: string[] = [];
      for (const r of reports.values()) {
        if (r.kcn !== kcn || r.pendingSince === undefined || now() - r.pendingSince < idleMs) continue;
        r.pendingSince = now();
        if (r.status !== 'claimed') continue;
        set(r, { status: 'new', updatedAt: at });
        delete r.claimedBy;
        released.push(r.code);
      }
      return released;
    },
    async appendThread(code, m) {
      const list = threads.get(code) ?? [];
      list.push({ ...m });
      threads.set(code, list);
      return list.length - 1;
    },
    thread: async (code) => structuredClone(threads.get(code) ?? []),
    async markDelivered(code, index) {
      const m = threads.get(code)?.[index];
      if (m) m.delivered = true;
    },
    async addNote(code, note) {
      notes.set(code, [...(notes.get(code) ?? []), { ...note }]);
    },
    notes: async (code) => structuredClone(notes.get(code) ?? []),
    putDraftPhoto: async (id, data) => void photos.set(`draft:${id}`, Buffer.from(data)),
    photo: async (code, id) => photos.get(`${code}/${id}`),
    countFailure: async (counter, windowSeconds = 3600) => count(counterKey(counter), windowSeconds),
    resetFailures: async (counter) => void counters.delete(counterKey(counter)),
    async failures(counter) {
      const c = counters.get(counterKey(counter));
      return c && c.expires > now() ? c.n : 0;
    },
    pushInbox: async (reporter, item) => void inboxes.set(reporter, [...(inboxes.get(reporter) ?? []), item]),
    peekInbox: async (reporter) => peekList(inboxes, reporter),
    hasInbox: async (reporter) => (inboxes.get(reporter)?.length ?? 0) > 0,
    async expireReport(code, _photoIds, seconds) {
      const r = reports.get(code);
      if (r) r.expiresAt = now() + seconds * 1000;
    },
    async backlog(at) {
      const open = [...reports.values()].filter((r) => (r.expiresAt === undefined || r.expiresAt > now()) && OPEN.includes(r.status));
      const byStatus = Object.fromEntries(OPEN.map((s) => [s, open.filter((r) => r.status === s).length]));
      const oldest = Math.min(...open.filter((r) => r.status === 'new').map((r) => r.createdMs));
      return { byStatus, oldestUnclaimedSeconds: Number.isFinite(oldest) ? Math.max(0, (at.getTime() - oldest) / 1000) : 0 };
    },
  };
}
