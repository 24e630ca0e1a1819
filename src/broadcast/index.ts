/**
 * Broadcasts: start a campaign (scheduled in content or by a supervisor), fan it out to the
 * subscribers of its topic, and deliver through each channel's sender within its rate limit and
 * window, with a report. Event flow:
 * 1. `start` stores the definition once (a second start of the same id changes nothing) and queues
 *    a fan-out job `fanout.<id>`;
 * 2. the fan-out walks the topic's subscribers, marks each `queued` (counted once) and adds one
 *    delivery job `<id>.<userKey>` per subscriber to its channel's queue;
 * 3. each delivery runs `deliver` (claim → window → send → settle); the last one marks it done.
 * Re-running any step after a crash is harmless: marks, not jobs, decide who still needs the message.
 */
import { randomUUID } from 'node:crypto';
import type { Job, Worker } from 'bullmq';
import type { ChannelSender } from '../core/ports.js';
import type { Topic } from '../festival/faq-broadcasts.js';
import type { ContentData } from '../festival/data.js';
import type { Say } from '../core/flow.js';
import type { OutboundMessage } from '../core/message.js';
import type { Logger } from '../lib/logger.js';
import { campaignSay, listCampaigns, type Campaign } from '../news/campaigns.js';
import type { NewsKeys } from '../news/keys.js';
import type { Subscriptions } from '../news/subscriptions.js';
import type { Redis } from '../store/redis/client.js';
import { deliver } from './deliver.js';
import { bullConnection, channelQueue, createQueues, createWorkers, DEFAULT_QUEUE_OPTIONS, later, type QueueOptions, type Queues } from './queues.js';
import type { BroadcastStore } from './store.js';
import type { BroadcastDef, BroadcastReport, DeliveryJob, Outcome } from './types.js';
import { DEFAULT_WINDOWS, type WindowRules } from '../core/window.js';
import { everyOnOneInstance } from '../store/redis/periodic.js';

export interface BroadcastOptions extends QueueOptions {
  windows: WindowRules;
  /** A scheduled campaign still starts this long after its time (a bot that was down catches up). */
  graceMs: number;
}

export const DEFAULT_BROADCAST_OPTIONS: BroadcastOptions = { ...DEFAULT_QUEUE_OPTIONS, windows: DEFAULT_WINDOWS, graceMs: 6 * 3600_000 };

export interface BroadcastDeps {
  redisUrl: string;
  redis: Redis;
  keys: NewsKeys;
  store: BroadcastStore;
  subscriptions: Subscriptions;
  data: ContentData;
  lastSeen(userKey: string): Promise<Date | undefined>;
  render(userKey: string, say: Say[]): Promise<OutboundMessage[]>;
  open(sealed: string): { channel: string; id: string };
  senders: Partial<Record<string, ChannelSender>>;
  clock(): Date;
  logger: Logger;
  options?: Partial<BroadcastOptions>;
  /** Called once per settled delivery, with its outcome (the metrics count them). */
  onDeliverySettled?(outcome: Outcome): void;
}

/** Why a start was refused. */
export type StartResult = { ok: true; report: BroadcastReport } | { ok: false; error: 'unknown_campaign' | 'already_started'; report?: BroadcastReport };

/** Running workers; `close(true)` stops at once without waiting for jobs in progress. */
export interface RunningWorkers {
  workers: Worker[];
  close(force?: boolean): Promise<void>;
}

export interface Broadcasts {
  campaigns(): Campaign[];
  startCampaign(id: string, source: BroadcastDef['source'], by?: string): Promise<StartResult>;
  startMessage(input: { topic: Topic; text: { vi: string; en: string } }, by: string): Promise<StartResult>;
  report(id: string): Promise<BroadcastReport | undefined>;
  /** Starts campaigns whose time has come (within the grace period) and that were not started yet. */
  startDue(now?: Date): Promise<string[]>;
  /** Runs `startDue` every `intervalMs` on whichever instance takes the lock; returns a stop function. */
  schedule(intervalMs: number, onError: (err: unknown) => void): () => void;
  /** Starts the BullMQ workers of this process. */
  runWorkers(): RunningWorkers;
  close(): Promise<void>;
}

