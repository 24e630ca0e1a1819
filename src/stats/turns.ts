/**
 * What one turn counts, read from the texts the bot answered with (their content keys): a slogan or
 * festival page shown, an FAQ answer shown, and whether a typed question was answered, met with "Did
 * you mean…?" or not understood (the last two are what the FAQ's unanswered list records). Pure, so
 * the turn path pays for a few string tests; test/unit/stats/turns.test.ts checks that every key named
 * here exists in content.
 */
import { F, field } from './fields.js';

/** The keys this module reads (exported for the test that they exist in content). */
export const COUNTED_KEYS = {
  slogans: 'slogans:message',
  festival: /^festival:topics\.([a-z]+)\.(?:answer|full)$/,
  faqAnswer: /^faq:entries\.([a-z0-9-]+)\.answer$/,
  faqUnsure: 'faq:did_you_mean',
  /** After a best guess: the guess counts as unsure, not as answered. */
  faqGuess: 'faq:not_this',
  faqNone: 'faq:no_answer',
} as const;

/** What a turn answered with: its reply keys, and whether the user typed (not a button or a start event). */
export interface TurnReplies {
  typed: boolean;
  keys: readonly string[];
}

/** The counters one turn adds (empty for most turns). */
export function turnCounts({ typed, keys }: TurnReplies): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (f: string) => (out[f] = (out[f] ?? 0) + 1);
  let faq: string | undefined;
  for (const key of keys) {
    if (key === COUNTED_KEYS.slogans) add(field(F.view, 'slogans'));
    const topic = COUNTED_KEYS.festival.exec(key)?.[1];
    if (topic) add(field(F.view, 'festival', topic));
    const entry = COUNTED_KEYS.faqAnswer.exec(key)?.[1];
    if (entry) {
      add(field(F.faqEntry, entry));
      faq ??= F.faqAnswered;
    }
    if (key === COUNTED_KEYS.faqUnsure) faq ??= F.faqUnsure;
    // A guess shows an answer first, then "not what you asked?": unsure, whatever came before.
    if (key === COUNTED_KEYS.faqGuess) faq = F.faqUnsure;
    if (key === COUNTED_KEYS.faqNone) faq ??= F.faqNone;
  }
  if (typed && faq) {
    add(F.faqAsked);
    add(faq);
  }
  return out;
}
