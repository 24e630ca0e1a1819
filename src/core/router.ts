/**
 * The router: for every message, what handles it. Buttons (a click, a typed label or number) go where
 * they point. Typed text is scored by every candidate on one scale and the best wins: the active step's
 * reading of it, the global words, each flow's keywords and its own `match` (the FAQ, small talk, a
 * report described in words, an emergency). The scale, from 0 to 1:
 *
 * - 1: a button, a global word typed as the whole message;
 * - 0.95 (`WHOLE`): a phrase list that accounts for the whole message (a keyword alone, `ngày hội là gì`,
 *   `chào ad`, a step's choice typed in other words);
 * - 0.55–0.9: a phrase inside a longer message, by the share of the message it accounts for; the FAQ's
 *   confidence; a free-text answer to the step (by what the step expects, see `StepKind`);
 * - below 0.6: not enough to act on; the FAQ's "did you mean" and "no answer" sit here, as the last resort
 *   outside a flow, and never inside one.
 *
 * The active step wins ties, and what may interrupt it depends on what it expects. The decision is a
 * value (with its top candidates, for the debug log); the engine carries it out.
 */
import { outcomePayload, type Classification, type Classifier } from './classifier.js';
import type { FaqMatcher } from './matcher.js';
import type { Flow, FlowContext, FlowMatch, Input, StepKind, StepResult } from './flow.js';
import type { Lexicon } from './lexicon.js';
import { topicScore, WHOLE } from './lexicon.js';
import { fold } from './normalize.js';
import type { FlowState, SessionState } from './ports.js';

/** The least score that acts on a message. */
export const ACT = 0.6;
/** The least score that wins over free text the user may not have meant as an answer (a `StepKind` `answer`). */
const ACT_OVER_ANSWER = 0.45;
/** How sure an FAQ answer must be to interrupt a choice with a message that does not ask (the FAQ's best is 0.9). */
const FAQ_AT_CHOICE = 0.8;
/** What a free-text answer to the active step scores, by what the step expects. */
const STEP_SCORE: Record<StepKind, number> = { choice: 0.7, text: 0.8, longtext: 0.9, answer: 0.5, browse: 0.7 };

export const GLOBAL_COMMANDS = ['start', 'menu', 'cancel', 'help', 'lang', 'resume'] as const;
export type GlobalCommand = (typeof GLOBAL_COMMANDS)[number];
/** The global words that also count inside a short request (see `requested`). */
const REQUESTED: readonly GlobalCommand[] = ['menu', 'help', 'lang'];
/** The languages a message may name to switch to (`understanding:languages.<lang>`). */
const LANGS = ['vi', 'en'] as const;

/** What to do with a message. */
export type Decision<Data = unknown> =
  | { kind: 'global'; command: GlobalCommand; arg?: string }
  /** The active flow's step took it. */
  | { kind: 'step'; flow: Flow<unknown, Data>; result: StepResult<unknown> }
  /** Start (or switch to) a flow. */
  | { kind: 'start'; flow: Flow<unknown, Data>; result: StepResult<unknown> }
  /** Answer this without leaving the active flow (its draft is kept, and the user is reminded of it). */
  | { kind: 'aside'; flow: Flow<unknown, Data>; result: StepResult<unknown> }
  /** The active step did not understand: say so and ask its question again. */
  | { kind: 'reask' }
  /** Nothing understood the message (no flow active, no FAQ). */
  | { kind: 'unknown' };

/** A scored reading of the message, for the decision and the debug log. */
export interface Candidate {
  label: string;
  score: number;
}

export interface RouterDeps<Data = unknown> {
  flows: readonly Flow<unknown, Data>[];
  lexicon: Lexicon;
  /** The flows' keyword lists as one ranked index (ids are flow ids): a feature asked for in other words. */
  features?: Pick<FaqMatcher, 'rank'>;
  /** What a message means as learnt from examples (core/classifier.ts): see `learntOutcome`. */
  classifier?: Pick<Classifier, 'classify' | 'familiar'>;
}

