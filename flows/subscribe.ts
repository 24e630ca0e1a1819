/**
 * Subscriptions (đăng ký nhận tin): choose topics one by one, or all; stop with "hủy nhận tin",
 * "dừng nhận tin" or the single word "dừng". Storing is done by the `subs.add` and `subs.stop`
 * effects; the web chat cannot receive pushes, so it is pointed to "tin mới" instead.
 */
import { TOPICS, topicChooser, type Topic } from '../src/festival/faq-broadcasts.js';
import type { Input, StepResult } from '../src/core/flow.js';
import { defineFlow, type FestivalContext } from '../src/festival/flow.js';
import { WHOLE } from '../src/core/lexicon.js';

/**
 * Whole messages that stop subscriptions. Matched with their diacritics, because "dung" alone may
 * be "đúng" or "dùng"; "dừng lại" and "hủy" are the engine's cancel words and stay so.
 */
export const STOP_WORDS: readonly string[] = ['dừng', 'dừng nhận', 'ngừng nhận', 'stop news', 'unsubscribe'];

type Result = StepResult<Record<string, never>>;

const isTopic = (s: string | undefined): s is Topic => (TOPICS as readonly string[]).includes(s ?? '');
const stop = (): Result => ({ say: [], effects: [{ type: 'subs.stop' }] });
const add = (topics: readonly Topic[]): Result => ({ say: [], effects: [{ type: 'subs.add', topics: [...topics] }] });

/** True when the whole message is a stop word. */
export function isStopWord(text: string): boolean {
  const t = text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[.!?…\s]+$/u, '')
    .trim();
  return STOP_WORDS.includes(t);
}

function choose(input: Input): Result | undefined {
  if (input.arg === 'stop') return stop();
  if (input.arg === 'all') return add(TOPICS);
  if (isTopic(input.arg)) return add([input.arg]);
  if (input.arg === 'done') return { say: [{ key: 'news:subscribe.finished' }] };
  return undefined;
}

function begin(input: Input, ctx: FestivalContext): Result {
  if (input.arg === 'stop' || ctx.mentions(input, 'news:subscribe.stop_keywords')) return stop();
  if (ctx.channel === 'web') return { say: [{ key: 'news:subscribe.web_only', buttons: [{ key: 'news:news.menu', payload: '#news' }] }] };
  return choose(input) ?? { say: [{ key: 'news:subscribe.ask_topics', buttons: topicChooser() }], next: { step: 'topics', data: {} } };
}

export const subscribe = defineFlow<Record<string, never>>({
  id: 'subscribe',
  version: 1,
  menu: { key: 'news:subscribe.menu', order: 60 },
  keywords: 'news:subscribe.keywords',
  start: begin,
  steps: { topics: (input) => choose(input) },
  expects: { topics: 'browse' },
  prompt: () => [{ key: 'news:subscribe.ask_topics', buttons: topicChooser() }],
  match: (input, ctx) =>
    isStopWord(input.text) || ctx.lexicon.match(input.tokens, 'news:subscribe.stop_keywords')?.coverage === 1
      ? { kind: 'command', score: WHOLE, result: stop(), label: 'subscribe:stop' }
      : undefined,
});
