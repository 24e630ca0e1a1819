/**
 * Replies to Zalo users through `POST /v3.0/oa/message/cs`. Replies are fitted to Zalo's limits
 * first (2,000 characters split on sentence boundaries, 4 buttons, titles of 100), then each becomes
 * one CS message: text plus a buttons template. Reply buttons are `oa.query.hide` (the click comes
 * back as a `user_send_text` whose text is the payload), links `oa.open.url`, numbers `oa.open.phone`.
 */
import type { Logger } from '../../lib/logger.js';
import type { Button, OutboundMessage } from '../../core/message.js';
import type { ChannelSender, SendResult } from '../../core/ports.js';
import { fitMessages, type RenderLimits } from '../render.js';
import type { ApiResult, ZaloClient } from './client.js';
import type { ZaloContacts } from './contacts.js';
import type { MediaMessage, ZaloImages } from './images.js';
import { windowOpen, type WindowRules } from '../../core/window.js';

/** Zalo's limits: 2,000 characters; 5 buttons announced, 4 safe; titles up to 100. */
export const ZALO_LIMITS: RenderLimits = { maxText: 2000, maxButtons: 4, maxButtonTitle: 100, overflow: 'text' };

export const CS_PATH = '/v3.0/oa/message/cs';

/** A button as the Zalo API takes it. */
export type ZaloButton =
  | { title: string; type: 'oa.query.hide'; payload: string }
  | { title: string; type: 'oa.open.url'; payload: { url: string } }
  | { title: string; type: 'oa.open.phone'; payload: { phone_code: string } };

/** The `message` of a CS send with text and optional buttons. */
export interface TextMessage {
  text: string;
  attachment?: { type: 'template'; payload: { buttons: ZaloButton[] } };
}

/** One CS send to make, before images are resolved. */
export type ZaloPart = { message: TextMessage } | { image: string };

/** Maps one button to its Zalo type by kind. */
export function toZaloButton(b: Button): ZaloButton {
  switch (b.kind ?? 'reply') {
    case 'url':
      return { title: b.title, type: 'oa.open.url', payload: { url: b.payload } };
    case 'phone':
      return { title: b.title, type: 'oa.open.phone', payload: { phone_code: b.payload } };
    default:
      return { title: b.title, type: 'oa.query.hide', payload: b.payload };
  }
}

/** Fits the replies of a turn to Zalo and lists the sends, an image going out just before its text. */
export function toZaloParts(replies: OutboundMessage[]): ZaloPart[] {
  return fitMessages(replies, ZALO_LIMITS).flatMap((r): ZaloPart[] => {
    const parts: ZaloPart[] = r.image ? [{ image: r.image }] : [];
    const buttons = (r.buttons ?? []).map(toZaloButton);
    if (!r.text && buttons.length === 0) return parts;
    const message: TextMessage = { text: r.text };
    if (buttons.length) message.attachment = { type: 'template', payload: { buttons } };
    return [...parts, { message }];
  });
}

function failure(r: Extract<ApiResult, { ok: false }>, sent: number): SendResult {
  const reason = r.failure === 'window_closed' || r.failure === 'undeliverable' ? r.failure : 'failed';
  return { ok: false, reason, sent, code: r.code, retryable: r.failure === 'transient' || r.failure === 'rate_limited' };
}

export interface ZaloSenderDeps {
  client: ZaloClient;
  images: ZaloImages;
  contacts: ZaloContacts;
  logger: Logger;
  /** When the user last wrote (the engine's record, by Zalo user id); undefined when unknown or expired. */
  lastSeen(userId: string): Promise<Date | undefined>;
  clock(): Date;
  /** The deployment's windows (channels/window.ts): 48 hours for Zalo unless a paid window is configured. */
  windows: WindowRules;
  /** Called once per send refused as outside the window, by us (`window_closed`) or by Zalo (its error number). */
  onOutsideWindow?(code: string): void;
}

const CLOSED: SendResult = { ok: false, reason: 'window_closed', sent: 0, code: 'window_closed' };

/**
 * Builds the ChannelSender: checks the window, sends the parts in order and stops at the first refusal.
 * Outside the window nothing is sent and Zalo is not called (a send there would fail, or be billed).
 */
export function createZaloSender(deps: ZaloSenderDeps): ChannelSender {
  async function resolve(part: ZaloPart): Promise<TextMessage | MediaMessage | undefined> {
    if ('message' in part) return part.message;
    const image = await deps.images.message(part.image);
    if (image.ok) return image.message;
    deps.logger.warn({ code: image.code }, 'Zalo image could not be prepared; sending the text without it');
    return undefined;
  }

  return {
    channel: 'zalo',
    async send(userId, replies, opts) {
      if (replies.length === 0) return { ok: true, sent: 0 };
      const now = deps.clock();
      if (!windowOpen('zalo', opts?.repliesTo, now, deps.windows) && !windowOpen('zalo', await deps.lastSeen(userId), now, deps.windows)) {
        deps.onOutsideWindow?.('window_closed');
        return CLOSED;
      }
      let sent = 0;
      for (const part of toZaloParts(replies)) {
        const message = await resolve(part);
        if (!message) continue;
        const r = await deps.client.postJson(CS_PATH, { recipient: { user_id: userId }, message });
        if (!r.ok) {
          if (r.failure === 'window_closed') deps.onOutsideWindow?.(r.code);
          if (r.failure === 'window_closed' || r.failure === 'undeliverable') {
            await deps.contacts.markUndeliverable(userId, r.code).catch(() => deps.logger.warn('could not mark the Zalo contact undeliverable'));
          }
          return failure(r, sent);
        }
        sent++;
      }
      return { ok: true, sent };
    },
  };
}
