/**
 * What a flow is: plain data plus small pure functions. A flow turns (input, its data, context) into
 * things to say and its next step; it never touches HTTP, Redis or a platform.
 */
import type { ContentData } from './content.js';
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
  kind?: 'reply' | 'phone' | 'url';
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
  /** Button payload, when the input was a click or a typed choice. */
  payload?: string;
  /** For `#flow:arg` payloads, the part after the colon. */
  arg?: string;
  attachments: Attachment[];
}

/** Context a flow may read. */
export interface FlowContext {
  lang: Lang;
  /** The channel the user writes on (some cannot carry photos, for example). */
  channel: string;
  now: Date;
  /** Language-neutral content data (calendar, parks). */
  data: ContentData;
  /** Tests whether the input mentions one of the keywords listed under an i18n key (both languages). */
  mentions(input: Input, keywordsKey: string): boolean;
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

/** A step; returning `undefined` means "not for me", and the engine tries other flows, then re-prompts. */
export type StepFn<D> = (input: Input, data: D, ctx: FlowContext) => StepResult<D> | undefined;

/** A conversation flow, one per file in `flows/`. */
export interface Flow<D = unknown> {
  /** Stable id; also the payload prefix `#<id>` that starts the flow. */
  id: string;
  /** Bump when the shape of `data` changes: stored states of other versions restart politely. */
  version: number;
  /** Main-menu entry: the i18n key of its title and its position. */
  menu?: { key: string; order: number };
  /** i18n key of the list of words that start this flow when typed (both languages are tried). */
  keywords?: string;
  /** Starts the flow. `input.arg` holds what followed `#<id>:` in a payload. */
  start(input: Input, ctx: FlowContext): StepResult<D>;
  /** The flow's steps, by name, for multi-turn flows. */
  steps?: Record<string, StepFn<D>>;
  /** Answers free text that no command, active flow or keyword took (for example the FAQ); `undefined` when it cannot. */
  fallback?(input: Input, ctx: FlowContext): StepResult<D> | undefined;
}

/** Erases a flow's data type so flows of different shapes share one registry. */
export function defineFlow<D>(flow: Flow<D>): Flow<unknown> {
  return flow as unknown as Flow<unknown>;
}