/**
 * A feature asked for in other words than its keywords (`e da dang ky nhung mon nao roi`, `gan day ban quan ly co
 * thong bao gi ko`), read as the FAQ reads a question (fuzzy, each word by how rare it is among the features): a
 * reading from `least` confidence, scored up to `most`, below a keyword that is the whole message. Fewer than
 * `words` meaningful words (`công an`) are too little to read in other words.
 */
const SIMILAR = { least: 0.6, most: 0.85, words: 3 } as const;
/** A question that a feature's words do not fully explain asks something specific (the FAQ may know it): its feature readings weigh this much. */
const ASKS = 0.7;
/**
 * When the classifier's outcome is acted on: the message has `words` meaningful words or more (one word, `vay`,
 * `so`, is too little) and asks nothing off topic; then, when no reading of the rules is sure (`LEARNT`), its
 * probability is at least `p` (`told` for a tip-off: `con meo nha tro bien mat may hom nay` is not one) and more
 * than two thirds of the words are words that outcome's examples use (`huong dan su dung may giat` is not help,
 * `tin moi ve gia xang` not the news); when a reading is sure but gives another outcome (`OVERRULE`), it must be
 * surer, and never over what `holds` (an emergency, an incident told, a whole-message phrase).
 * Chosen on development sets the classifier was not trained on (dev8, dev9, dev10 each left out) and on 404 messages
 * a helper wrote to trap it (test/understanding/trap11.yaml), keeping the messages earlier reviews' traps left in
 * test/unit/core/router.test.ts; `holds` after a review that wrote 487 messages to find harm (docs/understanding.md).
 */
const LEARNT = { p: 0.6, words: 2, familiar: 0.67, told: 0.95, offTopic: 0.8 } as const;
const OVERRULE = { p: 0.8, familiar: 0.75 } as const;
/**
 * The classifier gives only outcomes a button gives (an FAQ entry, a feature, small talk, menu, help, language: see
 * `outcomePayload`), and a tip-off told in words no rule knows (`e nghe noi ong to truong chuyen lay vat tu cua cty
 * ra ngoai ban`), when nothing sure reads it otherwise and it asks nothing: the report is offered with the text kept.
 * `none` (off topic), at `offTopic`, only where the FAQ would answer with a best guess (`em muon nghi viec thi phai
 * bao truoc may ngay` is not about scams): the FAQ's "no answer", kept for the editors. Never an emergency (the rules
 * give the numbers), nor `hủy` (it drops a draft put aside).
 */
const NEVER_LEARNT = new Set(['global:cancel']);
/** The report flow's start that offers a told incident as a report, the text kept (see flows/report.ts). */
const TOLD = '#report:told';
/** How likely a next FAQ entry must be to be offered under a learnt answer ("not what you asked?"). */
const RUNNER_UP = 0.02;
/** The FAQ's start with no entry: its "no answer". */
const NONE = '#faq';

/** A button the user may choose by typing. */
export interface Choice {
  title: string;
  payload: string;
  /** i18n keys of phrase lists that also choose it. */
  means?: string | readonly string[];
  /** Only the whole message may choose it (a button that sends or consents). */
  exact?: boolean;
}

/**
 * Matches typed text to one of `choices`: the number shown (1-based, among the first `numbered`) or the
 * label (folded) is certain (1); a label that holds every meaningful word typed scores 0.85, and a phrase the
 * button `means` 0.6 to 0.9 by the share of the answer it is (`WHOLE` for all of it; nothing inside a question).
 * Two different buttons scoring alike is no match (`ambiguous`).
 */
