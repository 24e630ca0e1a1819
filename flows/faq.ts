/**
 * The FAQ: answers questions from `content/faq.yaml`. It offers the router a reading of every message:
 * the matcher's confidence in its best entry (core/router.ts weighs it against the other readings).
 * Confident: the answer (with follow-up buttons). Unsure: "Did you mean…?" with the three best
 * questions. Nothing close: says so and shows the menu. The last two are the router's last resort
 * outside a flow (never inside one), and are counted (as normalised text, without the user) through the
 * `faq.unanswered` effect, so editors see what to add. `#faq:<id>` shows one entry (the buttons use it).
 * A question typed in the middle of a flow is answered only when the matcher is confident.
 */
import { faqAnswerButtons, type FaqData } from '../src/festival/faq-broadcasts.js';
import type { ButtonSpec, FlowMatch, Input, Say, StepResult } from '../src/core/flow.js';
import { defineFlow, type FestivalFlow, type FestivalContext } from '../src/festival/flow.js';
import type { Lexicon } from '../src/core/lexicon.js';
import { seasonParams } from '../src/festival/season.js';
import { ACT } from '../src/core/router.js';
import { createFaqMatcher, DEFAULT_THRESHOLDS, type FaqMatcher } from '../src/core/matcher.js';

/** The matcher of each lexicon's content (the engine builds a lexicon per content it gets, and prepares this flow on it). */
const matchers = new WeakMap<Lexicon, { faq: FaqData; matcher: FaqMatcher }>();
/** The FAQ's highest score on the router's scale. */
const FAQ_MAX = 0.9;
/** When an entry is sure enough to show as a best guess: every bound given holds. */
interface GuessBand {
  /** Meaningful words in the message, at least. */
  words: number;
  /** The best entry's confidence, at least. */
  confidence: number;
  /** The share of the question's meaning its phrasings hold, at least. */
  covered?: number;
  /** How far the best entry's score is ahead of the next one's, at least. */
  lead?: number;
  /** Only a message that reads as a question (one that tells without asking may be a tip-off). */
  question?: boolean;
}

/**
 * Below the confidence the router acts on, the best entry is still shown as a best guess, with the next
 * ones as buttons ("not what you asked?"), in these bands. It stays a last resort: never inside a flow,
 * never over another reading, never off topic.
 * 1. Nearly sure: the phrasings hold most of the question's meaning (a question about something else,
 *    `bao giờ công ty trả lương`, holds words no entry has). In the development sets, about four guesses
 *    in five here were right; the rest were answered with the list alone.
 * 2. A long question: it tells a lot before it asks (`e moi vao lam…, ad cho e hoi phan le gom nhung muc gi`),
 *    so its context holds words no entry has and its confidence stays low even when one entry stands ahead.
 *    On a fresh set (dev9), 7 more right, 2 more wrong.
 * 3. A question whose best entry stands far ahead of every other, from six words (`what exactly is this
 *    national security day everyone keeps talking about`): in the read sets, 10 more right, 1 more wrong.
 */
export const GUESS_BANDS: readonly GuessBand[] = [
  { words: 3, confidence: 0.5, covered: 0.6 },
  { words: 12, confidence: 0.4, lead: 0.25, question: true },
  { words: 6, confidence: 0.35, lead: 0.6, question: true },
];

/** Whether a suggestion falls in one of the bands where its best entry is shown as a guess. */
function guessable(m: { confidence: number; covered: number; lead: number }, meaningful: number, question: () => boolean): boolean {
  return GUESS_BANDS.some(
    (b) => meaningful >= b.words && m.confidence >= b.confidence && m.covered >= (b.covered ?? 0) && m.lead >= (b.lead ?? 0) && (!b.question || question()),
  );
}
/** The least confidence at which a question with an `off_topic` phrase (pay, holidays…) is answered outright. */
const OFF_TOPIC_ANSWER = 0.75;

/** One matcher per loaded FAQ and lexicon (built by `prepare`, or on first use), reading questions with the lexicon's terms. */
function matcherFor(faq: FaqData, lexicon: Lexicon): FaqMatcher {
  const built = matchers.get(lexicon);
  if (built?.faq === faq) return built.matcher;
  // Answers only what the router acts on: a less sure entry is offered among the suggestions.
  // Every entry is about the festival: its long name says nothing about which one is asked (and made a
  // question that spells it out, `ngày hội toàn dân bảo vệ antq có từ năm nào`, read as "what is the festival").
  const festival = lexicon.tokens('ngày hội');
  const terms = (text: string) => lexicon.replace(lexicon.terms(text), 'understanding:festival_names', festival);
  const matcher = createFaqMatcher(faq.entries, terms, { ...DEFAULT_THRESHOLDS, answerAt: Math.max(DEFAULT_THRESHOLDS.answerAt, ACT) });
  matchers.set(lexicon, { faq, matcher });
  return matcher;
}

const titleButton = (id: string): ButtonSpec => ({ key: `faq:entries.${id}.title`, payload: `#faq:${id}` });

