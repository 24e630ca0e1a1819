/**
 * Renders replies within Messenger's limits: text up to 2,000 characters (split on sentence
 * boundaries), reply buttons as quick replies (at most 13, titles at most 20 characters, the full
 * label kept in the text when shortened), phone and link buttons as a button template (at most 3
 * buttons, 640 characters of text). Quick replies show only under the newest message, so they
 * always go on the last message of a reply. Meta takes a call button only for a number in full
 * international form (`+84…`): a short code such as 113 goes into the text instead, since a refused
 * button would cost the whole message.
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

/** A number Meta accepts in a call button: `+`, the country code and the number (spaces, dots, dashes ignored). */
export function callableNumber(payload: string): string | undefined {
  const number = payload.replace(/[\s().-]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(number) ? number : undefined;
}

/**
 * The text with the numbers of call buttons that cannot be buttons (short codes): each one the text
 * does not already name is added as a line, with its label.
 */
function withNumbers(text: string, dialled: Button[]): string {
  const lines = dialled.filter((b) => !text.includes(b.payload)).map((b) => (b.title.includes(b.payload) ? b.title : `${b.title}: ${b.payload}`));
  return [text, ...lines].filter(Boolean).join('\n');
}

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
  if (b.kind === 'phone') return { type: 'phone_number', title, payload: callableNumber(b.payload)! };
  if (b.kind === 'url') return { type: 'web_url', title, url: b.payload };
  return { type: 'postback', title, payload: b.payload };
}

const buttonTemplate = (text: string, buttons: Button[]): MessengerMessage => ({
  attachment: { type: 'template', payload: { template_type: 'button', text, buttons: buttons.map(templateButton) } },
});

/** Renders one reply into Send API messages, in sending order. */
export function renderMessage(msg: OutboundMessage): MessengerMessage[] {
  const all = msg.buttons ?? [];
  const dialled = all.filter((b) => b.kind === 'phone' && !callableNumber(b.payload));
  const buttons = all.filter((b) => !dialled.includes(b));
  const actions = buttons.filter(isAction);
  const parts = fitChoices(
    withNumbers(msg.text, dialled),
    buttons.filter((b) => !isAction(b)),
  );
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

/**
 * The same message without its buttons, for a second try when Meta refused the first (a call button
 * it would not take, say): template buttons become lines of text with their number or link, quick
 * replies numbered lines (the engine takes a typed number). Undefined when there is nothing to remove.
 */
export function withoutButtons(message: MessengerMessage): MessengerMessage | undefined {
  if ('attachment' in message && message.attachment.type === 'template') {
    const { text, buttons } = message.attachment.payload;
    const lines = buttons.map((b) => (b.type === 'phone_number' ? `${b.title}: ${b.payload}` : b.type === 'web_url' ? `${b.title}: ${b.url}` : b.title));
    const choices = (message.quick_replies ?? []).map((q, i) => `${i + 1}. ${q.title}`);
    return { text: [text, ...lines, ...choices].join('\n') };
  }
  if ('text' in message && message.quick_replies?.length) {
    return { text: [message.text, ...message.quick_replies.map((q, i) => `${i + 1}. ${q.title}`)].join('\n') };
  }
  return undefined;
}
