/** The one message model every channel maps onto; flows never see platform payloads. */

export type ChannelId = 'web' | 'zalo' | 'messenger';
export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];

/**
 * What kind of thing the user sent besides text. Channels map their platform types onto these:
 * - `image`: a photo (a report may keep it; `url` is the platform's CDN link, downloaded at once);
 * - `gif`: an animated picture sent for fun (Zalo `user_send_gif`), never taken as a report photo;
 * - `sticker`: a sticker or Messenger's thumbs-up (Zalo `user_send_sticker`, Messenger `sticker`);
 * - `audio` / `video`: a voice message or a clip, which the bot does not read;
 * - `location`: a shared place, with `latitude` and `longitude` (decimal degrees) and, when the
 *   platform gives one, the place's `name`; it may fill a report's place and stays inside the report;
 * - `contact`: a contact or business card (Zalo `user_send_business_card`); nothing of the card (a
 *   name, a phone number) is kept, only that one was sent;
 * - `file`, `link`: a document or a shared link; `other`: anything else.
 */
export type AttachmentKind = 'image' | 'gif' | 'sticker' | 'file' | 'audio' | 'video' | 'location' | 'contact' | 'link' | 'other';

/** Something the user sent besides text: a photo, a file, a place... */
export interface Attachment {
  kind: AttachmentKind;
  /** The platform's link to the media (`image`, `gif`, `sticker`, `file`, `audio`, `video`, `link`). */
  url?: string;
  /** A file's name, a link's title, or a shared place's name. */
  name?: string;
  /** `location` only: decimal degrees. */
  latitude?: number;
  longitude?: number;
}

/** One inbound event from a user, whatever the channel. */
export interface InboundMessage {
  channel: ChannelId;
  /** The platform's id for the user (web session id, Zalo user id, PSID). Never stored in plaintext. */
  userId: string;
  /** The platform's id for this message, used for de-duplication. */
  messageId?: string;
  at: Date;
  /** What the user typed. */
  text?: string;
  /** A button payload (a click, a quick reply, a postback). */
  payload?: string;
  attachments?: Attachment[];
  /** `start`: the user opened the conversation (follow, Get Started, chat now); `poll`: a web page asks for waiting messages only. */
  event?: 'message' | 'start' | 'poll';
}

/**
 * A button on a reply. `reply` buttons send `payload` back; `phone` buttons dial `payload`;
 * `url` buttons open `payload`; `copy` buttons copy `payload` (a report's code or secret key, which
 * the reply's text also holds) and are shown only where the channel can copy (the web chat).
 */
export interface Button {
  title: string;
  payload: string;
  kind?: 'reply' | 'phone' | 'url' | 'copy';
}

/** One reply to the user, before a channel renders it within its limits. */
export interface OutboundMessage {
  text: string;
  buttons?: Button[];
  image?: string;
}
