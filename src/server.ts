/**
 * Composition root: builds the stores, the engine, the intake, the channels and the features, and
 * mounts their routes on an express app, without listening (`main.ts` listens; tests build the app
 * directly). Only wiring lives here; the one place besides `main.ts` and the command-line tools that
 * knows Redis is behind the ports.
 */
import express, { type Express } from 'express';
import helmet from 'helmet';
import { Counter } from 'prom-client';
import { flows as defaultFlows } from '../flows/index.js';
import { linkEffect, notifyLinked } from './admin/alert-effects.js';
import { createAlertLinks } from './admin/alerts.js';
import { createAdminRouter } from './admin/router.js';
import { createBroadcasts, type Broadcasts } from './broadcast/index.js';
import { createMessengerChannel } from './channels/messenger/router.js';
import { seenTtlSeconds } from './channels/replay.js';
import { createWebRouter } from './channels/web/router.js';
import { createWebSessions } from './channels/web/session.js';
import { createZaloChannel } from './channels/zalo/router.js';
import type { Config } from './config.js';
import { createEngine, type Engine } from './core/engine.js';
import type { Flow } from './core/flow.js';
import { createI18n, type I18n } from './core/i18n.js';
import type { ChannelSender, TurnHandler } from './core/ports.js';
import { windowRules } from './core/window.js';
import type { DelayedQueue } from './events/ports.js';
import { createEvents, type Events } from './events/index.js';
import { createFaqStatistics, type FaqStatistics } from './faq/index.js';
import { forDeployment } from './festival/data.js';
import type { Content } from './festival/load.js';
import { retentionTexts } from './festival/retention.js';
import { bodyParsing, errorHandler, notFound, requestLogging } from './http/pipeline.js';
import { metricsApp, metricsRoute, probeRoutes, requireBearer } from './http/probes.js';
import { createIntake, type Intake } from './intake/intake.js';
import { observeIntake } from './intake/metrics.js';
import { deriveKeys, featurePseudonyms, openAddress, pseudonymize, sealAddress, type DerivedKeys } from './lib/crypto.js';
import type { Logger } from './lib/logger.js';
import { createMetrics, type Metrics } from './lib/metrics.js';
import { createReportAlerts } from './reports/alerts.js';
import { observeReportBacklog } from './reports/backlog.js';
import { createReports, type Reports } from './reports/index.js';
import { redisReady, type Redis } from './store/redis/client.js';
import { createRedisStores } from './store/redis/index.js';
import { createKeys, type Keys } from './store/redis/keys.js';
import { createRedisBroadcastQueue } from './store/redis/broadcast-queues.js';
import { createBullReminderQueue } from './store/redis/reminder-queue.js';
import { createSubscriptions, type Subscriptions } from './subscriptions/index.js';
import { webClientLimit, webIpLimit } from './turns/client-limits.js';
import { engineHooks } from './turns/engine-hooks.js';
import { turnInbox } from './turns/inbox.js';
import { createRelay } from './turns/relay.js';
import { limitedTurns, timedTurns } from './turns/turn.js';
import { createUserLimit } from './turns/user-limit.js';

export interface ServerDeps {
  config: Readonly<Config>;
  redis: Redis;
  logger: Logger;
  content: Content;
  flows?: readonly Flow<unknown>[];
  clock?: () => Date;
  /** Replaces the reminders' BullMQ queue (tests). */
  reminderQueue?: DelayedQueue;
  /** Whether to process stored webhook events here; defaults to `config.intakeWorker` (INTAKE_WORKER). */
  intakeWorker?: boolean;
}

export interface Bot {
  app: Express;
  /** `/metrics` alone, for the metrics port (`main.ts` binds it to METRICS_HOST:METRICS_PORT). */
  metricsApp: Express;
  engine: Engine;
  metrics: Metrics;
  i18n: I18n;
  keys: Keys;
  secrets: DerivedKeys;
  /** Runs one turn with metrics behind the per-user limit (over it, the message is shown back): the web chat calls it; webhook events go through `intake`, which keeps what is over the limit. */
  handle: TurnHandler;
  /** The webhook intake: stored events, processed in the background (dedupe, turn, send). */
  intake: Intake;
  reports: Reports;
  events: Events;
  /** Subscriptions by topic (`subscriptions.unfollow` for channel adapters). */
  subscriptions: Subscriptions;
  /** The FAQ statistics (unanswered questions). */
  faq: FaqStatistics;
  broadcasts: Broadcasts;
  /** Closes what the bot opened besides the main Redis client (job-queue connections). */
  close(): Promise<void>;
  /** The senders of the channels that can push outside a turn, by channel id, as their factories returned them. */
  senders: Partial<Record<string, ChannelSender>>;
}

