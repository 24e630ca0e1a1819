/**
 * Messages a supervisor writes in the dashboard: both languages (English optional: English readers get
 * the Vietnamese, as the bot's texts fall back), meant for every subscriber of a topic or for some
 * parks only, sent now or at a time (then cancellable until it starts); a preview as each platform
 * channel's renderer will show it, and how many subscribers each channel's window rules let it reach now.
 */
import { randomUUID } from 'node:crypto';
import type { Say } from '../core/flow.js';
import { LANGS, type Lang } from '../core/message.js';
import { windowOpen, type WindowRules } from '../core/window.js';
import type { Topic } from '../festival/faq-broadcasts.js';
import type { BroadcastAudience, BroadcastQueue, BroadcastStore, Recipient } from './ports.js';
import type { BroadcastDef, BroadcastReport, CancelResult, ChannelAudience, MessageInput, StartResult } from './types.js';

/** A message may be scheduled at most this far ahead (its report is kept 90 days after it starts). */
export const MAX_SCHEDULE_AHEAD_MS = 60 * 86_400_000;

/** The texts a message becomes on each platform channel, by channel (the composition root renders them with the channels' renderers). */
export type ChannelTexts = Record<string, string[]>;

/** A message as it will look and whom it will reach. */
export interface MessagePreview {
  /** By language, then channel: the messages as that channel sends them. */
  messages: Partial<Record<Lang, ChannelTexts>>;
  /** True when English readers will get the Vietnamese text (no English given). */
  englishFallback: boolean;
  /** By channel: subscribers of the topic (and parks), and how many the channel's window lets it reach now. */
  audience: Record<string, ChannelAudience>;
  /** The window rules behind `reachable`, in hours since the subscriber's last message. */
  windowHours: { zalo: number; messenger: number };
}

export interface ComposerDeps {
  store: BroadcastStore;
  queue: BroadcastQueue;
  audience: BroadcastAudience;
  lastSeen(userKey: string): Promise<Date | undefined>;
  clock(): Date;
  windows: WindowRules;
  /** Renders a message in a language for each platform channel; previews show no texts without it. */
  preview?(say: Say, lang: Lang): ChannelTexts;
  /** Starts a definition now (index.ts). */
  start(def: BroadcastDef): Promise<StartResult>;
}

/** True when a broadcast meant for `parks` (none: everyone) goes to this subscriber. */
export function meantFor(recipient: Pick<Recipient, 'kcn'>, parks: readonly string[] | undefined): boolean {
  return !parks?.length || (recipient.kcn !== undefined && parks.includes(recipient.kcn));
}

/** The message's i18n form: `broadcasts:adhoc` with both texts, English falling back to the Vietnamese. */
export function messageSay(text: MessageInput['text']): Say {
  return { key: 'broadcasts:adhoc', params: { vi: text.vi, en: text.en ?? text.vi } };
}

export function createComposer(deps: ComposerDeps) {
  const { store, queue } = deps;

  async function schedule(def: BroadcastDef, delayMs: number): Promise<StartResult> {
    if (!(await store.schedule(def, deps.clock()))) return { ok: false, error: 'already_started', report: await store.report(def.id) };
    await queue.fanout(def.id, delayMs);
    return { ok: true, report: (await store.report(def.id))! };
  }

  /** Subscribers of `topic` meant by `parks`, per channel, and how many each channel's window lets a message reach now. */
  async function reach(topic: Topic, parks: readonly string[] | undefined): Promise<Record<string, ChannelAudience>> {
    const now = deps.clock();
    const out: Record<string, ChannelAudience> = { zalo: { subscribers: 0, reachable: 0 }, messenger: { subscribers: 0, reachable: 0 } };
    const counted = new Set<string>();
    for await (const batch of deps.audience.scan(topic, 500)) {
      const fresh = batch.filter((r) => !counted.has(r.userKey) && meantFor(r, parks));
      const seen = await Promise.all(fresh.map((r) => deps.lastSeen(r.userKey)));
      fresh.forEach((r, i) => {
        counted.add(r.userKey);
        const c = out[r.channel] ?? { subscribers: 0, reachable: 0 };
        out[r.channel] = c;
        c.subscribers += 1;
        if (windowOpen(r.channel, seen[i], now, deps.windows)) c.reachable += 1;
      });
    }
    return out;
  }

  return {
    /** Starts a message now, or schedules it for `input.at` (`bad_time` when that is past or more than 60 days ahead). */
    async startMessage(input: MessageInput, by: string): Promise<StartResult> {
      const now = deps.clock();
      const at = input.at ?? now;
      const delay = at.getTime() - now.getTime();
      if (input.at && (delay <= 0 || delay > MAX_SCHEDULE_AHEAD_MS)) return { ok: false, error: 'bad_time' };
      const def: BroadcastDef = {
        id: `msg-${now.toISOString().slice(0, 19).replace(/[-:T]/g, '')}-${randomUUID().slice(0, 6)}`,
        topic: input.topic,
        say: messageSay(input.text),
        at: at.toISOString(),
        source: 'supervisor',
        by,
        text: { vi: input.text.vi, ...(input.text.en ? { en: input.text.en } : {}) },
        ...(input.parks?.length ? { parks: [...input.parks] } : {}),
      };
      return input.at ? schedule(def, delay) : deps.start(def);
    },

    /** Cancels a scheduled broadcast before it starts. */
    async cancel(id: string): Promise<CancelResult> {
      const result = await store.cancel(id, deps.clock());
      if (result === 'not_found') return { ok: false, error: result };
      const report = (await store.report(id))!;
      if (result !== 'cancelled') return { ok: false, error: result, report };
      await queue.cancelFanout(id);
      return { ok: true, report };
    },

    /** The reports of the broadcasts started or scheduled most recently, newest first. */
    async recent(limit: number): Promise<BroadcastReport[]> {
      const reports = await Promise.all((await store.recent(limit)).map((id) => store.report(id)));
      return reports.filter((r): r is BroadcastReport => r !== undefined);
    },

    /** The message in each language as each platform channel will show it, and whom it would reach now. */
    async preview(input: Pick<MessageInput, 'topic' | 'text' | 'parks'>): Promise<MessagePreview> {
      const say = messageSay(input.text);
      const messages = deps.preview ? Object.fromEntries(LANGS.map((lang) => [lang, deps.preview!(say, lang)])) : {};
      return {
        messages,
        englishFallback: !input.text.en,
        audience: await reach(input.topic, input.parks),
        windowHours: { zalo: deps.windows.zaloHours, messenger: deps.windows.messengerHours },
      };
    },
  };
}

/** The dashboard's operations on broadcasts. */
export type Composer = ReturnType<typeof createComposer>;
