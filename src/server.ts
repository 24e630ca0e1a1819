/**
 * Composition root: wires content, stores, the engine and the channels into an express app, without
 * listening. `main.ts` listens; tests build the app directly.
 */
import express, { type Express } from 'express';
import helmet from 'helmet';
import { flows as defaultFlows } from '../flows/index.js';
import type { Config } from './config.js';
import type { ChannelSender, TurnHandler } from './core/ports.js';
import { createDispatcher, type Dispatcher } from './channels/dispatch.js';
import { createMessengerRouter } from './channels/messenger/router.js';
import { createWebRouter } from './channels/web/router.js';
import { createWebSessions } from './channels/web/session.js';
import { seenTtlSeconds } from './channels/replay.js';
import { createUserLimit } from './channels/user-limit.js';
import { windowRules } from './core/window.js';
import { createZaloRouter } from './channels/zalo/router.js';
import type { Content } from './festival/load.js';
import { bodyParsing, errorHandler, metricsApp, metricsRoute, notFound, probeRoutes, requireBearer, requestLogging, webClientLimit, webIpLimit } from './http.js';
import { createEngine, type Engine } from './core/engine.js';
import { forDeployment, type ContentData } from './festival/data.js';
import { joinDeliveries, type Flow, type Say } from './core/flow.js';
import { createI18n, type I18n } from './core/i18n.js';
import { deriveKeys, featurePseudonym, isFeature, openAddress, pseudonymize, sealAddress, type DerivedKeys, type Feature } from './lib/crypto.js';
import { createAdminRouter } from './admin/router.js';
import { createAlertLinks, type AlertLinks } from './admin/alerts.js';
import { createAuditLog } from './admin/audit.js';
import { createEvents, type Events } from './events/index.js';
import { OTHER_KCN } from './reports/types.js';
import type { EffectHandler } from './core/flow.js';
import type { DelayedQueue } from './events/reminders.js';
import { Counter } from 'prom-client';
import { createReports, type Reports } from './reports/index.js';
import { createReportKeys } from './reports/keys.js';
import { createNews, type News } from './news/index.js';
import { createRedisInbox } from './store/redis/inbox.js';
import type { Logger } from './lib/logger.js';
import { createMetrics, scrapeGauge, type Metrics } from './lib/metrics.js';
import { createBacklogReader } from './reports/backlog.js';
import { countHit } from './store/redis/atomic.js';
import { guard, type Redis } from './store/redis/client.js';
import { createKeys, type Keys } from './store/redis/keys.js';
import { createRedisSessionStore, PREFS_TTL_SECONDS, SEEN_TTL_SECONDS } from './store/redis/session-store.js';
import { createRedisUserLock } from './store/redis/user-lock.js';

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
  /** Runs one turn with metrics behind the per-user limit (over it, the message is shown back): the web chat calls it; webhook events go through `dispatcher`, which keeps what is over the limit. */
  handle: TurnHandler;
  /** Background processing of webhook events (dedupe, turn, send). */
  dispatcher: Dispatcher;
  reports: Reports;
  events: Events;
  /** Subscriptions, news, FAQ statistics and broadcasts (`news.unfollow` for channel adapters, `news.adminRoutes()` for the admin router). */
  news: News;
  /** Closes what the bot opened besides the main Redis client (job-queue connections). */
  close(): Promise<void>;
  /** Channels able to push outside a turn, by channel id (filled as channels are mounted). */
  senders: Partial<Record<string, ChannelSender>>;
}

/** The bot side of alert links: an officer sends the dashboard's one-time code; at most 5 tries an hour. */
function linkEffect(redis: Redis, keys: Keys, links: AlertLinks): EffectHandler {
  return async (effect, ctx) => {
    const tries = `${keys.prefix}:{u:${ctx.userKey}}:link-tries`;
    if ((await countHit(redis, tries, 3600)) > 5) return { say: [{ key: 'staff:link_locked' }] };
    const res = await links.redeemLinkCode(String(effect.code), ctx.sealedAddress);
    return { say: [{ key: res.ok ? 'staff:linked' : 'staff:link_failed' }] };
  };
}

