/**
 * Small talk: greetings, thanks, `ok`, goodbyes, "bạn là ai". A short warm answer (with the menu, or,
 * in the middle of a flow, a reminder of where the user was), never an FAQ entry. Only a message that
 * is small talk as a whole counts; the phrases are in understanding.yaml (`smalltalk`).
 */
import { defineFlow, type FlowMatch } from '../src/core/flow.js';
import { WHOLE } from '../src/core/lexicon.js';

export const SMALLTALK = ['greeting', 'thanks', 'ack', 'bye', 'identity'] as const;
type Kind = (typeof SMALLTALK)[number];

const isKind = (s: string | undefined): s is Kind => (SMALLTALK as readonly string[]).includes(s ?? '');
const reply = (kind: Kind) => ({ say: [{ key: `common:smalltalk.${kind}` }], menu: true });

export const smalltalk = defineFlow<never>({
  id: 'smalltalk',
  version: 1,
  start: (input) => reply(isKind(input.arg) ? input.arg : 'greeting'),
  match(input, ctx): FlowMatch<never> | undefined {
    for (const kind of SMALLTALK) {
      const m = ctx.lexicon.match(input.tokens, `understanding:smalltalk.${kind}`);
      if (m?.coverage === 1) return { kind: 'smalltalk', score: WHOLE, result: reply(kind), label: `smalltalk:${kind}` };
    }
    return undefined;
  },
});
