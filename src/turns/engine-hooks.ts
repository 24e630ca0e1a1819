/** What the engine reports besides its replies, to the logs and metrics: failed flows, failed acknowledgements, routing decisions. */
import type { EngineDeps } from '../core/engine.js';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';

export function engineHooks(metrics: Metrics, logger: Logger): Pick<EngineDeps, 'onFlowError' | 'onAckError' | 'onRoute'> {
  return {
    onFlowError: (err, info) => {
      metrics.errors.inc({ where: 'flow' });
      logger.error({ err, flow: info.flow, channel: info.channel }, 'flow failed');
    },
    onAckError: (err, info) => {
      metrics.errors.inc({ where: 'inbox_ack' });
      logger.error({ err, channel: info.channel }, 'messages delivered but not marked so; they are shown again next turn');
    },
    // Why the bot answered what it did: the decision and its top candidates with their scores, never the text.
    onRoute: (info) => logger.debug({ channel: info.channel, decision: info.decision, candidates: info.candidates }, 'route'),
  };
}
