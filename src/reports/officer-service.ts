/**
 * The officers' side of reports (implements ReportService): list, read, claim, ask the reporter,
 * notes, status changes and photos. Responses are built field by field, so the reporter's
 * pseudonym and address can never leak into them.
 */
import type { Say } from '../core/flow.js';
import { fold } from '../core/normalize.js';
import type { ReportEvents, ReportStore, StoredReport } from './ports.js';
import { closedNotice, lookupLocked, officerMessage } from './reporter-service.js';
import { containsLink } from './links.js';
import {
  SETTABLE_STATUSES,
  type ActOptions,
  type ReportDetail,
  type ReportResult,
  type ReportService,
  type ReportStatus,
  type ReportSummary,
} from './types.js';

export interface OfficerDeps {
  store: ReportStore;
  clock(): Date;
  /** Tries to deliver to a sealed address now; false when the platform's window is closed or the channel cannot push. */
  relay(sealedAddress: string, say: Say[], opts: { human: boolean }): Promise<boolean>;
  /** The reporter's report pseudonym behind a sealed address: the inbox their next turn reads. */
  reporterInbox(sealedAddress: string): string;
  /** How long a report may wait unclaimed before it is flagged (ms). */
  escalateMs: number;
  /** How long a closed report is kept (days). */
  retentionDays: number;
  /** The statistics: first claims, first questions, closes. */
  record?: Pick<ReportEvents, 'claimed' | 'asked' | 'closed'>;
}

const ok = <T>(value: T): ReportResult<T> => ({ ok: true, value });
const fail = (error: Extract<ReportResult, { ok: false }>['error']): ReportResult<never> => ({ ok: false, error });
const isClosed = (s: ReportStatus) => s === 'resolved' || s === 'rejected';

