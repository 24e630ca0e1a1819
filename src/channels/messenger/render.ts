/**
 * Renders replies within Messenger's limits: text up to 2,000 characters (split on sentence
 * boundaries), reply buttons as quick replies (at most 13, titles at most 20 characters, the full
 * label kept in the text when shortened), phone and link buttons as a button template (at most 3
 * buttons, 640 characters of text). Quick replies show only under the newest message, so they
 * always go on the last message of a reply.
 */
import type { Button, OutboundMessage } from '../../core/message.js';
import { fitMessage, shortenTitle, splitText, type RenderLimits } from '../render.js';
import type { MessengerMessage, QuickReply, TemplateButton } from './schema.js';

/** Messenger's limits for text with quick replies. */
export const MESSENGER_LIMITS: RenderLimits = { maxText: 2000, maxButtons: 13, maxButtonTitle: 20 };
/** Most characters of text in a button template. */
export const TEMPLATE_MAX_TEXT = 640;
/** Most buttons in a button template. */
export const TEMPLATE_MAX_BUTTONS = 3;

const isAction = (b: Button) => b.kind === 'phone' || b.kind === 'url';

/**
 * Text parts with the reply buttons of the last part. With more options than quick replies, every
 * option is listed by number in the text (the engine accepts a typed number) and the first 13 are
 * offered as quick replies: a second batch would hide the first, since only the newest message
 * keeps its quick replies.
 */
function fitChoices(text: string, choices: Button[]): OutboundMessage[] {
  if (choices.length <= MESSENGER_LIMITS.maxButtons) return fitMessage({ text, buttons: choices }, MESSENGER_LIMITS);
  const parts = fitMessage({ text, buttons: choices }, { ...MESSENGER_LIMITS, maxButtons: 0 });
  const titled = choices.slice(0, MESSENGER_LIMITS.maxButtons).map((b) => ({ ...b, title: shortenTitle(b.title, MESSENGER_LIMITS.maxButtonTitle) }));
  parts[parts.length - 1]!.buttons = titled;
  return parts;
}

const quickReplies = (buttons: Button[] | undefined): QuickReply[] | undefined =>
  buttons?.length ? buttons.map((b) => ({ content_type: 'text', title: b.title, payload: b.payload })) : undefined;

function templateButton(b: Button): TemplateButton {
  const title = shortenTitle(b.title, MESSENGER_LIMITS.maxButtonTitle);
  if (b.kind === 'phone') return { type: 'phone_number', title, payload: b.payload };
  if (b.kind === 'url') return { type: 'web_url', title, url: b.payload };
  return { type: 'postback', title, payload: b.payload };
}

const buttonTemplate = (text: string, buttons: Button[]): MessengerMessage => ({
  attachment: { type: 'template', payload: { template_type: 'button', text, buttons: buttons.map(templateButton) } },
});

/** Renders one reply into Send API messages, in sending order. */
export function renderMessage(msg: OutboundMessage): MessengerMessage[] {
  const buttons = msg.buttons ?? [];
  const actions = buttons.filter(isAction);
  const parts = fitChoices(msg.text, buttons.filter((b) => !isAction(b)));
  const quick = quickReplies(parts[parts.length - 1]!.buttons);
  const out: MessengerMessage[] = [];
  if (msg.image) out.push({ attachment: { type: 'image', payload: { url: msg.image, is_reusable: true } } });
  if (actions.length === 0) {
    out.push(...parts.map((p) => ({ text: p.text })));
  } else {
    const last = splitText(parts.pop()!.text, TEMPLATE_MAX_TEXT);
    const lead = last.pop()!;
    out.push(...parts.map((p) => ({ text: p.text })), ...last.map((text) => ({ text })));
    for (let i = 0; i < actions.length; i += TEMPLATE_MAX_BUTTONS) {
      const batch = actions.slice(i, i + TEMPLATE_MAX_BUTTONS);
      out.push(buttonTemplate(i === 0 ? lead : batch.map((b) => b.title).join('\n'), batch));
    }
  }
  if (quick) out[out.length - 1]!.quick_replies = quick;
  return out;
}

/** Renders every reply of a turn. */
export function renderMessages(msgs: OutboundMessage[]): MessengerMessage[] {
  return msgs.flatMap(renderMessage);
}
