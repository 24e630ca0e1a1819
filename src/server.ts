/**
 * Composition root: builds the stores, the engine, the intake, the channels and the features, and
 * mounts their routes on an express app, without listening (`main.ts` listens; tests build the app
 * directly). Only wiring lives here; the one place besides `main.ts` and the command-line tools that
 * knows Redis is behind the ports.
 */
import express, { type Express } from 'express';
import helmet from 'helmet';
import { Counter } from 'prom-client';
import { TOPICS as FESTIVAL_TOPICS } from '../flows/festival.js';
import { flows as defaultFlows } from '../flows/index.js';
import { linkEffect, notifyLinked } from './admin/alert-effects.js';
import { createAlertLinks } from './admin/alerts.js';
import { createAdminRouter } from './admin/router.js';
import { createBroadcasts, type Broadcasts } from './broadcast/index.js';
import { createMessengerChannel } from './channels/messenger/router.js';
import { channelPreviews } from './channels/preview.js';
import { seenTtlSeconds } from './channels/replay.js';
import { createWebRouter } from './channels/web/router.js';
import { createWebSessions } from './channels/web/session.js';
import { createZaloChannel } from './channels/zalo/router.js';
import type { Config } from './config.js';
import { createEngine, type Engine } from './core/engine.js';
import type { Flow } from './core/flow.js';
import type { I18n } from './core/i18n.js';
import { createContentEditor, type ContentEditor } from './edits/service.js';
import { createLiveContent, liveTexts, type LiveContent } from './edits/live.js';
import type { ChannelSender, TurnHandler } from './core/ports.js';
import type { ChannelIntake } from './channels/channel.js';
import { windowRules } from './core/window.js';
import type { DelayedQueue } from './events/ports.js';
import { createEvents, type Events } from './events/index.js';
import { createFaqStatistics, type FaqStatistics } from './faq/index.js';
import { forDeployment, learningExamples } from './festival/data.js';
import type { FestivalFlow } from './festival/flow.js';
import type { Topic } from './festival/faq-broadcasts.js';
import type { Content } from './festival/load.js';
import { retentionTexts } from './festival/retention.js';
import { seasonParams } from './festival/season.js';
import { bodyParsing, errorHandler, notFound, requestLogging, type RequestLogging } from './http/pipeline.js';
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
import type { StatsSources } from './stats/figures.js';
import { createStats, type Stats } from './stats/index.js';
import { createSubscriptions, type Subscriptions } from './subscriptions/index.js';
import { webClientLimit, webIpLimit } from './turns/client-limits.js';
import { engineHooks } from './turns/engine-hooks.js';
import { turnInbox } from './turns/inbox.js';
import { createRelay, type Relay } from './turns/relay.js';
import { limitedTurns, timedTurns } from './turns/turn.js';
import { createUserLimit, type UserLimit } from './turns/user-limit.js';

/** How often each instance checks whether the edited content changed (one GET). */
const CONTENT_POLL_MS = 1000;

/** Renders messages for a user outside a turn (the engine's renderFor). */
type Render = Engine['renderFor'];

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
  /** The content as edited in the dashboard (seed + edits), reloaded when any instance changes it. */
  content: LiveContent;
  /** Edits events and the FAQ (the dashboard's API uses it). */
  editor: ContentEditor;
  /** Resolves once the edited content was first read from Redis (or could not be: the seed is used, and read again every second). */
  contentReady: Promise<void>;
  /** The board's statistics: the recorder the features tell, the figures and their staff routes. */
  stats: Stats;
  /** Closes what the bot opened besides the main Redis client (job-queue connections). */
  close(): Promise<void>;
  /** The senders of the channels that can push outside a turn, by channel id, as their factories returned them. */
  senders: Partial<Record<string, ChannelSender>>;
}

