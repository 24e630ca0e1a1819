/**
 * Zalo OA channel: `POST /webhooks/zalo`. Event flow:
 * 1. verify `X-ZEvent-Signature` over the raw bytes (401 and a counter when it fails). One exception:
 *    a request with no signature header whose body names no user and carries no message (the test
 *    call Zalo's console may make when the webhook URL is saved) gets 200, and nothing runs;
 * 2. parse the event with zod into a turn, an unfollow, an interaction or nothing; a turn or an
 *    interaction older than the replay window (by its signed timestamp) is acknowledged and dropped;
 * 3. record the interaction (sealed id) and store a message in the intake, or forget the contact on
 *    an unfollow (a Redis error answers 503, so Zalo redelivers);
 * 4. answer 200 at once; the intake's worker runs the turn and sends the replies through the sender
 *    this factory returns.
 */
import express from 'express';
import { Counter } from 'prom-client';
import type { SessionStore } from '../../core/ports.js';
import { pseudonymize, type DerivedKeys } from '../../lib/crypto.js';
import type { Logger } from '../../lib/logger.js';
import type { Metrics } from '../../lib/metrics.js';
import { projectRoot } from '../../lib/paths.js';
import type { Channel, ChannelIntake } from '../channel.js';
import { createZaloClient, createZaloHttp } from './client.js';
import { createZaloContacts, type ZaloContacts } from './contacts.js';
import { createZaloImages } from './images.js';
import { parseZaloEvent, type ZaloEvent } from './parse.js';
import type { ZaloContactStore, ZaloTokenStore } from './ports.js';
import { createZaloSender } from './send.js';
import { createZaloTokens } from './tokens.js';
import { verifyZaloWebhook } from './verify.js';
import { tooOld } from '../replay.js';
import type { WindowRules } from '../../core/window.js';

/** The Zalo app's and OA's settings, as the deployment configures them (ZALO_* variables, src/config.ts). */
export interface ZaloSettings {
  appId: string;
  /** The app secret: the OAuth call's `secret_key` header. */
  appSecret: string;
  /** The OA secret key: the webhook signature's key. */
  oaSecretKey: string;
  /** Seed tokens for an empty token store. */
  accessToken?: string;
  refreshToken?: string;
  apiBaseUrl: string;
  oauthBaseUrl: string;
}

export interface ZaloChannelDeps {
  config: ZaloSettings;
  /** Where the OA tokens and the users' contacts are kept (ports.ts). */
  tokenStore: ZaloTokenStore;
  contactStore: ZaloContactStore;
  secrets: DerivedKeys;
  intake: ChannelIntake;
  logger: Logger;
  metrics: Metrics;
  /** Called when a user unfollows the OA (drops their subscriptions). */
  onUnfollow?(userId: string): Promise<unknown>;
  /** Where the engine records when each user last wrote: the start of their messaging window. */
  sessions: Pick<SessionStore, 'lastSeen'>;
  /** The deployment's messaging windows (channels/window.ts). */
  windows: WindowRules;
  clock?: () => Date;
  /** Signed events older than this (ms) are acknowledged and dropped (replay.ts). */
  maxAgeMs: number;
}

