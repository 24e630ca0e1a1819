/** The FAQ flow's effect: `faq.unanswered` counts a question the FAQ could not answer (masked, see unanswered.ts). */
import type { EffectHandler } from '../core/flow.js';
import type { Unanswered } from './unanswered.js';

export function faqEffects(deps: { unanswered: Pick<Unanswered, 'record'> }): Record<string, EffectHandler> {
  return {
    'faq.unanswered': async (e, ctx) => {
      await deps.unanswered.record(String(e.text ?? ''), ctx.now);
      return {};
    },
  };
}
