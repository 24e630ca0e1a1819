/**
 * Fits replies into a channel's limits: long text split on sentence boundaries, buttons capped, the
 * rest offered as numbered options (the engine accepts a typed number), long titles shortened with
 * the full label kept in the text. Numbers always match the order the engine offered.
 */
import type { Button, OutboundMessage } from '../core/message.js';

export interface RenderLimits {
  /** Most characters (code points) in one text message. */
  maxText: number;
  /** Most buttons on one message; 0 means the channel cannot show buttons. */
  maxButtons: number;
  /** Most characters in a button title. */
  maxButtonTitle: number;
  /**
   * Where options past `maxButtons` go: `message` (default) sends them as a numbered message with
   * their own buttons; `text` keeps one message, listing every option by number in its text.
   */
  overflow?: 'message' | 'text';
  /** The channel can copy a value (`copy` buttons: the web chat); elsewhere they are dropped. */
  copyButtons?: boolean;
}

const length = (s: string) => [...s].length;
const head = (s: string, n: number) => [...s].slice(0, n).join('');

/** Splits text into parts of at most `max` code points, preferring paragraph, then sentence, then word breaks. */
/**
 * The buttons without `copy` ones: a channel that cannot copy drops them (the text holds the value
 * already), and never turns one into a button that would send a report's secret key back as a message.
 */
export function withoutCopy(buttons: Button[] | undefined): Button[] {
  return (buttons ?? []).filter((b) => b.kind !== 'copy');
}

export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text.normalize('NFC').trim();
  while (length(rest) > max) {
    const window = head(rest, max + 1);
    const cut = lastBreak(window, /\n+/g) ?? lastBreak(window, /[.!?…:;](?=\s)/g, 1) ?? lastBreak(window, /\s+/g) ?? max;
    parts.push(head(rest, cut).trim());
    rest = [...rest].slice(cut).join('').trim();
  }
  if (rest) parts.push(rest);
  return parts.length ? parts : [''];
}

/** The code-point index just after the last match in the second half of `window`, or undefined. */
function lastBreak(window: string, re: RegExp, keep = 0): number | undefined {
  let best: number | undefined;
  for (const m of window.matchAll(re)) {
    const end = length(window.slice(0, m.index)) + keep;
    if (end > 0 && end >= length(window) / 2 && end < length(window)) best = end;
  }
  return best;
}

/** Shortens a title to `max` code points at a word boundary, ending with an ellipsis. */
export function shortenTitle(title: string, max: number): string {
  if (length(title) <= max) return title;
  const cut = head(title, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const numbered = (buttons: Button[], from: number) => buttons.map((b, i) => `${from + i + 1}. ${b.title}`).join('\n');

/** Renders one reply into one or more messages that respect the limits. */
export function fitMessage(msg: OutboundMessage, limits: RenderLimits): OutboundMessage[] {
  const buttons = limits.copyButtons ? (msg.buttons ?? []) : withoutCopy(msg.buttons);
  let text = msg.text;
  const shown = limits.maxButtons > 0 ? buttons.slice(0, limits.maxButtons) : [];
  const shortened = shown.some((b) => length(b.title) > limits.maxButtonTitle);
  const overflowInText = limits.overflow === 'text' && buttons.length > shown.length;
  if (buttons.length > 0 && (limits.maxButtons === 0 || shortened || overflowInText)) text = `${text}\n\n${numbered(buttons, 0)}`;

  const out: OutboundMessage[] = splitText(text, limits.maxText).map((t) => ({ text: t }));
  if (msg.image) out[0]!.image = msg.image;
  if (shown.length > 0) {
    out[out.length - 1]!.buttons = shown.map((b) => ({ ...b, title: shortenTitle(b.title, limits.maxButtonTitle) }));
  }
  for (let i = shown.length; !overflowInText && limits.maxButtons > 0 && i < buttons.length; i += limits.maxButtons) {
    const batch = buttons.slice(i, i + limits.maxButtons);
    out.push({ text: numbered(batch, i), buttons: batch.map((b) => ({ ...b, title: shortenTitle(b.title, limits.maxButtonTitle) })) });
  }
  return out;
}

/** Renders every reply of a turn. */
export function fitMessages(msgs: OutboundMessage[], limits: RenderLimits): OutboundMessage[] {
  return msgs.flatMap((m) => fitMessage(m, limits));
}
