/**
 * What a flow is: plain data plus small pure functions. A flow turns (input, its data, context) into
 * things to say and its next step; it never touches HTTP, Redis or a platform.
 */
import type { Lexicon } from './lexicon.js';
import type { Attachment, Lang } from './message.js';

/** A parameter that is itself a text from content, rendered in the user's language (for example a category label). */
export interface TextRef {
  ref: string;
}

/** A button to show; its title is an i18n key, rendered in the user's language. */
export interface ButtonSpec {
  key: string;
  params?: Record<string, unknown>;
  payload: string;
  kind?: 'reply' | 'phone' | 'url' | 'copy';
  /**
   * i18n key of a list of phrases that also choose this button when typed (both languages; for example
   * `understanding:intents.no` on a "No" button, the ways workers describe theft on the theft button).
   */
  means?: string | readonly string[];
  /** Typed, only the whole message may choose it (its label, or a phrase of `means` alone): for buttons that send or consent. */
  exact?: boolean;
}

/** Something to say: an i18n key with parameters, optional buttons and image. */
export interface Say {
  key: string;
  params?: Record<string, unknown>;
  buttons?: ButtonSpec[];
  image?: string;
}

/** The user's input, already normalised. */
export interface Input {
  /** Text as typed, NFC, trimmed ('' when none). */
  text: string;
  /** Lower case, no diacritics, no punctuation: for matching. */
  folded: string;
  /** The words as the lexicon reads them (folded, chat spellings expanded): for matching phrases. */
  tokens: string[];
  /** Button payload, when the input was a click or a typed choice. */
  payload?: string;
  /** For `#flow:arg` payloads, the part after the colon. */
  arg?: string;
  attachments: Attachment[];
}

/**
 * Context a flow may read. `Data` is the deployment's language-neutral data (the festival's calendar,
 * parks...): the kernel does not know its shape, the domain that defines the flows does.
 */
export interface FlowContext<Data = unknown> {
  lang: Lang;
  /** The channel the user writes on (some cannot carry photos, for example). */
  channel: string;
  now: Date;
  /** Language-neutral data of the deployment (calendar, parks), as the domain defines it. */
  data: Data;
  /** Tests whether the input mentions one of the keywords listed under an i18n key (both languages). */
  mentions(input: Input, keywordsKey: string): boolean;
  /** Reads what workers type (phrase lists, numbers, questions). */
  lexicon: Lexicon;
}

/**
 * A side effect a flow asks for, as a plain object (for example `{type: 'report.submit', ...}`). The
 * engine runs it through the handler registered for its `type`, outside the flow.
 */
export interface Effect {
  type: string;
  [field: string]: unknown;
}

/** The outcome of a step: what to say, the next step (none ends the flow), and effects to run. */
export interface StepResult<D = unknown> {
  say: Say[];
  next?: { step: string; data: D };
  /** Run in order after the step; their messages follow `say`, and one may replace `next`. */
  effects?: Effect[];
  /**
   * The step understood what kind of answer this is but cannot take it (a phone number that is not
   * one, a description too short): `say` tells why and the flow stays. Anything else the message
   * clearly is (a question, small talk) is answered instead.
   */
  rejected?: boolean;
  /** End with the main menu's buttons (on the last message), or, in the middle of a flow, with where the user was. */
  menu?: boolean;
}

/** What an effect handler knows about the turn. It never sees the platform user id. */
export interface EffectContext {
  /** The user's session pseudonym (HMAC of channel + id). */
  userKey: string;
  /** The user's pseudonym for one feature (`report`, `signup`): records of two features share no key. */
  pseudonymFor(feature: string): string;
  channel: string;
  lang: Lang;
  now: Date;
  /** The user's address (channel + platform id) sealed with AES-256-GCM, to store where a reply must reach them later. */
  sealedAddress: string;
}

/**
 * Messages waiting for a user (for example an officer's question), delivered at the start of their
 * next turn; `flow` (a flow id, step and data) is entered when no other flow is active.
 */
export interface InboxDelivery {
  say: Say[];
  flow?: { id: string; step: string; data: unknown };
  /**
   * Called by the engine once the turn's state is saved; removes exactly what was delivered (messages
   * that arrived meanwhile stay). Until then nothing is removed, so a failed turn loses nothing.
   */
  ack?(): Promise<void>;
}

/**
 * Joins the waiting messages of several sources, in the order given; the first `flow` wins. Its `ack`
 * runs every part's ack (all of them, even when one fails) and then rejects with the first failure.
 */
