/**
 * Small talk: greetings, thanks, `ok`, goodbyes, "bạn là ai". A short warm answer (with the menu, or,
 * in the middle of a flow, a reminder of where the user was), never an FAQ entry. Only a message that
 * is small talk as a whole counts; the phrases are in understanding.yaml (`smalltalk`).
 */
import type { FlowMatch } from '../src/core/flow.js';
import { defineFlow } from '../src/festival/flow.js';
import { WHOLE } from '../src/core/lexicon.js';

export const SMALLTALK = ['greeting', 'thanks', 'ack', 'bye', 'identity'] as const;
type Kind = (typeof SMALLTALK)[number];

const isKind = (s: string | undefined): s is Kind => (SMALLTALK as readonly string[]).includes(s ?? '');
const reply = (kind: Kind) => ({ say: [{ key: `common:smalltalk.${kind}` }], menu: true });

/** Short messages only: small talk inside a longer message is not what the message is about. */
const SHORT = 4;

export const smalltalk = defineFlow<never>({
  id: 'smalltalk',
  version: 1,
  start: (input) => reply(isKind(input.arg) ? input.arg : 'greeting'),
  match(input, ctx): FlowMatch<never> | undefined {
    // Only laughter or a smiley (`hihi`, `haha`, `😁`: the chat spellings drop them, so no word is left) is a nod.
    if (input.tokens.length === 0 && !input.payload && /[\p{L}\p{Extended_Pictographic}]/u.test(input.text))
      return { kind: 'smalltalk', score: WHOLE, result: reply('ack'), label: 'smalltalk:ack' };
    const words = ctx.lexicon.content(input.tokens);
    let best: { kind: Kind; score: number } | undefined;
    for (const kind of SMALLTALK) {
      const key = `understanding:smalltalk.${kind}`;
      const m = ctx.lexicon.match(input.tokens, key);
      // All of it small talk, or most of what a short message says (`cam on ad nhiu`, `pp nhe e di lam day`).
      const most =
        m &&
        words.length > 0 &&
        words.length <= SHORT &&
        !ctx.lexicon.isQuestion(input.text, input.tokens) &&
        (ctx.lexicon.match(words, key)?.coverage ?? 0) >= 0.5;
      // Whole: the small talk, and words that change nothing; but not a message mostly made of those (`ở đây hỏi được gì`, where `ở` folds like `ờ`).
      const whole = m !== undefined && m.coverage === 1 && m.phrased >= 0.4 * input.tokens.length;
      const score = whole ? WHOLE : most ? m.score : 0;
      if (score > (best?.score ?? 0)) best = { kind, score };
    }
    return best && { kind: 'smalltalk', score: best.score, result: reply(best.kind), label: `smalltalk:${best.kind}` };
  },
});
