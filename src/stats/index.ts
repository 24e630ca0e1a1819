/**
 * The board's statistics: the recorder the features and the engine tell what happens (recorder.ts),
 * the figures of a period (figures.ts, under the small-count rule of privacy.ts and the roles of
 * access.ts), and the staff routes (routes.ts: JSON and CSV). docs/statistics.md describes them.
 */
import type { Router } from 'express';
import type { I18n } from '../core/i18n.js';
import type { Lang } from '../core/message.js';
import type { ContentData } from '../festival/data.js';
import { TOPICS } from '../festival/faq-broadcasts.js';
import type { CsvLabels } from './csv.js';
import { readFigures, type Catalog, type FigureQuery, type Figures, type StatsSources } from './figures.js';
import type { StatsStore } from './ports.js';
import { createStatsRecorder, type StatsRecorder } from './recorder.js';
import { createStatsRoutes } from './routes.js';

export interface StatsDeps {
  store: StatsStore;
  /** Where the figures read what the counters do not hold (reports now, events, unanswered questions, subscribers). */
  sources: Omit<StatsSources, 'store' | 'flush'>;
  data: ContentData;
  /** Ids of the festival page's topics (flows/festival.ts). */
  festivalTopics: readonly string[];
  i18n: I18n;
  /** Language of the CSV and of FAQ titles in the JSON. */
  lang: Lang;
  /** Counts from 1 to `threshold - 1` are hidden where the breakdown is finer than park × month. */
  threshold: number;
  /** HMAC key of the day-bound user pseudonyms. */
  secret: Buffer;
  clock(): Date;
  onError(err: unknown): void;
  /** How often buffered turn counts are written (ms). */
  flushMs?: number;
  /** How long unanswered questions are kept (days). */
  unansweredKeptDays: number;
}

export interface Stats {
  recorder: StatsRecorder;
  read(q: FigureQuery): Promise<Figures>;
  /** Staff routes to mount behind the admin authentication; `onExport` audits CSV downloads. */
  adminRoutes(hooks?: { onExport?(username: string, detail: string): Promise<void> }): Router;
  close(): Promise<void>;
}

/** Every park id a figure may carry: the registry's parks, then `other` (reports whose park the reporter did not know). */
export const kcnIdsOf = (data: ContentData) => [...data.kcn.parks.map((p) => p.id), 'other'];

export function createStats(deps: StatsDeps): Stats {
  const { data, i18n, lang } = deps;
  const timeZone = data.calendar.timezone;
  const recorder = createStatsRecorder({ store: deps.store, timeZone, secret: deps.secret, onError: deps.onError, flushMs: deps.flushMs });
  const catalog: Catalog = {
    categories: data.reports.categories,
    channels: ['zalo', 'messenger', 'web'],
    topics: TOPICS,
    festivalTopics: deps.festivalTopics,
    faqTitle: (id) => i18n.t(lang, `faq:entries.${id}.title`),
    timeZone,
    unansweredKeptDays: deps.unansweredKeptDays,
  };
  const sources: StatsSources = { ...deps.sources, store: deps.store, flush: recorder.flush };
  const read = (q: FigureQuery) => readFigures(q, sources, catalog, recorder.dayOf);
  const t = (key: string, params?: Record<string, unknown>) => i18n.t(lang, key, params);
  const labels: CsvLabels = {
    t,
    kcn: (id) => (id === 'other' ? t('admin:kcn.other') : t(`kcn:name.${id}`)),
    category: (id) => t(`report:categories.${id}`),
    status: (id) => t(`admin:status.${id}`),
    topic: (id) => t(`news:subscribe.topics.${id}`),
    festivalTopic: (id) => t(`festival:topics.${id}.button`),
    event: (id) => t(`events:title.${id}`),
  };
  return {
    recorder,
    read,
    adminRoutes: (hooks) =>
      createStatsRoutes({
        kcnIds: kcnIdsOf(data),
        threshold: deps.threshold,
        clock: deps.clock,
        today: () => recorder.dayOf(deps.clock()),
        read,
        csvLabels: labels,
        csvFilename: t('stats:csv.filename'),
        onExport: hooks?.onExport,
      }),
    close: () => recorder.close(),
  };
}
