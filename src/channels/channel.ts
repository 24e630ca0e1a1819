/** What every platform channel's factory returns: the express router of its webhook, and its sender. */
import type { Router } from 'express';
import type { InboundMessage } from '../core/message.js';
import type { ChannelSender } from '../core/ports.js';

export interface Channel<S extends ChannelSender = ChannelSender> {
  /** Mount it on the app (its webhook routes verify and parse, then hand events to the intake). */
  router: Router;
  /** Sends to this platform's users: replies of stored events, and messages outside a turn. */
  sender: S;
}

/** Where a channel hands each verified, parsed event before acknowledging it (the webhook intake). */
export interface ChannelIntake {
  /** Stores the event once and returns true when it is new; throws when storage is unavailable (answer 503). */
  firstSeen(msg: InboundMessage): Promise<boolean>;
}