export function joinDeliveries(...parts: (InboxDelivery | undefined)[]): InboxDelivery | undefined {
  const present = parts.filter((p): p is InboxDelivery => p !== undefined);
  if (present.length <= 1) return present[0];
  return {
    say: present.flatMap((p) => p.say),
    flow: present.find((p) => p.flow)?.flow,
    async ack() {
      const results = await Promise.allSettled(present.map((p) => p.ack?.()));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}

/** What an effect produced: messages to add, and optionally a new next step (`null` ends the flow). */
export interface EffectOutcome {
  say?: Say[];
  next?: { step: string; data: unknown } | null;
  /**
   * Runs once the turn is saved, never when it fails: marks what `say` showed as delivered (an officer's
   * question), so that a failed turn shows it again rather than never.
   */
  afterSave?(): Promise<void>;
}

export type EffectHandler = (effect: Effect, ctx: EffectContext) => Promise<EffectOutcome>;

/**
 * A step; returning `undefined` means "not an answer to my question": the engine answers what else the
 * message is (a question, small talk) and reminds the user where they were, or says it did not
 * understand and asks the step's question again. The flow is never left because of it.
 */
export type StepFn<D, Data = unknown> = (input: Input, data: D, ctx: FlowContext<Data>) => StepResult<D> | undefined;

/**
 * What a step's typed answers look like, which decides what may interrupt it:
 * - `choice`: one of its buttons (typed as the label, its number or a phrase the button `means`);
 * - `text`: a short free text (a place, a name); a clear question, small talk or another feature's
 *   name is answered aside instead;
 * - `longtext`: a description; only the global words, small talk on its own and emergencies interrupt;
 * - `answer`: free text the user may or may not mean as an answer (a reply to an officer): anything
 *   else the message is understood as wins;
 * - `browse`: a menu of topics; a message that is not one of them is handled as if no flow were active.
 */
export type StepKind = 'choice' | 'text' | 'longtext' | 'answer' | 'browse';

/** A reason to start a flow found in free text, scored on the router's scale (see core/router.ts). */
export interface FlowMatch<D = unknown> {
  /** What kind of reading it is; decides what may interrupt a step (see core/router.ts). */
  kind: 'keyword' | 'faq' | 'smalltalk' | 'emergency' | 'tipoff' | 'command' | 'topic';
  score: number;
  result: StepResult<D>;
  /** Short label for the router's debug log (`faq:theft`); never the user's text. */
  label: string;
  /** The FAQ could not answer: the result says so (the router prefers almost anything else). */
  unsure?: boolean;
  /** What to say instead when the reading interrupts another flow (the emergency numbers alone, without a new report). */
  aside?: StepResult<D>;
}

/** A conversation flow, one per file in `flows/`. */
export interface Flow<D = unknown, Data = unknown> {
  /** Stable id; also the payload prefix `#<id>` that starts the flow. */
  id: string;
  /** Bump when the shape of `data` changes: stored states of other versions restart politely. */
  version: number;
  /** Main-menu entry: the i18n key of its title and its position. */
  menu?: { key: string; order: number };
  /** i18n key of the list of words that start this flow when typed (both languages are tried). */
  keywords?: string;
  /** Starts the flow. `input.arg` holds what followed `#<id>:` in a payload. */
  start(input: Input, ctx: FlowContext<Data>): StepResult<D>;
  /** The flow's steps, by name, for multi-turn flows. */
  steps?: Record<string, StepFn<D, Data>>;
  /** What each step's typed answers look like (default `choice`). */
  expects?: Record<string, StepKind>;
  /** A step's question again, with its buttons: after an answer that was not understood, and to resume. */
  prompt?(step: string, data: D, ctx: FlowContext<Data>): Say[];
  /**
   * i18n key naming what the user is doing (`report:task`: "gửi tin báo") in flows whose data holds what
   * the user typed: leaving such a flow is said out loud, and its draft is kept to resume.
   */
  task?: string;
  /** True when the flow's data holds something the user typed (default: always, for flows with a `task`). */
  holds?(data: D): boolean;
  /** True when the waiting step has lapsed (a reply window closed; `since`: when the step began): the engine drops the flow before routing. */
  lapsed?(data: D, since: Date | undefined, ctx: FlowContext<Data>): boolean;
  /** Scores free text as a reason to start this flow, besides its keywords (the FAQ, a report described in words). */
  match?(input: Input, ctx: FlowContext<Data>): FlowMatch<D> | undefined;
  /**
   * Builds what the flow derives from the content (an index of the FAQ's phrasings) when the engine
   * gets its content, at start and after an edit, so that no turn pays for it.
   */
  prepare?(content: { data: Data; lexicon: Lexicon }): void;
}

/** Erases a flow's data type so flows of different shapes share one registry (over the same deployment data). */
export function defineFlow<D, Data = unknown>(flow: Flow<D, Data>): Flow<unknown, Data> {
  return flow as unknown as Flow<unknown, Data>;
}