export function matchChoice(
  lexicon: Lexicon,
  text: string,
  tokens: readonly string[],
  choices: readonly Choice[],
  numbered = choices.length,
): { index: number; score: number } | { ambiguous: true } | undefined {
  const f = fold(text);
  if (tokens.length === 0 || choices.length === 0) return undefined;
  if (/^\d{1,2}$/.test(f)) {
    const n = Number(f);
    return n >= 1 && n <= numbered ? { index: n - 1, score: 1 } : undefined;
  }
  const exact = choices.findIndex((c) => c.title !== '' && fold(c.title) === f);
  if (exact >= 0) return { index: exact, score: 1 };
  // Words that carry meaning, all found in a label ("phan hoi" in "Phần hội có gì?").
  const words = lexicon.content(tokens);
  // A question names a button's phrase without choosing it (`co qua cho nguoi tham gia ko` at an event is not "join").
  const asks = lexicon.isQuestion(text, tokens);
  const scored = choices.map((c, index) => {
    const label = new Set(lexicon.tokens(c.title));
    const inLabel = c.title !== '' && words.some((w) => w.length > 1) && words.every((w) => label.has(w)) ? 0.85 : 0;
    // At a step, a phrase the button means counts wherever it stands in the answer (`bi mat xe may`).
    const m = c.means ? lexicon.match(tokens, c.means) : undefined;
    const meant = m ? (m.coverage === 1 ? WHOLE : asks ? 0 : 0.6 + 0.3 * m.coverage) : 0;
    return { index, score: Math.max(inLabel, meant), payload: c.payload, exact: c.exact && meant < WHOLE && inLabel === 0 };
  });
  scored.sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  // A button that sends or consents is never chosen by a word inside a longer message (it still makes a choice ambiguous).
  if (!best || best.score === 0 || best.exact) return undefined;
  if (second && second.payload !== best.payload && second.score >= best.score - 0.02) return { ambiguous: true };
  return { index: best.index, score: best.score };
}

/** `#festival:when` → ['festival', 'when']; `#menu` → ['menu', undefined]. */
export function splitPayload(payload: string): [string, string | undefined] {
  const body = payload.startsWith('#') ? payload.slice(1) : payload;
  const i = body.indexOf(':');
  return i < 0 ? [body, undefined] : [body.slice(0, i), body.slice(i + 1)];
}

/**
 * What may interrupt a step that expects `kind` (the global words always may): the clearer the step's
 * own reading, the clearer the interruption must be. `took`: the step understood the message.
 */
function mayInterrupt(kind: StepKind, took: boolean, m: FlowMatch<unknown>, input: Input, ctx: FlowContext): boolean {
  if (m.unsure) return false;
  if (m.kind === 'emergency') return true;
  const question = m.kind === 'faq' && ctx.lexicon.isQuestion(input.text, input.tokens);
  const whole = (m.kind === 'keyword' || m.kind === 'smalltalk' || m.kind === 'command' || m.kind === 'topic') && m.score >= WHOLE;
  switch (kind) {
    case 'longtext':
      // A long answer is taken as typed; only a plain question the bot knows well, telling nothing, is asked aside.
      return (m.kind === 'smalltalk' && whole) || (plainQuestion(m, input, ctx) && m.score >= ACT_OVER_LONGTEXT);
    case 'text':
      return question || whole;
    case 'choice':
      // An answer the step did not take gives way to something else the message clearly is; an FAQ entry when asked,
      // or near sure (`so cap cuu`, `e so bi lo danh tinh`; not `toi nao cung thay`, more of the story).
      return question || whole || (!took && (m.kind !== 'faq' || m.score >= FAQ_AT_CHOICE));
    default:
      return true;
  }
}

/** How sure a question's answer must be to interrupt a step that waits for a story. */
const ACT_OVER_LONGTEXT = 0.9;

/** An FAQ entry or a topic asked as a question, with no word of someone telling what happened. */
function plainQuestion(m: FlowMatch<unknown>, input: Input, ctx: FlowContext): boolean {
  return (
    (m.kind === 'faq' || m.kind === 'topic') &&
    ctx.lexicon.isQuestion(input.text, input.tokens) &&
    !ctx.lexicon.has(input.tokens, 'understanding:tipoff.narrative')
  );
}

/** A reading and the flow it comes from. */
type Reading<Data> = FlowMatch<unknown> & { flow: Flow<unknown, Data> };

