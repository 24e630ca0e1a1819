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
  /** Parks (KCN ids) it is meant for: only subscribers who said one of them get it. Absent: every subscriber of the topic. */
  parks?: string[];
  /** A supervisor's message as written: Vietnamese, and English when given (else English readers get the Vietnamese). */
  text?: { vi: string; en?: string };
}

/** How one delivery ended. */
export type Outcome = 'sent' | 'window' | 'failed' | 'gone';

/** Progress and delivery report of one broadcast. */
export interface BroadcastReport {
  id: string;
  topic: Topic;
  /** `scheduled`: waits for `scheduledFor`; `cancelled`: a scheduled one stopped before it started (nothing was sent). */
  status: 'scheduled' | 'starting' | 'sending' | 'done' | 'cancelled';
  /** When it started; empty while scheduled or once cancelled before its time. */
  startedAt: string;
  finishedAt?: string;
  /** For a scheduled broadcast: when it starts (ISO). */
  scheduledFor?: string;
  cancelledAt?: string;
  source: BroadcastDef['source'];
  by?: string;
  parks?: string[];
  text?: { vi: string; en?: string };
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

/**
 * A started (or scheduled) broadcast's report, or why the start was refused (`bad_time`: a schedule not in the
 * future, or too far ahead).
 */
export type StartResult =
  | { ok: true; report: BroadcastReport }
  | { ok: false; error: 'unknown_campaign' | 'already_started' | 'bad_time'; report?: BroadcastReport };

/** A cancelled broadcast's report, or why it could not be cancelled (it started, or was cancelled, already). */
export type CancelResult =
  | { ok: true; report: BroadcastReport }
  | { ok: false; error: 'not_found' | 'already_started' | 'already_cancelled'; report?: BroadcastReport };

/** A message being written, as a supervisor composes it. */
export interface MessageInput {
  topic: Topic;
  /** English is optional: without it, subscribers who chose English get the Vietnamese. */
  text: { vi: string; en?: string };
  /** Parks it is meant for (none: every subscriber of the topic). */
  parks?: readonly string[];
  /** When to start (absent: now). */
  at?: Date;
}

/** Subscribers of a topic (and parks) on one channel, and how many its window rules would let a message reach now. */
export interface ChannelAudience {
  subscribers: number;
  reachable: number;
}
