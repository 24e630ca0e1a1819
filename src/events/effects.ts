/** The sign-up flows' effects, mapped onto the events service. */
import { listDate } from '../festival/calendar.js';
import type { EffectContext, EffectHandler, Say } from '../core/flow.js';
import type { ClientLimit } from '../core/ports.js';
import { overClientLimit } from '../core/client-limit.js';
import type { EventsService } from './service.js';

interface SignupDraft {
  eventId?: string;
  name?: string;
  enterprise?: string;
  phone?: string;
  people?: number;
}

/** The web chat's variant of a text that would otherwise promise a later message. */
const webOr = (channel: string, key: string) => (channel === 'web' ? `${key}_web` : key);

/** The person's sign-up pseudonym: sign-ups never carry a key that another feature's records carry. */
const signupKey = (ctx: EffectContext) => ctx.pseudonymFor('signup');

/**
 * The sign-up flows' effects. `timeZone` is the festival's, for dates in "my events". The web chat
 * cannot send anything later, so its confirmations promise no reminder (`signup:confirmed_web`).
 * `limit`: sign-ups a client (an IP address on the web chat) may make in an hour.
 */
export function signupEffects(
  events: EventsService,
  qrUrl: (code: string) => string | undefined,
  timeZone: string,
  limit?: ClientLimit,
): Record<string, EffectHandler> {
  return {
    'signup.confirm': async (e, ctx) => {
      const d = (e.data ?? {}) as SignupDraft;
      if (!d.eventId || !d.name || !d.enterprise || !d.phone) throw new Error('incomplete sign-up');
      const again =
        e.waitlist === true
          ? { step: 'waitlist', key: 'signup:join_waitlist', payload: '#signup:waitlist:yes' }
          : { step: 'summary', key: 'signup:confirm', payload: '#signup:confirm' };
      const refused = await overClientLimit(limit, 'signup', { step: again.step, data: d }, [{ key: again.key, payload: again.payload }]);
      if (refused) return refused;
      const res = await events.signup({
        eventId: d.eventId,
        userKey: signupKey(ctx),
        sealedAddress: ctx.sealedAddress,
        name: d.name,
        enterprise: d.enterprise,
        phone: d.phone,
        people: d.people ?? 1,
        waitlist: e.waitlist === true,
        now: ctx.now,
      });
      switch (res.outcome) {
        case 'confirmed': {
          const image = qrUrl(res.code);
          return { say: [{ key: webOr(ctx.channel, 'signup:confirmed'), params: { code: res.code }, ...(image ? { image } : {}) }], next: null };
        }
        case 'waitlisted':
          return { say: [{ key: webOr(ctx.channel, 'signup:waitlisted'), params: { code: res.code } }], next: null };
        case 'already':
          return { say: [{ key: 'signup:already', params: { code: res.code } }], next: null };
        case 'closed':
          return { say: [{ key: 'signup:closed' }], next: null };
        default:
          return {
            say: [
              {
                key: 'signup:full',
                buttons: [
                  { key: 'signup:join_waitlist', payload: '#signup:waitlist:yes', means: 'understanding:intents.yes' },
                  { key: 'signup:no_thanks', payload: '#signup:waitlist:no', means: 'understanding:intents.no' },
                ],
              },
            ],
            next: { step: 'waitlist', data: d },
          };
      }
    },

    'signup.mine': async (_e, ctx) => {
      const mine = await events.mine(signupKey(ctx));
      if (mine.length === 0) return { say: [{ key: 'signup:mine_none' }], next: null };
      const lines: Say[] = mine.map(({ event, signup }) => ({
        key: 'signup:mine_item',
        params: {
          title: { ref: `events:title.${event.id}` },
          date: listDate(event.startsAt, ctx.now, timeZone),
          code: signup.code,
          status: { ref: `signup:statuses.${signup.status}` },
        },
      }));
      const buttons = mine.map(({ signup }) => ({ key: 'signup:cancel_button', params: { code: signup.code }, payload: `#myevents:cancel:${signup.code}` }));
      return { say: [{ key: 'signup:mine' }, ...lines.slice(0, -1), { ...lines.at(-1)!, buttons }] };
    },

    'signup.cancel': async (e, ctx) => {
      const code = String(e.code ?? '');
      const res = await events.cancel(code, signupKey(ctx), ctx.now);
      return { say: [{ key: res.ok ? 'signup:cancelled_ok' : 'signup:cancel_failed', params: { code } }] };
    },
  };
}
