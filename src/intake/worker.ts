/**
 * What an intake worker does with a batch of stored events: opens each, runs its user's events in
 * order (up to `concurrency` users at once), applies the per-user limit, sends the replies, then
 * finishes the entry. See intake.ts for the whole event flow.
 */
import { createHmac } from 'node:crypto';
import { AppError } from '../core/errors.js';
import type { InboundMessage, OutboundMessage } from '../core/message.js';
import { pseudonymize, unseal } from '../lib/crypto.js';
import type { ChannelSender, SessionStore, TurnHandler } from '../core/ports.js';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';
import type { IntakeEntry, IntakeLimit, IntakeQueue } from './ports.js';

/** Webhook requests in progress from which this process counts as busy acknowledging (a burst, not a steady flow). */
export const BUSY_WEBHOOKS = 16;
/** Turns at once while busy: replies keep flowing during a burst, acknowledgements come first. */
export const BUSY_CONCURRENCY = 2;

/** What processing stored events needs (intake.ts adds its tuning). */
export interface ProcessingDeps {
  queue: IntakeQueue;
  encryption: Buffer;
  /** The pseudonym key: a user's key (where their turn's replies are saved) and the HMAC of held lists. */
  pseudonym: Buffer;
  /** Where turns save their replies (the engine's session store): forgotten once the event is done. */
  sessions: Pick<SessionStore, 'forgetTurn' | 'hasTurn'>;
  /** Runs a turn (no rate limit: `limit` applies it here). */
  handle: TurnHandler;
  /** The per-user rate limit; without it every event runs. */
  limit?: IntakeLimit;
  /** The sender of each channel, as the composition root collected them from the channels. */
  senders: Partial<Record<string, ChannelSender>>;
  logger: Logger;
  metrics: Metrics;
}

export interface WorkerDeps extends ProcessingDeps {
  /** This worker's consumer name. */
  consumer: string;
  staleMs: number;
  concurrency: number;
  /** True while this process is busy acknowledging webhooks (see BUSY_WEBHOOKS). */
  busy(): boolean;
  /** True once the worker is stopping. */
  stopped(): boolean;
}

/** A stored event: its id, its sealed event, and the event when it could be opened. */
interface Entry extends IntakeEntry {
  msg?: InboundMessage;
}

/** The user's member in the held lists: an HMAC, since a Zalo id or a PSID must not appear in a key. */
const heldMember = (pseudonym: Buffer, msg: InboundMessage) =>
  createHmac('sha256', pseudonym).update(`held:${msg.channel}:${msg.userId}`).digest('base64url').slice(0, 32);

/**
 * The worker's side of the events read: `add` hands them over and returns at once; turns start as slots
 * free up, so the next read overlaps the end of the events before it (the drain never waits for a whole
 * batch's slowest turn).
 */
export interface IntakeWorker {
  /** Takes events read from the queue: one user's run in the order given, after that user's events added before. */
  add(entries: IntakeEntry[]): void;
  /** Resolves when fewer than `most()` events read are waiting or running (`most` is read again at every change). */
  room(most: () => number): Promise<void>;
  /** Resolves when every event added is done (or failed and left pending). */
  drained(): Promise<void>;
}

