/**
 * Safety tips: short pieces on theft at the factory, fights, drugs, gambling, loan sharks, online
 * scams, fire, the self-managed team and the emergency numbers (content/<lang>/safety.yaml).
 */
import { emergencyButtons } from '../src/festival/emergency.js';
import type { ButtonSpec, FlowMatch, Input, StepResult } from '../src/core/flow.js';
import { defineFlow, type FestivalContext } from '../src/festival/flow.js';
import { topicScore } from '../src/core/lexicon.js';

/** Topics in display order; texts under `safety:topics.<id>`. */
export const SAFETY_TOPICS = ['emergency', 'theft', 'fight', 'drugs', 'gambling', 'loan_shark', 'scam', 'fire', 'self_managed'] as const;
type SafetyTopic = (typeof SAFETY_TOPICS)[number];

const isTopic = (s: string | undefined): s is SafetyTopic => (SAFETY_TOPICS as readonly string[]).includes(s ?? '');

function detect(input: Input, ctx: FestivalContext): SafetyTopic | undefined {
  if (isTopic(input.arg)) return input.arg;
  return SAFETY_TOPICS.find((t) => ctx.mentions(input, `safety:topics.${t}.keywords`));
}

const topicButtons = (except?: SafetyTopic): ButtonSpec[] =>
  SAFETY_TOPICS.filter((t) => t !== except).map((t) => ({ key: `safety:topics.${t}.button`, payload: `#safety:${t}`, means: `safety:topics.${t}.keywords` }));

/** A topic named outside the flow (`cho vay nang lai`, `lo de`): that topic's advice, scored like a keyword. */
function named(input: Input, ctx: FestivalContext): FlowMatch<Record<string, never>> | undefined {
  let best: { topic: SafetyTopic; score: number } | undefined;
  for (const topic of SAFETY_TOPICS) {
    const m = ctx.lexicon.match(input.tokens, `safety:topics.${topic}.keywords`);
    if (m && (!best || topicScore(m) > best.score)) best = { topic, score: topicScore(m) };
  }
  return best && { kind: 'topic', score: best.score, result: show(best.topic, ctx), label: `safety:${best.topic}` };
}

function show(topic: SafetyTopic, ctx: FestivalContext): StepResult<Record<string, never>> {
  const buttons: ButtonSpec[] =
    topic === 'emergency'
      ? emergencyButtons(ctx, 'safety')
      : [
          { key: 'report:menu', payload: '#report' },
          { key: 'safety:topics.emergency.button', payload: '#safety:emergency' },
        ];
  return {
    say: [
      { key: `safety:topics.${topic}.text`, buttons },
      { key: 'safety:more', buttons: [...topicButtons(topic), { key: 'common:back_to_menu', payload: '#menu' }] },
    ],
    next: { step: 'topics', data: {} },
  };
}

export const safety = defineFlow<Record<string, never>>({
  id: 'safety',
  version: 1,
  menu: { key: 'safety:menu', order: 25 },
  keywords: 'safety:keywords',
  expects: { topics: 'browse' },
  prompt: () => [{ key: 'safety:more', buttons: [...topicButtons(), { key: 'common:back_to_menu', payload: '#menu' }] }],
  match: named,
  start: (input, ctx) => {
    const topic = detect(input, ctx);
    if (topic) return show(topic, ctx);
    return {
      say: [{ key: 'safety:intro', buttons: [...topicButtons(), { key: 'common:back_to_menu', payload: '#menu' }] }],
      next: { step: 'topics', data: {} },
    };
  },
  steps: {
    topics: (input, _data, ctx) => {
      const topic = detect(input, ctx);
      return topic ? show(topic, ctx) : undefined;
    },
  },
});
