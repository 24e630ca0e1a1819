/**
 * One delivery: one subscriber of one broadcast. Idempotent through the delivery mark:
 * 1. claim the mark with a lease (settled → nothing to do; claimed by a live worker → try later);
 * 2. skip, and count, a subscriber who left or whose platform window is closed;
 * 3. render the message in the subscriber's language and send it through the channel's sender;
 * 4. settle the mark with the outcome (the counters move once, whoever retries).
 * A transient failure gives the claim back and asks for a retry; a permanent one settles as failed.
 * A worker that dies between the platform's acceptance and step 4 leaves a claim that expires: the
 * next attempt sends again (counted as `uncertain`), since neither platform can tell whether it went.
 */
import type { Say } from '../core/flow.js';
import type { OutboundMessage } from '../core/message.js';
import type { ChannelSender, SendResult } from '../core/ports.js';
import { windowOpen, type WindowRules } from '../core/window.js';
import type { BroadcastStore, Recipient } from './ports.js';
import type { Outcome } from './types.js';

/** What a delivery attempt asks of the queue. */
export type DeliveryResult =
  /** `first`: this attempt settled the delivery (false when another attempt had, after this one's lease ran out). */
  { kind: 'settled'; outcome: Outcome; first: boolean } | { kind: 'already' } | { kind: 'busy' } | { kind: 'retry'; code: string } | { kind: 'aborted' };

export interface DeliveryDeps {
  store: BroadcastStore;
  recipient(userKey: string): Promise<Recipient | undefined>;
  lastSeen(userKey: string): Promise<Date | undefined>;
  definition(broadcastId: string): Promise<{ say: Say } | undefined>;
  render(userKey: string, say: Say[]): Promise<OutboundMessage[]>;
  /** Opens a sealed address; throws when it cannot be opened. */
  open(sealed: string): { channel: string; id: string };
  senders: Partial<Record<string, ChannelSender>>;
  windows: WindowRules;
  clock(): Date;
  leaseMs: number;
}

/** A Messenger sender can say that a message comes from the bot (messaging_type UPDATE). */
function sendAsBot(sender: ChannelSender, id: string, messages: OutboundMessage[]): Promise<SendResult> {
  const s = sender as ChannelSender & { sendAs?(id: string, m: OutboundMessage[], author: 'bot'): Promise<SendResult> };
  return s.sendAs ? s.sendAs(id, messages, 'bot') : sender.send(id, messages);
}

function outcomeOf(r: SendResult): Outcome | 'retry' {
  if (r.ok || r.sent > 0) return 'sent';
  if (r.reason === 'window_closed') return 'window';
  return r.reason === 'undeliverable' ? 'failed' : 'retry';
}

/**
 * Runs one delivery attempt. `lastAttempt` settles a transient failure as failed instead of asking
 * for a retry; `aborted` (the worker is stopping) gives the claim back before anything is sent.
 */
export async function deliver(
  deps: DeliveryDeps,
  job: { broadcastId: string; userKey: string; token: string; lastAttempt: boolean; aborted(): boolean },
): Promise<DeliveryResult> {
  const { store } = deps;
  const { broadcastId: b, userKey: u, token } = job;
  const claim = await store.claim(b, u, token, deps.clock(), deps.leaseMs);
  if (claim === 'done') return { kind: 'already' };
  if (claim === 'busy') return { kind: 'busy' };
  const settle = async (outcome: Outcome): Promise<DeliveryResult> => {
    const first = await store.settle(b, u, token, outcome, deps.clock());
    return { kind: 'settled', outcome, first };
  };
  const [who, def, seen] = await Promise.all([deps.recipient(u), deps.definition(b), deps.lastSeen(u)]);
  if (!who || !def) return settle('gone');
  if (!windowOpen(who.channel, seen, deps.clock(), deps.windows)) return settle('window');
  const sender = deps.senders[who.channel];
  if (!sender) return settle('failed');
  let address: { channel: string; id: string };
  try {
    address = deps.open(who.address);
  } catch {
    return settle('failed');
  }
  const messages = await deps.render(u, [def.say]);
  if (job.aborted()) {
    await store.release(b, u, token);
    return { kind: 'aborted' };
  }
  const result = await sendAsBot(sender, address.id, messages);
  const outcome = outcomeOf(result);
  if (outcome !== 'retry') return settle(outcome);
  if (job.lastAttempt) return settle('failed');
  await store.release(b, u, token);
  return { kind: 'retry', code: result.ok ? 'unknown' : (result.code ?? result.reason) };
}
