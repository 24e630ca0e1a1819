/**
 * Maps a verified Zalo OA webhook body to what the bot does with it: a turn for the engine, an
 * unfollow, a bare interaction, or nothing. Flows never see a Zalo field name.
 */
import type { Attachment, AttachmentKind, InboundMessage } from '../../core/message.js';
import {
  MESSAGE_EVENTS,
  chatNowEvent,
  followEvent,
  isEchoOrReceipt,
  submitInfoEvent,
  userMessageEvent,
  type UserMessageEvent,
  type ZaloAttachment,
} from './schema.js';

/** What one webhook event means for the bot. */
export type ZaloEvent =
  /** A user message, click, follow or chat-now: one engine turn, replies go to `msg.userId`. */
  | { kind: 'turn'; event: string; msg: InboundMessage }
  /** The user unfollowed the OA: forget how to reach them. */
  | { kind: 'unfollow'; event: string; userId: string }
  /** The user interacted without asking anything (submitted info): no turn, no reply. */
  | { kind: 'interaction'; event: string; userId: string; at: Date }
  /** An `oa_*` echo of the OA's own sends, or a receipt: never answered. */
  | { kind: 'echo'; event: string }
  /** An event the bot does not handle. */
  | { kind: 'unknown'; event: string }
  /** A known event whose shape did not match; `fields` names the offending paths (never values). */
  | { kind: 'malformed'; event: string; fields: string[] };

/** A button payload as the engine writes them (`#flow`, `#flow:arg`); Zalo returns clicks as this text. */
const BUTTON_PAYLOAD = /^#[a-z][a-z0-9_.-]*(?::\S*)?$/i;

const at = (timestamp: string) => new Date(Number(timestamp));

/** Kinds whose text is not a caption: a place's name (kept as the location's `name`), a sticker's, a card holder's. */
const NO_CAPTION: ReadonlySet<AttachmentKind> = new Set(['location', 'sticker', 'contact']);

function toAttachment(kind: AttachmentKind, a: ZaloAttachment | undefined, text: string | undefined): Attachment {
  // A business card carries someone's name and phone number: nothing of it is kept.
  if (kind === 'contact') return { kind };
  const p = a?.payload;
  const out: Attachment = { kind };
  if (kind === 'location') {
    if (p?.coordinates) Object.assign(out, p.coordinates);
    if (text) out.name = text;
    return out;
  }
  if (p?.url) out.url = p.url;
  if (p?.name) out.name = p.name;
  return out;
}

function messageTurn(e: UserMessageEvent, kind: AttachmentKind | 'text'): InboundMessage {
  const base: InboundMessage = { channel: 'zalo', userId: e.sender.id, messageId: e.message.msg_id, at: at(e.timestamp), event: 'message' };
  const text = e.message.text?.trim() || undefined;
  if (kind === 'text') {
    return text && BUTTON_PAYLOAD.test(text) ? { ...base, payload: text } : { ...base, text: text ?? '' };
  }
  const found = e.message.attachments ?? [];
  const attachments = (found.length ? found : [undefined]).map((a) => toAttachment(kind, a, text));
  const caption = NO_CAPTION.has(kind) ? undefined : text;
  return { ...base, attachments, ...(caption ? { text: caption } : {}) };
}

/** An opening event (follow, chat now) as a `start` turn, de-duplicated on event, user and time. */
function startTurn(event: string, userId: string, timestamp: string): ZaloEvent {
  const msg: InboundMessage = { channel: 'zalo', userId, messageId: `${event}:${userId}:${timestamp}`, at: at(timestamp), event: 'start' };
  return { kind: 'turn', event, msg };
}

const malformed = (event: string, issues: { path: PropertyKey[] }[]): ZaloEvent => ({
  kind: 'malformed',
  event,
  fields: [...new Set(issues.map((i) => i.path.map(String).join('.') || '(body)'))],
});

/** Classifies one verified body. Never throws: a bad shape is a `malformed` value. */
export function parseZaloEvent(body: Record<string, unknown>): ZaloEvent {
  const event = typeof body.event_name === 'string' ? body.event_name.slice(0, 64) : '(none)';
  const kind = MESSAGE_EVENTS[event];
  if (kind) {
    const r = userMessageEvent.safeParse(body);
    return r.success ? { kind: 'turn', event, msg: messageTurn(r.data, kind) } : malformed(event, r.error.issues);
  }
  if (event === 'follow' || event === 'unfollow') {
    const r = followEvent.safeParse(body);
    if (!r.success) return malformed(event, r.error.issues);
    return event === 'follow' ? startTurn(event, r.data.follower.id, r.data.timestamp) : { kind: 'unfollow', event, userId: r.data.follower.id };
  }
  if (event === 'user_click_chatnow') {
    const r = chatNowEvent.safeParse(body);
    return r.success ? startTurn(event, r.data.user_id, r.data.timestamp) : malformed(event, r.error.issues);
  }
  if (event === 'user_submit_info') {
    const r = submitInfoEvent.safeParse(body);
    return r.success ? { kind: 'interaction', event, userId: r.data.sender.id, at: at(r.data.timestamp) } : malformed(event, r.error.issues);
  }
  return isEchoOrReceipt(event) ? { kind: 'echo', event } : { kind: 'unknown', event };
}
