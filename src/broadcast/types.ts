/** The broadcast domain's values: what is sent, to whom, and how it went. */
import type { Topic } from '../festival/faq-broadcasts.js';
import type { Say } from '../core/flow.js';

/** A broadcast as stored when it starts: the message is fixed then, rendered per user language. */
export interface BroadcastDef {
  id: string;
  topic: Topic;
  /** The message as an i18n key with its parameters (rendered in each subscriber's language). */
  say: Say;
  /** Scheduled time of a campaign, or the start time (ISO). */
  at: string;
  source: 'schedule' | 'supervisor' | 'cli';
  /** The staff member who started it, for supervisor broadcasts. */
  by?: string;
}

/** How one delivery ended. */
export type Outcome = 'sent' | 'window' | 'failed' | 'gone';

/** Progress and delivery report of one broadcast. */
export interface BroadcastReport {
  id: string;
  topic: Topic;
  status: 'starting' | 'sending' | 'done';
  startedAt: string;
  finishedAt?: string;
  /** Subscribers of the topic found when the broadcast started. */
  targeted: number;
  /** Subscribers the platform rules allowed to reach: targeted minus skipped by window and unsubscribed. */
  eligible: number;
  sent: number;
  /** Outside the platform window (Messenger 24 h, Zalo 7 days): not sent, by the platform's rules. */
  skippedWindow: number;
  /** Unsubscribed between the start and their turn. */
  unsubscribed: number;
  failed: number;
  /** Deliveries not settled yet. */
  pending: number;
  /** Sends retried after a worker died during the send: at most one extra copy each (see deliver.ts). */
  uncertain: number;
}

/** A delivery job: one subscriber of one broadcast. */
export interface DeliveryJob {
  b: string;
  u: string;
}

/** A started broadcast's report, or why the start was refused. */
export type StartResult = { ok: true; report: BroadcastReport } | { ok: false; error: 'unknown_campaign' | 'already_started'; report?: BroadcastReport };
