/**
 * Subscriptions (đăng ký nhận tin): choose topics one by one, or all; "Xong" then asks the park the
 * worker works in (or skip), so news meant for some parks reaches them; stop with "hủy nhận tin",
 * "dừng nhận tin" or the single word "dừng". Storing is done by the `subs.add`, `subs.park` and
 * `subs.stop` effects; the web chat cannot receive pushes, so it is pointed to "tin mới" instead.
 */
import { TOPICS, topicChooser, type Topic } from '../src/festival/faq-broadcasts.js';
import type { ButtonSpec, Input, Say, StepResult } from '../src/core/flow.js';
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

/** Which park the worker works in: one button per park (typed names work too), and skip. */
function askPark(ctx: FestivalContext): Say {
  const parks: ButtonSpec[] = ctx.data.kcn.parks.map((p) => ({
    key: 'common:raw',
    payload: `#subscribe:kcn:${p.id}`,
    means: `kcn:aliases.${p.id}`,
    params: { text: p.name[ctx.lang] },
  }));
  return { key: 'news:subscribe.ask_park', buttons: [...parks, { key: 'news:subscribe.park_skip', payload: '#subscribe:kcn:none' }] };
}

function choose(input: Input, ctx: FestivalContext): Result | undefined {
  if (input.arg === 'stop') return stop();
  if (input.arg === 'all') return add(TOPICS);
  if (isTopic(input.arg)) return add([input.arg]);
  if (input.arg === 'done') return { say: [askPark(ctx)], next: { step: 'park', data: {} } };
  return undefined;
}

/** True when the whole message asks to stop every subscription. */
const wantsStop = (input: Input, ctx: FestivalContext) =>
  isStopWord(input.text) || ctx.lexicon.match(input.tokens, 'news:subscribe.stop_keywords')?.coverage === 1;

function park(input: Input, ctx: FestivalContext): Result | undefined {
  // The step's own words: a choice step hears no other reading of its flow, and "hủy nhận tin" must still stop.
  if (!input.arg && wantsStop(input, ctx)) return stop();
  const id = input.arg?.startsWith('kcn:') ? input.arg.slice(4) : undefined;
  if (id === 'none') return { say: [{ key: 'news:subscribe.finished' }] };
  const chosen = ctx.data.kcn.parks.find((p) => p.id === id);
  if (!chosen) return choose(input, ctx);
  return { say: [], effects: [{ type: 'subs.park', kcn: chosen.id, park: chosen.name[ctx.lang] }] };
}

function begin(input: Input, ctx: FestivalContext): Result {
  if (input.arg === 'stop' || ctx.mentions(input, 'news:subscribe.stop_keywords')) return stop();
  if (ctx.channel === 'web') return { say: [{ key: 'news:subscribe.web_only', buttons: [{ key: 'news:news.menu', payload: '#news' }] }] };
  return choose(input, ctx) ?? { say: [{ key: 'news:subscribe.ask_topics', buttons: topicChooser() }], next: { step: 'topics', data: {} } };
}

export const subscribe = defineFlow<Record<string, never>>({
  id: 'subscribe',
  version: 1,
  menu: { key: 'news:subscribe.menu', order: 60 },
  keywords: 'news:subscribe.keywords',
  start: begin,
  steps: { topics: (input, _data, ctx) => choose(input, ctx), park: (input, _data, ctx) => park(input, ctx) },
  expects: { topics: 'browse', park: 'choice' },
  prompt: (step, _data, ctx) => [step === 'park' ? askPark(ctx) : { key: 'news:subscribe.ask_topics', buttons: topicChooser() }],
  match: (input, ctx) => (wantsStop(input, ctx) ? { kind: 'command', score: WHOLE, result: stop(), label: 'subscribe:stop' } : undefined),
});
