/** What channels share: they turn platform events into InboundMessage and hand them to one turn handler. */
import type { InboundMessage, OutboundMessage } from '../core/message.js';

/** Runs one conversation turn through the engine and returns the replies to deliver. */
export type TurnHandler = (msg: InboundMessage) => Promise<OutboundMessage[]>;
