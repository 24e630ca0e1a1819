/**
 * Durable intake for webhook events. Before a webhook is acknowledged, each new event is stored in a
 * Redis Stream (sealed: it holds the platform id and the text) by one script that also marks its
 * message id as seen, so a redelivery is dropped and a crash after the acknowledgement loses nothing.
 * A worker in every bot instance reads the stream through a consumer group and runs the turn, which
 * saves its replies together with the state it leaves (TurnRecord); it sends them, then acknowledges
 * and deletes the entry in one script, and forgets the saved replies.
 * Entries left by a crashed or stalled instance are claimed after `staleMs`. Their re-run gets the saved
 * replies from the engine (checked under the user's lock, so also when it races the first run) instead
 * of running the same message again on the state it already changed: a "2" that chose a category must
 * not also choose a park. A reply repeats only when it was sent and the entry then not acknowledged
 * (the instance died, or Redis failed). The intake's keys share the tag `{intake}`.
 * With a per-user limit, an event over it is not dropped: it moves to the user's held list and comes
 * back into the stream when the user's minute ends (intake-hold.ts); past what may be held, the user
 * is shown the message and asked to send it again.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { InboundMessage, OutboundMessage } from '../core/message.js';
import { AppError } from '../core/errors.js';
import { type SessionStore, type ChannelSender, type TurnHandler } from '../core/ports.js';
import { pseudonymize, seal, unseal } from '../lib/crypto.js';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';
import { duplicateForBlocking, guard, type Redis } from '../store/redis/client.js';
import { runScript } from '../store/redis/script.js';
import { createIntakeHold } from './intake-hold.js';

export interface Dispatcher {
  /**
   * Stores the event durably, once per platform message id, and returns true when it is new. Call it
   * before acknowledging: a Redis error must become a 503 so the platform retries.
   */
  firstSeen(msg: InboundMessage): Promise<boolean>;
  /** Tells the worker which sender serves this channel (the stored event is processed by the worker). */
  run(msg: InboundMessage, sender: ChannelSender): void;
  /** Starts this instance's worker. */
  start(): void;
  /** Resolves when the intake stream is empty (every accepted event was processed, by any instance). */
  idle(): Promise<void>;
  /** Stops the worker after its current batch. */
  stop(): Promise<void>;
}

/**
 * KEYS[1] dedupe mark, KEYS[2] intake stream. ARGV[1] mark TTL s, ARGV[2] sealed event, ARGV[3] most events
 * waiting. Returns the stream id, false when the message id was already seen, or -1 when the backlog is
 * full (nothing stored, nothing marked: the caller answers 503 and the platform retries). The stream is
 * never trimmed: an accepted event leaves it only when processed.
 */
const ACCEPT = `
if redis.call('XLEN', KEYS[2]) >= tonumber(ARGV[3]) then return -1 end
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return false end
return redis.call('XADD', KEYS[2], '*', 'e', ARGV[2])`;

/** KEYS[1] intake stream. ARGV[1] entry id, ARGV[2] group. Acknowledges and deletes in one step. */
const FINISH = `redis.call('XACK', KEYS[1], ARGV[2], ARGV[1])
redis.call('XDEL', KEYS[1], ARGV[1])
return 1`;

const GROUP = 'workers';

