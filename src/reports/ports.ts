/**
 * The storage the report domain needs. The Redis store (`src/store`, `redis/reports.ts`) implements it (atomic scripts keep a
 * report, its KCN queue, its indexes and the backlog counters in step), the memory store (`memory/reports.ts`) in
 * memory; test/contract/report-store.test.ts holds both to the same behaviour. Free-text fields are
 * sealed (AES-256-GCM) by the implementation; the methods take and give them open.
 */
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
  /** When an officer first took the report (ISO); kept when a claim goes back to the queue. */
  claimedAt?: string;
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
  /** When the reporter last wrote in the thread (ISO). */
  answeredAt?: string;
}

export type NewReport = Omit<
  StoredReport,
  'status' | 'updatedAt' | 'claimedBy' | 'claimedAt' | 'closedAt' | 'escalatedAt' | 'lookupLockedUntil' | 'answeredAt'
>;

/** A waiting item in a reporter's inbox. */
export type InboxItem =
  | { kind: 'question'; code: string; index: number }
  | { kind: 'closed'; code: string; status: ReportStatus }
  | { kind: 'await'; code: string };

/** A counter of wrong lookup keys: typed by one reporter (any code), or for one report code (any reporter). */
export type FailureCounter = { reporter: string } | { code: string };

/** The open reports at one moment. */
export interface ReportBacklog {
  /** Reports per open status (every open status present, zero included). */
  byStatus: Record<string, number>;
  /** Age in seconds of the oldest `new` report; 0 when none waits. */
  oldestUnclaimedSeconds: number;
}

export interface ReportStore {
  /**
   * Stores and queues a report atomically; draft photos move to it. `reporter`: the reporter's report
   * pseudonym, for the one-day index of their codes (daily limit, duplicate hints); `day`: the local
   * day the daily limit counts in. `limit` over the daily limit; `exists` when the code is taken.
   */
  submit(
    report: NewReport,
    opts: { reporter: string; day: string; dailyLimit: number; draftPhotos: string[]; photoTtlSeconds: number },
  ): Promise<'ok' | 'limit' | 'exists'>;
  get(code: string): Promise<StoredReport | undefined>;
  /** Every report code, newest first. */
  codes(): Promise<string[]>;
  /** The reporter's codes created since `sinceMs` (within the last day). */
  reporterCodesSince(reporter: string, sinceMs: number): Promise<string[]>;
  update(code: string, fields: Record<string, string>): Promise<void>;
  forget(code: string, fields: string[]): Promise<void>;
  /** Claims for `officer`: 2 ok and the report's first claim (`claimedAt` set), 1 ok (or already theirs), 0 missing, -1 someone else's, -2 closed. */
  claim(code: string, kcn: string, officer: string, now: string): Promise<number>;
  /** Closes with `status`: 1 ok, 0 missing, -2 closed already, -3 claimed by another officer (unless `override`). */
  close(code: string, kcn: string, status: ReportStatus, now: string, officer: string, override: boolean): Promise<number>;
  /** Marks that an officer waits for the reporter: 1 ok, 0 missing, -2 closed. */
  needInfo(code: string, now: string): Promise<number>;
  /**
   * Takes a `need_info` report back to `claimed` (the officer stops waiting), its claim refreshed:
   * 1 ok, 0 missing, -2 closed, -3 claimed by another officer (unless `override`), -4 not waiting for information.
   */
  resume(code: string, kcn: string, officer: string, now: string, override: boolean): Promise<number>;
  /** Drops a purged report's code from the index. */
  unindex(code: string): Promise<void>;
  /** Returns claims of one KCN idle for more than `idleMs` to the queue; the codes that went back. */
  releaseIdle(kcn: string, idleMs: number, now: string): Promise<string[]>;
  /** Appends to the report's thread; returns the message's index. */
  appendThread(code: string, m: ThreadMessage): Promise<number>;
  thread(code: string): Promise<ThreadMessage[]>;
  markDelivered(code: string, index: number): Promise<void>;
  addNote(code: string, note: InternalNote): Promise<void>;
  notes(code: string): Promise<InternalNote[]>;
  putDraftPhoto(id: string, data: Buffer, ttlSeconds: number): Promise<void>;
  photo(code: string, id: string): Promise<Buffer | undefined>;
  /** Counts a wrong lookup key in a window (one hour unless told); returns the count. */
  countFailure(counter: FailureCounter, windowSeconds?: number): Promise<number>;
  resetFailures(counter: FailureCounter): Promise<void>;
  failures(counter: FailureCounter): Promise<number>;
  /** Adds an item to a reporter's inbox, which lives 30 days after its last item. */
  pushInbox(reporter: string, item: InboxItem): Promise<void>;
  /** Reads a reporter's inbox and leaves it; `drop` removes exactly the items read (items pushed since stay). */
  peekInbox(reporter: string): Promise<{ items: InboxItem[]; drop(): Promise<void> }>;
  /** True when something waits in the reporter's inbox. */
  hasInbox(reporter: string): Promise<boolean>;
  /** Lets everything a closed report keeps expire after `seconds`, so it is purged after the retention time. */
  expireReport(code: string, photoIds: string[], seconds: number): Promise<void>;
  /** The open reports per status and the age of the oldest unclaimed one, at `now`. */
  backlog(now: Date): Promise<ReportBacklog>;
}

/** A report as the statistics see it: where, what, when received (never its text or its reporter). */
export type ReportFacts = Pick<StoredReport, 'kcn' | 'category' | 'createdAt'>;

/**
 * What the report domain tells the statistics, each once per thing that happened (the composition root
 * wires the statistics' recorder here). The calls never fail the action they count.
 */
export interface ReportEvents {
  received(r: ReportFacts): Promise<void>;
  /** The report's first claim, at `at` (ISO). */
  claimed(r: ReportFacts, at: string): Promise<void>;
  closed(r: ReportFacts, status: string, at: string): Promise<void>;
  /** Officers asked the reporter their first question. */
  asked(r: ReportFacts): Promise<void>;
  /** The reporter answered for the first time after a question. */
  answered(r: ReportFacts): Promise<void>;
  /** Flagged to supervisors for waiting unclaimed too long. */
  escalated(r: ReportFacts): Promise<void>;
}
