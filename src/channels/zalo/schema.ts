/**
 * zod schemas for the Zalo OA webhook events the bot acts on. Ids and timestamps stay strings (ids
 * exceed 2^53); only the fields the bot reads are kept, so personal data such as the `info` of
 * `user_submit_info` is dropped at the door.
 */
import { z } from 'zod';
import type { AttachmentKind } from '../../core/message.js';

/** A Zalo id: a decimal string (numbers are refused: they would have lost precision already). */
const zaloId = z.string().regex(/^\d{1,32}$/, 'must be a string of digits');
/** Epoch milliseconds, sent as a string (a number is accepted and turned into its text). */
const timestamp = z.union([z.string().regex(/^\d{1,16}$/), z.number().int().nonnegative()]).transform(String);
const party = z.object({ id: zaloId });
/** Decimal degrees, sent as strings; out-of-range or unreadable values drop the coordinates, not the event. */
const degrees = (max: number) => z.union([z.string(), z.number()]).transform(Number).pipe(z.number().min(-max).max(max));

/**
 * One attachment. Lenient on purpose: a field of an unexpected shape is dropped (`catch`), so an odd
 * payload (the business card's is not documented) still gets its answer instead of silence.
 */
const attachment = z.object({
  type: z.string().optional().catch(undefined),
  payload: z
    .object({
      url: z.string().optional().catch(undefined),
      name: z.string().optional().catch(undefined),
      coordinates: z
        .object({ latitude: degrees(90), longitude: degrees(180) })
        .optional()
        .catch(undefined),
    })
    .optional()
    .catch(undefined),
});

/** `user_send_*`: a message from a user, with `sender.id` the OA-scoped id to reply to. */
export const userMessageEvent = z.object({
  event_name: z.string(),
  timestamp,
  sender: party,
  message: z.object({
    msg_id: z.string().min(1).max(128),
    text: z.string().max(10_000).optional(),
    attachments: z.array(attachment).max(20).optional().catch(undefined),
  }),
});

/** `follow` / `unfollow`: the user is `follower.id`; there is no message id. */
export const followEvent = z.object({ event_name: z.enum(['follow', 'unfollow']), timestamp, follower: party });

/** `user_click_chatnow`: flat `user_id`, no sender or recipient. */
export const chatNowEvent = z.object({ event_name: z.literal('user_click_chatnow'), timestamp, user_id: zaloId });

/** `user_submit_info`: only who and when are kept; the submitted name, phone and address are dropped. */
export const submitInfoEvent = z.object({ event_name: z.literal('user_submit_info'), timestamp, sender: party });

export type UserMessageEvent = z.infer<typeof userMessageEvent>;
export type ZaloAttachment = z.infer<typeof attachment>;

/** What each user message event carries, as the attachment kind the flows see (`text`: none). */
export const MESSAGE_EVENTS: Readonly<Record<string, AttachmentKind | 'text'>> = {
  user_send_text: 'text',
  user_send_image: 'image',
  user_send_gif: 'gif',
  user_send_file: 'file',
  user_send_sticker: 'sticker',
  user_send_location: 'location',
  user_send_link: 'link',
  user_send_audio: 'audio',
  user_send_video: 'video',
  user_send_business_card: 'contact',
};

/** Events Zalo sends that need no answer: echoes of the OA's own sends, receipts, reactions. */
export function isEchoOrReceipt(eventName: string): boolean {
  return /^oa_/.test(eventName) || ['user_received_message', 'user_seen_message', 'user_reacted_message'].includes(eventName);
}