/** What every part of the bot is built on: keys, stores, metrics, the deployment's content and texts. */
function foundations(deps: ServerDeps) {
  const { config, redis } = deps;
  const secrets = deriveKeys(config.appSecret);
  const metrics = createMetrics();
  const stores = createRedisStores(redis, {
    prefix: config.redisKeyPrefix,
    secrets,
    sessionIdleSeconds: config.sessionIdleSeconds,
    statsRetentionDays: config.stats.retentionDays,
  });
  // Without demo content, sample events are gone for every part of the bot (flows, reminders, dashboard).
  const data = forDeployment(deps.content.data, config.demoContent);
  // The content as edited in the dashboard (content/ is the seed): every instance reloads it when it changes.
  const live = createLiveContent({
    seed: deps.content,
    store: stores.edits,
    demoContent: config.demoContent,
    defaultLang: config.defaultLanguage,
    variables: (d) => retentionTexts(config, d),
    onSkipped: (doc) => deps.logger.warn({ kind: doc.kind, id: doc.id, reason: doc.reason }, 'edited content refused by the schemas; the seed is used'),
  });
  return {
    config,
    redis,
    logger: deps.logger,
    secrets,
    keys: createKeys(config.redisKeyPrefix),
    stores,
    metrics,
    data,
    content: { ...deps.content, data } satisfies Content,
    live,
    /** The live content's texts (edited events and FAQ answers included). */
    i18n: liveTexts(live),
    clock: deps.clock ?? (() => new Date()),
    /** Who may get a message they did not just ask for, and how long after their last message (one rule for every sender and broadcast). */
    windows: windowRules({ zaloPaidWindow: config.zalo?.paidWindow ?? false }),
    rateLimited: new Counter({
      name: 'bot_rate_limited_total',
      help: 'Requests over a rate limit (user: kept for later or shown back, no turn ran then; web_ip, web_poll: 429; web_ip_report, web_ip_lookup, web_ip_signup: the action was refused, the draft kept)',
      labelNames: ['limit'],
      registers: [metrics.registry],
    }),
    pseudonymFor: featurePseudonyms(secrets),
    userKey: (channel: string, id: string) => pseudonymize(secrets.pseudonym, channel, id),
  };
}
type Base = ReturnType<typeof foundations>;

/** The platform channels whose credentials are configured, and the senders they return. */
function platformChannels(base: Base, hooks: { intake: ChannelIntake; onUnfollow(id: string): Promise<unknown> }) {
  const { config, stores } = base;
  const common = {
    secrets: base.secrets,
    sessions: stores.sessions,
    intake: hooks.intake,
    logger: base.logger,
    metrics: base.metrics,
    clock: base.clock,
    maxAgeMs: config.webhookMaxAgeMs,
  };
  const messenger = config.messenger ? createMessengerChannel({ ...common, config: config.messenger }) : undefined;
  const zalo = config.zalo
    ? createZaloChannel({
        ...common,
        config: config.zalo,
        tokenStore: stores.zaloTokens,
        contactStore: stores.zaloContacts,
        windows: base.windows,
        onUnfollow: hooks.onUnfollow,
      })
    : undefined;
  const senders: Partial<Record<string, ChannelSender>> = { ...(messenger ? { messenger: messenger.sender } : {}), ...(zalo ? { zalo: zalo.sender } : {}) };
  return { routers: [messenger?.router, zalo?.router].filter((r) => r !== undefined), senders };
}

/** Reports (with their officer alerts), event sign-ups and the alert links: the features that reach users through the relay. */
function features(base: Base, deps: ServerDeps, out: { relay: Relay; render: Render; senders: Partial<Record<string, ChannelSender>> }) {
  const { config, stores, metrics, data, clock } = base;
  const { relay } = out;
  const clientLimit = webClientLimit(stores.counters, base.secrets, config.rateLimits.webPerHour, (action) =>
    base.rateLimited.inc({ limit: `web_ip_${action}` }),
  );
  const alertLinks = createAlertLinks({ links: stores.staff.alertLinks, accounts: stores.staff.accounts });
  // The statistics read the features below only when asked for figures (after they exist).
  const stats = statistics(base, {
    reportsNow: (kcns) => reports.officer.list({ kcns }),
    unanswered: (limit) => news.faq.unanswered.top(limit),
  });
  const alert = createReportAlerts({ recipients: (kcn) => alertLinks.alertRecipients(kcn), relay, logger: base.logger });
  const reports = createReports({
    store: stores.reports,
    onOneInstance: stores.periodic.reportJobs,
    config,
    secrets: base.secrets,
    data,
    clock,
    relay,
    alert,
    clientLimit,
    record: stats.recorder.reports,
  });
  const reminders = new Counter({
    name: 'bot_reminders_total',
    help: 'Event reminders by outcome (skipped: the platform window is closed)',
    labelNames: ['outcome'],
    registers: [metrics.registry],
  });
  const events = createEvents({
    store: stores.signups,
    queue: deps.reminderQueue ?? createBullReminderQueue(base.redis, config.redisKeyPrefix),
    config,
    data,
    events: () => base.live.current().content.data.events.events,
    allEvents: () => base.live.current().catalogue.events.map((r) => r.doc.event),
    clock,
    relay: (sealed, say) => relay(sealed, say, { human: false }),
    keepForLater: (key, say) => stores.laterInbox.push(key, say),
    count: (outcome) => reminders.inc({ outcome }),
    clientLimit,
    record: stats.recorder.event,
  });
  const editor = createContentEditor({
    store: stores.edits,
    live: base.live,
    seed: deps.content,
    clock,
    textParams: new Set([...Object.keys(seasonParams(clock(), data, config.defaultLanguage)), ...Object.keys(retentionTexts(config, data))]),
  });
  const news = newsFeatures(base, out, stats);
  return { reports, events, alertLinks, editor, stats, ...news };
}

