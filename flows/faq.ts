/**
 * The FAQ: answers free text that no command, active flow or keyword took, from `content/faq.yaml`.
 * Confident: the answer (with follow-up buttons). Unsure: "Did you mean…?" with the three best
 * questions. Nothing close: says so and shows the menu. The last two are counted (as normalised
 * text, without the user) through the `faq.unanswered` effect, so editors see what to add.
 * `#faq:<id>` shows one entry (the buttons use it).
 */
import type { FaqData } from '../src/core/content-news.js';
import { defineFlow, type ButtonSpec, type Flow, type FlowContext, type StepResult } from '../src/core/flow.js';
import { seasonParams } from '../src/core/season.js';
import { createFaqMatcher, type FaqMatcher } from '../src/faq/matcher.js';

const matchers = new WeakMap<FaqData, FaqMatcher>();

/** One matcher per loaded FAQ (built on first use). */
function matcherFor(faq: FaqData): FaqMatcher {
  let m = matchers.get(faq);
  if (!m) {
    m = createFaqMatcher(faq.entries);
    matchers.set(faq, m);
  }
  return m;
}

/** The main menu of the given flows, as the engine shows it. */
function menuOf(flows: readonly Flow<unknown>[]): ButtonSpec[] {
  return [...flows]
    .filter((f) => f.menu)
    .sort((a, b) => a.menu!.order - b.menu!.order)
    .map((f): ButtonSpec => ({ key: f.menu!.key, payload: `#${f.id}` }))
    .concat([{ key: 'common:menu.language', payload: '#lang' }]);
}

const titleButton = (id: string): ButtonSpec => ({ key: `faq:entries.${id}.title`, payload: `#faq:${id}` });

function answer(id: string, ctx: FlowContext): StepResult<never> | undefined {
  const entry = ctx.data.faq.entries.find((e) => e.id === id);
  if (!entry) return undefined;
  const buttons: ButtonSpec[] = [...(entry.buttons ?? []), ...(entry.more ?? []).map(titleButton)].slice(0, 3);
  buttons.push({ key: 'common:back_to_menu', payload: '#menu' });
  return { say: [{ key: `faq:entries.${id}.answer`, params: seasonParams(ctx.now, ctx.data, ctx.lang), buttons }] };
}

/** Builds the FAQ flow; `menuFlows` are the flows whose menu is shown when nothing matches. Register it last. */
export function createFaqFlow(menuFlows: readonly Flow<unknown>[]): Flow<unknown> {
  const notFound = (text: string): StepResult<never> => ({
    say: [{ key: 'faq:no_answer', buttons: menuOf(menuFlows) }],
    effects: [{ type: 'faq.unanswered', text }],
  });
  return defineFlow<never>({
    id: 'faq',
    version: 1,
    start: (input, ctx) => answer(input.arg ?? '', ctx) ?? notFound(input.text),
    fallback(input, ctx) {
      if (input.payload || [...input.folded.replace(/ /g, '')].length < 2) return undefined;
      const m = matcherFor(ctx.data.faq).match(input.text);
      if (m.kind === 'answer') return answer(m.id, ctx);
      if (m.kind === 'suggest') {
        return {
          say: [{ key: 'faq:did_you_mean', buttons: [...m.ids.map(titleButton), { key: 'common:back_to_menu', payload: '#menu' }] }],
          effects: [{ type: 'faq.unanswered', text: input.text }],
        };
      }
      return notFound(input.text);
    },
  });
}
