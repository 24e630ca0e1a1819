/**
 * The conversation engine: one turn = pseudonymise the user → lock → load state → route the message
 * (core/router.ts: a button, a global word, the active step, or the best reading of the text) → carry
 * the decision out → render replies → save state. It serves every channel; channels only translate to
 * and from `InboundMessage`/`OutboundMessage`.
 *
 * What the user typed is never dropped silently: a step that does not understand says so and asks
 * again, with the draft kept; something else answered in the middle of a flow is followed by a
 * reminder of where the user was; leaving a flow that holds a draft is said out loud, and the draft is
 * kept aside to resume.
 */
import type { ButtonSpec, EffectContext, EffectHandler, Flow, FlowContext, InboxDelivery, Input, Say, StepResult } from './flow.js';
import type { I18n } from './i18n.js';
import { detectLanguage } from './lang.js';
import { createLearning } from './learning.js';
import { createFaqMatcher } from './matcher.js';
import { createLexicon, type ChatSpelling, type Lexicon } from './lexicon.js';
import type { InboundMessage, Lang, OutboundMessage } from './message.js';
import { clean, fold } from './normalize.js';
import type { FlowState, Prefs, SessionState, SessionStore, TurnOptions, UserLock } from './ports.js';
import { createRouter, type Candidate, type Decision, type GlobalCommand } from './router.js';

/**
 * What the engine needs from the outside. `Data` is the deployment's data that flows read through their
 * context; the engine itself reads only how workers type (`chat`: see core/lexicon.ts).
 */
export interface EngineDeps<Data extends { chat: ChatSpelling } = { chat: ChatSpelling }> {
  flows: readonly Flow<unknown, Data>[];
  /** Messages with the outcome each should get, for the classifier the router asks (core/classifier.ts, core/learning.ts). */
  examples?: (data: Data) => readonly { text: string; outcome: string }[];
  i18n: I18n;
  sessions: SessionStore;
  lock: UserLock;
  /** Maps (channel, platform id) to the pseudonymous key used for storage. */
  userKey(channel: string, platformId: string): string;
  /** Maps a session pseudonym to the user's pseudonym for one feature (see EffectContext.pseudonymFor). */
  pseudonymFor(feature: string, userKey: string): string;
  clock(): Date;
  defaultLang: Lang;
  data: Data;
  /** Seals (channel, platform id) for effects that must reach the user later. */
  sealAddress(channel: string, platformId: string): string;
  /** Handlers for the effects flows ask for, by effect type. */
  effects?: Record<string, EffectHandler>;
  /** Messages waiting for this user, delivered first in their next turn. */
  inbox?(userKey: string): Promise<InboxDelivery | undefined>;
  /** Called once per turn that a flow failed; the user gets a generic apology. */
  onFlowError(err: unknown, info: { flow?: string; channel: string }): void;
  /**
   * Called when a turn was saved but what it delivered could not be marked so (waiting messages left in
   * the inbox, officer questions not marked): the turn still answers, and they are shown again next turn.
   */
  onAckError(err: unknown, info: { channel: string }): void;
  /** Called with each typed message's decision and its top candidates (for a debug log; never the text). */
  onRoute?(info: { channel: string; decision: string; candidates: Candidate[] }): void;
  /**
   * Called once per saved turn (not for polls), for the statistics: who (the session pseudonym), on
   * which channel, whether the user typed, and the content keys of the replies; never the text. It runs
   * on the turn path: it must be synchronous and cheap (the statistics buffer it).
   */
  onTurn?(info: { channel: string; userKey: string; now: Date; typed: boolean; keys: string[] }): void;
}

/** The content a turn reads: the texts and the deployment's data (replaced when content is edited). */
export interface EngineContent<Data = unknown> {
  i18n: I18n;
  data: Data;
}

export interface Engine<Data = unknown> {
  /**
   * Handles one inbound message and returns the replies, in the user's language. With `turnId` (a
   * stored webhook event), the replies are saved with the state under that id (see TurnRecord), and
   * a second call with the same id returns them without running the turn again.
   */
  handle(msg: InboundMessage, opts?: TurnOptions): Promise<OutboundMessage[]>;
  /** Resolves when every turn in progress has finished (for graceful shutdown). */
  drain(): Promise<void>;
  /**
   * Trains the classifier of the current content now (about a second of CPU) when there is none yet, so that
   * the first message does not wait for it (otherwise it is trained on that message); after a content edit it
   * trains in the background, the classifier before the edit serving meanwhile. Resolves when it is trained.
   */
  learn(): Promise<void>;
  /** Renders messages for a user outside a turn (pushes), in that user's language. */
  renderFor(userKey: string, say: Say[]): Promise<OutboundMessage[]>;
  /**
   * Replaces the texts and data turns read (content edited in the dashboard): the lexicon, the router
   * and what flows derive from the content (`Flow.prepare`) are rebuilt here, once, not per turn; a turn
   * under way finishes on the content it started with.
   */
  useContent(content: EngineContent<Data>): void;
}