/** The board's statistics over their store; `sources` gives what the counters do not hold. */
function statistics(base: Base, sources: Pick<StatsSources, 'reportsNow' | 'unanswered'>): Stats {
  const { config, stores, data } = base;
  return createStats({
    store: stores.stats,
    sources: {
      ...sources,
      // The published events as edited in the dashboard (a cancelled event was not held).
      events: () => base.live.current().content.data.events.events,
      subscribers: (topic) => stores.subscriptions.count(topic as Topic),
    },
    data,
    festivalTopics: FESTIVAL_TOPICS,
    i18n: base.i18n,
    lang: config.defaultLanguage,
    threshold: config.stats.minCount,
    unansweredKeptDays: config.unansweredRetentionDays,
    secret: base.secrets.stats,
    clock: base.clock,
    onError: (err) => base.logger.warn({ err }, 'statistics not recorded'),
  });
}

/** Subscriptions, the FAQ statistics and broadcasts (which deliver through the channels' senders). */
function newsFeatures(base: Base, out: { render: Render; senders: Partial<Record<string, ChannelSender>> }, stats: Stats) {
  const { config, stores, metrics } = base;
  const deliveries = new Counter({
    name: 'bot_broadcast_deliveries_total',
    help: 'Broadcast deliveries settled by this instance, by outcome (window: outside the platform window, not sent; gone: unsubscribed meanwhile)',
    labelNames: ['outcome'],
    registers: [metrics.registry],
  });
  const broadcasts = createBroadcasts({
    store: stores.broadcasts,
    queue: createRedisBroadcastQueue(base.redis, config.redisKeyPrefix),
    audience: stores.subscriptions,
    onOneInstance: stores.periodic.broadcastScheduler,
    data: base.data,
    lastSeen: stores.sessions.lastSeen,
    render: out.render,
    open: (sealed) => openAddress(base.secrets.encryption, sealed),
    senders: out.senders,
    clock: base.clock,
    logger: base.logger,
    options: { windows: base.windows },
    onDeliverySettled: (outcome) => deliveries.inc({ outcome }),
    record: { started: stats.recorder.broadcastStarted, delivered: stats.recorder.delivered },
    preview: (say, lang) => channelPreviews([{ text: base.i18n.t(lang, say.key, say.params) }]),
  });
  return {
    broadcasts,
    subscriptions: createSubscriptions({
      store: stores.subscriptions,
      i18n: base.i18n,
      pseudonym: base.secrets.pseudonym,
      onSubscribed: stats.recorder.subscribed,
    }),
    faq: createFaqStatistics({ store: stores.unanswered, retentionDays: config.unansweredRetentionDays, clock: base.clock }),
  };
}
type Features = ReturnType<typeof features>;

