/**
 * Sends replies over the Send API within Messenger's rules. The window runs from the user's last
 * message, which the engine records after every turn (`SessionStore.lastSeen`, by pseudonym).
 * Inside 24 hours: replies as `RESPONSE`, later bot messages as `UPDATE`. Outside it nothing
 * automated goes out; an officer's message may go with the `HUMAN_AGENT` tag up to 7 days when
 * `FB_HUMAN_AGENT_TAG=true`. Anything else is refused with `window_closed` before any call.
 * Sends to one user are serialised, in order.
 */
import type { OutboundMessage } from '../../core/message.js';
import type { ChannelSender, SendResult } from '../../core/ports.js';
import { MESSENGER_WINDOW_HOURS } from '../../core/window.js';
import type { GraphClient } from './client.js';
import type { GraphFailure } from './errors.js';
import { renderMessages, withoutButtons } from './render.js';
import type { MessagingEnvelope } from './schema.js';

/** The standard window: automated messages only within 24 h of the user's last message (channels/window.ts). */
export const STANDARD_WINDOW_MS = MESSENGER_WINDOW_HOURS * 3600 * 1000;
/** HUMAN_AGENT: a person may answer up to 7 days after the user's last message. */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 3600 * 1000;

/** Who is writing: a reply to the user's last message, a later bot message, or a person (officer). */
export type Author = 'reply' | 'bot' | 'human';

/**
 * The Messenger sender: `send` is the reply path the dispatcher uses (`{human: true}` for an
 * officer's message); `sendAs` and `sendAsHuman` say the author explicitly (for example an officer's
 * question, with the PSID from a sealed address, or a later bot notice as `UPDATE`).
 */
export interface MessengerSender extends ChannelSender {
  /** Sends to a PSID as `author`; `window_closed` without calling Meta when the rules do not allow it. */
  sendAs(psid: string, messages: OutboundMessage[], author: Author): Promise<SendResult>;
  /** An officer's message: inside 24 h as a response, up to 7 days with HUMAN_AGENT when enabled. */
  sendAsHuman(psid: string, messages: OutboundMessage[]): Promise<SendResult>;
}

export interface MessengerSenderDeps {
  client: GraphClient;
  /** The pseudonym of a PSID (the engine's user key). */
  userKey(psid: string): string;
  /** When the user last wrote, as the engine recorded it; undefined when unknown or expired. */
  lastSeen(userKey: string): Promise<Date | undefined>;
  clock(): Date;
  /** FB_HUMAN_AGENT_TAG: Meta approved the Human Agent feature for this app. */
  humanAgentTag: boolean;
  /** Replies of at least this many messages are "slow": typing_on goes first (default 2). */
  typingFrom?: number;
  /** Called when Meta refused a message with buttons and it is sent again without them (`code`: Meta's error). */
  onButtonsRefused?(code: string): void;
}

/**
 * The messaging type allowed `ageMs` after the user's last action, or undefined (window closed).
 * Pure: the whole window policy in one place.
 */
export function messagingEnvelope(ageMs: number, author: Author, humanAgentTag: boolean): MessagingEnvelope | undefined {
  if (ageMs <= STANDARD_WINDOW_MS) return { messaging_type: author === 'bot' ? 'UPDATE' : 'RESPONSE' };
  if (author === 'human' && humanAgentTag && ageMs <= HUMAN_AGENT_WINDOW_MS) return { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
  return undefined;
}

const CLOSED: SendResult = { ok: false, reason: 'window_closed', sent: 0, code: 'window_closed' };

/** A failed Graph call as the send's result: anything Meta may take later (`retry` not `none`) is retryable. */
function failure(r: GraphFailure, sent: number): SendResult {
  return { ok: false, reason: r.reason, sent, code: r.code, retryable: r.retry !== 'none' };
}

/** Builds the sender. */
export function createMessengerSender(deps: MessengerSenderDeps): MessengerSender {
  const typingFrom = deps.typingFrom ?? 2;
  const queues = new Map<string, Promise<unknown>>();

  /** Runs `fn` after every earlier send to the same user. */
  function serial<T>(userKey: string, fn: () => Promise<T>): Promise<T> {
    const next = (queues.get(userKey) ?? Promise.resolve()).then(fn, fn);
    const tail = next.catch(() => undefined);
    queues.set(userKey, tail);
    void tail.then(() => queues.get(userKey) === tail && queues.delete(userKey));
    return next;
  }

  async function deliver(psid: string, envelope: MessagingEnvelope, messages: OutboundMessage[]): Promise<SendResult> {
    const bodies = renderMessages(messages);
    const recipient = { id: psid };
    // Sender actions are not allowed outside the window, so a tagged message goes without typing.
    if (bodies.length >= typingFrom && envelope.messaging_type === 'RESPONSE') {
      const typing = await deps.client.sendMessage({ recipient, sender_action: 'typing_on' });
      if (!typing.ok) return failure(typing, 0);
    }
    let sent = 0;
    for (const message of bodies) {
      let result = await deps.client.sendMessage({ recipient, ...envelope, message });
      // Meta refused this message for good, not the user: once more without its buttons, so a refused
      // button never costs the text (an emergency number, a report's code).
      const plain = !result.ok && result.reason === 'failed' && result.retry === 'none' && !result.tokenInvalid ? withoutButtons(message) : undefined;
      if (!result.ok && plain) {
        deps.onButtonsRefused?.(result.code);
        result = await deps.client.sendMessage({ recipient, ...envelope, message: plain });
      }
      if (!result.ok) return failure(result, sent);
      sent += 1;
    }
    return { ok: true, sent };
  }

  /** `repliesTo`: when the user wrote the message this answers; inside the standard window it stands for the last one. */
  async function sendAs(psid: string, messages: OutboundMessage[], author: Author, repliesTo?: Date): Promise<SendResult> {
    if (messages.length === 0) return { ok: true, sent: 0 };
    const userKey = deps.userKey(psid);
    return serial(userKey, async () => {
      const recent = repliesTo && deps.clock().getTime() - repliesTo.getTime() <= STANDARD_WINDOW_MS ? repliesTo : undefined;
      const seen = recent ?? (await deps.lastSeen(userKey));
      if (!seen) return CLOSED;
      const envelope = messagingEnvelope(deps.clock().getTime() - seen.getTime(), author, deps.humanAgentTag);
      return envelope ? deliver(psid, envelope, messages) : CLOSED;
    });
  }

  return {
    channel: 'messenger',
    send: (psid, messages, opts) => sendAs(psid, messages, opts?.human ? 'human' : 'reply', opts?.repliesTo),
    sendAs: (psid, messages, author) => sendAs(psid, messages, author),
    sendAsHuman: (psid, messages) => sendAs(psid, messages, 'human'),
  };
}
