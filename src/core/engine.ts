/**
 * The conversation engine: one turn = pseudonymise the user → lock → load state → global words,
 * the active flow, or a flow started by payload or keyword → render replies → save state.
 * It serves every channel; channels only translate to and from `InboundMessage`/`OutboundMessage`.
 */
import type { ContentData } from './content.js';
import type { EffectContext, EffectHandler, Flow, FlowContext, InboxDelivery, Input, Say, StepResult } from './flow.js';
import type { I18n } from './i18n.js';
import { detectLanguage } from './lang.js';
import type { InboundMessage, Lang, OutboundMessage } from './message.js';
import { clean, containsPhrase, fold, matchChoice } from './normalize.js';
import type { Prefs, SessionState, SessionStore, TurnOptions, UserLock } from './ports.js';

/** What the engine needs from the outside. */
export interface EngineDeps {
  flows: readonly Flow<unknown>[];
  i18n: I18n;
  sessions: SessionStore;
  lock: UserLock;
  /** Maps (channel, platform id) to the pseudonymous key used for storage. */
  userKey(channel: string, platformId: string): string;
  /** Maps a session pseudonym to the user's pseudonym for one feature (see EffectContext.pseudonymFor). */
  pseudonymFor(feature: string, userKey: string): string;
  clock(): Date;
  defaultLang: Lang;
  data: ContentData;
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
}

export interface Engine {
  /**
   * Handles one inbound message and returns the replies, in the user's language. With `turnId` (a
   * stored webhook event), the replies are saved with the state under that id (see TurnRecord), and
   * a second call with the same id returns them without running the turn again.
   */
  handle(msg: InboundMessage, opts?: TurnOptions): Promise<OutboundMessage[]>;
  /** Resolves when every turn in progress has finished (for graceful shutdown). */
  drain(): Promise<void>;
  /** Renders messages for a user outside a turn (pushes), in that user's language. */
  renderFor(userKey: string, say: Say[]): Promise<OutboundMessage[]>;
}

const PAYLOAD = /^#[a-z][a-z0-9_.-]*(?::[^\s]*)?$/i;
const GLOBAL = ['start', 'menu', 'cancel', 'help', 'lang'] as const;
type GlobalCommand = (typeof GLOBAL)[number];

interface Turn {
  lang: Lang;
  prefs: Prefs;
  session: SessionState;
  say: Say[];
  /** What to mark as delivered once the turn is saved (effects' `afterSave`). */
  afterSave: (() => Promise<void>)[];
}