export interface DispatcherDeps {
  redis: Redis;
  prefix: string;
  encryption: Buffer;
  /** The pseudonym key: a user's key (where their turn's replies are saved) and the HMAC of the dedupe marks. */
  pseudonym: Buffer;
  /** Where turns save their replies (the engine's session store): forgotten once the event is done. */
  sessions: Pick<SessionStore, 'forgetTurn' | 'hasTurn'>;
  /** Runs a turn (no rate limit: `limit` applies it here). */
  handle: TurnHandler;
  /** The per-user rate limit; without it every event runs. */
  limit?: IntakeLimit;
  senders: Partial<Record<string, ChannelSender>>;
  logger: Logger;
  metrics: Metrics;
  /** How long an entry may stay claimed by a silent instance before another takes it (ms). */
  staleMs?: number;
  /** How long a message's seen mark lives (s): longer than the replay window (see replay.ts). Default 48 h. */
  seenTtlSeconds?: number;
  /**
   * Turns this worker runs at once (different users). A bound keeps the event loop free for the
   * acknowledgements when both share a process: a burst waits in the stream, not in memory.
   */
  concurrency?: number;
  /** Most events waiting in the stream; past it webhooks answer 503 (nothing accepted is ever trimmed). */
  maxBacklog?: number;
  /**
   * Webhook requests in progress in this process. From `BUSY_WEBHOOKS` on, acknowledgements are
   * queueing: the worker then starts at most `BUSY_CONCURRENCY` turns at once, so the platforms get
   * their answers first and the rest of a burst waits, stored, in the stream.
   */
  webhooksInFlight?: () => number;
}

/** The per-user rate limit as the intake applies it: events over it are kept, not dropped. */
export interface IntakeLimit {
  /** Counts one event against its user's minute: undefined when it may run now. */
  check(msg: InboundMessage): Promise<{ retryAfterSeconds: number; firstRefused: boolean } | undefined>;
  /** Seconds until the current minute ends (for events queued behind held ones, which are not counted). */
  secondsLeft(): number;
  /**
   * What to tell the user: `kept` (the first event over the limit in a minute: it will be answered
   * when the minute ends) or `resend` (more than `maxHeld` waiting: shown back, to send again).
   */
  reply(msg: InboundMessage, kind: 'kept' | 'resend', retryAfterSeconds: number): Promise<OutboundMessage[]>;
  /** Most events held per user at a time (the limit itself: all of them run in the next minute). */
  maxHeld: number;
}

/** Webhook requests in progress from which this process counts as busy acknowledging (a burst, not a steady flow). */
export const BUSY_WEBHOOKS = 16;
/** Turns at once while busy: replies keep flowing during a burst, acknowledgements come first. */
export const BUSY_CONCURRENCY = 2;