export function createRouter<Data>(deps: RouterDeps<Data>) {
  const { flows, lexicon } = deps;
  const byId = new Map(flows.map((f) => [f.id, f]));

  /** Every reading of free text offered by the flows (their keywords and their `match`), best first; `outside` a flow, the nearest feature too. */
  function readings(input: Input, ctx: FlowContext<Data>, except?: Flow<unknown, Data>, outside = false): Reading<Data>[] {
    const out: Reading<Data>[] = [];
    // Only outside a flow: a step's short answer is often like a feature's words (`xem lai` at the summary is not the look-up).
    const near = outside ? nearestFeature(input) : undefined;
    for (const flow of flows) {
      if (flow === except) continue;
      if (near?.id === flow.id)
        out.push({
          flow,
          kind: 'keyword',
          score: near.score,
          label: `similar:${flow.id}`,
          get result() {
            return flow.start(input, ctx);
          },
        });
      if (flow.keywords) {
        const m = lexicon.match(input.tokens, flow.keywords);
        // The start is computed only for the reading that wins.
        // A question the feature's words do not fully explain asks something specific (the FAQ may know it).
        const asks = m && m.coverage < 1 && lexicon.isQuestion(input.text, input.tokens);
        if (m)
          out.push({
            flow,
            kind: 'keyword',
            score: topicScore(m) * (asks ? ASKS : 1),
            label: `keyword:${flow.id}`,
            get result() {
              return flow.start(input, ctx);
            },
          });
      }
      const own = flow.match?.(input, ctx);
      if (own) out.push({ ...own, flow });
    }
    return featureOverHowTo(out, input).sort((a, b) => b.score - a.score);
  }

  /** The feature whose keywords the message reads most like (see `SIMILAR`), when sure enough, and its score. */
  function nearestFeature(input: Input): { id: string; score: number } | undefined {
    const ranking = deps.features?.rank(input.tokens.join(' '));
    const best = ranking?.ranked[0];
    if (!ranking || !best || ranking.confidence < SIMILAR.least || lexicon.content(input.tokens).length < SIMILAR.words) return undefined;
    return { id: best.id, score: Math.min(SIMILAR.most, ranking.confidence) * (lexicon.isQuestion(input.text, input.tokens) ? ASKS : 1) };
  }

  /**
   * An answer that points to a feature (its button starts it) gives way to that feature when the message
   * names the feature and asks nothing: `tôi muốn báo tin cho công an` is the report itself, not how to report.
   * A best guess gives way as a best guess (`huy nhan tin tu bot nha ad` stops the news, not how to subscribe).
   */
  function featureOverHowTo(out: Reading<Data>[], input: Input): Reading<Data>[] {
    const answer = out.find((m) => m.kind === 'faq' && !m.aside && (!m.unsure || m.label.startsWith('faq:guess:')));
    if (!answer || lexicon.isQuestion(input.text, input.tokens)) return out;
    const to = pointsTo(answer.result);
    const score = answer.score + 0.001;
    return out.map((m) =>
      m.kind === 'keyword' && to.has(m.flow.id) && m.score < answer.score
        ? {
            flow: m.flow,
            kind: m.kind,
            label: m.label,
            score,
            unsure: answer.unsure,
            get result() {
              return m.result;
            },
          }
        : m,
    );
  }

  /** The features an answer's buttons start (`#report`, not `#report:urgent:no`). */
  function pointsTo(result: StepResult<unknown>): Set<string> {
    return new Set(
      result.say
        .flatMap((s) => s.buttons ?? [])
        .flatMap((b) => {
          const [head, arg] = splitPayload(b.payload);
          return arg === undefined ? [head] : [];
        }),
    );
  }

  /** Decides for a message typed or clicked; `session` is the state before the turn. */
  function decide(input: Input, session: SessionState, ctx: FlowContext<Data>, trace: Candidate[]): Decision<Data> {
    const state = session.flow;
    const active = state ? byId.get(state.id) : undefined;
    if (input.payload) return byPayload(input, session, ctx);
    // A button last shown, typed as its label or its number, is that button.
    const offered = session.offered ?? [];
    const typed = matchChoice(lexicon, input.text, input.tokens, offered);
    if (typed && 'index' in typed && typed.score === 1) return byPayload({ ...input, payload: offered[typed.index]!.payload }, session, ctx);
    const global = globalWord(input);
    if (global && (global !== 'resume' || !active)) return command(global, input);
    if (!active || !state) return free(input, ctx, trace);
    return inFlow(active, state, input, session, ctx, trace);
  }

  /** A message typed while `active` waits at `state.step`: the step's reading, unless something else is clearer. */
  function inFlow(
    active: Flow<unknown, Data>,
    state: FlowState,
    input: Input,
    session: SessionState,
    ctx: FlowContext<Data>,
    trace: Candidate[],
  ): Decision<Data> {
    const kind = active.expects?.[state.step] ?? 'choice';
    const picked = pick(active, state, input, session, ctx);
    if (picked) trace.push({ label: `choice:${picked.payload}`, score: picked.score });
    if (picked && picked.score >= 0.9 && kind !== 'browse') return byPayload({ ...input, payload: picked.payload }, session, ctx);
    if (kind !== 'choice' && isResume(input)) return { kind: 'global', command: 'resume' };

    const own = stepReading(active, state, kind, input, picked, ctx);
    trace.push({ label: `step:${active.id}.${state.step}`, score: own.score });
    // A flow's own readings count while it only shows topics (`hủy nhận tin` among the subscription topics).
    const others = readings(input, ctx, kind === 'browse' ? undefined : active).filter((m) => mayInterrupt(kind, own.result !== undefined, m, input, ctx));
    for (const m of others.slice(0, 3)) trace.push({ label: m.label, score: m.score });
    const best = others[0];
    // What may interrupt a story (see mayInterrupt) is sure enough to win over taking the message as the story.
    if (own.result && (!best || (kind !== 'longtext' && ownSubject(active, kind, input, ctx, own.score) >= best.score)))
      return { kind: 'step', flow: active, result: own.result };
    if (best && best.score >= (kind === 'answer' ? ACT_OVER_ANSWER : ACT)) return interruption(best);
    if (own.rejected) return { kind: 'step', flow: active, result: own.rejected };
    if (kind === 'browse') return free(input, ctx, trace);
    if (isResume(input)) return { kind: 'global', command: 'resume' };
    return { kind: 'reask' };
  }

  /**
   * How strongly the step holds a message it understood: its own score, or the active flow's own reading of
   * the message when that is stronger. `đang đánh nhau` typed at the offer to send a report is more of the
   * incident (the report's own reading: an emergency), not a question for the fight-safety FAQ.
   */
  function ownSubject(active: Flow<unknown, Data>, kind: StepKind, input: Input, ctx: FlowContext<Data>, score: number): number {
    if (kind === 'browse') return score;
    const mine = active.match?.(input, ctx);
    return mine && !mine.unsure && mine.kind !== 'command' ? Math.max(score, mine.score) : score;
  }

  /**
   * What the user may pick by typing: the buttons last shown (by number or label), then the step's own
   * buttons with the phrases they mean (still there after an answer aside showed other buttons).
   */
  function pick(
    active: Flow<unknown, Data>,
    state: FlowState,
    input: Input,
    session: SessionState,
    ctx: FlowContext<Data>,
  ): { payload: string; score: number } | undefined {
    const offered = session.offered ?? [];
    const own = (active.prompt?.(state.step, state.data, ctx) ?? [])
      .flatMap((s) => s.buttons ?? [])
      .filter((b) => (b.kind ?? 'reply') === 'reply')
      .map((b): Choice => ({ title: '', payload: b.payload, means: b.means, exact: b.exact }));
    const choices: Choice[] = [...offered, ...own];
    const chosen = matchChoice(lexicon, input.text, input.tokens, choices, offered.length);
    return chosen && 'index' in chosen ? { score: chosen.score, payload: choices[chosen.index]!.payload } : undefined;
  }

  /** The step's reading: a choice typed in other words, or the text as its answer (scored by what the step expects). */
  function stepReading(
    active: Flow<unknown, Data>,
    state: FlowState,
    kind: StepKind,
    input: Input,
    picked: { payload: string; score: number } | undefined,
    ctx: FlowContext<Data>,
  ) {
    const step = active.steps?.[state.step];
    if (picked && picked.score >= ACT && splitPayload(picked.payload)[0] === active.id) {
      const result = step?.({ ...input, payload: picked.payload, arg: splitPayload(picked.payload)[1] }, state.data, ctx);
      if (result) return { result, score: picked.score };
    }
    const raw = step?.(input, state.data, ctx);
    if (raw?.rejected) return { score: 0, rejected: raw };
    return raw ? { result: raw, score: STEP_SCORE[kind] } : { score: 0 };
  }

  /**
   * Something else the message clearly is. An answer (small talk, an FAQ entry, a topic, the emergency
   * numbers) is given aside and the flow stays; a feature that asks questions of its own takes over (a
   * draft is kept to resume).
   */
  function interruption(best: Reading<Data>): Decision<Data> {
    if (best.aside) return { kind: 'aside', flow: best.flow, result: best.aside };
    const next = best.result.next;
    const asks = next !== undefined && best.flow.expects?.[next.step] !== 'browse';
    return { kind: asks ? 'start' : 'aside', flow: best.flow, result: best.result };
  }

  const isResume = (input: Input) => lexicon.match(input.tokens, 'common:commands.resume')?.coverage === 1;

  /**
   * A global word asked for in a few more words (`chuyển sang tiếng anh giúp mình`, `mở menu cho e với`), scored
   * like a feature's keywords by the share of the message it is. Not `hủy`: inside a longer message it may be
   * something else (`hủy đăng ký kéo co`).
   */
  function requested(input: Input): { command: GlobalCommand; score: number } | undefined {
    let best: { command: GlobalCommand; score: number } | undefined;
    for (const command of REQUESTED) {
      const m = lexicon.match(input.tokens, `common:commands.${command}`);
      if (m && (!best || topicScore(m) > best.score)) best = { command, score: topicScore(m) };
    }
    return best;
  }

  /** No flow active: the best reading of the text; the FAQ's "did you mean" or "no answer" when none is sure. */
  function free(input: Input, ctx: FlowContext<Data>, trace: Candidate[]): Decision<Data> {
    const all = readings(input, ctx, undefined, true);
    for (const m of all.slice(0, 3)) trace.push({ label: m.label, score: m.score });
    const sure = all.find((m) => !m.unsure && m.score >= ACT);
    const asked = requested(input);
    if (asked) trace.push({ label: `global:${asked.command}`, score: asked.score });
    if (asked && asked.score >= ACT && (!sure || asked.score > sure.score)) return command(asked.command, input);
    const best = sure ?? all.find((m) => m.unsure);
    const learnt = learntOutcome(input, ctx, trace, sure, best?.label.startsWith('faq:guess:'));
    if (learnt) return learnt;
    return best ? { kind: 'start', flow: best.flow, result: best.result } : { kind: 'unknown' };
  }

  /**
   * The outcome the classifier learnt from examples, when it is sure of it and the outcome is one it may give
   * (`LEARNT`, `NEVER_LEARNT`): when no reading is sure (`e dk may cuoc thi roi ma quen mat, xem lai giup e` is
   * "my sign-ups" though no list holds its words), or, surer still (`OVERRULE`), over a sure reading that gives
   * another outcome (`cty em ben kcn hoa phu co lam ngay hoi khong` asks whether the worker's company holds it, not
   * where it is held), unless the reading `holds`.
   */
  function learntOutcome(input: Input, ctx: FlowContext<Data>, trace: Candidate[], sure?: Reading<Data>, guessing = false): Decision<Data> | undefined {
    const learnt = deps.classifier;
    const words = lexicon.content(input.tokens);
    // About pay, holidays, insurance… (`off_topic`): the FAQ's rule holds here too.
    if (!learnt || words.length < LEARNT.words || lexicon.has(input.tokens, 'understanding:off_topic')) return undefined;
    if (sure && holds(sure)) return undefined;
    const c = learnt.classify(input.tokens);
    if (!c) return undefined;
    trace.push({ label: `learnt:${c.label}`, score: c.p });
    if (sure && same(c.label, sure)) return undefined;
    const gate = sure ? OVERRULE : LEARNT;
    const told = c.label === 'tipoff' && !sure && c.p >= LEARNT.told && !lexicon.isQuestion(input.text, input.tokens);
    const offTopic = c.label === 'none' && guessing && c.p >= LEARNT.offTopic;
    const payload = told ? TOLD : offTopic ? NONE : withRunnersUp(c);
    if (!(c.p >= gate.p) || !payload || NEVER_LEARNT.has(c.label)) return undefined;
    if (learnt.familiar(c.label, words) < gate.familiar) return undefined;
    const [head, arg] = splitPayload(payload);
    if ((GLOBAL_COMMANDS as readonly string[]).includes(head)) return command(head as GlobalCommand, input);
    const target = byId.get(head);
    const result = target?.start({ ...input, payload, arg }, ctx);
    // An answer that explains the feature the sure reading starts (`bao tin an danh`: how to report) gives way to it.
    if (!target || !result || (sure?.kind === 'keyword' && pointsTo(result).has(sure.flow.id))) return undefined;
    return { kind: 'start', flow: target, result };
  }

  /**
   * An FAQ entry learnt, with the next likely entries (`#faq:<id>+<id>+<id>`): the FAQ shows them under the answer,
   * in case it is not what was asked. Other outcomes: their button.
   */
  function withRunnersUp(c: Classification): string | undefined {
    const payload = outcomePayload(c.label);
    if (!payload || !c.label.startsWith('faq:')) return payload;
    const others = c.next.filter((n) => n.label.startsWith('faq:') && n.p >= RUNNER_UP).map((n) => n.label.slice(4));
    // Two at most, as under the FAQ's own best guess.
    return [payload, ...others.slice(0, 2)].join('+');
  }

  /**
   * A sure reading the classifier never overrules: an emergency (the numbers come first), an incident told (`o phong
   * tro ben canh co nguoi dung ma tuy` is a report, not a question for the drugs advice: what was told is kept), a
   * phrase that is the whole message.
   */
  const holds = (sure: Reading<Data>) => sure.kind === 'emergency' || sure.kind === 'tipoff' || sure.score >= WHOLE;

  /** Whether a reading gives the classifier's outcome already (the FAQ entry, or the feature). */
  function same(outcome: string, reading: Reading<Data>): boolean {
    const [kind, id] = outcome.split(':');
    return reading.label === outcome || (kind === 'flow' && reading.flow.id === id);
  }

  function byPayload(input: Input, session: SessionState, ctx: FlowContext<Data>): Decision<Data> {
    const [head, arg] = splitPayload(input.payload!);
    if ((GLOBAL_COMMANDS as readonly string[]).includes(head)) return { kind: 'global', command: head as GlobalCommand, arg };
    const target = byId.get(head);
    const state = session.flow;
    const active = state ? byId.get(state.id) : undefined;
    if (active && state && target === active) {
      const result = active.steps?.[state.step]?.({ ...input, arg }, state.data, ctx);
      if (result) return { kind: 'step', flow: active, result };
      // The flow's own start button while it is under way: show where the user is rather than start over.
      if (arg === undefined && active.task) return { kind: 'global', command: 'resume' };
    }
    if (target) return { kind: 'start', flow: target, result: target.start({ ...input, arg }, ctx) };
    return active ? { kind: 'reask' } : { kind: 'unknown' };
  }

  /** A global word's decision; the language one names its language when the message names only one (`tiếng anh`, `chuyển về tiếng việt`). */
  function command(cmd: GlobalCommand, input: Input): Decision<Data> {
    if (cmd !== 'lang') return { kind: 'global', command: cmd };
    const named = LANGS.filter((l) => lexicon.has(input.tokens, `understanding:languages.${l}`));
    return named.length === 1 ? { kind: 'global', command: cmd, arg: named[0] } : { kind: 'global', command: cmd };
  }

  /** A global word typed as the whole message (`menu`, `hủy`, `trợ giúp`, `ngôn ngữ`, `tiếp tục`). */
  function globalWord(input: Input): GlobalCommand | undefined {
    for (const cmd of GLOBAL_COMMANDS) {
      if (cmd === 'start') continue;
      if (lexicon.match(input.tokens, `common:commands.${cmd}`)?.coverage === 1) return cmd;
    }
    return undefined;
  }

  return { decide, byId };
}

export type Router = ReturnType<typeof createRouter>;
