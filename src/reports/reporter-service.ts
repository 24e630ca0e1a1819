/**
 * The reporter's side: submit (with the daily limit and duplicate hints), photos, lookup with code +
 * key, adding information, replying to officers, and the inbox of waiting messages. Works only with
 * pseudonyms and sealed addresses; never with a platform id.
 */
import { randomBytes } from 'node:crypto';
import { localDate } from '../festival/calendar.js';
import type { EffectContext, InboxDelivery, Say } from '../core/flow.js';
import { fold } from '../core/normalize.js';
import { hashLookupKey, lookupKeyMatches, newLookupKey, newReportCode, reporterToken, reporterTokenMatches } from './codes.js';
import { cleanImage, downloadImage } from './photos.js';
import type { ReportEvents, ReportStore, StoredReport } from './ports.js';
import type { DraftReport, ReportAttachment, ThreadMessage } from './types.js';

export interface ReportOptions {
  dailyLimit: number;
  photoMaxBytes: number;
  photoTimeoutMs: number;
  photoHosts: readonly string[];
  /** Photo hosts whose links may be plain http (Zalo's CDN), tried over https first. */
  photoHttpHosts?: readonly string[];
  /** How long a closed report (with its photos) is kept. */
  retentionDays: number;
  timezone: string;
  /** Wrong keys for one code, from any session, after which its lookup locks for `lookupLockMs`. */
  lookupCodeMax: number;
  lookupLockMs: number;
}

export interface ReporterDeps {
  store: ReportStore;
  /** Key for lookup-key hashes (derived from APP_SECRET). */
  lookupSecret: Buffer;
  /** Key for per-report reporter tokens (derived from APP_SECRET). */
  tokenSecret: Buffer;
  options: ReportOptions;
  /** Called after a report is stored (alerts to officers and the statistics: code, category, KCN and time only). */
  onSubmitted?(report: Pick<StoredReport, 'code' | 'category' | 'kcn' | 'createdAt'>): Promise<void>;
  /** The statistics: the reporter's first answer after an officer's question. */
  record?: Pick<ReportEvents, 'answered'>;
  /** Called once when too many wrong keys locked a report's lookup (alerts to its officers). */
  onLookupLocked?(report: Pick<StoredReport, 'code' | 'category' | 'kcn'>): Promise<void>;
}

const LOOKUP_FAILURES_MAX = 10;
const DAY_MS = 86_400_000;
const DRAFT_PHOTO_TTL = 2 * 3600;

/** Word-set similarity of two texts, 0 to 1, on folded words. */
export function similarity(a: string, b: string): number {
  const wa = new Set(fold(a).split(' ').filter(Boolean));
  const wb = new Set(fold(b).split(' ').filter(Boolean));
  const inter = [...wa].filter((w) => wb.has(w)).length;
  const union = new Set([...wa, ...wb]).size;
  return union === 0 ? 0 : inter / union;
}

export type ReporterService = ReturnType<typeof createReporterService>;

/** The reporter's pseudonym of the report feature: the only key the report side knows a person by. */
const reporterOf = (ctx: EffectContext) => ctx.pseudonymFor('report');

/** An officer question waiting in a report's thread, at `index`, as the reporter will see it. */
interface WaitingQuestion {
  code: string;
  index: number;
  say: Say;
}

