/** How a turn is run for each kind of channel: timed and counted, and behind the per-user limit for the web chat. */
import type { TurnHandler } from '../core/ports.js';
import type { Metrics } from '../lib/metrics.js';
import type { UserLimit } from './user-limit.js';

/** One engine turn, timed and counted (turns, errors, duration by channel). */
export function timedTurns(handle: TurnHandler, metrics: Metrics): TurnHandler {
  return async (msg, opts) => {
    const end = metrics.turnSeconds.startTimer({ channel: msg.channel });
    try {
      return await handle(msg, opts);
    } catch (err) {
      metrics.errors.inc({ where: 'turn' });
      throw err;
    } finally {
      end();
      metrics.turns.inc({ channel: msg.channel });
    }
  };
}

/** A turn behind the per-user limit, for a channel that answers at once (the web chat): over it, the message is shown back. */
export function limitedTurns(turn: TurnHandler, limit: Pick<UserLimit, 'refuse'>): TurnHandler {
  return async (msg, opts) => (await limit.refuse(msg, opts)) ?? turn(msg, opts);
}
