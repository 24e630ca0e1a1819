/**
 * Runs webhook events after they were acknowledged: dedupe on the platform message id, one turn
 * through the engine, then the replies through the channel's sender. Every failure is logged and
 * counted here (one catch for the background path); `idle()` lets tests and shutdown wait.
 */
import type { InboundMessage } from '../core/message.js';
import type { Dedupe } from '../core/ports.js';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';
import type { ChannelSender, TurnHandler } from './channel.js';

export interface Dispatcher {
  /** True when this platform message id was not seen before (call before acknowledging, so Redis errors become 503). */
  firstSeen(msg: InboundMessage): Promise<boolean>;
  /** Handles the message in the background and sends the replies. */
  run(msg: InboundMessage, sender: ChannelSender): void;
  /** Resolves when every background turn has finished. */
  idle(): Promise<void>;
}

export function createDispatcher(deps: { dedupe: Dedupe; handle: TurnHandler; logger: Logger; metrics: Metrics }): Dispatcher {
  const running = new Set<Promise<void>>();

  async function process(msg: InboundMessage, sender: ChannelSender): Promise<void> {
    try {
      const replies = await deps.handle(msg);
      if (replies.length === 0) return;
      const result = await sender.send(msg.userId, replies);
      if (result.sent > 0) deps.metrics.replies.inc({ channel: msg.channel }, result.sent);
      if (!result.ok) {
        deps.metrics.errors.inc({ where: `send_${result.reason}` });
        deps.logger.warn({ channel: msg.channel, reason: result.reason, code: result.code }, 'reply not delivered');
      }
    } catch (err) {
      deps.metrics.errors.inc({ where: 'dispatch' });
      deps.logger.error({ channel: msg.channel, err }, 'turn failed after acknowledgement');
    }
  }

  return {
    async firstSeen(msg) {
      return msg.messageId ? deps.dedupe.firstSeen(msg.channel, msg.messageId) : true;
    },
    run(msg, sender) {
      const p = process(msg, sender);
      running.add(p);
      void p.finally(() => running.delete(p));
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
