/**
 * What a message becomes on each platform channel, by that channel's own renderer and limits: the
 * texts a Zalo user and a Messenger user will see, in order (the dashboard's broadcast preview).
 */
import type { OutboundMessage } from '../core/message.js';
import { renderMessages } from './messenger/render.js';
import { toZaloParts } from './zalo/send.js';

/** The platform channels a broadcast can reach (the web chat cannot receive pushes). */
export const PUSH_CHANNELS = ['zalo', 'messenger'] as const;

/** The texts of `messages` as each platform channel sends them. */
export function channelPreviews(messages: OutboundMessage[]): Record<(typeof PUSH_CHANNELS)[number], string[]> {
  return {
    zalo: toZaloParts(messages).flatMap((p) => ('message' in p ? [p.message.text] : [])),
    messenger: renderMessages(messages).flatMap((m) => ('text' in m ? [m.text] : m.attachment.type === 'template' ? [m.attachment.payload.text] : [])),
  };
}
