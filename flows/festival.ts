/**
 * Festival information from the plan: purpose, dates, place, who attends, the ceremony's running
 * order, the festival part and funding. Stays open so the user can move between topics.
 */
import { formatDayMonth, localDate } from '../src/core/calendar.js';
import { defineFlow, type FlowContext, type FlowMatch, type Input, type Say, type StepResult } from '../src/core/flow.js';
import { topicScore } from '../src/core/lexicon.js';

/** Topics in display order; the keys live in content/<lang>/festival.yaml under `topics.<id>`. */
export const TOPICS = ['what', 'when', 'where', 'who', 'ceremony', 'festival', 'funding'] as const;
type Topic = (typeof TOPICS)[number];

/** When a question names several topics, the more specific wins: this is the order they are tried. */
const DETECT_ORDER: readonly Topic[] = ['when', 'where', 'who', 'ceremony', 'festival', 'funding', 'what'];

const isTopic = (s: string | undefined): s is Topic => (TOPICS as readonly string[]).includes(s ?? '');

function detect(input: Input, ctx: FlowContext): Topic | undefined {
  if (isTopic(input.arg)) return input.arg;
  return DETECT_ORDER.find((t) => ctx.mentions(input, `festival:topics.${t}.keywords`));
}

function params(ctx: FlowContext): Record<string, unknown> {
  const { calendar, kcn } = ctx.data;
  const today = localDate(ctx.now, calendar.timezone);
  const day = calendar.festivalDay;
  // After this year's festival day, the dates shown are those of the next season.
  const past = today.month > day.month || (today.month === day.month && today.day > day.day);
  const year = past ? today.year + 1 : today.year;
  return {
    year,
    from: formatDayMonth(calendar.activities.from, year),
    to: formatDayMonth(calendar.activities.to, year),
    parks: kcn.parks.map((p) => p.name[ctx.lang]).join(', '),
  };
}

/** The other topics as buttons; each can also be chosen by its keywords (`phan hoi co gi`). */
const more = (except?: Topic): Say => ({
  key: 'festival:more',
  buttons: [
    ...TOPICS.filter((t) => t !== except).map((t) => ({ key: `festival:topics.${t}.button`, payload: `#festival:${t}`, means: `festival:topics.${t}.keywords` })),
    { key: 'common:back_to_menu', payload: '#menu' },
  ],
});

function answer(topic: Topic, ctx: FlowContext): StepResult<Record<string, never>> {
  return { say: [{ key: `festival:topics.${topic}.answer`, params: params(ctx) }, more(topic)], next: { step: 'topics', data: {} } };
}

/**
 * A question on one topic of the festival (`ngay hoi to chuc o dau`): the festival's words with the
 * topic's, scored together like a keyword, so `ngày hội` alone does not answer a specific question
 * with the general page.
 */
function topical(input: Input, ctx: FlowContext): FlowMatch<Record<string, never>> | undefined {
  if (!ctx.lexicon.has(input.tokens, 'festival:keywords')) return undefined;
  let best: { topic: Topic; score: number } | undefined;
  for (const topic of DETECT_ORDER) {
    const m = ctx.lexicon.match(input.tokens, ['festival:keywords', `festival:topics.${topic}.keywords`]);
    if (m && ctx.mentions(input, `festival:topics.${topic}.keywords`) && (!best || topicScore(m) > best.score)) best = { topic, score: topicScore(m) };
  }
  return best && { kind: 'topic', score: best.score, result: answer(best.topic, ctx), label: `festival:${best.topic}` };
}

export const festival = defineFlow<Record<string, never>>({
  id: 'festival',
  version: 1,
  menu: { key: 'festival:menu', order: 10 },
  keywords: 'festival:keywords',
  expects: { topics: 'browse' },
  prompt: () => [more()],
  match: topical,
  start: (input, ctx) => answer(detect(input, ctx) ?? 'what', ctx),
  steps: {
    topics: (input, _data, ctx) => {
      const topic = detect(input, ctx);
      return topic ? answer(topic, ctx) : undefined;
    },
  },
});
