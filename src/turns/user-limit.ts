/**
 * The per-user rate limit (`RATE_USER_PER_MINUTE`) on every channel, without losing what was typed.
 * Webhook events over it are kept by the intake and answered when the user's minute ends (the first
 * one gets a "kept" reply; see intake/worker.ts). The web chat answers at once, so a message over the
 * limit there is answered with its text shown back and a request to send it again in N seconds.
 */
import type { Say } from '../core/flow.js';
import type { InboundMessage, OutboundMessage } from '../core/message.js';
import type { TurnOptions } from '../core/ports.js';
import type { IntakeLimit } from '../intake/ports.js';
import { pseudonymize } from '../lib/crypto.js';
import { createRateLimiter, secondsLeft, type RateCounters } from '../lib/rate-limit.js';

const WINDOW_SECONDS = 60;
/** Most characters of a message shown back (the rest is cut with an ellipsis). */
const SHOWN_BACK = 300;

/** The limit as the intake applies it (events over it are kept), and as the web chat does. */
export interface UserLimit extends IntakeLimit {
  /**
   * For a channel that answers at once (the web chat): undefined when the message may run now, else the
   * reply that shows it back. A re-run of a stored turn (`opts.turnId` with saved replies) is not counted.
   */
  refuse(msg: InboundMessage, opts?: TurnOptions): Promise<OutboundMessage[] | undefined>;
}

export interface UserLimitDeps {
  /** Where the counters are kept (per user, under their pseudonym). */
  counters: RateCounters;
  pseudonym: Buffer;
  perMinute: number;
  /** Whether the turn of stored event `id` ran already (its re-run sends the replies it saved). */
  hasTurn(userKey: string, id: string): Promise<boolean>;
  /** Renders messages in the user's language. */
  render(userKey: string, say: Say[]): Promise<OutboundMessage[]>;
  /** Called once per message over the limit (a metric). */
  onLimited(): void;
}

/** What a message over the limit said, for the "send it again" reply. */
function shownBack(msg: InboundMessage, seconds: number): Say {
  if (msg.text?.trim()) {
    const chars = [...msg.text.trim()];
    const text = chars.length > SHOWN_BACK ? `${chars.slice(0, SHOWN_BACK).join('')}…` : chars.join('');
    return { key: 'limits:resend_text', params: { text, seconds } };
  }
  return { key: msg.payload ? 'limits:resend_tap' : 'limits:resend_other', params: { seconds } };
}

/** Builds the limit; counters are kept under the user's pseudonym, shared by every instance. */
export function createUserLimit(deps: UserLimitDeps): UserLimit {
  const limiter = createRateLimiter({ counters: deps.counters, limit: deps.perMinute, windowSeconds: WINDOW_SECONDS });
  const userKey = (msg: InboundMessage) => pseudonymize(deps.pseudonym, msg.channel, msg.userId);

  async function check(msg: InboundMessage): Promise<{ retryAfterSeconds: number; firstRefused: boolean } | undefined> {
    if (msg.event === 'poll') return undefined;
    const rate = await limiter.hit({ user: userKey(msg), name: 'rate' });
    if (rate.allowed) return undefined;
    deps.onLimited();
    return { retryAfterSeconds: rate.retryAfterSeconds, firstRefused: rate.firstRefused };
  }

  return {
    maxHeld: deps.perMinute,
    check,
    secondsLeft: () => secondsLeft(WINDOW_SECONDS),
    reply: (msg, kind, seconds) => deps.render(userKey(msg), [kind === 'kept' ? { key: 'limits:slow_down', params: { seconds } } : shownBack(msg, seconds)]),
    async refuse(msg, opts) {
      if (opts?.turnId !== undefined && (await deps.hasTurn(userKey(msg), opts.turnId))) return undefined;
      const refused = await check(msg);
      return refused && deps.render(userKey(msg), [shownBack(msg, refused.retryAfterSeconds)]);
    },
  };
}