/** Builds the Zalo channel: the webhook router and everything behind it (tokens, client, sender). Mount its router once per app. */
export function createZaloChannel(deps: ZaloChannelDeps): Channel {
  const { config, logger, intake, metrics } = deps;
  const clock = deps.clock ?? (() => new Date());
  const rejected = new Counter({
    name: 'zalo_webhook_rejected_total',
    help: 'Zalo webhooks refused with 401 (missing or wrong signature, another app, unreadable body)',
    labelNames: ['reason'],
    registers: [metrics.registry],
  });
  const probes = new Counter({
    name: 'zalo_webhook_probes_total',
    help: "Unsigned Zalo webhook requests with no user and no message (the console's test call): answered 200, nothing run",
    registers: [metrics.registry],
  });
  const stale = new Counter({
    name: 'zalo_webhook_stale_total',
    help: 'Signed Zalo events older than WEBHOOK_MAX_AGE_HOURS (replays or very late retries): acknowledged, dropped',
    registers: [metrics.registry],
  });
  const refreshFailed = new Counter({
    name: 'zalo_token_refresh_failed_total',
    help: 'Failed Zalo OA token refreshes; repeated failures need an OA admin to re-authorise the app',
    labelNames: ['code'],
    registers: [metrics.registry],
  });

  const http = createZaloHttp();
  const tokens = createZaloTokens({
    store: deps.tokenStore,
    encryptionKey: deps.secrets.encryption,
    http,
    oauthBaseUrl: config.oauthBaseUrl,
    appId: config.appId,
    appSecret: config.appSecret,
    seed: { accessToken: config.accessToken, refreshToken: config.refreshToken },
    logger,
    onRefreshFailed: (code) => refreshFailed.inc({ code }),
  });
  tokens.seed().catch(() => logger.warn('Zalo tokens not seeded yet (Redis unavailable); they are seeded on first use'));
  const client = createZaloClient({ http, apiBaseUrl: config.apiBaseUrl, tokens, logger });
  const contacts = createZaloContacts({ store: deps.contactStore, secrets: deps.secrets });
  const outsideWindow = new Counter({
    name: 'zalo_send_outside_window_total',
    help: 'Zalo sends refused as outside what the OA may send now (window_closed: not attempted; -230/-232/-234; -320/-321: the billed window without a paid Zalo Cloud Account)',
    labelNames: ['code'],
    registers: [metrics.registry],
  });
  const sender = createZaloSender({
    client,
    images: createZaloImages({ client, root: projectRoot }),
    contacts,
    logger,
    lastSeen: (userId) => deps.sessions.lastSeen(pseudonymize(deps.secrets.pseudonym, 'zalo', userId)),
    clock,
    windows: deps.windows,
    onOutsideWindow: (code) => outsideWindow.inc({ code }),
  });
  const handle = eventHandler({ intake, contacts, metrics, onUnfollow: deps.onUnfollow });

  const router = express.Router();
  // The body arrives as raw bytes (http.ts keeps them for every /webhooks/ path).
  router.post('/webhooks/zalo', async (req, res) => {
    const rawBody = req.rawBody ?? (Buffer.isBuffer(req.body) ? req.body : undefined);
    const parsed: unknown = req.rawBody ? req.body : undefined;
    const verified = verifyZaloWebhook({ appId: config.appId, oaSecretKey: config.oaSecretKey, rawBody, parsed, signature: req.headers['x-zevent-signature'] });
    if (!verified.ok && verified.reason === 'missing_signature' && isProbe(parsed ?? rawBody)) {
      probes.inc();
      req.log.info('unsigned Zalo request without user or message (a console test call?): 200, nothing run');
      res.status(200).json({ ok: true });
      return;
    }
    if (!verified.ok) {
      rejected.inc({ reason: verified.reason });
      req.log.warn({ reason: verified.reason }, 'Zalo webhook rejected');
      res.status(401).json({ error: { code: 'invalid_signature', message: 'the Zalo signature does not match' } });
      return;
    }
    const event = parseZaloEvent(verified.body);
    const at = event.kind === 'turn' ? event.msg.at : event.kind === 'interaction' ? event.at : undefined;
    if (at && tooOld(at, clock(), deps.maxAgeMs)) {
      stale.inc();
      req.log.warn({ event: event.event }, 'Zalo event older than the replay window: acknowledged, dropped');
    } else await handle(event, req.log);
    res.status(200).json({ ok: true });
  });
  return { router, sender };
}

/** Fields that name a user or carry a message, in any Zalo event. */
const USER_OR_MESSAGE = ['sender', 'recipient', 'follower', 'user_id', 'user_id_by_app', 'message', 'info'];

/**
 * An unsigned request that could be the console's test call: its body (parsed, or raw bytes that are
 * not JSON) names no user and carries no message. Anything else unsigned is refused.
 */
function isProbe(body: unknown): boolean {
  if (body === undefined) return true;
  if (Buffer.isBuffer(body)) return !USER_OR_MESSAGE.some((field) => body.includes(field));
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return true;
  return !USER_OR_MESSAGE.some((field) => field in body);
}

/** What each kind of event does before the acknowledgement (logged with the request's id); the turn itself runs afterwards. */
function eventHandler(deps: {
  intake: ChannelIntake;
  contacts: ZaloContacts;
  metrics: Metrics;
  onUnfollow?(userId: string): Promise<unknown>;
}): (event: ZaloEvent, logger: Logger) => Promise<void> {
  const { intake, contacts } = deps;
  return async (event, logger) => {
    switch (event.kind) {
      case 'turn':
        // The contact is touched here, in the order Zalo sent the events, so a queued message never
        // brings back a contact that a later unfollow deleted. One round trip with the intake: a stored
        // event is processed even when the touch fails (503, and the redelivery is dropped as seen).
        if (!(await Promise.all([intake.firstSeen(event.msg), contacts.touch(event.msg.userId, event.msg.at)]))[0])
          logger.debug({ event: event.event }, 'Zalo redelivery ignored');
        return;
      case 'interaction':
        await contacts.touch(event.userId, event.at);
        return;
      case 'unfollow':
        await contacts.forget(event.userId);
        await deps.onUnfollow?.(event.userId);
        logger.info({ event: event.event }, 'Zalo user unfollowed; contact forgotten');
        return;
      case 'malformed':
        deps.metrics.errors.inc({ where: 'zalo_event' });
        logger.warn({ event: event.event, fields: event.fields }, 'Zalo event did not match its schema; ignored');
        return;
      case 'echo':
      case 'unknown':
        logger.debug({ event: event.event }, 'Zalo event ignored');
    }
  };
}
