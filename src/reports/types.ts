/**
 * The anonymous report (tố giác) domain as the officers' side sees it. Nothing here ever carries the
 * reporter's platform id, display name or pseudonym: officers see the report, never who sent it.
 */

export const REPORT_STATUSES = ['new', 'claimed', 'need_info', 'resolved', 'rejected'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * Statuses an officer may set through the API. `claimed` ("in progress") only takes a report back from
 * `need_info`, when the officer stops waiting for the reporter.
 */
export const SETTABLE_STATUSES = ['claimed', 'need_info', 'resolved', 'rejected'] as const;

/** The KCN id of reports whose park the reporter did not know: they go to the supervisors' queue. */
export const OTHER_KCN = 'other';

/** One line of the queue. */
export interface ReportSummary {
  code: string;
  status: ReportStatus;
  category: string;
  kcn: string;
  createdAt: string;
  claimedBy?: string;
  /** Unclaimed past the escalation time. */
  overdue?: boolean;
  /** Too many wrong secret keys were typed for this code: lookups are refused for a while. */
  lookupLocked?: boolean;
  /** Code of an earlier near-identical report of the same KCN from the same (pseudonymous) sender within a day. */
  likelyDuplicateOf?: string;
  /** When the reporter last wrote in the thread (an answer or added information); exact, for comparisons: views round it. */
  lastAnswerAt?: string;
}

/** A message of a report's thread as stored. */
export interface ThreadMessage {
  from: 'officer' | 'reporter';
  text: string;
  at: string;
  /** For officer messages: false while it waits for the reporter (stored for the inbox; never shown to officers). */
  delivered?: boolean;
}

/**
 * A thread message as officers see it: who, what, when. Whether a question has reached the reporter
 * yet is left out, because it would tell the reporter's channel (the web chat waits, Zalo does not).
 */
export type OfficerMessage = Omit<ThreadMessage, 'delivered'>;

export interface InternalNote {
  by: string;
  text: string;
  at: string;
}

export interface ReportAttachment {
  id: string;
  contentType: string;
  bytes: number;
}

/** A report in full, for an officer allowed to see its KCN. */
export interface ReportDetail extends ReportSummary {
  description: string;
  when: string;
  place?: string;
  /** Only when the reporter chose to give contact details. */
  contact?: string;
  attachments: ReportAttachment[];
  messages: OfficerMessage[];
  notes: InternalNote[];
  /** False once the reporter's address was deleted (retention): the thread is read-only. */
  canMessageReporter: boolean;
}

export type ReportError = 'not_found' | 'already_claimed' | 'not_claimed_by_you' | 'closed' | 'invalid_status' | 'thread_closed' | 'link_not_allowed';

export type ReportResult<T = undefined> = { ok: true; value: T } | { ok: false; error: ReportError };

/** `override`: a supervisor may act on a report another officer claimed. */
export interface ActOptions {
  override?: boolean;
}

/** What the officers' side may do with reports. Authorisation by KCN happens before these calls. */
/** What `ReportService.list` narrows by; every field is optional. */
export interface ReportFilter {
  status?: ReportStatus;
  kcns?: readonly string[];
  category?: string;
  /**
   * Words that must all appear, case and accents ignored, in the report's code, description, time,
   * place, thread or internal notes.
   */
  text?: string;
}

export interface ReportService {
  /** The reports matching `filter`, newest first. */
  list(filter: ReportFilter): Promise<ReportSummary[]>;
  get(code: string): Promise<ReportDetail | undefined>;
  claim(code: string, officer: string): Promise<ReportResult>;
  /**
   * Relays a question to the reporter: sent now where the channel allows, else kept for their next
   * visit. The answer is `queued` either way, so it tells nothing about the reporter's channel. A
   * question with a link is refused (`link_not_allowed`): tapping it would show the reporter's IP address.
   */
  ask(code: string, officer: string, text: string, opts?: ActOptions): Promise<ReportResult<{ queued: true }>>;
  note(code: string, officer: string, text: string): Promise<ReportResult>;
  setStatus(code: string, officer: string, status: ReportStatus, note?: string, opts?: ActOptions): Promise<ReportResult>;
  photo(code: string, attachmentId: string): Promise<{ contentType: string; data: Buffer } | undefined>;
}

/** The report being written; kept in the user's session (by the report flow) until it is sent. */
export interface DraftReport {
  category?: string;
  kcn?: string;
  place?: string;
  when?: string;
  description?: string;
  /** Ids of photos already downloaded and cleaned by the photo effect. */
  photos: string[];
  contact?: string;
  /** True while changing one field from the summary: the flow returns to the summary after it. */
  editing?: boolean;
}
