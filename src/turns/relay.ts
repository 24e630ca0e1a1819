/**
 * Messages outside a turn (an officer's question, a closing notice, an alert, a reminder): delivered
 * now to a sealed address when its channel can push, rendered in the user's language like a turn's
 * replies. False when the channel cannot push or the platform refused (the caller keeps the message).
 */
import type { Say } from '../core/flow.js';
import type { OutboundMessage } from '../core/message.js';
import type { ChannelSender } from '../core/ports.js';

export type Relay = (sealedAddress: string, say: Say[], opts: { human: boolean }) => Promise<boolean>;

export interface RelayDeps {
  /** Opens a sealed address (throws when it cannot be opened). */
  open(sealed: string): { channel: string; id: string };
  /** The channels able to push, by channel id. */
  senders: Partial<Record<string, ChannelSender>>;
  /** The engine's user key of a platform user. */
  userKey(channel: string, platformId: string): string;
  /** Renders messages in the user's language (the engine's renderFor). */
  render(userKey: string, say: Say[]): Promise<OutboundMessage[]>;
  /** Counts messages sent. */
  onSent(channel: string, n: number): void;
}

export function createRelay(deps: RelayDeps): Relay {
  return async (sealed, say, opts) => {
    const address = deps.open(sealed);
    const sender = deps.senders[address.channel];
    if (!sender) return false;
    const messages = await deps.render(deps.userKey(address.channel, address.id), say);
    const result = await sender.send(address.id, messages, opts);
    if (result.sent > 0) deps.onSent(address.channel, result.sent);
    return result.ok;
  };
}