/** The conversation engine over the stores, with every feature's effects. */
function conversationEngine(base: Base, f: Features, flows: readonly FestivalFlow[]): Engine {
  const { stores, secrets, live } = base;
  const engine = createEngine({
    flows,
    examples: learningExamples,
    i18n: live.current().i18n,
    data: live.current().content.data,
    sessions: stores.sessions,
    lock: stores.userLock,
    userKey: base.userKey,
    pseudonymFor: base.pseudonymFor,
    sealAddress: (channel, id) => sealAddress(secrets.encryption, channel, id),
    clock: base.clock,
    effects: {
      ...f.reports.effects,
      ...f.events.effects,
      ...f.subscriptions.effects,
      ...f.faq.effects,
      ...f.broadcasts.effects,
      'staff.link': linkEffect(stores.counters, f.alertLinks),
    },
    inbox: turnInbox({ later: stores.laterInbox, reports: f.reports, pseudonymFor: base.pseudonymFor }),
    defaultLang: base.config.defaultLanguage,
    ...engineHooks(base.metrics, base.logger),
    onTurn: f.stats.recorder.turn,
  });
  // An edit made on any instance: the engine answers from the new content at once.
  live.onChange((s) => engine.useContent({ i18n: s.i18n, data: s.content.data }));
  return engine;
}

/** The webhook intake: stored events run as timed turns behind the per-user limit, replies through the channels' senders. */
function webhookIntake(
  base: Base,
  parts: { turn: TurnHandler; limit: UserLimit; senders: Partial<Record<string, ChannelSender>>; webhooksInFlight(): number },
): Intake {
  const { config, secrets } = base;
  return createIntake({
    queue: base.stores.intake,
    encryption: secrets.encryption,
    pseudonym: secrets.pseudonym,
    sessions: base.stores.sessions,
    handle: parts.turn,
    limit: parts.limit,
    senders: parts.senders,
    logger: base.logger,
    metrics: base.metrics,
    staleMs: config.intakeClaimIdleMs,
    seenTtlSeconds: seenTtlSeconds(config.webhookMaxAgeMs),
    concurrency: config.intakeConcurrency,
    webhooksInFlight: parts.webhooksInFlight,
  });
}

/** The web chat's routes: its per-address limits, its sessions and the chat API. */
function webChat(base: Base, f: Features, handle: TurnHandler): express.Router {
  const { config, stores, secrets, pseudonymFor, rateLimited, metrics } = base;
  const router = express.Router();
  const ipLimit = webIpLimit(stores.counters, secrets, config.rateLimits.webPerMinute, () => rateLimited.inc({ limit: 'web_ip' }));
  router.post(['/api/chat', '/api/chat/end'], ipLimit);
  router.get('/api/chat/resume', ipLimit);
  router.get(
    '/api/chat/updates',
    webIpLimit(stores.counters, secrets, config.rateLimits.webPollPerMinute, () => rateLimited.inc({ limit: 'web_poll' }), 'poll'),
  );
  const sessions = createWebSessions({
    sessions: stores.sessions,
    // The later-inbox is kept under the sign-up pseudonym, the reports' inbox under the report pseudonym (see turns/inbox.ts).
    inbox: { clear: (key) => stores.laterInbox.clear(pseudonymFor('signup', key)) },
    waiting: [(key) => stores.laterInbox.has(pseudonymFor('signup', key)), (key) => f.reports.hasInbox(pseudonymFor('report', key))],
    lock: stores.userLock,
    userKey: (sessionId) => base.userKey('web', sessionId),
    t: (lang, key) => base.i18n.t(lang, key),
    defaultLang: config.defaultLanguage,
  });
  router.use(
    createWebRouter({
      handle,
      i18n: base.i18n,
      onReplies: (n) => metrics.replies.inc({ channel: 'web' }, n),
      sessions,
      idleSeconds: config.sessionIdleSeconds,
    }),
  );
  return router;
}

/** The staff side: the dashboard and its API over the features. */
function staffRoutes(base: Base, f: Features, relay: Relay): express.Router {
  const { stores } = base;
  return createAdminRouter({
    config: base.config,
    stores: stores.staff,
    secrets: base.secrets,
    logger: base.logger,
    i18n: base.i18n,
    content: base.content,
    reports: f.reports.officer,
    clock: base.clock,
    events: { events: f.events.service, clock: base.clock, timeZone: base.data.calendar.timezone },
    editor: f.editor,
    forgetUnanswered: (question) => f.faq.unanswered.forget(question),
    broadcasts: f.broadcasts.adminRoutes({
      onStarted: (by, detail) => stores.staff.audit.append({ actor: by, action: 'broadcast', detail }),
      onCancelled: (by, detail) => stores.staff.audit.append({ actor: by, action: 'broadcast_cancel', detail }),
    }),
    faq: f.faq.adminRoutes(),
    stats: f.stats.adminRoutes({ onExport: (by, detail) => stores.staff.audit.append({ actor: by, action: 'export', detail }) }),
    // An account's own alerts (locked after wrong passwords) go to the chat account its owner linked.
    notify: notifyLinked(f.alertLinks, relay),
  });
}