export function createOfficerService(deps: OfficerDeps): ReportService {
  const { store } = deps;
  const now = () => deps.clock().toISOString();

  function summary(r: StoredReport): ReportSummary {
    const s: ReportSummary = { code: r.code, status: r.status, category: r.category, kcn: r.kcn, createdAt: r.createdAt };
    if (r.claimedBy) s.claimedBy = r.claimedBy;
    if (r.status === 'new' && deps.clock().getTime() - Date.parse(r.createdAt) > deps.escalateMs) s.overdue = true;
    if (lookupLocked(r, deps.clock())) s.lookupLocked = true;
    if (r.likelyDuplicateOf) s.likelyDuplicateOf = r.likelyDuplicateOf;
    if (r.answeredAt) s.lastAnswerAt = r.answeredAt;
    return s;
  }

  /** Claims for `officer`; the report's first claim is counted. Same codes as the store's claim. */
  async function claimFor(r: StoredReport, officer: string): Promise<number> {
    const at = now();
    const res = await store.claim(r.code, r.kcn, officer, at);
    if (res === 2) await deps.record?.claimed(r, at);
    return res;
  }

  /** True when every folded word appears in the report's own text, else in its thread or notes (read only then). */
  async function hasWords(r: StoredReport, words: readonly string[]): Promise<boolean> {
    const own = fold([r.code, r.description, r.when, r.place ?? ''].join(' '));
    if (words.every((w) => own.includes(w))) return true;
    const [thread, notes] = await Promise.all([store.thread(r.code), store.notes(r.code)]);
    const all = `${own} ${fold([...thread, ...notes].map((m) => m.text).join(' '))}`;
    return words.every((w) => all.includes(w));
  }

  /** Tells the reporter (now, or when they next write) that the report was closed. */
  async function notifyClosed(r: StoredReport, status: ReportStatus): Promise<void> {
    if (!r.address) return;
    const delivered = await deps.relay(r.address, [closedNotice(r.code, status)], { human: false });
    if (!delivered) await store.pushInbox(deps.reporterInbox(r.address), { kind: 'closed', code: r.code, status });
  }

  /** need_info → claimed: the officer stops waiting for the reporter; the note is kept only when the change is made. */
  async function resume(r: StoredReport, officer: string, note: string | undefined, opts: ActOptions | undefined): Promise<ReportResult> {
    const res = await store.resume(r.code, r.kcn, officer, now(), opts?.override === true);
    if (res === -3) return fail('not_claimed_by_you');
    if (res === -4) return fail('invalid_status');
    if (res !== 1) return fail(res === 0 ? 'not_found' : 'closed');
    if (note) await store.addNote(r.code, { by: officer, text: note, at: now() });
    return ok(undefined);
  }

  return {
    async list(filter) {
      const out: ReportSummary[] = [];
      const words = filter.text ? fold(filter.text).split(' ').filter(Boolean) : [];
      for (const code of await store.codes()) {
        const r = await store.get(code);
        if (!r) continue;
        if (filter.status && r.status !== filter.status) continue;
        if (filter.kcns && !filter.kcns.includes(r.kcn)) continue;
        if (filter.category && r.category !== filter.category) continue;
        if (words.length && !(await hasWords(r, words))) continue;
        out.push(summary(r));
      }
      return out;
    },

    async get(code) {
      const r = await store.get(code);
      if (!r) return undefined;
      const detail: ReportDetail = {
        ...summary(r),
        description: r.description,
        when: r.when,
        attachments: r.photos,
        messages: (await store.thread(code)).map(({ from, text, at }) => ({ from, text, at })),
        notes: await store.notes(code),
        canMessageReporter: Boolean(r.address) && !isClosed(r.status),
      };
      if (r.place) detail.place = r.place;
      if (r.contact) detail.contact = r.contact;
      return detail;
    },

    async claim(code, officer) {
      const r = await store.get(code);
      if (!r) return fail('not_found');
      const res = await claimFor(r, officer);
      if (res === -1) return fail('already_claimed');
      if (res === -2) return fail('closed');
      return res >= 1 ? ok(undefined) : fail('not_found');
    },

    async ask(code, officer, text, opts) {
      if (containsLink(text)) return fail('link_not_allowed');
      const r = await store.get(code);
      if (!r) return fail('not_found');
      if (isClosed(r.status)) return fail('closed');
      if (!r.address) return fail('thread_closed');
      if (r.claimedBy && r.claimedBy !== officer && !opts?.override) return fail('not_claimed_by_you');
      await claimFor(r, officer);
      const first = deps.record && !(await store.thread(code)).some((m) => m.from === 'officer');
      const delivered = await deps.relay(r.address, [officerMessage(code, text)], { human: true });
      const index = await store.appendThread(code, { from: 'officer', text, at: now(), delivered });
      await store.needInfo(code, now());
      await store.pushInbox(deps.reporterInbox(r.address), delivered ? { kind: 'await', code } : { kind: 'question', code, index });
      if (first) await deps.record?.asked(r);
      return ok({ queued: true as const });
    },

    async note(code, officer, text) {
      const r = await store.get(code);
      if (!r) return fail('not_found');
      await store.addNote(code, { by: officer, text, at: now() });
      return ok(undefined);
    },

    async setStatus(code, officer, status, note, opts) {
      if (!(SETTABLE_STATUSES as readonly string[]).includes(status)) return fail('invalid_status');
      const r = await store.get(code);
      if (!r) return fail('not_found');
      if (isClosed(r.status)) return fail('closed');
      if (r.claimedBy && r.claimedBy !== officer && !opts?.override) return fail('not_claimed_by_you');
      if (status === 'claimed') return resume(r, officer, note, opts);
      if (note) await store.addNote(code, { by: officer, text: note, at: now() });
      if (status === 'need_info') {
        await claimFor(r, officer);
        return (await store.needInfo(code, now())) === 1 ? ok(undefined) : fail('closed');
      }
      const at = now();
      const closed = await store.close(code, r.kcn, status, at, officer, opts?.override === true);
      if (closed === -3) return fail('not_claimed_by_you');
      if (closed !== 1) return fail('closed');
      await deps.record?.closed(r, status, at);
      await store.expireReport(
        code,
        r.photos.map((p) => p.id),
        deps.retentionDays * 86400,
      );
      await notifyClosed(r, status);
      return ok(undefined);
    },

    async photo(code, attachmentId) {
      const r = await store.get(code);
      if (!r?.photos.some((p) => p.id === attachmentId)) return undefined;
      const data = await store.photo(code, attachmentId);
      return data ? { contentType: 'image/jpeg', data } : undefined;
    },
  };
}