export function createBroadcasts(deps: BroadcastDeps): Broadcasts {
  const opts: BroadcastOptions = { ...DEFAULT_BROADCAST_OPTIONS, ...deps.options };
  const { store, keys } = deps;
  const campaigns = listCampaigns(deps.data.broadcasts, deps.data.calendar.timezone);
  let connection: ReturnType<typeof bullConnection> | undefined;
  let queues: Queues | undefined;
  const conn = () => (connection ??= bullConnection(deps.redis));
  const q = () => (queues ??= createQueues(conn(), keys.bullPrefix, opts));

  async function start(def: BroadcastDef): Promise<StartResult> {
    const now = deps.clock();
    if (!(await store.define(def, now))) return { ok: false, error: 'already_started', report: await store.report(def.id) };
    await q().control.add('fanout', { id: def.id }, { jobId: `fanout.${def.id}` });
    return { ok: true, report: (await store.report(def.id))! };
  }

  async function fanout(job: Job<{ id: string }>): Promise<void> {
    const def = await store.definition(job.data.id);
    if (!def) return;
    for await (const batch of deps.subscriptions.scan(def.topic, 500)) {
      await store.queue(def.id, batch.map((r) => r.userKey));
      for (const channel of new Set(batch.map((r) => channelQueue(r.channel)))) {
        const jobs = batch
          .filter((r) => channelQueue(r.channel) === channel)
          .map((r) => ({ name: 'deliver', data: { b: def.id, u: r.userKey }, opts: { jobId: `${def.id}.${r.userKey}` } }));
        await q().delivery[channel].addBulk(jobs);
      }
    }
    await store.fannedOut(def.id, deps.clock());
  }

  async function deliverJob(job: Job<DeliveryJob>, token: string | undefined, signal: AbortSignal | undefined, stopping: () => boolean): Promise<void> {
    const result = await deliver(
      { ...deps, leaseMs: opts.lockDurationMs, windows: opts.windows, recipient: async (u) => (await deps.subscriptions.recipients([u]))[0], definition: (b) => store.definition(b) },
      { broadcastId: job.data.b, userKey: job.data.u, token: randomUUID(), lastAttempt: job.attemptsMade + 1 >= opts.attempts, aborted: () => Boolean(signal?.aborted) || stopping() },
    );
    if (result.kind === 'settled') deps.onDeliverySettled?.(result.outcome);
    if (result.kind === 'busy') await later(job, token, Math.ceil(opts.lockDurationMs / 2));
    if (result.kind === 'retry') throw new Error(`transient send failure (${result.code})`);
    if (result.kind === 'aborted') throw new Error('worker stopping; delivery given back');
  }

  const startCampaign: Broadcasts['startCampaign'] = async (id, source, by) => {
    const c = campaigns.find((x) => x.id === id);
    if (!c) return { ok: false, error: 'unknown_campaign' };
    return start({ id, topic: c.topic, say: campaignSay(c, deps.data), at: c.at.toISOString(), source, ...(by ? { by } : {}) });
  };

  const startDue: Broadcasts['startDue'] = async (now = deps.clock()) => {
    const started: string[] = [];
    for (const c of campaigns.filter((x) => x.at <= now && now.getTime() - x.at.getTime() <= opts.graceMs)) {
      if ((await startCampaign(c.id, 'schedule')).ok) started.push(c.id);
    }
    return started;
  };

  return {
    campaigns: () => campaigns,
    startCampaign,
    startMessage(input, by) {
      const now = deps.clock();
      const id = `msg-${now.toISOString().slice(0, 19).replace(/[-:T]/g, '')}-${randomUUID().slice(0, 6)}`;
      return start({ id, topic: input.topic, say: { key: 'broadcasts:adhoc', params: { ...input.text } }, at: now.toISOString(), source: 'supervisor', by });
    },
    report: (id) => store.report(id),
    startDue,
    schedule: (intervalMs, onError) => everyOnOneInstance(deps.redis, keys.schedulerLock, intervalMs, () => startDue(), onError),
    runWorkers() {
      let stopping = false;
      const workers = createWorkers(conn(), keys.bullPrefix, opts, {
        fanout,
        deliver: (job, token, signal) => deliverJob(job, token, signal, () => stopping),
      });
      for (const w of workers) w.on('error', (err) => deps.logger.warn({ err: err.message }, 'broadcast worker error'));
      return {
        workers,
        async close(force = false) {
          stopping = true;
          if (force) for (const w of workers) w.cancelAllJobs('stopping');
          await Promise.all(workers.map((w) => w.close(force)));
        },
      };
    },
    async close() {
      await queues?.close();
      await connection?.quit().catch(() => connection?.disconnect());
      queues = undefined;
      connection = undefined;
    },
  };
}
