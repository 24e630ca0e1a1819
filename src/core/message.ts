/** The one message model every channel maps onto; flows never see platform payloads. */

export type ChannelId = 'web' | 'zalo' | 'messenger';
export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];

/** Something the user sent besides text: a photo, a file, a place... */
export interface Attachment {
  kind: 'image' | 'file' | 'audio' | 'video' | 'location' | 'sticker' | 'link' | 'other';
  url?: string;
  name?: string;
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
 * `url` buttons open `payload`.
 */
export interface Button {
  title: string;
  payload: string;
  kind?: 'reply' | 'phone' | 'url';
}

/** One reply to the user, before a channel renders it within its limits. */
export interface OutboundMessage {
  text: string;
  buttons?: Button[];
  image?: string;
}