/** Scrape-time gauges: webhook events waiting in the intake stream (see channels/dispatch.ts) and the report backlog. */
function observeBacklogs(redis: Redis, keys: Keys, metrics: Metrics, clock: () => Date): void {
  scrapeGauge(metrics, { name: 'bot_intake_queue_depth', help: 'Accepted webhook events not yet processed (intake stream length)' }, async () => [
    [{}, await redis.xlen(`${keys.prefix}:{intake}:stream`)],
  ]);
  scrapeGauge(metrics, { name: 'bot_intake_held_users', help: 'Users whose webhook events over the per-user limit are kept until their minute ends' }, async () => [
    [{}, await redis.zcard(`${keys.prefix}:{intake}:due`)],
  ]);
  const backlog = createBacklogReader(redis, keys.prefix, clock);
  scrapeGauge(metrics, { name: 'bot_reports_waiting', help: 'Open reports by status', labelNames: ['status'] }, async () =>
    Object.entries((await backlog()).byStatus).map(([status, n]) => [{ status }, n]),
  );
  scrapeGauge(metrics, { name: 'bot_report_oldest_unclaimed_seconds', help: 'Age of the oldest report no officer has claimed (0: none)' }, async () => [
    [{}, (await backlog()).oldestUnclaimedSeconds],
  ]);
}



/**
 * How long this deployment keeps what it stores, as variables every text may use (the privacy answer
 * says exactly what is kept and for how long, from the settings actually in force).
 */
export function retentionTexts(config: Readonly<Config>, data: ContentData): Record<string, number> {
  return {
    keepSessionMinutes: config.sessionIdleSeconds / 60,
    keepLanguageDays: PREFS_TTL_SECONDS / 86_400,
    keepSeenDays: SEEN_TTL_SECONDS / 86_400,
    keepSignupDays: data.events.personalDataDays,
    keepReportDays: config.reports.retentionDays,
    keepAddressDays: config.reports.addressRetentionDays,
  };
}

