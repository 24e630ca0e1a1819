/**
 * The chat side of alert links: the `staff.link` effect (an officer sends the dashboard's one-time code
 * to the bot; at most 5 tries an hour per user), and the messages a staff member gets about their own
 * account on the chat account they linked.
 */
import type { EffectHandler, Say } from '../core/flow.js';
import type { RateCounters } from '../lib/rate-limit.js';
import type { AlertLinks } from './alerts.js';

/** Tries allowed per user and hour. */
const LINK_TRIES_PER_HOUR = 5;

/** The `staff.link` effect: redeems the code with the sender's sealed address. */
export function linkEffect(counters: RateCounters, links: Pick<AlertLinks, 'redeemLinkCode'>): EffectHandler {
  return async (effect, ctx) => {
    if ((await counters.hit({ user: ctx.userKey, name: 'link-tries' }, 3600)) > LINK_TRIES_PER_HOUR) return { say: [{ key: 'staff:link_locked' }] };
    const res = await links.redeemLinkCode(String(effect.code), ctx.sealedAddress);
    return { say: [{ key: res.ok ? 'staff:linked' : 'staff:link_failed' }] };
  };
}

/** Sends messages to a staff member's linked chat account; nothing when they linked none. */
export function notifyLinked(links: Pick<AlertLinks, 'addressOf'>, relay: (sealed: string, say: Say[], opts: { human: boolean }) => Promise<boolean>) {
  return async (username: string, say: Say[]): Promise<void> => {
    const address = await links.addressOf(username);
    if (address) await relay(address, say, { human: false });
  };
}
