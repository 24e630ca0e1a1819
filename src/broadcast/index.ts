/**
 * Broadcasts: start a campaign (scheduled in content or by a supervisor), fan it out to the
 * subscribers of its topic, and deliver through each channel's sender within its rate limit and
 * window, with a report. Event flow:
 * 1. `start` stores the definition once (a second start of the same id changes nothing) and queues
 *    a fan-out job `fanout.<id>`; a message scheduled in the dashboard (compose.ts) queues it delayed
 *    until its time, and a cancel before then wins over it;
 * 2. the fan-out begins the broadcast (not if cancelled), walks the topic's subscribers (of its parks,
 *    when it names some), marks each `queued` (counted once) and adds one delivery job
 *    `<id>.<userKey>` per subscriber to its channel's queue;
 * 3. each delivery runs `deliver` (claim → window → send → settle); the last one marks it done.
 * Re-running any step after a crash is harmless: marks, not jobs, decide who still needs the message.
 */
import { randomUUID } from 'node:crypto';
import type { Say } from '../core/flow.js';
import type { Lang, OutboundMessage } from '../core/message.js';
import type { ChannelSender, OnOneInstance } from '../core/ports.js';
import { DEFAULT_WINDOWS, type WindowRules } from '../core/window.js';
import type { ContentData } from '../festival/data.js';
import type { Logger } from '../lib/logger.js';
import { campaignSay, listCampaigns, type Campaign } from './campaigns.js';
import { deliver } from './deliver.js';
import type { AttemptOutcome, BroadcastAudience, BroadcastQueue, BroadcastStore, DeliveryAttempt, RunningWorkers } from './ports.js';
import type { BroadcastDef, BroadcastReport, CancelResult, MessageInput, Outcome, StartResult } from './types.js';
import { createComposer, meantFor, type ChannelTexts, type MessagePreview } from './compose.js';
import type { EffectHandler } from '../core/flow.js';
import type { Router } from 'express';
import { createBroadcastRoutes, type BroadcastRoutesDeps } from './admin-routes.js';
import { newsEffects } from './effects.js';
import { createLatestNews } from './latest.js';

export interface BroadcastOptions {
  windows: WindowRules;
  /** A scheduled campaign still starts this long after its time (a bot that was down catches up). */
  graceMs: number;
}

export const DEFAULT_BROADCAST_OPTIONS: BroadcastOptions = { windows: DEFAULT_WINDOWS, graceMs: 6 * 3600_000 };

export interface BroadcastDeps {
  store: BroadcastStore;
  queue: BroadcastQueue;
  /** The subscribers of each topic (the subscriptions' store). */
  audience: BroadcastAudience;
  /** Runs the campaign scheduler on one bot instance at a time. */
  onOneInstance: OnOneInstance;
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
  /** The statistics: broadcasts started, and each delivery once, by outcome. */
  record?: { started(at: Date): Promise<void>; delivered(outcome: Outcome, at: Date): Promise<void> };
  /** Renders a message in a language for each platform channel, by the channels' renderers (the dashboard's preview). */
  preview?(say: Say, lang: Lang): ChannelTexts;
}

export interface Broadcasts {
  campaigns(): Campaign[];
  startCampaign(id: string, source: BroadcastDef['source'], by?: string): Promise<StartResult>;
  /** A supervisor's message: now, or scheduled at `input.at`; English optional; for some parks or all (compose.ts). */
  startMessage(input: MessageInput, by: string): Promise<StartResult>;
  /** Cancels a scheduled broadcast before it starts. */
  cancel(id: string): Promise<CancelResult>;
  report(id: string): Promise<BroadcastReport | undefined>;
  /** The broadcasts started or scheduled most recently, newest first. */
  recent(limit: number): Promise<BroadcastReport[]>;
  /** A message as each channel will show it, and whom each channel's window rules let it reach now. */
  preview(input: Pick<MessageInput, 'topic' | 'text' | 'parks'>): Promise<MessagePreview>;
  /** Starts campaigns whose time has come (within the grace period) and that were not started yet. */
  startDue(now?: Date): Promise<string[]>;
  /** Runs `startDue` every `intervalMs` on whichever instance takes the lock; returns a stop function. */
  schedule(intervalMs: number, onError: (err: unknown) => void): () => void;
  /** Starts the queue's workers in this process. */
  runWorkers(): RunningWorkers;
  close(): Promise<void>;
  /** The news flow's effect (`news.latest`). */
  effects: Record<string, EffectHandler>;
  /** Staff routes to mount behind the admin authentication (roles in admin-routes.ts); `onStarted` and `onCancelled` audit broadcasts. */
  adminRoutes(hooks?: Pick<BroadcastRoutesDeps, 'onStarted' | 'onCancelled'>): Router;
}

