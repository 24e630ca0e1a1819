/** The narrow storage interfaces the engine uses; Redis and in-memory implementations live in src/store. */
import type { InboxDelivery, Say } from './flow.js';
import type { Button, ChannelId, InboundMessage, Lang, OutboundMessage } from './message.js';

/** A flow in progress. */
export interface FlowState {
  id: string;
  version: number;
  step: string;
  data: unknown;
  /** When the flow entered this step (ISO); flows whose steps lapse read it. */
  at?: string;
}

/** Per-user conversation state; expires after the idle time. */
export interface SessionState {
  v: 1;
  flow?: FlowState;
  /** The reply buttons last offered, so a typed label or number can stand for a click. */
  offered?: Pick<Button, 'title' | 'payload'>[];
  /**
   * A flow that holds what the user typed (a report draft, a sign-up), set aside when the user went to
   * the menu or another feature; `#resume` (the "Tiếp tục" button) takes it up again.
   */
  parked?: FlowState;
}

/** Per-user preferences that outlive a conversation. */
export interface Prefs {
  lang?: Lang;
  /** True once the user picked the language; auto-detection stops then. */
  chosen?: boolean;
}

/**
 * The replies of a turn run for a stored webhook event (`id`: its intake entry), saved in the same
 * step as the state the turn left: if the process dies before they are sent, the event's re-run
 * sends these instead of running the turn a second time on the new state.
 */
export interface TurnRecord {
  id: string;
  replies: OutboundMessage[];
}

/** Actions that the web chat limits per client, whatever session id the browser sends. */
export type ClientAction = 'report' | 'lookup' | 'signup';

/**
 * Counts one action of the client behind the turn in progress; returns 0 when it may go ahead, else the
 * seconds to wait. Turns with no such client (platform channels) always go ahead.
 */
export type ClientLimit = (action: ClientAction) => Promise<number>;

/** How a turn is run: `turnId` names the stored webhook event it answers (its replies are kept with the state). */
export interface TurnOptions {
  turnId?: string;
}

/** How long a user's preferences (the language they chose) are kept after their last turn. */
export const PREFS_TTL_SECONDS = 365 * 24 * 3600;
/** How long the time of a user's last message is kept: the longest platform window that matters (Zalo: 7 days) plus a margin. */
export const SEEN_TTL_SECONDS = 8 * 24 * 3600;

/** Stores session state and preferences under a pseudonymous user key (PREFS_TTL_SECONDS, SEEN_TTL_SECONDS). */
export interface SessionStore {
  /** The user's state; with `turnId`, also the replies a saved turn of that event left (then it ran already). */
  load(userKey: string, turnId?: string): Promise<{ session?: SessionState; prefs?: Prefs; turn?: OutboundMessage[] }>;
  /**
   * Saves after a successful turn, in one atomic step; `seenAt` records the user's last message
   * (platform messaging windows); `turn` keeps the turn's replies until `forgetTurn`. With `fence` (the
   * user lock's token), nothing is saved and the call fails when the lock is no longer this turn's: a
   * turn that stalled past its lock must not overwrite the state a later turn saved meanwhile. With
   * `fence` and `release`, the same step also releases the lock (the turn has nothing left to do under it).
   */
  save(userKey: string, state: { session?: SessionState; prefs?: Prefs; seenAt?: Date; turn?: TurnRecord; fence?: string; release?: boolean }): Promise<void>;
  /** When the user last wrote, if known. */
  lastSeen(userKey: string): Promise<Date | undefined>;
  /** Whether a saved turn of event `id` left replies (not yet forgotten or expired). */
  hasTurn(userKey: string, id: string): Promise<boolean>;
  /** Forgets a turn's replies once they were delivered. */
  forgetTurn(userKey: string, id: string): Promise<void>;
  /** True while the user has a session state (a conversation in progress, not expired). */
  hasSession(userKey: string): Promise<boolean>;
  /** Forgets the user's state, preferences and last-seen time at once (the web chat's "clear this chat"). */
  forget(userKey: string): Promise<void>;
}

/** What a holder of the user's lock gets besides its fence. */
export interface Holding<L> {
  /** What `load` read once the lock was taken. */
  loaded: L;
  /** Says the holder's last write released the lock already (a save with `release`): nothing is left to release. */
  released(): void;
}

/** Serialises the turns of one user: at most one at a time, across every bot instance. */
export interface UserLock {
  /**
   * Runs `fn` holding the user's lock; `fence` is this holding's token (see SessionStore.save). `load`
   * reads what `fn` needs first: on Redis it goes out right behind the lock's own command, in the same
   * round trip on the same connection, and only the read of the attempt that took the lock is used, so
   * it sees everything the previous holder wrote.
   */
  run<T, L = undefined>(userKey: string, fn: (fence: string, holding: Holding<L>) => Promise<T>, load?: () => Promise<L>): Promise<T>;
}

/** Runs one conversation turn through the engine and returns the replies to deliver. */
export type TurnHandler = (msg: InboundMessage, opts?: TurnOptions) => Promise<OutboundMessage[]>;

/** How a send ended. Failures are values: callers decide whether to count, queue or drop. */
export type SendResult =
  | { ok: true; sent: number }
  | {
      ok: false;
      /** `window_closed`: the platform no longer lets the bot write to this user; `undeliverable`: blocked, unknown user...; `failed`: retries exhausted. */
      reason: 'window_closed' | 'undeliverable' | 'failed';
      sent: number;
      code?: string;
      /**
       * Nothing was refused: the platform could not be reached or kept failing (network, 5xx, rate
       * limit) through the client's own retries, so the same send may succeed later.
       */
      retryable?: boolean;
    };

/** How a message goes out (see ChannelSender.send). */
export interface SendOptions {
  human?: boolean;
  repliesTo?: Date;
}

/** Sends replies to one user on one platform, rendering them within the platform's limits. */
export interface ChannelSender {
  channel: ChannelId;
  /**
   * `human`: an officer wrote it (Messenger may then use the HUMAN_AGENT tag outside the 24 h window).
   * `repliesTo`: when the user wrote the message these replies answer; while the platform's window is
   * open from it, the sender does not look up the user's last message.
   */
  send(platformUserId: string, messages: OutboundMessage[], opts?: SendOptions): Promise<SendResult>;
}

/**
 * Runs `job` every `intervalMs` on one bot instance at a time (whichever takes the job's lock first);
 * failures go to `onError`. Returns a stop function; the timer does not keep the process alive.
 */
export type OnOneInstance = (intervalMs: number, job: () => Promise<unknown>, onError: (err: unknown) => void) => () => void;

/** Messages that wait for a user who cannot be reached right now, delivered at the start of their next turn. */
export interface Inbox {
  /** Adds messages for the user; the inbox lives a set time after the last push. */
  push(userKey: string, say: Say[]): Promise<void>;
  /** The waiting messages, left in place; `ack` removes exactly these (messages pushed meanwhile stay). Undefined when nothing waits. */
  peek(userKey: string): Promise<InboxDelivery | undefined>;
  /** True when messages wait for the user. */
  has(userKey: string): Promise<boolean>;
  /** Drops every waiting message of the user. */
  clear(userKey: string): Promise<void>;
}