export function createIntakeWorker(deps: WorkerDeps): IntakeWorker {
  const userKey = (msg: InboundMessage) => pseudonymize(deps.pseudonym, msg.channel, msg.userId);

  /**
   * Sends a turn's replies. When the platform could not be reached and nothing was sent, it throws: the
   * event stays pending, and its re-run sends the replies the turn saved (a report's code and secret key
   * are not lost to a network fault). Refusals (window closed, blocked user) and partial sends end here.
   */
  async function deliver(msg: InboundMessage, sender: ChannelSender, replies: OutboundMessage[]): Promise<void> {
    if (replies.length === 0) return;
    // The user has just written: the platform's window is open from that message, no need to look it up.
    const result = await sender.send(msg.userId, replies, { repliesTo: msg.at });
    if (result.sent > 0) deps.metrics.replies.inc({ channel: msg.channel }, result.sent);
    if (result.ok) return;
    deps.metrics.errors.inc({ where: `send_${result.reason}` });
    if (result.retryable && result.sent === 0)
      throw new AppError('CHANNEL_API', `${msg.channel} unavailable (${result.code ?? 'no code'}); the replies are sent again later`);
    deps.logger.warn({ channel: msg.channel, reason: result.reason, code: result.code }, 'reply not delivered');
  }

  function open(entry: IntakeEntry): Entry {
    try {
      const raw = JSON.parse(unseal(deps.encryption, entry.sealed)) as InboundMessage & { at: string };
      return { ...entry, msg: { ...raw, at: new Date(raw.at) } };
    } catch {
      return entry;
    }
  }

  /**
   * The per-user limit on a stored event. True when the event was dealt with without a turn: kept in
   * the user's held list (behind the ones held already, or as the first over the limit, with a "kept"
   * reply), or, past `maxHeld`, shown back to the user to send again. A re-run of a turn that ran
   * already is never held: it sends the replies it saved (a report's secret key, say).
   */
  async function overLimit(entry: Entry & { msg: InboundMessage }, sender: ChannelSender): Promise<boolean> {
    const { id, msg } = entry;
    if (!deps.limit || msg.event === 'poll') return false;
    const member = heldMember(deps.pseudonym, msg);
    const waiting = await deps.queue.held(member);
    // Behind held events an event is not counted (it would spend the next minute before them): it queues.
    const refused = waiting > 0 ? { retryAfterSeconds: deps.limit.secondsLeft(), firstRefused: false } : await deps.limit.check(msg);
    if (!refused) return false;
    // Looked up only for an event about to be held (a held event comes back under a new id, so a turn that
    // ran would run again). Any event may have run: a takeover, or one read as new after a cluster failover
    // rolled back its group. A re-run counted against the limit once more costs nothing.
    if (await deps.sessions.hasTurn(userKey(msg), id)) return false;
    if (waiting >= deps.limit.maxHeld) {
      await deliver(msg, sender, await deps.limit.reply(msg, 'resend', refused.retryAfterSeconds));
      await deps.queue.finish(id);
      return true;
    }
    if (refused.firstRefused) await deliver(msg, sender, await deps.limit.reply(msg, 'kept', refused.retryAfterSeconds));
    await deps.queue.hold(id, entry.sealed, member, Date.now() + refused.retryAfterSeconds * 1000);
    return true;
  }

  /**
   * One stored event: its turn (which saves its replies with its state, or, when it ran already, returns
   * the replies it saved), sent, then the entry acknowledged and deleted in one step, then the saved
   * replies forgotten. Over the user's limit it is kept for later instead (see `overLimit`). False when
   * it failed (it stays pending).
   */
  async function processEntry(entry: Entry): Promise<boolean> {
    const { id, msg } = entry;
    try {
      let forget: (() => Promise<void>) | undefined;
      if (msg) {
        const sender = deps.senders[msg.channel];
        if (!sender) throw new Error(`no sender for channel ${msg.channel}`);
        if (await overLimit({ ...entry, msg }, sender)) return true;
        await deliver(msg, sender, await deps.handle(msg, { turnId: id }));
        forget = () => deps.sessions.forgetTurn(userKey(msg), id);
      } else deps.logger.error({ id }, 'unreadable stored event dropped');
      await deps.queue.finish(id);
      // The entry is gone, so nothing reads the saved replies again; should this fail, they expire. Not
      // awaited: the user's next event does not read this record, and its command goes out with the next ones.
      void forget?.().catch(() => deps.logger.warn({ id }, 'saved replies not forgotten; they expire'));
      return true;
    } catch (err) {
      deps.metrics.errors.inc({ where: 'dispatch' });
      deps.logger.error({ err }, 'stored event failed; it stays pending and is retried');
      return false;
    }
  }

  // The scheduler: every event read and not yet done, as one list per user (a user's events run in
  // order, also across reads), lists waiting for a slot, and the ids kept claimed by one heartbeat.
  const lists = new Map<string, Entry[]>();
  const ready: string[] = [];
  const held = new Set<string>();
  let running = 0;
  let heartbeat: NodeJS.Timeout | undefined;
  /** Who waits for a change (room, drained): woken when a list ends. */
  const waiters = new Set<() => void>();
  const signal = () => {
    for (const wake of waiters) wake();
  };

  /** Runs one user's list, events added meanwhile included; a failed event stops it (the rest stays pending, unclaimed, to be retried as stale). */
  async function runList(key: string): Promise<void> {
    const list = lists.get(key) ?? [];
    for (let entry = list.shift(); entry; entry = list.shift()) {
      const ok = await processEntry(entry);
      held.delete(entry.id);
      if (ok) continue;
      for (const later of list) held.delete(later.id);
      break;
    }
    lists.delete(key);
  }

  /** Starts waiting lists while slots are free; while webhooks queue up, only the first `BUSY_CONCURRENCY`. */
  function pump(): void {
    while (ready.length > 0 && running < (deps.busy() && !deps.stopped() ? BUSY_CONCURRENCY : deps.concurrency)) {
      const key = ready.shift() as string;
      running += 1;
      void runList(key).finally(() => {
        running -= 1;
        if (held.size === 0) {
          clearInterval(heartbeat);
          heartbeat = undefined;
        }
        pump();
        signal();
      });
    }
  }

  function add(entries: IntakeEntry[]): void {
    for (const stored of entries) {
      // Already here (taken over as stale while it waited): it runs once.
      if (held.has(stored.id)) continue;
      const entry = open(stored);
      const key = entry.msg ? `${entry.msg.channel}:${entry.msg.userId}` : entry.id;
      held.add(entry.id);
      const list = lists.get(key);
      if (list) list.push(entry);
      else {
        lists.set(key, [entry]);
        ready.push(key);
      }
    }
    // Keep every event read claimed until it is done, also those waiting for a slot, so no other
    // instance takes one over as stale and answers it a second time.
    if (held.size > 0)
      heartbeat ??= setInterval(() => void deps.queue.keepClaimed(deps.consumer, [...held]).catch(() => undefined), Math.max(10, Math.floor(deps.staleMs / 3)));
    pump();
  }

  /** Resolves once something changed (a list ended), or after 10 ms (webhooks may have stopped queueing). */
  const nextChange = () =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, 10);
      waiters.add(wake);
    });

  async function room(most: () => number): Promise<void> {
    for (pump(); held.size >= most(); pump()) await nextChange();
  }

  return { add, room, drained: () => room(() => 1) };
}
