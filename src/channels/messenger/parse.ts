/**
 * Maps a verified Messenger webhook body onto InboundMessage: every `entry[]`, every `messaging[]`
 * and `standby[]` event. Echoes, reads, deliveries and standby events are skipped (never answered);
 * unknown or malformed events are skipped on their own and never reject the batch.
 */
import type { Attachment, AttachmentKind, InboundMessage } from '../../core/message.js';
import { messagingEventSchema, type MessagingEvent, type MessengerReferral, type WebhookBody } from './schema.js';

/** The postback payload of the Get Started button (set by `npm run messenger:setup`). */
export const GET_STARTED_PAYLOAD = 'GET_STARTED';

/** Why an event is not handed to the engine. */
export type SkipReason = 'echo' | 'read' | 'delivery' | 'standby' | 'no_psid' | 'unsupported' | 'invalid';

/** One event of the batch: a message for the engine, or the reason it was skipped. */
export type ParsedEvent = { kind: 'message'; msg: InboundMessage } | { kind: 'skip'; reason: SkipReason };

const REF_SIGNUP = /^signup-([A-Za-z0-9_-]{1,64})$/;

/**
 * Turns a referral `ref` into an engine payload: `report` → `#report` (the report flow),
 * `signup-<id>` → `#signup:event:<id>` (that event's sign-up; an unknown id shows the list of events
 * instead). Anything else (whoever made the link typed the ref) is
 * undefined: treated as a plain start.
 */
export function referralPayload(referral: MessengerReferral | undefined): string | undefined {
  const ref = referral?.ref?.trim();
  if (!ref) return undefined;
  if (ref === 'report') return '#report';
  const signup = REF_SIGNUP.exec(ref);
  return signup ? `#signup:event:${signup[1]}` : undefined;
}

const ATTACHMENT_KINDS: Record<string, AttachmentKind> = {
  image: 'image',
  file: 'file',
  audio: 'audio',
  video: 'video',
  location: 'location',
  sticker: 'sticker',
  fallback: 'link',
};

/**
 * The message's attachments. A sticker (the thumbs-up too) is one `sticker`, whatever Meta sent: from
 * 2026-06-01 to 2026-08-30 it came both as a `sticker` and as an `image` with a `sticker_id`, and
 * before that only as such an image, which must never be taken for a report photo.
 */
function toAttachments(event: MessagingEvent): Attachment[] {
  const all = event.message?.attachments ?? [];
  const sticker = all.find((a) => a.type === 'sticker' || a.payload?.sticker_id !== undefined);
  if (sticker) return [sticker.payload?.url ? { kind: 'sticker', url: sticker.payload.url } : { kind: 'sticker' }];
  return all.map((a) => {
    const out: Attachment = { kind: ATTACHMENT_KINDS[a.type] ?? 'other' };
    if (a.payload?.url) out.url = a.payload.url;
    if (a.payload?.title) out.name = a.payload.title;
    if (a.payload?.coordinates) {
      out.latitude = a.payload.coordinates.lat;
      out.longitude = a.payload.coordinates.long;
    }
    return out;
  });
}

/** Maps one already-validated event; the PSID is `sender.id`. */
function mapEvent(event: MessagingEvent, psid: string): ParsedEvent {
  const base = { channel: 'messenger' as const, userId: psid, at: new Date(event.timestamp), event: 'message' as const };
  const { message, postback, referral } = event;
  if (message) {
    if (message.is_echo) return { kind: 'skip', reason: 'echo' };
    const attachments = toAttachments(event);
    const payload = message.quick_reply?.payload;
    if (!payload && !message.text && attachments.length === 0) return { kind: 'skip', reason: 'unsupported' };
    const msg: InboundMessage = { ...base, messageId: message.mid };
    if (payload) msg.payload = payload;
    else if (message.text) msg.text = message.text;
    if (attachments.length) msg.attachments = attachments;
    return { kind: 'message', msg };
  }
  if (postback) {
    const messageId = postback.mid ?? `postback:${psid}:${event.timestamp}`;
    const fromRef = referralPayload(postback.referral);
    if (fromRef) return { kind: 'message', msg: { ...base, messageId, payload: fromRef } };
    if (!postback.payload || postback.payload === GET_STARTED_PAYLOAD) return { kind: 'message', msg: { ...base, messageId, event: 'start' } };
    return { kind: 'message', msg: { ...base, messageId, payload: postback.payload } };
  }
  if (referral) {
    const messageId = `referral:${psid}:${event.timestamp}`;
    const fromRef = referralPayload(referral);
    return { kind: 'message', msg: fromRef ? { ...base, messageId, payload: fromRef } : { ...base, messageId, event: 'start' } };
  }
  if (event.read !== undefined) return { kind: 'skip', reason: 'read' };
  if (event.delivery !== undefined) return { kind: 'skip', reason: 'delivery' };
  return { kind: 'skip', reason: 'unsupported' };
}

/** Parses one raw event; `standby` events (another app owns the thread) are never answered. */
export function parseEvent(raw: unknown, standby = false): ParsedEvent {
  const parsed = messagingEventSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'skip', reason: 'invalid' };
  const event = parsed.data;
  if (event.message?.is_echo) return { kind: 'skip', reason: 'echo' };
  if (standby) return { kind: 'skip', reason: 'standby' };
  const psid = event.sender.id;
  if (!psid) return { kind: 'skip', reason: 'no_psid' };
  return mapEvent(event, psid);
}

/** Every event of every entry, in the order of their timestamps (stable for equal times). */
export function parseWebhook(body: WebhookBody): ParsedEvent[] {
  const events = body.entry.flatMap((entry) => [
    ...(entry.messaging ?? []).map((raw) => parseEvent(raw)),
    ...(entry.standby ?? []).map((raw) => parseEvent(raw, true)),
  ]);
  const time = (e: ParsedEvent) => (e.kind === 'message' ? e.msg.at.getTime() : 0);
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => time(a.e) - time(b.e) || a.i - b.i)
    .map(({ e }) => e);
}
