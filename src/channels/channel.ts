/** What channels share: they turn platform events into InboundMessage, hand them to one turn handler, and send the replies. */
import type { ChannelId, InboundMessage, OutboundMessage } from '../core/message.js';
import type { TurnOptions } from '../core/ports.js';

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

/** Sends replies to one user on one platform, rendering them within the platform's limits. */
export interface ChannelSender {
  channel: ChannelId;
  /** `human`: an officer wrote it (Messenger may then use the HUMAN_AGENT tag outside the 24 h window). */
  send(platformUserId: string, messages: OutboundMessage[], opts?: { human?: boolean }): Promise<SendResult>;
}