/**
 * An answer, then "not what you asked?" (`key`) with the entries `ids` (those not already offered under it: its
 * follow-up questions). After the FAQ's best guess it is `faq:not_this` (the statistics count the question as not
 * answered for sure); after an answer the classifier chose, `faq:learnt_others` (the same words; answered).
 */
function withOthers(found: StepResult<never>, ids: readonly string[], key = 'faq:not_this'): Say[] {
  const shown = new Set(found.say.flatMap((s) => s.buttons ?? []).map((b) => b.payload));
  const others = ids.map(titleButton).filter((b) => !shown.has(b.payload));
  return others.length > 0 ? [...found.say, { key, buttons: others }] : found.say;
}

function answer(id: string, ctx: FestivalContext): StepResult<never> | undefined {
  const entry = ctx.data.faq.entries.find((e) => e.id === id);
  if (!entry) return undefined;
  return { say: [{ key: `faq:entries.${id}.answer`, params: seasonParams(ctx.now, ctx.data, ctx.lang), buttons: faqAnswerButtons(entry) }] };
}

const notFound = (text: string): StepResult<never> => ({
  say: [{ key: 'faq:no_answer' }],
  effects: [{ type: 'faq.unanswered', text }],
  menu: true,
});

/**
 * A message that is only a capitalised name (`Nguyen Van An`, `Trần Thị Hoa`): a person's name typed where
 * the bot did not ask for one, not a question (its words `nguyen`, `an` once matched "Lấy trộm nguyên liệu").
 */
function personName(input: Input, lexicon: Lexicon): boolean {
  const words = input.text.trim().split(/\s+/u);
  return (
    words.length >= 2 &&
    words.length <= 5 &&
    words.every((w) => /^\p{Lu}\p{Ll}*$/u.test(w)) &&
    lexicon.leading(input.tokens, 'understanding:surnames') === 1 &&
    input.tokens.length === words.length
  );
}

export const faq: FestivalFlow<unknown> = defineFlow<never>({
  id: 'faq',
  version: 1,
  prepare: ({ data, lexicon }) => void matcherFor(data.faq, lexicon),
  start: (input, ctx) => {
    // `#faq:<id>+<id>…`: an answer the classifier chose (core/router.ts), with the next likely entries under it.
    const [id = '', ...others] = (input.arg ?? '').split('+');
    const found = answer(id, ctx);
    if (!found) return notFound(input.text);
    return {
      ...found,
      say: withOthers(
        found,
        [...new Set(others)].filter((o) => o !== id && ctx.data.faq.entries.some((e) => e.id === o)),
        'faq:learnt_others',
      ),
    };
  },
  match(input, ctx): FlowMatch<never> | undefined {
    if ([...input.tokens.join('')].length < 2 || personName(input, ctx.lexicon)) return undefined;
    let m = matcherFor(ctx.data.faq, ctx.lexicon).match(input.tokens.join(' '));
    const meaningful = ctx.lexicon.content(input.tokens).length;
    // About pay, holidays, insurance… (`lịch nghỉ lễ 2/9`): only a near-certain answer stands (`việc nhẹ lương
    // cao có phải lừa đảo`), and nothing is guessed (below).
    const offTopic = ctx.lexicon.has(input.tokens, 'understanding:off_topic');
    // One meaningful word (`xem lai`), or an off-topic question, is too little to be sure of: offered among the suggestions.
    if (m.kind === 'answer' && m.confidence < 1 && (meaningful < 2 || (offTopic && m.confidence < OFF_TOPIC_ANSWER)))
      m = { kind: 'suggest', ids: [m.id], confidence: m.confidence, covered: 0, lead: 0 };
    const found = m.kind === 'answer' ? answer(m.id, ctx) : undefined;
    // Below a whole-message phrase (a keyword alone, small talk): `chào` is a greeting, not "Buổi lễ có chào cờ không".
    if (m.kind === 'answer' && found) return { kind: 'faq', score: Math.min(m.confidence, FAQ_MAX), result: found, label: `faq:${m.id}` };
    // One or two syllables (`công an`) are too little to guess from.
    const guess =
      m.kind === 'suggest' && !offTopic && guessable(m, meaningful, () => ctx.lexicon.isQuestion(input.text, input.tokens))
        ? answer(m.ids[0]!, ctx)
        : undefined;
    if (m.kind === 'suggest' && guess) {
      // Kept with the unanswered questions too: a guess may be wrong, and editors see what to add.
      const result = { say: withOthers(guess, m.ids.slice(1)), effects: [{ type: 'faq.unanswered', text: input.text }] };
      return { kind: 'faq', score: m.confidence, result, label: `faq:guess:${m.ids[0]}`, unsure: true };
    }
    if (m.kind === 'suggest') {
      const result = {
        say: [{ key: 'faq:did_you_mean', buttons: [...m.ids.map(titleButton), { key: 'common:back_to_menu', payload: '#menu' }] }],
        effects: [{ type: 'faq.unanswered', text: input.text }],
      };
      return { kind: 'faq', score: m.confidence, result, label: 'faq:suggest', unsure: true };
    }
    return { kind: 'faq', score: m.confidence, result: notFound(input.text), label: 'faq:none', unsure: true };
  },
});
