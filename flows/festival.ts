/**
 * Festival information from the plan: purpose, dates, place, who attends, the ceremony's running
 * order, the festival part and funding. Stays open so the user can move between topics. Where the
 * plan's wording is long, the answer says what a worker does and the plan's fuller text is one
 * button away (`#festival:full:<topic>`).
 */
import type { FlowMatch, Input, Say, StepResult } from '../src/core/flow.js';
import { defineFlow, type FestivalContext } from '../src/festival/flow.js';
import { topicScore } from '../src/core/lexicon.js';
import { seasonParams } from '../src/festival/season.js';

/** Topics in display order; the keys live in content/<lang>/festival.yaml under `topics.<id>`. */
export const TOPICS = ['what', 'when', 'where', 'who', 'ceremony', 'festival', 'funding'] as const;
type Topic = (typeof TOPICS)[number];

/** When a question names several topics, the more specific wins: this is the order they are tried. */
const DETECT_ORDER: readonly Topic[] = ['when', 'where', 'who', 'ceremony', 'festival', 'funding', 'what'];

/** Topics whose short answer has the plan's fuller text under `festival:topics.<id>.full`. */
export const FULL_TEXT_TOPICS: readonly Topic[] = ['what', 'who', 'ceremony'];

const isTopic = (s: string | undefined): s is Topic => (TOPICS as readonly string[]).includes(s ?? '');

/** The topic asked for, and whether the full text was (`#festival:full:<topic>`). */
function detect(input: Input, ctx: FestivalContext): { topic: Topic; full: boolean } | undefined {
  const full = input.arg?.startsWith('full:') ?? false;
  const arg = full ? input.arg!.slice('full:'.length) : input.arg;
  if (isTopic(arg)) return { topic: arg, full: full && FULL_TEXT_TOPICS.includes(arg) };
  const topic = DETECT_ORDER.find((t) => ctx.mentions(input, `festival:topics.${t}.keywords`));
  return topic && { topic, full: false };
}

/** The other topics as buttons; each can also be chosen by its keywords (`phan hoi co gi`). */
const more = (except?: Topic): Say => ({
  key: 'festival:more',
  buttons: [
    ...TOPICS.filter((t) => t !== except).map((t) => ({
      key: `festival:topics.${t}.button`,
      payload: `#festival:${t}`,
      means: `festival:topics.${t}.keywords`,
    })),
    { key: 'common:back_to_menu', payload: '#menu' },
  ],
});

function answer({ topic, full }: { topic: Topic; full: boolean }, ctx: FestivalContext): StepResult<Record<string, never>> {
  const fullButton = !full && FULL_TEXT_TOPICS.includes(topic) ? [{ key: 'festival:full_button', payload: `#festival:full:${topic}` }] : [];
  const say: Say[] = [
    {
      key: `festival:topics.${topic}.${full ? 'full' : 'answer'}`,
      params: seasonParams(ctx.now, ctx.data, ctx.lang),
      ...(fullButton.length ? { buttons: fullButton } : {}),
    },
    more(topic),
  ];
  return { say, next: { step: 'topics', data: {} } };
}

/**
 * A question on one topic of the festival (`ngay hoi to chuc o dau`): the festival's words with the
 * topic's, scored together like a keyword, so `ngày hội` alone does not answer a specific question
 * with the general page.
 */
function topical(input: Input, ctx: FestivalContext): FlowMatch<Record<string, never>> | undefined {
  if (!ctx.lexicon.has(input.tokens, 'festival:keywords')) return undefined;
  let best: { topic: Topic; score: number } | undefined;
  for (const topic of DETECT_ORDER) {
    const m = ctx.lexicon.match(input.tokens, ['festival:keywords', `festival:topics.${topic}.keywords`]);
    if (m && ctx.mentions(input, `festival:topics.${topic}.keywords`) && (!best || topicScore(m) > best.score)) best = { topic, score: topicScore(m) };
  }
  return best && { kind: 'topic', score: best.score, result: answer({ topic: best.topic, full: false }, ctx), label: `festival:${best.topic}` };
}

export const festival = defineFlow<Record<string, never>>({
  id: 'festival',
  version: 1,
  menu: { key: 'festival:menu', order: 10 },
  keywords: 'festival:keywords',
  expects: { topics: 'browse' },
  prompt: () => [more()],
  match: topical,
  start: (input, ctx) => answer(detect(input, ctx) ?? { topic: 'what', full: false }, ctx),
  steps: {
    topics: (input, _data, ctx) => {
      const topic = detect(input, ctx);
      return topic ? answer(topic, ctx) : undefined;
    },
  },
});