/** The express app: webhooks first, then the probes, the pages and APIs, the 404 and the one error handler. */
function expressApp(base: Base, parts: { logging: RequestLogging; webhooks: express.Router[]; routers: express.Router[] }): Express {
  const { config, metrics } = base;
  const app = express();
  app.disable('x-powered-by');
  // No ETag on answers built per request (APIs, webhooks, the small chat page): hashing every body costs
  // CPU and only the page could be revalidated; static files keep theirs.
  app.set('etag', false);
  if (config.trustProxy) app.set('trust proxy', 1);
  app.use(parts.logging.middleware);
  app.use(bodyParsing(config.bodyLimit));
  // Platform webhooks first: they are the bulk of the traffic, and they need none of the page and
  // API routers below (nor helmet's headers, which protect browsers; platforms read only the status).
  // Each channel exists only when its credentials are configured.
  for (const router of parts.webhooks) app.use(router);
  app.use(helmet());
  app.use(probeRoutes(() => redisReady(base.redis)));
  // On the public port only with the bearer token; without one, /metrics is a 404 here like any unknown path.
  if (config.metrics.token) app.get('/metrics', requireBearer(config.metrics.token), metricsRoute(metrics));
  for (const router of parts.routers) app.use(router);
  app.use(notFound);
  app.use(errorHandler(metrics));
  return app;
}

/** Builds the bot: stores, channels, features, engine, intake, and the express app with every route. */
export function createServer(deps: ServerDeps): Bot {
  const base = foundations(deps);
  const { stores, metrics, secrets } = base;
  const logging = requestLogging(base.logger);
  const render: Render = (key, say) => engine.renderFor(key, say);
  const channels = platformChannels(base, { intake: { firstSeen: (msg) => intake.firstSeen(msg) }, onUnfollow: (id) => f.subscriptions.unfollow('zalo', id) });
  const { senders } = channels;
  const relay = createRelay({
    open: (s) => openAddress(secrets.encryption, s),
    senders,
    userKey: base.userKey,
    render,
    onSent: (channel, n) => metrics.replies.inc({ channel }, n),
  });
  const f = features(base, deps, { relay, render, senders });
  const engine = conversationEngine(base, f, deps.flows ?? defaultFlows);
  const limit = createUserLimit({
    counters: stores.counters,
    pseudonym: secrets.pseudonym,
    perMinute: base.config.rateLimits.userPerMinute,
    hasTurn: stores.sessions.hasTurn,
    render,
    onLimited: () => base.rateLimited.inc({ limit: 'user' }),
  });
  const turn = timedTurns((msg, opts) => engine.handle(msg, opts), metrics);
  const handle = limitedTurns(turn, limit);
  const intake = webhookIntake(base, { turn, limit, senders, webhooksInFlight: logging.webhooksInFlight });
  if (deps.intakeWorker ?? base.config.intakeWorker) intake.start();
  observeIntake(metrics, stores.intake);
  observeReportBacklog(metrics, stores.reports, base.clock);
  const app = expressApp(base, { logging, webhooks: channels.routers, routers: [f.events.router, staffRoutes(base, f, relay), webChat(base, f, handle)] });
  // Every instance reads the store's revision every second and reloads the content when it moved.
  const onContentError = (err: unknown) => base.logger.warn({ err }, 'edited content not reloaded; the content in use stays');
  base.live.start(CONTENT_POLL_MS, onContentError);
  const contentReady = base.live.refresh().then(() => undefined, onContentError);
  const close = async () => {
    base.live.stop();
    await intake.stop();
    await f.events.close();
    await f.broadcasts.close();
    await f.stats.close();
  };
  const { reports, events, subscriptions, faq, broadcasts, stats } = f;
  return {
    app,
    metricsApp: metricsApp(metrics),
    engine,
    metrics,
    i18n: base.i18n,
    keys: base.keys,
    secrets,
    handle,
    intake,
    reports,
    events,
    subscriptions,
    faq,
    broadcasts,
    stats,
    senders,
    content: base.live,
    editor: f.editor,
    contentReady,
    close,
  };
}