/** Builds the engine over its ports. */
export function createEngine(deps: EngineDeps): Engine {
  const byId = new Map(deps.flows.map((f) => [f.id, f]));
  const inflight = new Set<Promise<unknown>>();

  const folded = new Map<string, string[]>();
  /** Keywords of both languages, folded once (content is loaded at start-up and does not change). */
  const keywords = (key: string): string[] => {
    let list = folded.get(key);
    if (!list) {
      list = [...deps.i18n.list('vi', key), ...deps.i18n.list('en', key)].map(fold).filter(Boolean);
      folded.set(key, list);
    }
    return list;
  };
  const mentions = (input: Input, key: string) => keywords(key).some((k) => containsPhrase(input.folded, k));
  const isGlobalWord = (input: Input): GlobalCommand | undefined =>
    GLOBAL.find((cmd) => cmd !== 'start' && keywords(`common:commands.${cmd}`).includes(input.folded));

  const menuButtons = () =>
    [...deps.flows]
      .filter((f) => f.menu)
      .sort((a, b) => a.menu!.order - b.menu!.order)
      .map((f) => ({ key: f.menu!.key, payload: `#${f.id}` }))
      .concat([{ key: 'common:menu.language', payload: '#lang' }]);
  const menu = (key = 'common:menu.prompt'): Say => ({ key, buttons: menuButtons() });

  function runGlobal(cmd: GlobalCommand, arg: string | undefined, turn: Turn): void {
    switch (cmd) {
      case 'start':
        turn.session.flow = undefined;
        turn.say.push({ key: 'common:welcome' }, menu());
        return;
      case 'menu':
        turn.session.flow = undefined;
        turn.say.push(menu());
        return;
      case 'help':
        turn.say.push({ key: 'common:help' }, menu());
        return;
      case 'cancel':
        turn.say.push({ key: turn.session.flow ? 'common:cancelled' : 'common:nothing_to_cancel' }, menu());
        turn.session.flow = undefined;
        return;
      case 'lang':
        if (arg === 'vi' || arg === 'en') {
          turn.prefs = { lang: arg, chosen: true };
          turn.lang = arg;
          turn.say.push({ key: 'common:language.set' }, menu());
        } else {
          turn.say.push({
            key: 'common:language.prompt',
            buttons: [
              { key: 'common:language.vi', payload: '#lang:vi' },
              { key: 'common:language.en', payload: '#lang:en' },
            ],
          });
        }
    }
  }

  /** Picks what handles the input: the active flow's step, a flow named by payload or keyword, or the fallback. */
  function route(input: Input, turn: Turn, ctx: FlowContext): { flow: Flow<unknown>; result: StepResult<unknown> } | undefined {
    const active = turn.session.flow ? byId.get(turn.session.flow.id) : undefined;
    const [target, arg] = input.payload ? splitPayload(input.payload) : [undefined, undefined];
    const targetFlow = target ? byId.get(target) : undefined;
    if (active && turn.session.flow && (!targetFlow || targetFlow === active)) {
      const result = active.steps?.[turn.session.flow.step]?.({ ...input, arg }, turn.session.flow.data, ctx);
      if (result) return { flow: active, result };
    }
    if (targetFlow) return { flow: targetFlow, result: targetFlow.start({ ...input, arg }, ctx) };
    if (input.payload) return undefined;
    const byKeyword = deps.flows.find((f) => f.keywords && mentions(input, f.keywords));
    if (byKeyword) return { flow: byKeyword, result: byKeyword.start(input, ctx) };
    for (const f of deps.flows) {
      const result = f.fallback?.(input, ctx);
      if (result) return { flow: f, result };
    }
    return undefined;
  }

  /** Applies a step's outcome: its messages, its next step, then its effects (which may add messages or change the next step). */
  async function apply(flow: Flow<unknown>, result: StepResult<unknown>, turn: Turn, ectx: () => EffectContext): Promise<void> {
    turn.say.push(...result.say);
    let next: { step: string; data: unknown } | undefined = result.next;
    for (const effect of result.effects ?? []) {
      const handler = deps.effects?.[effect.type];
      if (!handler) throw new Error(`no handler for effect ${effect.type}`);
      const outcome = await handler(effect, ectx());
      turn.say.push(...(outcome.say ?? []));
      if (outcome.afterSave) turn.afterSave.push(outcome.afterSave);
      if (outcome.next !== undefined) next = outcome.next ?? undefined;
    }
    turn.session.flow = next ? { id: flow.id, version: flow.version, step: next.step, data: next.data } : undefined;
  }

  function notUnderstood(turn: Turn): void {
    const offered = turn.session.offered ?? [];
    if (turn.session.flow && offered.length > 0) {
      turn.say.push({
        key: 'common:not_understood_choice',
        buttons: offered.map((b) => ({ key: 'common:raw', params: { text: b.title }, payload: b.payload })),
      });
    } else {
      turn.say.push(menu('common:not_understood'));
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
    return deps.lock.run(key, async (fence) => {
      const stored = await deps.sessions.load(key, turnId);
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
      const stale = t.session.flow && byId.get(t.session.flow.id)?.version !== t.session.flow.version;
      if (stale) {
        t.session.flow = undefined;
        t.say.push({ key: 'common:restarted' });
      }
      const input = toInput(msg, text, t.session);
      const ctx: FlowContext = { lang: t.lang, channel: msg.channel, now: deps.clock(), data: deps.data, mentions };
      const waiting = await deps.inbox?.(key);
      if (waiting) {
        t.say.push(...waiting.say);
        const target = waiting.flow && byId.get(waiting.flow.id);
        if (target && waiting.flow && !t.session.flow) t.session.flow = { ...waiting.flow, version: target.version };
      }
      const [head, arg] = input.payload ? splitPayload(input.payload) : [undefined, undefined];
      const global = (GLOBAL as readonly string[]).includes(head ?? '') ? (head as GlobalCommand) : isGlobalWord(input);
      const flowId = t.session.flow?.id;
      const ectx = (): EffectContext => ({
        userKey: key,
        pseudonymFor: (feature) => deps.pseudonymFor(feature, key),
        channel: msg.channel,
        lang: t.lang,
        now: ctx.now,
        sealedAddress: deps.sealAddress(msg.channel, msg.userId),
      });
      try {
        if (msg.event === 'poll') {
          // Only waiting messages: no routing, no re-prompt.
        } else if (global) runGlobal(global, arg, t);
        else {
          const routed = route(input, t, ctx);
          if (routed) await apply(routed.flow, routed.result, t, ectx);
          else notUnderstood(t);
        }
      } catch (err) {
        deps.onFlowError(err, { flow: flowId, channel: msg.channel });
        // Messages that waited for the user (an officer's question) are still shown.
        t.say = [...(waiting?.say ?? []), { key: 'common:error' }, menu()];
        t.afterSave = [];
        t.session.flow = undefined;
      }
      const replies = render(t.say, t.lang);
      const last = [...replies].reverse().find((r) => r.buttons?.length);
      const polled = msg.event === 'poll';
      if (!polled || last) t.session.offered = last?.buttons?.filter((b) => (b.kind ?? 'reply') === 'reply').map(({ title, payload }) => ({ title, payload }));
      const record = turnId ? { id: turnId, replies } : undefined;
      await deps.sessions.save(key, { session: t.session, prefs: t.prefs, seenAt: polled ? undefined : ctx.now, turn: record, fence });
      const inboxAck = waiting?.ack?.bind(waiting);
      await acknowledge(inboxAck ? [inboxAck, ...t.afterSave] : t.afterSave, msg.channel);
      return replies;
    });
  }

  function render(say: Say[], lang: Lang): OutboundMessage[] {
    return say.map((s) => {
      const out: OutboundMessage = { text: deps.i18n.t(lang, s.key, resolveRefs(s.params, lang)) };
      if (s.buttons?.length) {
        out.buttons = s.buttons.map((b) => ({
          title: deps.i18n.t(lang, b.key, resolveRefs(b.params, lang)),
          payload: b.payload,
          ...(b.kind && b.kind !== 'reply' ? { kind: b.kind } : {}),
        }));
      }
      if (s.image) out.image = s.image;
      return out;
    });
  }

  /** Renders `{ref}` parameters (texts from content) in the user's language. */
  function resolveRefs(params: Record<string, unknown> | undefined, lang: Lang): Record<string, unknown> | undefined {
    if (!params) return params;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(params)) out[k] = isRef(v) ? deps.i18n.t(lang, v.ref) : v;
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
    async renderFor(userKey, say) {
      const { prefs } = await deps.sessions.load(userKey);
      return render(say, prefs?.lang ?? deps.defaultLang);
    },
  };
}

const isRef = (v: unknown): v is { ref: string } =>
  typeof v === 'object' && v !== null && typeof (v as { ref?: unknown }).ref === 'string' && Object.keys(v).length === 1;

/** `#festival:when` → ['festival', 'when']; `#menu` → ['menu', undefined]. */
function splitPayload(payload: string): [string, string | undefined] {
  const body = payload.startsWith('#') ? payload.slice(1) : payload;
  const i = body.indexOf(':');
  return i < 0 ? [body, undefined] : [body.slice(0, i), body.slice(i + 1)];
}

/** Resolves the payload: an explicit one, a typed `#payload`, or a typed label or number of an offered button. */
function toInput(msg: InboundMessage, text: string, session: SessionState): Input {
  let payload = msg.event === 'start' ? '#start' : msg.payload?.trim();
  if (!payload && PAYLOAD.test(text)) payload = text;
  if (!payload && session.offered?.length) {
    const i = matchChoice(text, session.offered.map((b) => b.title));
    if (i >= 0) payload = session.offered[i]!.payload;
  }
  return { text, folded: fold(text), payload, attachments: msg.attachments ?? [] };
}
