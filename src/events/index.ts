/** Wires event sign-ups: store, service, flow effects, reminders on the delayed-job queue, QR images, jobs. */
import { Router } from 'express';
import QRCode from 'qrcode';
import type { ContentData } from '../festival/data.js';
import type { EffectHandler, Say } from '../core/flow.js';
import type { Config } from '../config.js';
import type { ClientLimit } from '../core/ports.js';
import type { DerivedKeys } from '../lib/crypto.js';
import { guard, type Redis } from '../store/redis/client.js';
import { signupEffects } from './effects.js';
import { createBullReminderQueue } from './queue.js';
import { createReminders, type DelayedQueue, type Reminders } from './reminders.js';
import { createEventsService, type EventsService } from './service.js';
import { createEventStore } from './store.js';

export interface EventsDeps {
  redis: Redis;
  config: Readonly<Config>;
  secrets: DerivedKeys;
  data: ContentData;
  clock(): Date;
  /** Delivers to a sealed address now if the platform allows; false otherwise. */
  relay(sealedAddress: string, say: Say[]): Promise<boolean>;
  /** Keeps messages for a user's next turn. */
  keepForLater(userKey: string, say: Say[]): Promise<void>;
  count(outcome: 'sent' | 'skipped'): void;
  /** Replaces the BullMQ queue (tests). */
  queue?: DelayedQueue;
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
  const { config, data, redis } = deps;
  const store = createEventStore(redis, config.redisKeyPrefix, deps.secrets.encryption);
  const bull = deps.queue ? undefined : createBullReminderQueue(redis, config.redisKeyPrefix);
  const queue = deps.queue ?? bull!;
  const indexKey = (code: string) => `${config.redisKeyPrefix}:{events}:code:${code}`;
  const events = data.events.events;
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
    index: {
      set: async (code, eventId) => void (await guard(() => redis.set(indexKey(code), eventId, 'EX', 400 * 86400))),
      get: async (code) => (await guard(() => redis.get(indexKey(code)))) ?? undefined,
    },
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
    res.type('png').set('cache-control', 'private, max-age=86400').send(await QRCode.toBuffer(code, { width: 320, margin: 2 }));
  });
  return {
    service,
    reminders,
    effects: signupEffects(service, (code) => (config.publicBaseUrl ? `${config.publicBaseUrl}${qrPath(code)}` : qrPath(code)), data.calendar.timezone, deps.clientLimit),
    router,
    startWorker: () => bull?.startWorker((job) => reminders.process(job)) ?? Promise.resolve(),
    purge: (now = deps.clock()) => service.purgePersonal(now, data.events.personalDataDays),
    close: () => bull?.close() ?? Promise.resolve(),
  };
}