/** The intake's keys, all tagged `{intake}`: ACCEPT uses a mark together with the stream. */
export function intakeKeys(prefix: string, pseudonym: Buffer) {
  const base = `${prefix}:{intake}`;
  return {
    stream: `${base}:stream`,
    /** A message's seen mark, keyed by HMAC: a message id can embed the platform user id (Zalo follow events). */
    seen: (id: string) => `${base}:seen:${createHmac('sha256', pseudonym).update(id).digest('base64url').slice(0, 32)}`,
  };
}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { stream, seen } = intakeKeys(deps.prefix, deps.pseudonym);
  const consumer = `c-${randomUUID()}`;
  const staleMs = deps.staleMs ?? 30_000;
  const concurrency = Math.max(1, deps.concurrency ?? 16);
  const readCount = Math.max(50, concurrency);
  const maxBacklog = deps.maxBacklog ?? 100_000;
  const seenTtl = deps.seenTtlSeconds ?? 48 * 3600;
  const busy = () => (deps.webhooksInFlight?.() ?? 0) >= BUSY_WEBHOOKS;
  const hold = createIntakeHold({ redis: deps.redis, base: `${deps.prefix}:{intake}`, stream, group: GROUP, pseudonym: deps.pseudonym });
  let reader: Redis | undefined;
  let loop: Promise<void> | undefined;
  let stopped = false;

  /**
   * Sends a turn's replies. When the platform could not be reached and nothing was sent, it throws: the
   * event stays pending, and its re-run sends the replies the turn saved (a report's code and secret key
   * are not lost to a network fault). Refusals (window closed, blocked user) and partial sends end here.
   */
  async function deliver(msg: InboundMessage, sender: ChannelSender, replies: OutboundMessage[]): Promise<void> {
    if (replies.length === 0) return;
    const result = await sender.send(msg.userId, replies);
    if (result.sent > 0) deps.metrics.replies.inc({ channel: msg.channel }, result.sent);
    if (result.ok) return;
    deps.metrics.errors.inc({ where: `send_${result.reason}` });
    if (result.retryable && result.sent === 0) throw new AppError('CHANNEL_API', `${msg.channel} unavailable (${result.code ?? 'no code'}); the replies are sent again later`);
    deps.logger.warn({ channel: msg.channel, reason: result.reason, code: result.code }, 'reply not delivered');
  }

  /** A stream entry: its id, its sealed event, and the event when it could be opened. */
  interface Entry {
    id: string;
    sealed: string;
    msg?: InboundMessage;
  }

  function open(id: string, fields: string[] | undefined): Entry {
    const sealed = fields?.[fields.indexOf('e') + 1] ?? '';
    try {
      const raw = JSON.parse(unseal(deps.encryption, sealed)) as InboundMessage & { at: string };
      return { id, sealed, msg: { ...raw, at: new Date(raw.at) } };
    } catch {
      return { id, sealed };
    }
  }

  /**
   * The per-user limit on a stored event. True when the event was dealt with without a turn: kept in
   * the user's held list (behind the ones held already, or as the first over the limit, with a "kept"
   * reply), or, past `maxHeld`, shown back to the user to send again. A re-run of a turn that ran
   * already is not counted again: it sends the replies it saved (a report's secret key, say).
   */
  async function overLimit(entry: Entry & { msg: InboundMessage }, sender: ChannelSender): Promise<boolean> {
    const { id, msg } = entry;
    if (!deps.limit || msg.event === 'poll') return false;
    const [ran, waiting] = await Promise.all([deps.sessions.hasTurn(pseudonymize(deps.pseudonym, msg.channel, msg.userId), id), hold.waiting(msg)]);
    if (ran) return false;
    // Behind held events an event is not counted (it would spend the next minute before them): it queues.
    const refused = waiting > 0 ? { retryAfterSeconds: deps.limit.secondsLeft(), firstRefused: false } : await deps.limit.check(msg);
    if (!refused) return false;
    if (waiting >= deps.limit.maxHeld) {
      await deliver(msg, sender, await deps.limit.reply(msg, 'resend', refused.retryAfterSeconds));
      await runScript(deps.redis, FINISH, [stream], [id, GROUP]);
      return true;
    }
    if (refused.firstRefused) await deliver(msg, sender, await deps.limit.reply(msg, 'kept', refused.retryAfterSeconds));
    await hold.keep(id, entry.sealed, msg, Date.now() + refused.retryAfterSeconds * 1000);
    return true;
  }

  /**
   * One stored event: its turn (which saves its replies with its state, or, when it ran already, returns
   * the replies it saved), sent, then the entry acknowledged and deleted in one script, then the saved
   * replies forgotten. Over the user's limit it is kept for later instead (see `overLimit`). False when
   * it failed (it stays pending).
   */
  async function processEntry(entry: Entry): Promise<boolean> {
    const { id, msg } = entry;
    try {
      let forget: (() => Promise<void>) | undefined;
      if (msg) {
        const sender = deps.senders[msg.channel];
        if (!sender) throw new Error(`no sender for channel ${msg.channel}`);
        if (await overLimit({ ...entry, msg }, sender)) return true;
        await deliver(msg, sender, await deps.handle(msg, { turnId: id }));
        forget = () => deps.sessions.forgetTurn(pseudonymize(deps.pseudonym, msg.channel, msg.userId), id);
      } else deps.logger.error({ id }, 'unreadable stored event dropped');
      await runScript(deps.redis, FINISH, [stream], [id, GROUP]);
      // The entry is gone, so nothing reads the saved replies again; should this fail, they expire.
      await forget?.().catch(() => deps.logger.warn({ id }, 'saved replies not forgotten; they expire'));
      return true;
    } catch (err) {
      deps.metrics.errors.inc({ where: 'dispatch' });
      deps.logger.error({ err }, 'stored event failed; it stays pending and is retried');
      return false;
    }
  }

  /** Runs a batch: up to `concurrency` users at once, one user's events in order. */
  async function processBatch(entries: [string, string[]][]): Promise<void> {
    const byUser = new Map<string, Entry[]>();
    for (const [id, fields] of entries) {
      const entry = open(id, fields);
      const key = entry.msg ? `${entry.msg.channel}:${entry.msg.userId}` : id;
      byUser.set(key, [...(byUser.get(key) ?? []), entry]);
    }
    const lists = [...byUser.values()];
    // Keep every entry of the batch claimed until it is done, also those waiting for a slot, so no
    // other instance takes one over as stale and answers it a second time.
    const held = new Set(entries.map(([id]) => id));
    const heartbeat = setInterval(
      () => void (held.size ? deps.redis.xclaim(stream, GROUP, consumer, 0, ...held, 'JUSTID') : Promise.resolve()).catch(() => undefined),
      Math.max(10, Math.floor(staleMs / 3)),
    );
    const runner = async (slot: number) => {
      for (;;) {
        // Acknowledgements first: while they queue, only the first slots start turns.
        while (lists.length > 0 && slot >= BUSY_CONCURRENCY && busy() && !stopped) await sleep(10);
        const list = lists.shift();
        if (!list) return;
        for (const [n, entry] of list.entries()) {
          if (await processEntry(entry)) {
            held.delete(entry.id);
            continue;
          }
          // A failed event stops its user's list (order kept): the rest waits, unclaimed, to be retried as stale.
          for (const later of list.slice(n)) held.delete(later.id);
          break;
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, lists.length) }, (_, slot) => runner(slot)));
    } finally {
      clearInterval(heartbeat);
    }
  }

  async function ensureGroup(r: Redis): Promise<void> {
    try {
      await r.xgroup('CREATE', stream, GROUP, '0', 'MKSTREAM');
    } catch (err) {
      if (!String(err).includes('BUSYGROUP')) throw err;
    }
  }

  async function run(r: Redis): Promise<void> {
    let lastClaim = 0;
    let lastRelease = -Infinity;
    while (!stopped) {
      try {
        await ensureGroup(r);
        // Held events whose minute has ended go back into the stream (read just below).
        if (deps.limit && performance.now() - lastRelease >= 1000) {
          lastRelease = performance.now();
          await hold.releaseDue(Date.now());
        }
        if (Date.now() - lastClaim > staleMs / 2) {
          lastClaim = Date.now();
          const [, stale] = (await r.xautoclaim(stream, GROUP, consumer, staleMs, '0-0', 'COUNT', readCount)) as [string, [string, string[]][]];
          if (stale.length) await processBatch(stale);
        }
        // A busy instance takes only what it runs, and leaves the rest to idle instances.
        const count = busy() ? BUSY_CONCURRENCY : readCount;
        const res = (await r.xreadgroup('GROUP', GROUP, consumer, 'COUNT', count, 'BLOCK', 500, 'STREAMS', stream, '>')) as [string, [string, string[]][]][] | null;
        if (res?.[0]) await processBatch(res[0][1]);
      } catch (err) {
        if (stopped) break;
        deps.logger.debug({ err }, 'intake worker waiting for Redis');
        await sleep(500);
      }
    }
  }

  return {
    async firstSeen(msg) {
      const sealed = seal(deps.encryption, JSON.stringify(msg));
      const dedupe = seen(`${msg.channel}:${msg.messageId ?? randomUUID()}`);
      const res = await guard(() => runScript(deps.redis, ACCEPT, [dedupe, stream], [seenTtl, sealed, maxBacklog]));
      if (res === -1) throw new AppError('STORE_UNAVAILABLE', 'the intake backlog is full');
      return res !== null;
    },
    run(msg, sender) {
      deps.senders[msg.channel] ??= sender;
    },
    start() {
      if (loop) return;
      stopped = false;
      reader = duplicateForBlocking(deps.redis);
      reader.on('error', () => undefined);
      loop = run(reader);
    },
    async idle() {
      while ((await deps.redis.xlen(stream).catch(() => 0)) > 0) await sleep(10);
    },
    async stop() {
      stopped = true;
      reader?.disconnect();
      await loop;
      loop = undefined;
    },
  };
}
