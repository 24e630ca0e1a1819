/**
 * zod schemas for what Messenger sends us (the page webhook) and the Send API shapes we send.
 * Schemas are lenient (`loose`): unknown fields pass, and each event is parsed on its own, so one
 * event of a type we do not know never rejects the whole batch.
 */
import { z } from 'zod';

/** `m.me/<page>?ref=...`, ads and QR codes: where the user came from. */
export const referralSchema = z.object({ ref: z.string().optional(), source: z.string().optional(), type: z.string().optional() }).loose();

const attachmentSchema = z
  .object({
    type: z.string(),
    payload: z
      .object({
        url: z.string().optional(),
        title: z.string().optional(),
        /** Set on stickers, also on the `image` attachment that carried them before 2026-08-30. */
        sticker_id: z.union([z.number(), z.string()]).optional(),
        coordinates: z.object({ lat: z.number(), long: z.number() }).optional(),
      })
      .loose()
      .nullish(),
  })
  .loose();

/** One event of `entry[].messaging[]` (or `standby[]`). */
export const messagingEventSchema = z
  .object({
    sender: z.object({ id: z.string().optional(), user_ref: z.string().optional() }).loose(),
    recipient: z.object({ id: z.string().optional() }).loose(),
    timestamp: z.number(),
    message: z
      .object({
        mid: z.string(),
        text: z.string().optional(),
        is_echo: z.boolean().optional(),
        quick_reply: z.object({ payload: z.string() }).loose().optional(),
        attachments: z.array(attachmentSchema).optional(),
      })
      .loose()
      .optional(),
    postback: z
      .object({ mid: z.string().optional(), title: z.string().optional(), payload: z.string().optional(), referral: referralSchema.optional() })
      .loose()
      .optional(),
    referral: referralSchema.optional(),
    read: z.unknown().optional(),
    delivery: z.unknown().optional(),
  })
  .loose();

export type MessagingEvent = z.infer<typeof messagingEventSchema>;
export type MessengerReferral = z.infer<typeof referralSchema>;

/** The webhook envelope: `object` is `page` for Messenger; events stay unparsed until `parse.ts`. */
export const webhookSchema = z
  .object({
    object: z.string(),
    entry: z.array(
      z
        .object({
          id: z.string(),
          time: z.number().optional(),
          messaging: z.array(z.unknown()).optional(),
          standby: z.array(z.unknown()).optional(),
        })
        .loose(),
    ),
  })
  .loose();

export type WebhookBody = z.infer<typeof webhookSchema>;

/** Graph API error envelope: `{error: {message, type, code, error_subcode, fbtrace_id}}`. */
export const graphErrorSchema = z.object({
  error: z
    .object({
      code: z.number().optional(),
      error_subcode: z.number().optional(),
      type: z.string().optional(),
      fbtrace_id: z.string().optional(),
    })
    .loose(),
});

/** A quick reply under a message (max 13, titles max 20 characters). */
export interface QuickReply {
  content_type: 'text';
  title: string;
  payload: string;
}

/** A button of a button template. */
export type TemplateButton =
  | { type: 'postback'; title: string; payload: string }
  | { type: 'phone_number'; title: string; payload: string }
  | { type: 'web_url'; title: string; url: string };

/** The `message` of a Send API request: text, or one attachment; quick replies on either. */
export type MessengerMessage = ({ text: string } | { attachment: MessengerAttachment }) & { quick_replies?: QuickReply[] };

export type MessengerAttachment =
  | { type: 'template'; payload: { template_type: 'button'; text: string; buttons: TemplateButton[] } }
  | { type: 'image'; payload: { url: string; is_reusable: boolean } };

/** Why a message may go: a reply or an update inside the 24-hour window, or a person's answer with the HUMAN_AGENT tag. */
export type MessagingEnvelope = { messaging_type: 'RESPONSE' | 'UPDATE' } | { messaging_type: 'MESSAGE_TAG'; tag: 'HUMAN_AGENT' };

/** A Send API request body (`POST /{version}/me/messages`): a message, or a sender action alone. */
export type SendRequest = { recipient: { id: string } } & (
  | (MessagingEnvelope & { message: MessengerMessage })
  | { sender_action: 'typing_on' | 'typing_off' | 'mark_seen' }
);
