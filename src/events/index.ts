/** Wires event sign-ups: store, service, flow effects, reminders on the delayed-job queue, QR images, jobs. */
import { Router } from 'express';
import QRCode from 'qrcode';
import type { Config } from '../config.js';
import type { EffectHandler, Say } from '../core/flow.js';
import type { ClientLimit } from '../core/ports.js';
import type { ContentData, FestivalEvent } from '../festival/data.js';
import { signupEffects } from './effects.js';
import type { DelayedQueue, ReminderQueue, SignupStore } from './ports.js';
import { createReminders, type Reminders } from './reminders.js';
import { createEventsService, type EventsService } from './service.js';

export interface EventsDeps {
  /** Sign-ups and the code index (ports.ts). */
  store: SignupStore;
  /** The reminders' queue: the production one runs its worker here; a plain DelayedQueue only queues (tests). */
  queue: DelayedQueue | ReminderQueue;
  config: Readonly<Config>;
  data: ContentData;
  /** The events open to workers now, when they are edited in the dashboard (default: `data`'s, fixed). */
  events?: () => readonly FestivalEvent[];
  /** Every event whatever its status (drafts, cancelled ones), for the deletion of personal data; default `events`. */
  allEvents?: () => readonly FestivalEvent[];
  clock(): Date;
  /** Delivers to a sealed address now if the platform allows; false otherwise. */
  relay(sealedAddress: string, say: Say[]): Promise<boolean>;
  /** Keeps messages for a user's next turn. */
  keepForLater(userKey: string, say: Say[]): Promise<void>;
  count(outcome: 'sent' | 'skipped'): void;
  /** Limits per web chat client on sign-ups. */
  clientLimit?: ClientLimit;
}

export interface Events {
  service: EventsService;
  reminders: Reminders;
  effects: Record<string, EffectHandler>;
  /** `GET /qr/:code.png`: the QR image of a sign-up code. */
  router: Router;
  startWorker(): Promise<void>;
  purge(now?: Date): Promise<number>;
  close(): Promise<void>;
}

const CODE = /^DK-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/;

export function createEvents(deps: EventsDeps): Events {
  const { config, data, store, queue } = deps;
  const worker = 'startWorker' in queue ? queue : undefined;
  const events = deps.events ?? data.events.events;
  const reminders = createReminders({
    queue,
    store,
    events,
    clock: deps.clock,
    timeZone: data.calendar.timezone,
    deliver: deps.relay,
    count: deps.count,
  });
  const service = createEventsService({
    store,
    events,
    allEvents: deps.allEvents,
    timeZone: data.calendar.timezone,
    notify: async (address, userKey, say) => {
      if (!address || !(await deps.relay(address, say))) await deps.keepForLater(userKey, say);
    },
    reminders,
  });
  const qrPath = (code: string) => `/qr/${code}.png`;
  const router = Router();
  router.get('/qr/:file', async (req, res) => {
    const code = req.params.file.replace(/\.png$/, '');
    if (!CODE.test(code)) return void res.status(404).json({ error: { code: 'not_found', message: 'no such code' } });
    res
      .type('png')
      .set('cache-control', 'private, max-age=86400')
      .send(await QRCode.toBuffer(code, { width: 320, margin: 2 }));
  });
  return {
    service,
    reminders,
    effects: signupEffects(
      service,
      (code) => (config.publicBaseUrl ? `${config.publicBaseUrl}${qrPath(code)}` : qrPath(code)),
      data.calendar.timezone,
      deps.clientLimit,
    ),
    router,
    startWorker: () => worker?.startWorker((job) => reminders.process(job)) ?? Promise.resolve(),
    purge: (now = deps.clock()) => service.purgePersonal(now, data.events.personalDataDays),
    close: () => worker?.close() ?? Promise.resolve(),
  };
}
