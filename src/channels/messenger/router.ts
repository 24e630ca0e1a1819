/**
 * Messenger webhook. Pinned contract:
 * `GET /webhooks/messenger` subscription handshake: 200 with the raw `hub.challenge` as text, else 403.
 * `POST /webhooks/messenger`: `X-Hub-Signature-256` over the raw body (missing 401, wrong 403,
 * nothing processed); events older than the replay window (by their signed `timestamp`) are dropped;
 * then every other event is marked as seen (dedupe on its mid) and the batch is
 * acknowledged with 200 before any Send API call; the turns run in the background through the
 * intake, whose worker sends the replies through the sender this factory returns.
 * A Redis failure before the acknowledgement answers 503, so Meta redelivers.
 */
import express from 'express';
import { Counter, type Registry } from 'prom-client';
import type { SessionStore } from '../../core/ports.js';
import { pseudonymize } from '../../lib/crypto.js';
import type { Logger } from '../../lib/logger.js';
import type { Metrics } from '../../lib/metrics.js';
import type { Channel, ChannelIntake } from '../channel.js';
import { tooOld } from '../replay.js';
import { createGraphClient, type MessengerSettings, type RetryOptions } from './client.js';
import { parseWebhook } from './parse.js';
import { webhookSchema } from './schema.js';
import { createMessengerSender, type MessengerSender } from './send.js';
import { checkSignature, subscriptionChallenge } from './verify.js';

/** The webhook path, as entered in the App Dashboard. */
export const MESSENGER_WEBHOOK_PATH = '/webhooks/messenger';

export interface MessengerChannelDeps {
  config: MessengerSettings;
  secrets: { pseudonym: Buffer };
  /** Where the engine records when each user last wrote: the start of their messaging window. */
  sessions: Pick<SessionStore, 'lastSeen'>;
  intake: ChannelIntake;
  logger: Logger;
  metrics: Metrics;
  clock?: () => Date;
  /** Retry settings of the Graph client (tests use small delays). */
  retry?: RetryOptions;
  /** A ready-made sender (else one is built from the config). */
  sender?: MessengerSender;
  /** Signed events older than this (ms, by their own `timestamp`) are acknowledged and dropped (replay.ts). */
  maxAgeMs: number;
}

/** Registers a counter once per registry (a second router on the same registry reuses it). */
function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]): Counter<L> {
  return (registry.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter({ name, help, labelNames, registers: [registry] });
}

/** Builds the Messenger channel: the router for `GET` and `POST /webhooks/messenger`, and its sender. */
export function createMessengerChannel(deps: MessengerChannelDeps): Channel<MessengerSender> {
  const { config, intake, logger, metrics } = deps;
  const clock = deps.clock ?? (() => new Date());
  const rejected = counter(metrics.registry, 'messenger_webhook_rejected_total', 'Messenger webhook requests refused', ['reason']);
  const skipped = counter(metrics.registry, 'messenger_events_skipped_total', 'Messenger events not answered (echo, read...)', ['reason']);
  const buttonsRefused = counter(
    metrics.registry,
    'messenger_buttons_refused_total',
    'Messages Meta refused with their buttons and that were sent again as text',
    ['code'],
  );
  const sendFailures = counter(metrics.registry, 'messenger_send_failures_total', 'Messenger Send API calls that failed', ['code']);
  const client = createGraphClient({
    config,
    logger,
    retry: deps.retry,
    onFailure: (failure) => {
      sendFailures.inc({ code: failure.code });
      if (failure.tokenInvalid) metrics.errors.inc({ where: 'messenger_token' });
    },
  });
  const sender =
    deps.sender ??
    createMessengerSender({
      client,
      userKey: (psid) => pseudonymize(deps.secrets.pseudonym, 'messenger', psid),
      lastSeen: (userKey) => deps.sessions.lastSeen(userKey),
      clock,
      humanAgentTag: config.humanAgentTag,
      onButtonsRefused: (code) => {
        buttonsRefused.inc({ code });
        logger.warn({ code }, 'Meta refused a message with buttons; sent again as text');
      },
    });

  const router = express.Router();

  router.get(MESSENGER_WEBHOOK_PATH, (req, res) => {
    // The challenge is echoed as sent: never let a browser sniff it as a page (helmet is not on webhooks).
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const challenge = subscriptionChallenge(req.query as Record<string, unknown>, config.verifyToken);
    if (challenge === undefined) {
      rejected.inc({ reason: 'verify_token' });
      res.status(403).type('text/plain').send('forbidden');
      return;
    }
    res.status(200).type('text/plain').send(challenge);
  });

  router.post(MESSENGER_WEBHOOK_PATH, async (req, res) => {
    const signature = checkSignature(config.appSecret, req.rawBody ?? Buffer.alloc(0), req.headers['x-hub-signature-256']);
    if (signature !== 'valid') {
      rejected.inc({ reason: `signature_${signature}` });
      req.log.warn({ reason: signature }, 'messenger webhook refused: bad signature');
      const status = signature === 'missing' ? 401 : 403;
      res.status(status).json({ error: { code: 'bad_signature', message: 'signature missing or invalid' } });
      return;
    }
    const body = webhookSchema.safeParse(req.body);
    if (!body.success) {
      rejected.inc({ reason: 'invalid_body' });
      res.status(400).json({ error: { code: 'invalid_request', message: 'not a Messenger webhook body' } });
      return;
    }
    if (body.data.object !== 'page') {
      skipped.inc({ reason: 'not_page' });
      res.status(200).type('text/plain').send('EVENT_RECEIVED');
      return;
    }

    for (const event of parseWebhook(body.data)) {
      if (event.kind === 'skip') {
        skipped.inc({ reason: event.reason });
        continue;
      }
      if (tooOld(event.msg.at, clock(), deps.maxAgeMs)) {
        skipped.inc({ reason: 'stale' });
        continue;
      }
      // A Redis failure throws: 503, and Meta's redelivery skips the events already stored (seen).
      if (!(await intake.firstSeen(event.msg))) skipped.inc({ reason: 'duplicate' });
    }
    res.status(200).type('text/plain').send('EVENT_RECEIVED');
  });

  return { router, sender };
}