/** Builds the bot: engine, metrics and the express app with every route. */
export function createServer(deps: ServerDeps): Bot {
  const { config, redis, logger } = deps;
  const secrets = deriveKeys(config.appSecret);
  const keys = createKeys(config.redisKeyPrefix);
  const metrics = createMetrics();
  // Without demo content, sample events are gone for every part of the bot (flows, reminders, dashboard).
  const data = forDeployment(deps.content.data, config.demoContent);
  const content: Content = { ...deps.content, data };
  const i18n = createI18n(deps.content.resources, config.defaultLanguage, retentionTexts(config, data));
  const clock = deps.clock ?? (() => new Date());
  const senders: Partial<Record<string, ChannelSender>> = {};
  /** Who may get a message they did not just ask for, and how long after their last message (one rule for every sender and broadcast). */
  const windows = windowRules({ zaloPaidWindow: config.zalo?.paidWindow ?? false });
  const rateLimited = new Counter({
    name: 'bot_rate_limited_total',
    help: 'Requests over a rate limit (user: kept for later or shown back, no turn ran then; web_ip, web_poll: 429; web_ip_report, web_ip_lookup, web_ip_signup: the action was refused, the draft kept)',
    labelNames: ['limit'],
    registers: [metrics.registry],
  });
  const clientLimit = webClientLimit(redis, keys.prefix, secrets, config.rateLimits.webPerHour, (action) => rateLimited.inc({ limit: `web_ip_${action}` }));
  /** A user's pseudonym for one feature, from their session pseudonym (see lib/crypto.ts). */
  const pseudonymFor = (feature: Feature, userKey: string) => featurePseudonym(secrets, feature, userKey);
  /** Delivers messages to a sealed address now, when the channel can push and its window is open. */
  const relay = async (sealed: string, say: Say[], opts: { human: boolean }): Promise<boolean> => {
    const address = openAddress(secrets.encryption, sealed);
    const sender = senders[address.channel];
    if (!sender) return false;
    const messages = await engine.renderFor(pseudonymize(secrets.pseudonym, address.channel, address.id), say);
    const result = await sender.send(address.id, messages, opts);
    if (result.sent > 0) metrics.replies.inc({ channel: address.channel }, result.sent);
    return result.ok;
  };
  const alertLinks = createAlertLinks({ redis, prefix: keys.prefix });
  /** New-report, overdue and lookup-locked alerts to linked officers of the KCN and supervisors: code, category and park only. */
  const alert = async (kind: 'new' | 'overdue' | 'locked', r: { code: string; category: string; kcn: string }) => {
    const kcn = r.kcn === OTHER_KCN ? { ref: 'report:kcn_other' } : { ref: `kcn:name.${r.kcn}` };
    const say: Say[] = [{ key: `staff:alert_${kind}`, params: { code: r.code, category: { ref: `report:categories.${r.category}` }, kcn } }];
    for (const address of await alertLinks.alertRecipients(r.kcn)) {
      await relay(address, say, { human: false }).catch((err: unknown) => logger.warn({ err }, 'officer alert not delivered'));
    }
  };
  /** Session state, preferences, last-seen times and saved turn replies: one store for the engine, the dispatcher and the channels. */
  const sessions = createRedisSessionStore(redis, keys, config.sessionIdleSeconds, secrets.encryption);
  const reporterInbox = (sealed: string) => {
    const address = openAddress(secrets.encryption, sealed);
    return pseudonymFor('report', pseudonymize(secrets.pseudonym, address.channel, address.id));
  };
  const reports = createReports({ redis, config, secrets, data, clock, relay, alert, reporterInbox, clientLimit });
  const laterInbox = createRedisInbox(redis, keys);
  const userLock = createRedisUserLock(redis, keys);
  const reminderCount = new Counter({ name: 'bot_reminders_total', help: 'Event reminders by outcome (skipped: the platform window is closed)', labelNames: ['outcome'], registers: [metrics.registry] });
  const events = createEvents({
    redis,
    config,
    secrets,
    data,
    clock,
    relay: (sealed, say) => relay(sealed, say, { human: false }),
    keepForLater: (userKey, say) => laterInbox.push(userKey, say),
    count: (outcome) => reminderCount.inc({ outcome }),
    queue: deps.reminderQueue,
    clientLimit,
  });
  const broadcastDeliveries = new Counter({
    name: 'bot_broadcast_deliveries_total',
    help: 'Broadcast deliveries settled by this instance, by outcome (window: outside the platform window, not sent; gone: unsubscribed meanwhile)',
    labelNames: ['outcome'],
    registers: [metrics.registry],
  });
  const news = createNews({
    redis,
    redisUrl: config.redisUrl,
    prefix: config.redisKeyPrefix,
    secrets,
    data,
    i18n,
    clock,
    logger,
    lastSeen: sessions.lastSeen,
    render: (userKey, say) => engine.renderFor(userKey, say),
    senders,
    onDeliverySettled: (outcome) => broadcastDeliveries.inc({ outcome }),
    options: { windows },
    unansweredRetentionDays: config.unansweredRetentionDays,
  });
  const engine = createEngine({
    flows: deps.flows ?? defaultFlows,
    i18n,
    data,
    sessions,
    lock: userLock,
    userKey: (channel, id) => pseudonymize(secrets.pseudonym, channel, id),
    pseudonymFor: (feature, userKey) => {
      if (!isFeature(feature)) throw new Error(`no pseudonyms for feature ${feature}`);
      return pseudonymFor(feature, userKey);
    },
    sealAddress: (channel, id) => sealAddress(secrets.encryption, channel, id),
    clock,
    effects: { ...reports.effects, ...events.effects, ...news.effects, 'staff.link': linkEffect(redis, keys, alertLinks) },
    // Read only: both inboxes are emptied by the joined ack, once the turn is saved. Later-inbox messages
    // (sign-ups: promotions) first. Each inbox is kept under the pseudonym of the feature that fills it.
    inbox: async (userKey) => joinDeliveries(await laterInbox.peek(pseudonymFor('signup', userKey)), await reports.inbox(pseudonymFor('report', userKey))),
    defaultLang: config.defaultLanguage,
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
  });

  const userLimit = createUserLimit({
    redis,
    prefix: keys.prefix,
    pseudonym: secrets.pseudonym,
    perMinute: config.rateLimits.userPerMinute,
    hasTurn: sessions.hasTurn,
    render: (userKey, say) => engine.renderFor(userKey, say),
    onLimited: () => rateLimited.inc({ limit: 'user' }),
  });

  /** One engine turn, timed and counted. */
  const turn: TurnHandler = async (msg, opts) => {
    const end = metrics.turnSeconds.startTimer({ channel: msg.channel });
    try {
      return await engine.handle(msg, opts);
    } catch (err) {
      metrics.errors.inc({ where: 'turn' });
      throw err;
    } finally {
      end();
      metrics.turns.inc({ channel: msg.channel });
    }
  };
  /** A turn behind the per-user limit, for a channel that answers at once (the web chat): over it, the message is shown back. */
  const handle: TurnHandler = async (msg, opts) => (await userLimit.refuse(msg, opts)) ?? turn(msg, opts);

  /** A web session the bot knows: its conversation is in progress, or messages wait for it in either inbox. */
  const reportKeys = createReportKeys(keys.prefix);
  const knownWebSession = async (sessionId: string): Promise<boolean> => {
    const userKey = pseudonymize(secrets.pseudonym, 'web', sessionId);
    const found = await guard(() =>
      Promise.all([
        redis.exists(keys.session(userKey)),
        redis.exists(keys.inbox(pseudonymFor('signup', userKey))),
        redis.exists(reportKeys.inbox(pseudonymFor('report', userKey))),
      ]),
    );
    return found.some((n) => n > 0);
  };

  const logging = requestLogging(logger);
  const dispatcher = createDispatcher({
    redis,
    prefix: keys.prefix,
    encryption: secrets.encryption,
    pseudonym: secrets.pseudonym,
    sessions,
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
  if (deps.intakeWorker ?? config.intakeWorker) dispatcher.start();
  observeBacklogs(redis, keys, metrics, clock);

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
  // Each router is mounted only when its credentials are configured.
  if (config.messenger) {
    app.use(createMessengerRouter({ config: config.messenger, secrets, sessions, dispatcher, logger, metrics, clock, senders, maxAgeMs: config.webhookMaxAgeMs }));
  }
  if (config.zalo) {
    app.use(
      createZaloRouter({ config: config.zalo, redis, keys, secrets, dispatcher, logger, metrics, senders, sessions, windows, clock, maxAgeMs: config.webhookMaxAgeMs, onUnfollow: (id) => news.unfollow('zalo', id) }),
    );
  }
  app.use(helmet());
  app.use(probeRoutes(redis));
  // On the public port only with the bearer token; without one, /metrics is a 404 here like any unknown path.
  if (config.metrics.token) app.get('/metrics', requireBearer(config.metrics.token), metricsRoute(metrics));

  app.use(events.router);
  const staffAudit = createAuditLog(redis, keys.prefix);
  app.use(
    createAdminRouter({
      config,
      redis,
      keys,
      secrets,
      logger,
      i18n,
      content,
      reports: reports.officer,
      events: { events: events.service, clock },
      news: news.adminRoutes({ onStarted: (by, detail) => staffAudit.append({ actor: by, action: 'broadcast', detail }) }),
      // An account's own alerts (locked after wrong passwords) go to the chat account its owner linked.
      notify: async (username, say) => {
        const address = await alertLinks.addressOf(username);
        if (address) await relay(address, say, { human: false });
      },
    }),
  );
  const ipLimit = webIpLimit(redis, keys.prefix, secrets, config.rateLimits.webPerMinute, () => rateLimited.inc({ limit: 'web_ip' }));
  app.post(['/api/chat', '/api/chat/end'], ipLimit);
  app.get('/api/chat/resume', ipLimit);
  app.get('/api/chat/updates', webIpLimit(redis, keys.prefix, secrets, config.rateLimits.webPollPerMinute, () => rateLimited.inc({ limit: 'web_poll' }), 'poll'));
  const webSessions = createWebSessions({
    sessions,
    // The later-inbox is kept under the sign-up pseudonym (see the engine's inbox above).
    inbox: { clear: (userKey) => laterInbox.clear(pseudonymFor('signup', userKey)) },
    lock: userLock,
    userKey: (sessionId) => pseudonymize(secrets.pseudonym, 'web', sessionId),
    t: (lang, key) => i18n.t(lang, key),
    defaultLang: config.defaultLanguage,
  });
  app.use(
    createWebRouter({
      handle,
      i18n,
      onReplies: (n) => metrics.replies.inc({ channel: 'web' }, n),
      known: (sessionId) => knownWebSession(sessionId),
      sessions: webSessions,
      idleSeconds: config.sessionIdleSeconds,
    }),
  );

  app.use(notFound);
  app.use(errorHandler(metrics));


  return { app, metricsApp: metricsApp(metrics), engine, metrics, i18n, keys, secrets, handle, dispatcher, reports, events, news, senders, close: async () => {
      await dispatcher.stop();
      await events.close();
      await news.broadcasts.close();
    } };
}