export function createBroadcasts(deps: BroadcastDeps): Broadcasts {
  const opts: BroadcastOptions = { ...DEFAULT_BROADCAST_OPTIONS, ...deps.options };
  const { store, queue } = deps;
  const campaigns = listCampaigns(deps.data.broadcasts, deps.data.calendar.timezone);

  async function start(def: BroadcastDef): Promise<StartResult> {
    const now = deps.clock();
    if (!(await store.define(def, now))) return { ok: false, error: 'already_started', report: await store.report(def.id) };
    await queue.fanout(def.id);
    return { ok: true, report: (await store.report(def.id))! };
  }

  async function fanout(id: string): Promise<void> {
    const def = await store.definition(id);
    const at = deps.clock();
    if (!def || !(await store.begin(id, at))) return;
    // Counted when it really starts (once: begin says so), sent now or scheduled and not cancelled.
    await deps.record?.started(at);
    for await (const all of deps.audience.scan(def.topic, 500)) {
      const batch = all.filter((r) => meantFor(r, def.parks));
      if (batch.length === 0) continue;
      await store.queue(
        def.id,
        batch.map((r) => r.userKey),
      );
      for (const channel of new Set(batch.map((r) => r.channel))) {
        await queue.deliveries(
          channel,
          def.id,
          batch.filter((r) => r.channel === channel).map((r) => r.userKey),
        );
      }
    }
    await store.fannedOut(def.id, deps.clock());
  }

  async function deliverOne(attempt: DeliveryAttempt): Promise<AttemptOutcome> {
    const result = await deliver(
      {
        ...deps,
        leaseMs: queue.leaseMs,
        windows: opts.windows,
        recipient: async (u) => (await deps.audience.recipients([u]))[0],
        definition: (b) => store.definition(b),
      },
      { ...attempt, token: randomUUID() },
    );
    if (result.kind === 'settled') deps.onDeliverySettled?.(result.outcome);
    if (result.kind === 'settled' && result.first) await deps.record?.delivered(result.outcome, deps.clock());
    if (result.kind === 'busy') return { later: Math.ceil(queue.leaseMs / 2) };
    if (result.kind === 'retry') throw new Error(`transient send failure (${result.code})`);
    if (result.kind === 'aborted') throw new Error('worker stopping; delivery given back');
    return undefined;
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

  const composer = createComposer({ ...deps, windows: opts.windows, start });
  const broadcasts: Broadcasts = {
    campaigns: () => campaigns,
    startCampaign,
    startMessage: composer.startMessage,
    cancel: composer.cancel,
    report: (id) => store.report(id),
    recent: composer.recent,
    preview: composer.preview,
    startDue,
    schedule: (intervalMs, onError) => deps.onOneInstance(intervalMs, () => startDue(), onError),
    runWorkers: () => queue.work({ fanout, deliver: deliverOne }, (err) => deps.logger.warn({ err: err.message }, 'broadcast worker error')),
    close: () => queue.close(),
    effects: newsEffects({ latest: createLatestNews({ data: deps.data, store }), data: deps.data }),
    adminRoutes: (hooks) => createBroadcastRoutes({ broadcasts, parks: deps.data.kcn.parks.map((p) => p.id), ...hooks }),
  };
  return broadcasts;
}