export function createReporterService(deps: ReporterDeps) {
  const { store, options } = deps;

  /** An earlier near-identical report of the same reporter within a day, in the same KCN (officers of other KCNs never learn of it). */
  async function duplicateOf(ctx: EffectContext, draft: DraftReport): Promise<string | undefined> {
    for (const code of await store.reporterCodesSince(reporterOf(ctx), ctx.now.getTime() - DAY_MS)) {
      const earlier = await store.get(code);
      if (earlier && earlier.kcn === draft.kcn && earlier.category === draft.category && similarity(earlier.description, draft.description ?? '') >= 0.8)
        return code;
    }
    return undefined;
  }

  function statusSay(r: StoredReport): Say {
    return { key: 'report:status_line', params: { code: r.code, status: { ref: `report:statuses.${r.status}` } } };
  }

  /** Officer questions of one report not yet delivered, as messages with their thread positions; marks nothing. */
  async function waitingQuestions(code: string): Promise<WaitingQuestion[]> {
    return (await store.thread(code)).flatMap((m, index) =>
      m.from === 'officer' && m.delivered === false ? [{ code, index, say: officerMessage(code, m.text) }] : [],
    );
  }

  /**
   * The officers' questions the reporter has not answered yet (those after the reporter's last message),
   * shown again by a lookup whether or not they were delivered: a question seen and left (the reply
   * window closed, another message came first) can still be answered. `delivered` marks which ones are.
   */
  async function unansweredQuestions(code: string): Promise<(WaitingQuestion & { delivered: boolean })[]> {
    const thread = await store.thread(code);
    const lastAnswer = thread.map((m) => m.from).lastIndexOf('reporter');
    return thread.flatMap((m, index) =>
      m.from === 'officer' && index > lastAnswer ? [{ code, index, say: officerMessage(code, m.text), delivered: m.delivered !== false }] : [],
    );
  }

  async function markDelivered(questions: readonly WaitingQuestion[]): Promise<void> {
    for (const q of questions) await store.markDelivered(q.code, q.index);
  }

  /**
   * Counts a wrong key for an existing report, whoever typed it: the `lookupCodeMax`-th within a lock
   * period locks the report's lookup for that period (fresh sessions or devices get nowhere) and tells
   * its officers, once.
   */
  async function countWrongKey(r: StoredReport, now: Date): Promise<void> {
    const counter = { code: r.code };
    const wrong = await store.countFailure(counter, Math.ceil(options.lookupLockMs / 1000));
    if (wrong !== options.lookupCodeMax) return;
    await store.update(r.code, { lookupLockedUntil: new Date(now.getTime() + options.lookupLockMs).toISOString() });
    await store.resetFailures(counter);
    await deps.onLookupLocked?.({ code: r.code, category: r.category, kcn: r.kcn });
  }

  return {
    async submit(draft: DraftReport, ctx: EffectContext) {
      if (!draft.category || !draft.kcn || !draft.description || !draft.when) throw new Error('incomplete draft');
      const reporter = reporterOf(ctx);
      const day = localDate(ctx.now, options.timezone);
      const today = `${day.year}-${day.month}-${day.day}`;
      const key = newLookupKey();
      const photos: ReportAttachment[] = draft.photos.map((id) => ({ id, contentType: 'image/jpeg', bytes: 0 }));
      for (let attempt = 0; attempt < 5; attempt++) {
        const code = newReportCode();
        const result = await store.submit(
          {
            code,
            category: draft.category,
            kcn: draft.kcn,
            createdAt: ctx.now.toISOString(),
            reporterToken: reporterToken(deps.tokenSecret, code, reporter),
            address: ctx.sealedAddress,
            lookup: hashLookupKey(deps.lookupSecret, code, key),
            description: draft.description,
            when: draft.when,
            place: draft.place,
            contact: draft.contact,
            photos,
            likelyDuplicateOf: await duplicateOf(ctx, draft),
          },
          { reporter, day: today, dailyLimit: options.dailyLimit, draftPhotos: draft.photos, photoTtlSeconds: 400 * 86400 },
        );
        if (result === 'limit') return { say: [{ key: 'report:limit_reached', params: { limit: options.dailyLimit } }], next: null };
        if (result === 'ok') {
          await deps.onSubmitted?.({ code, category: draft.category, kcn: draft.kcn, createdAt: ctx.now.toISOString() });
          const copy = (label: string, value: string) => ({ key: label, payload: value, kind: 'copy' as const });
          // The web chat shows copy buttons for both (its page asks to save them now); other channels drop them.
          return {
            say: [{ key: 'report:submitted', params: { code, key }, buttons: [copy('report:copy_code', code), copy('report:copy_key', key)] }],
            next: null,
          };
        }
      }
      throw new Error('could not allocate a report code');
    },

    /** Downloads, cleans and keeps photos for the draft; the flow stays on the photos step. */
    async photos(urls: string[], draft: DraftReport, max: number) {
      const ids = [...draft.photos];
      const say: Say[] = [];
      for (const url of urls) {
        if (ids.length >= max) break;
        try {
          const clean = await cleanImage(
            await downloadImage(url, {
              maxBytes: options.photoMaxBytes,
              timeoutMs: options.photoTimeoutMs,
              hosts: options.photoHosts,
              httpHosts: options.photoHttpHosts,
            }),
          );
          const id = randomBytes(9).toString('base64url');
          await store.putDraftPhoto(id, clean.data, DRAFT_PHOTO_TTL);
          ids.push(id);
          say.push({ key: 'report:photo_saved', params: { count: ids.length, max } });
        } catch {
          say.push({ key: 'report:photo_failed' });
        }
      }
      const last = say.at(-1);
      if (last) last.buttons = [{ key: 'report:photos_done', payload: '#report:photos_done' }];
      return { say, next: { step: 'photos', data: { ...draft, photos: ids } } };
    },

    async lookup(code: string, key: string, ctx: EffectContext) {
      const failures = { reporter: reporterOf(ctx) };
      if ((await store.failures(failures)) >= LOOKUP_FAILURES_MAX) return { say: [{ key: 'report:lookup_locked' }], next: null };
      const r = await store.get(code);
      // While locked, no key is checked: a right guess could not be told from a wrong one.
      if (r && lookupLocked(r, ctx.now)) {
        const minutes = Math.max(1, Math.ceil((Date.parse(r.lookupLockedUntil!) - ctx.now.getTime()) / 60_000));
        return { say: [{ key: 'report:lookup_code_locked', params: { minutes } }], next: null };
      }
      if (!r || !lookupKeyMatches(deps.lookupSecret, code, key, r.lookup)) {
        await store.countFailure(failures);
        if (r) await countWrongKey(r, ctx.now);
        return { say: [{ key: 'report:lookup_failed' }], next: null };
      }
      // Questions still waiting in this user's inbox were shown by it at the start of this turn.
      const inInbox = (await store.peekInbox(reporterOf(ctx))).items.some((i) => i.kind === 'question' && i.code === code);
      const questions = inInbox ? [] : await unansweredQuestions(code);
      const say: Say[] = [statusSay(r), ...questions.map((q) => q.say)];
      const afterSave = () => markDelivered(questions.filter((q) => !q.delivered));
      if (r.status === 'resolved' || r.status === 'rejected') return { say, next: null, afterSave };
      say.push({ key: 'report:add_info_prompt', buttons: [{ key: 'report:add_info', payload: '#lookup:add' }] });
      return { say, next: { step: 'found', data: { code } }, afterSave };
    },

    async addInfo(code: string, text: string, ctx: EffectContext) {
      const r = await store.get(code);
      if (!r || r.status === 'resolved' || r.status === 'rejected') return { say: [{ key: 'report:thread_closed' }], next: null };
      const answers = deps.record && firstAnswer(await store.thread(code));
      await store.appendThread(code, { from: 'reporter', text, at: ctx.now.toISOString() });
      // `answeredAt` is what the officers' live queue compares with when each of them last opened the report.
      await store.update(code, { updatedAt: ctx.now.toISOString(), answeredAt: ctx.now.toISOString() });
      if (answers) await deps.record?.answered(r);
      return { say: [{ key: 'report:info_added' }], next: null };
    },

    /** The reporter answers an officer; only the report's own reporter (checked against the report's token) may. */
    async reply(code: string, text: string, ctx: EffectContext) {
      const r = await store.get(code);
      if (!r || !reporterTokenMatches(deps.tokenSecret, code, reporterOf(ctx), r.reporterToken)) return { say: [{ key: 'report:lookup_failed' }], next: null };
      return this.addInfo(code, text, ctx).then((o) => (o.say[0]?.key === 'report:info_added' ? { say: [{ key: 'report:reply_sent' }], next: null } : o));
    },

    /**
     * Messages waiting for this reporter (by report pseudonym), for the engine's inbox hook. Reads only: `ack` (after the turn is
     * saved) marks the officer questions shown as delivered and drops the inbox items read.
     */
    async inbox(reporter: string): Promise<InboxDelivery | undefined> {
      const { items, drop } = await store.peekInbox(reporter);
      if (items.length === 0) return undefined;
      const say: Say[] = [];
      const shown: WaitingQuestion[] = [];
      const read = new Set<string>();
      let awaiting: string | undefined;
      for (const item of items) {
        if (item.kind === 'closed') say.push(closedNotice(item.code, item.status));
        else {
          // A report's questions are read once, however many of its items wait (nothing is marked yet).
          if (item.kind === 'question' && !read.has(item.code)) {
            read.add(item.code);
            const questions = await waitingQuestions(item.code);
            shown.push(...questions);
            say.push(...questions.map((q) => q.say));
          }
          awaiting = item.code;
        }
      }
      return {
        say,
        flow: awaiting ? { id: 'reply', step: 'answer', data: { code: awaiting, waiting: true } } : undefined,
        // Marked first: should the drop fail, the questions are not shown twice (only the flow is entered again).
        ack: async () => {
          await markDelivered(shown);
          await drop();
        },
      };
    },
  };
}

/** True when a reporter's message added to this thread is their first after an officer's question. */
function firstAnswer(thread: readonly Pick<ThreadMessage, 'from'>[]): boolean {
  const question = thread.findIndex((m) => m.from === 'officer');
  return question >= 0 && !thread.slice(question + 1).some((m) => m.from === 'reporter');
}

/** True while too many wrong keys keep the report's lookup locked. */
export function lookupLocked(r: Pick<StoredReport, 'lookupLockedUntil'>, now: Date): boolean {
  return r.lookupLockedUntil !== undefined && Date.parse(r.lookupLockedUntil) > now.getTime();
}

/** An officer's question as the reporter sees it, with a reply button. */
export function officerMessage(code: string, text: string): Say {
  return { key: 'report:officer_message', params: { code, text }, buttons: [{ key: 'report:reply', payload: `#reply:${code}` }] };
}

/** The notice that a report was closed. */
export function closedNotice(code: string, status: string): Say {
  return { key: 'report:closed_notice', params: { code, status: { ref: `report:statuses.${status}` } } };
}