/** Builds the bot: engine, metrics and the express app with every route. */
export function createServer(deps: ServerDeps): Bot {
  const { config, redis, logger } = deps;
  const secrets = deriveKeys(config.appSecret);
  const keys = createKeys(config.redisKeyPrefix);
  const stores = createRedisStores(redis, { prefix: config.redisKeyPrefix, secrets, sessionIdleSeconds: config.sessionIdleSeconds });
  const metrics = createMetrics();
  // Without demo content, sample events are gone for every part of the bot (flows, reminders, dashboard).
  const data = forDeployment(deps.content.data, config.demoContent);
  const content: Content = { ...deps.content, data };
  const i18n = createI18n(deps.content.resources, config.defaultLanguage, retentionTexts(config, data));
  const clock = deps.clock ?? (() => new Date());
  /** Who may get a message they did not just ask for, and how long after their last message (one rule for every sender and broadcast). */
  const windows = windowRules({ zaloPaidWindow: config.zalo?.paidWindow ?? false });
  const rateLimited = new Counter({
    name: 'bot_rate_limited_total',
    help: 'Requests over a rate limit (user: kept for later or shown back, no turn ran then; web_ip, web_poll: 429; web_ip_report, web_ip_lookup, web_ip_signup: the action was refused, the draft kept)',
    labelNames: ['limit'],
    registers: [metrics.registry],
  });
  const pseudonymFor = featurePseudonyms(secrets);
  const userKey = (channel: string, id: string) => pseudonymize(secrets.pseudonym, channel, id);
  const render = (key: string, say: Parameters<Engine['renderFor']>[1]) => engine.renderFor(key, say);
  const logging = requestLogging(logger);

  const intakeEntry = { firstSeen: (msg: Parameters<Intake['firstSeen']>[0]) => intake.firstSeen(msg) };
  const channelDeps = { secrets, sessions: stores.sessions, intake: intakeEntry, logger, metrics, clock, maxAgeMs: config.webhookMaxAgeMs };
  const messenger = config.messenger ? createMessengerChannel({ ...channelDeps, config: config.messenger }) : undefined;
  const zalo = config.zalo
    ? createZaloChannel({ ...channelDeps, config: config.zalo, tokenStore: stores.zaloTokens, contactStore: stores.zaloContacts, windows, onUnfollow: (id) => subscriptions.unfollow('zalo', id) })
    : undefined;
  const senders: Partial<Record<string, ChannelSender>> = { ...(messenger ? { messenger: messenger.sender } : {}), ...(zalo ? { zalo: zalo.sender } : {}) };
  const relay = createRelay({ open: (s) => openAddress(secrets.encryption, s), senders, userKey, render, onSent: (channel, n) => metrics.replies.inc({ channel }, n) });

  const clientLimit = webClientLimit(stores.counters, secrets, config.rateLimits.webPerHour, (action) => rateLimited.inc({ limit: `web_ip_${action}` }));
  const alertLinks = createAlertLinks({ links: stores.staff.alertLinks, accounts: stores.staff.accounts });
  const alert = createReportAlerts({ recipients: (kcn) => alertLinks.alertRecipients(kcn), relay, logger });
  const reports = createReports({ store: stores.reports, onOneInstance: stores.periodic.reportJobs, config, secrets, data, clock, relay, alert, clientLimit });
  const reminderCount = new Counter({ name: 'bot_reminders_total', help: 'Event reminders by outcome (skipped: the platform window is closed)', labelNames: ['outcome'], registers: [metrics.registry] });
  const events = createEvents({
    store: stores.signups,
    queue: deps.reminderQueue ?? createBullReminderQueue(redis, config.redisKeyPrefix),
    config,
    data,
    clock,
    relay: (sealed, say) => relay(sealed, say, { human: false }),
    keepForLater: (key, say) => stores.laterInbox.push(key, say),
    count: (outcome) => reminderCount.inc({ outcome }),
    clientLimit,
  });
  const subscriptions = createSubscriptions({ store: stores.subscriptions, i18n, pseudonym: secrets.pseudonym });
  const faq = createFaqStatistics({ store: stores.unanswered, retentionDays: config.unansweredRetentionDays, clock });
  const broadcastDeliveries = new Counter({
    name: 'bot_broadcast_deliveries_total',
    help: 'Broadcast deliveries settled by this instance, by outcome (window: outside the platform window, not sent; gone: unsubscribed meanwhile)',
    labelNames: ['outcome'],
    registers: [metrics.registry],
  });
  const broadcasts = createBroadcasts({
    store: stores.broadcasts,
    queue: createRedisBroadcastQueue(redis, config.redisKeyPrefix),
    audience: stores.subscriptions,
    onOneInstance: stores.periodic.broadcastScheduler,
    data,
    lastSeen: stores.sessions.lastSeen,
    render,
    open: (sealed) => openAddress(secrets.encryption, sealed),
    senders,
    clock,
    logger,
    options: { windows },
    onDeliverySettled: (outcome) => broadcastDeliveries.inc({ outcome }),
  });

  const engine = createEngine({
    flows: deps.flows ?? defaultFlows,
    i18n,
    data,
    sessions: stores.sessions,
    lock: stores.userLock,
    userKey,
    pseudonymFor,
    sealAddress: (channel, id) => sealAddress(secrets.encryption, channel, id),
    clock,
    effects: { ...reports.effects, ...events.effects, ...subscriptions.effects, ...faq.effects, ...broadcasts.effects, 'staff.link': linkEffect(stores.counters, alertLinks) },
    inbox: turnInbox({ later: stores.laterInbox, reports, pseudonymFor }),
    defaultLang: config.defaultLanguage,
    ...engineHooks(metrics, logger),
  });

  const userLimit = createUserLimit({
    counters: stores.counters,
    pseudonym: secrets.pseudonym,
    perMinute: config.rateLimits.userPerMinute,
    hasTurn: stores.sessions.hasTurn,
    render,
    onLimited: () => rateLimited.inc({ limit: 'user' }),
  });
  const turn = timedTurns((msg, opts) => engine.handle(msg, opts), metrics);
  const handle = limitedTurns(turn, userLimit);
  const intake = createIntake({
    queue: stores.intake,
    encryption: secrets.encryption,
    pseudonym: secrets.pseudonym,
    sessions: stores.sessions,
    handle: turn,
    limit: userLimit,
    senders,
    logger,
    metrics,
    staleMs: config.intakeClaimIdleMs,
    seenTtlSeconds: seenTtlSeconds(config.webhookMaxAgeMs),
    concurrency: config.intakeConcurrency,
    webhooksInFlight: logging.webhooksInFlight,
  });
  if (deps.intakeWorker ?? config.intakeWorker) intake.start();
  observeIntake(metrics, stores.intake);
  observeReportBacklog(metrics, stores.reports, clock);

  const app = express();
  app.disable('x-powered-by');
  // No ETag on answers built per request (APIs, webhooks, the small chat page): hashing every body costs
  // CPU and only the page could be revalidated; static files keep theirs.
  app.set('etag', false);
  if (config.trustProxy) app.set('trust proxy', 1);
  app.use(logging.middleware);
  app.use(bodyParsing(config.bodyLimit));
  // Platform webhooks first: they are the bulk of the traffic, and they need none of the page and
  // API routers below (nor helmet's headers, which protect browsers; platforms read only the status).
  // Each channel exists only when its credentials are configured.
  if (messenger) app.use(messenger.router);
  if (zalo) app.use(zalo.router);
  app.use(helmet());
  app.use(probeRoutes(() => redisReady(redis)));
  // On the public port only with the bearer token; without one, /metrics is a 404 here like any unknown path.
  if (config.metrics.token) app.get('/metrics', requireBearer(config.metrics.token), metricsRoute(metrics));

  app.use(events.router);
  app.use(
    createAdminRouter({
      config,
      stores: stores.staff,
      secrets,
      logger,
      i18n,
      content,
      reports: reports.officer,
      events: { events: events.service, clock },
      broadcasts: broadcasts.adminRoutes({ onStarted: (by, detail) => stores.staff.audit.append({ actor: by, action: 'broadcast', detail }) }),
      faq: faq.adminRoutes(),
      // An account's own alerts (locked after wrong passwords) go to the chat account its owner linked.
      notify: notifyLinked(alertLinks, relay),
    }),
  );
  const ipLimit = webIpLimit(stores.counters, secrets, config.rateLimits.webPerMinute, () => rateLimited.inc({ limit: 'web_ip' }));
  app.post(['/api/chat', '/api/chat/end'], ipLimit);
  app.get('/api/chat/resume', ipLimit);
  app.get('/api/chat/updates', webIpLimit(stores.counters, secrets, config.rateLimits.webPollPerMinute, () => rateLimited.inc({ limit: 'web_poll' }), 'poll'));
  const webSessions = createWebSessions({
    sessions: stores.sessions,
    // The later-inbox is kept under the sign-up pseudonym, the reports' inbox under the report pseudonym (see turns/inbox.ts).
    inbox: { clear: (key) => stores.laterInbox.clear(pseudonymFor('signup', key)) },
    waiting: [(key) => stores.laterInbox.has(pseudonymFor('signup', key)), (key) => reports.hasInbox(pseudonymFor('report', key))],
    lock: stores.userLock,
    userKey: (sessionId) => userKey('web', sessionId),
    t: (lang, key) => i18n.t(lang, key),
    defaultLang: config.defaultLanguage,
  });
  app.use(createWebRouter({ handle, i18n, onReplies: (n) => metrics.replies.inc({ channel: 'web' }, n), sessions: webSessions, idleSeconds: config.sessionIdleSeconds }));

  app.use(notFound);
  app.use(errorHandler(metrics));

  const close = async () => {
    await intake.stop();
    await events.close();
    await broadcasts.close();
  };
  return { app, metricsApp: metricsApp(metrics), engine, metrics, i18n, keys, secrets, handle, intake, reports, events, subscriptions, faq, broadcasts, senders, close };
}