const PAYLOAD = /^#[a-z][a-z0-9_.-]*(?::[^\s]*)?$/i;

interface Turn {
  lang: Lang;
  prefs: Prefs;
  session: SessionState;
  say: Say[];
  /** What to mark as delivered once the turn is saved (effects' `afterSave`). */
  afterSave: (() => Promise<void>)[];
}

/** Builds the engine over its ports. */
export function createEngine<Data extends { chat: ChatSpelling }>(deps: EngineDeps<Data>): Engine<Data> {
  const learning = createLearning((err) => deps.onFlowError(err, { flow: 'classifier', channel: 'none' }));
  const compile = ({ i18n, data }: EngineContent<Data>) => {
    const lexicon = createLexicon(i18n, data.chat);
    for (const flow of deps.flows) flow.prepare?.({ data, lexicon });
    // The features' keyword lists, indexed as the FAQ's phrasings are: a feature asked for in other words.
    const features = createFaqMatcher(
      deps.flows.flatMap((f) => (f.keywords ? [{ id: f.id, questions: { vi: i18n.list('vi', f.keywords), en: i18n.list('en', f.keywords) } }] : [])),
      (text) => lexicon.terms(text),
    );
    // Kept while the examples stay the same (an event edited in the dashboard does not train it again; an FAQ
    // phrasing does, in the background: core/learning.ts).
    const examples = deps.examples;
    if (examples) learning.use({ list: examples(data), tokens: (text) => lexicon.tokens(text) });
    const classifier = examples && {
      classify: (tokens: readonly string[]) => learning.classifier()?.classify(tokens),
      familiar: (label: string, words: readonly string[]) => learning.classifier()?.familiar(label, words) ?? 0,
    };
    return { i18n, data, lexicon, classifier, router: createRouter({ flows: deps.flows, lexicon, features, classifier }) };
  };
  let content = compile(deps);
  const { byId } = content.router;
  const inflight = new Set<Promise<unknown>>();

  /** The task of a flow state that holds what the user typed (see Flow.task), else undefined. */
  const taskOf = (state: FlowState | undefined) => {
    const flow = state ? byId.get(state.id) : undefined;
    return state && flow?.task && (flow.holds?.(state.data) ?? true) ? flow.task : undefined;
  };
  const resumeButton = (task: string): ButtonSpec => ({ key: 'common:flow.resume', params: { task: { ref: task } }, payload: '#resume' });
  /** The task of the active flow (when it has one), else of the flow set aside: what "Tiếp tục" goes back to. */
  const pending = (session: SessionState) => (session.flow ? byId.get(session.flow.id)?.task : undefined) ?? taskOf(session.parked);
  const menuButtons = (session: SessionState): ButtonSpec[] => {
    const parked = pending(session);
    const features = [...deps.flows]
      .filter((f) => f.menu)
      .sort((a, b) => a.menu!.order - b.menu!.order)
      .map((f): ButtonSpec => ({ key: f.menu!.key, payload: `#${f.id}` }))
      .concat([{ key: 'common:menu.language', payload: '#lang' }]);
    return parked ? [resumeButton(parked), ...features] : features;
  };
  const menu = (session: SessionState, key = 'common:menu.prompt'): Say => ({ key, buttons: menuButtons(session) });
  /** The words to understand: an opening before the message proper (`alo ad ơi cho em hỏi …`) is left out. */
  const readable = (tokens: string[], lexicon: Lexicon): string[] => {
    const opening = lexicon.leading(tokens, 'understanding:smalltalk.opening');
    return opening > 0 && opening < tokens.length ? tokens.slice(opening) : tokens;
  };

  /** The active flow's question again (its prompt), or the buttons last offered. */
  function ask(t: Turn, ctx: FlowContext<Data>): Say[] {
    const state = t.session.flow;
    const prompt = state ? byId.get(state.id)?.prompt?.(state.step, state.data, ctx) : undefined;
    if (prompt?.length) return prompt;
    const offered = t.session.offered ?? [];
    return offered.length
      ? [{ key: 'common:not_understood_choice', buttons: offered.map((b) => ({ key: 'common:raw', params: { text: b.title }, payload: b.payload })) }]
      : [];
  }

  /**
   * Sets the active flow aside because the user went elsewhere: a draft is kept to resume (and that is
   * said); a flow without one just ends.
   */
  function leave(t: Turn): void {
    const task = taskOf(t.session.flow);
    if (task) {
      const dropped = taskOf(t.session.parked);
      if (dropped && dropped !== task) t.say.push({ key: 'common:flow.dropped', params: { task: { ref: dropped } } });
      t.session.parked = t.session.flow;
      t.say.push({ key: 'common:flow.parked', params: { task: { ref: task } } });
    }
    t.session.flow = undefined;
  }

  function runGlobal(cmd: GlobalCommand, arg: string | undefined, t: Turn, ctx: FlowContext<Data>): void {
    switch (cmd) {
      case 'start':
      case 'menu': {
        // The menu, and the flow under way kept (with "Tiếp tục" first in the menu); a flow without a task just ends.
        const task = t.session.flow ? byId.get(t.session.flow.id)?.task : undefined;
        if (!task) t.session.flow = undefined;
        if (cmd === 'start') t.say.push({ key: 'common:welcome' });
        if (task) t.say.push({ key: 'common:flow.reminder', params: { task: { ref: task } } });
        t.say.push(menu(t.session));
        return;
      }
      case 'help':
        t.say.push({ key: 'common:help' });
        if (t.session.flow) t.say.push(...remind(t));
        else t.say.push(menu(t.session));
        return;
      case 'cancel': {
        const task = taskOf(t.session.flow) ?? (t.session.flow ? undefined : taskOf(t.session.parked));
        if (task) t.say.push({ key: 'common:flow.discarded', params: { task: { ref: task } } });
        else t.say.push({ key: t.session.flow ? 'common:cancelled' : 'common:nothing_to_cancel' });
        if (!t.session.flow) t.session.parked = undefined;
        t.session.flow = undefined;
        t.say.push(menu(t.session));
        return;
      }
      case 'resume':
        if (!t.session.flow && t.session.parked) {
          t.session.flow = t.session.parked;
          t.session.parked = undefined;
        }
        if (t.session.flow) t.say.push(...ask(t, ctx));
        else t.say.push({ key: 'common:flow.nothing_to_resume' }, menu(t.session));
        return;
      case 'lang':
        if (arg === 'vi' || arg === 'en') {
          t.prefs = { lang: arg, chosen: true };
          t.lang = arg;
          t.say.push({ key: 'common:language.set' });
          t.say.push(...(t.session.flow ? remind(t) : [menu(t.session)]));
        } else {
          t.say.push({
            key: 'common:language.prompt',
            buttons: [
              { key: 'common:language.vi', payload: '#lang:vi' },
              { key: 'common:language.en', payload: '#lang:en' },
            ],
          });
        }
    }
  }

  /** After something answered aside: where the user was, with a button to go on. */
  function remind(t: Turn): Say[] {
    const task = taskOf(t.session.flow);
    if (!task) return [];
    return [
      {
        key: 'common:flow.reminder',
        params: { task: { ref: task } },
        buttons: [
          { key: 'common:flow.continue', payload: '#resume' },
          { key: 'common:flow.stop', payload: '#cancel' },
        ],
      },
    ];
  }

  /** Runs a step's effects in order; their messages follow, and one may replace `next`. */
  async function runEffects(result: StepResult<unknown>, t: Turn, ectx: () => EffectContext): Promise<{ step: string; data: unknown } | undefined> {
    let next = result.next;
    for (const effect of result.effects ?? []) {
      const handler = deps.effects?.[effect.type];
      if (!handler) throw new Error(`no handler for effect ${effect.type}`);
      const outcome = await handler(effect, ectx());
      t.say.push(...(outcome.say ?? []));
      if (outcome.afterSave) t.afterSave.push(outcome.afterSave);
      if (outcome.next !== undefined) next = outcome.next ?? undefined;
    }
    return next;
  }

  /** Applies a flow's outcome: its messages, then its effects, then its next step (none ends it). */
  async function apply(flow: Flow<unknown, Data>, result: StepResult<unknown>, t: Turn, ectx: () => EffectContext): Promise<void> {
    t.say.push(...result.say);
    const next = await runEffects(result, t, ectx);
    t.session.flow = next ? { id: flow.id, version: flow.version, step: next.step, data: next.data, at: ectx().now.toISOString() } : undefined;
    if (result.menu && !t.session.flow) withMenu(t);
  }

  /** The main menu's buttons on the last message (or after it, when it has buttons of its own). */
  function withMenu(t: Turn): void {
    const last = t.say.at(-1);
    if (last && !last.buttons?.length) t.say[t.say.length - 1] = { ...last, buttons: menuButtons(t.session) };
    else t.say.push(menu(t.session));
  }

  async function carryOut(d: Decision<Data>, t: Turn, ctx: FlowContext<Data>, ectx: () => EffectContext): Promise<void> {
    switch (d.kind) {
      case 'global':
        runGlobal(d.command, d.arg, t, ctx);
        return;
      case 'step':
        await apply(d.flow, d.result, t, ectx);
        return;
      case 'start':
        if (t.session.flow && t.session.flow.id !== d.flow.id) leave(t);
        await apply(d.flow, d.result, t, ectx);
        return;
      case 'aside':
        // Answered without leaving the flow: its messages and effects, then where the user was.
        t.say.push(...d.result.say);
        await runEffects(d.result, t, ectx);
        t.say.push(...remind(t));
        return;
      case 'reask':
        t.say.push({ key: 'common:flow.not_understood' }, ...ask(t, ctx));
        return;
      case 'unknown':
        t.say.push(menu(t.session, 'common:not_understood'));
    }
  }

  /**
   * Marks what this turn delivered: removes the waiting messages it showed, and runs its effects'
   * `afterSave`. Runs only after the save succeeded: a turn that fails before leaves them all for its
   * retry. A failure here is reported, not thrown: the state is saved already, and a throw would cost
   * this turn's replies (a sent report's code and secret key, say) on the web chat, which has no retry.
   * What was not marked is in those replies, and is shown once more next turn: twice at worst, never lost.
   */
  async function acknowledge(marks: (() => Promise<void>)[], channel: string): Promise<void> {
    for (const mark of marks) {
      try {
        await mark();
      } catch (err) {
        deps.onAckError(err, { channel });
      }
    }
  }

  async function turn(msg: InboundMessage, turnId: string | undefined): Promise<OutboundMessage[]> {
    const key = deps.userKey(msg.channel, msg.userId);
    const { lexicon, router, data, i18n } = content;
    // The state is read in the lock's own round trip (see UserLock.run).
    return deps.lock.run(
      key,
      async (fence, holding) => {
        const stored = holding.loaded;
        // This event's turn ran and was saved already (its instance died before acknowledging it): the
        // replies it saved, not a second run of the message on the state it changed.
        if (stored.turn) return stored.turn;
        const text = clean(msg.text ?? '');
        const prefs: Prefs = { ...stored.prefs };
        const detected = prefs.chosen || msg.payload ? undefined : detectLanguage(text);
        if (detected) prefs.lang = detected;
        const t: Turn = {
          lang: prefs.lang ?? deps.defaultLang,
          prefs,
          session: stored.session ?? { v: 1 },
          say: [],
          afterSave: [],
        };
        for (const slot of ['flow', 'parked'] as const) {
          const state = t.session[slot];
          if (state && byId.get(state.id)?.version !== state.version) {
            t.session[slot] = undefined;
            t.say.push({ key: 'common:restarted' });
          }
        }
        const now = deps.clock();
        const input = toInput(msg, text, readable(lexicon.tokens(text), lexicon));
        const ctx: FlowContext<Data> = { lang: t.lang, channel: msg.channel, now, data, lexicon, mentions: (i, k) => lexicon.has(i.tokens, k) };
        const waiting = await deps.inbox?.(key);
        if (waiting) {
          t.say.push(...waiting.say);
          const target = waiting.flow && byId.get(waiting.flow.id);
          if (target && waiting.flow && !t.session.flow) t.session.flow = { ...waiting.flow, version: target.version, at: now.toISOString() };
        }
        const active = t.session.flow;
        if (active && byId.get(active.id)?.lapsed?.(active.data, active.at ? new Date(active.at) : undefined, ctx)) t.session.flow = undefined;
        const flowId = t.session.flow?.id;
        // Sealed (AES-GCM) only when an effect reads it, and once per turn at most.
        let sealed: string | undefined;
        const sealedAddress = () => {
          sealed ??= deps.sealAddress(msg.channel, msg.userId);
          return sealed;
        };
        const ectx = (): EffectContext => ({
          userKey: key,
          pseudonymFor: (feature) => deps.pseudonymFor(feature, key),
          channel: msg.channel,
          lang: t.lang,
          now,
          get sealedAddress() {
            return sealedAddress();
          },
        });
        try {
          if (msg.event === 'poll') {
            // Only waiting messages: no routing, no re-prompt.
          } else {
            const candidates: Candidate[] = [];
            const decision = router.decide(input, t.session, ctx, candidates);
            if (!input.payload) deps.onRoute?.({ channel: msg.channel, decision: describe(decision), candidates });
            await carryOut(decision, t, ctx, ectx);
          }
        } catch (err) {
          deps.onFlowError(err, { flow: flowId, channel: msg.channel });
          // Messages that waited for the user (an officer's question) are still shown.
          t.say = [...(waiting?.say ?? []), { key: 'common:error' }, menu(t.session)];
          t.afterSave = [];
          t.session.flow = undefined;
        }
        const replies = render(t.say, t.lang, i18n);
        const last = [...replies].reverse().find((r) => r.buttons?.length);
        const polled = msg.event === 'poll';
        if (!polled || last)
          t.session.offered = last?.buttons?.filter((b) => (b.kind ?? 'reply') === 'reply').map(({ title, payload }) => ({ title, payload }));
        const record = turnId ? { id: turnId, replies } : undefined;
        const inboxAck = waiting?.ack?.bind(waiting);
        const marks = inboxAck ? [inboxAck, ...t.afterSave] : t.afterSave;
        // Nothing to mark after the save: the save lets the lock go too, one round trip instead of two.
        const release = marks.length === 0;
        await deps.sessions.save(key, { session: t.session, prefs: t.prefs, seenAt: polled ? undefined : now, turn: record, fence, release });
        if (release) holding.released();
        if (!polled) deps.onTurn?.({ channel: msg.channel, userKey: key, now, typed: !input.payload, keys: t.say.map((s) => s.key) });
        await acknowledge(marks, msg.channel);
        return replies;
      },
      () => deps.sessions.load(key, turnId),
    );
  }

  function render(say: Say[], lang: Lang, i18n: I18n): OutboundMessage[] {
    return say.map((s) => {
      const out: OutboundMessage = { text: i18n.t(lang, s.key, resolveRefs(s.params, lang, i18n)) };
      if (s.buttons?.length) {
        out.buttons = s.buttons.map((b) => ({
          title: i18n.t(lang, b.key, resolveRefs(b.params, lang, i18n)),
          payload: b.payload,
          ...(b.kind && b.kind !== 'reply' ? { kind: b.kind } : {}),
        }));
      }
      if (s.image) out.image = s.image;
      return out;
    });
  }

  /** Renders `{ref}` parameters (texts from content) in the user's language. */
  function resolveRefs(params: Record<string, unknown> | undefined, lang: Lang, i18n: I18n): Record<string, unknown> | undefined {
    if (!params) return params;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(params)) out[k] = isRef(v) ? i18n.t(lang, v.ref) : v;
    return out;
  }

  return {
    handle(msg, opts) {
      const p = turn(msg, opts?.turnId);
      inflight.add(p);
      void p.then(
        () => inflight.delete(p),
        () => inflight.delete(p),
      );
      return p;
    },
    async drain() {
      await Promise.allSettled([...inflight]);
    },
    learn() {
      return learning.ready();
    },
    async renderFor(userKey, say) {
      const { prefs } = await deps.sessions.load(userKey);
      return render(say, prefs?.lang ?? deps.defaultLang, content.i18n);
    },
    useContent(next) {
      content = compile(next);
    },
  };
}

const isRef = (v: unknown): v is { ref: string } =>
  typeof v === 'object' && v !== null && typeof (v as { ref?: unknown }).ref === 'string' && Object.keys(v).length === 1;

/** A decision as a log label: its kind and the flow or command (never the user's text). */
function describe<Data>(d: Decision<Data>): string {
  if (d.kind === 'global') return `global:${d.command}`;
  if (d.kind === 'step' || d.kind === 'start' || d.kind === 'aside') return `${d.kind}:${d.flow.id}`;
  return d.kind;
}

/** The input of a turn: an explicit payload, a start event, or a typed `#payload`; the text and its tokens. */
function toInput(msg: InboundMessage, text: string, tokens: string[]): Input {
  let payload = msg.event === 'start' ? '#start' : msg.payload?.trim();
  if (!payload && PAYLOAD.test(text)) payload = text;
  return { text, folded: fold(text), tokens, payload, attachments: msg.attachments ?? [] };
}
