/**
 * The live content of one bot instance: the seed with the edits stored in Redis laid over it, rebuilt
 * when the store's revision moves. Every instance reads the revision (one GET) every `intervalMs` and
 * after its own edits, so a change made on any instance is used everywhere within about a second,
 * also on a Redis Cluster (no pub/sub needed). A rebuild happens once per change, never per turn;
 * listeners (the engine) get the new snapshot when it is built.
 */
import { createI18n, type I18n } from '../core/i18n.js';
import type { Lang } from '../core/message.js';
import { forDeployment, type ContentData } from '../festival/data.js';
import type { Content } from '../festival/load.js';
import { contentOf, mergeCatalogue, type SkippedDoc } from './merge.js';
import type { EditStore, LatestDoc } from './ports.js';
import type { Catalogue } from './types.js';

/** The content as one instance uses it now. */
export interface LiveSnapshot {
  /** The store's revision this snapshot was built from (0: the seed alone). */
  revision: number;
  /** What this deployment shows (sample events only with demo content on), with every text. */
  content: Content;
  /** Every event and FAQ entry, whatever its status (what the dashboard lists), for this deployment. */
  catalogue: Catalogue;
  /** The texts of `content`, ready to render. */
  i18n: I18n;
}

export interface LiveContentDeps {
  seed: Content;
  store: EditStore;
  /** Whether sample events are shown (DEMO_CONTENT; see festival/data.ts `forDeployment`). */
  demoContent: boolean;
  defaultLang: Lang;
  /** Variables every text may use (retention times), from the content's data. */
  variables(data: ContentData): Record<string, unknown>;
  /** A stored document the schemas refuse: the seed's entry stays in use. */
  onSkipped?(doc: SkippedDoc): void;
}

export interface LiveContent {
  current(): LiveSnapshot;
  /**
   * The snapshot the live content would be with `doc` saved (laid over the stored documents), to check
   * an edit and preview it before it is stored.
   */
  withDoc(doc: LatestDoc): LiveSnapshot;
  /** Reloads when the store's revision moved; resolves with the snapshot in use afterwards. Calls run one after another. */
  refresh(): Promise<LiveSnapshot>;
  /** Called with each new snapshot, after it replaced the old one. */
  onChange(listener: (snapshot: LiveSnapshot) => void): void;
  /** Refreshes every `intervalMs` (failures go to `onError`; the snapshot in use stays) until `stop()`. */
  start(intervalMs: number, onError: (err: unknown) => void): void;
  stop(): void;
}

/** Builds a snapshot of the seed with `docs` laid over it. */
export function buildSnapshot(deps: Omit<LiveContentDeps, 'store'>, docs: readonly LatestDoc[], revision: number): LiveSnapshot {
  const skipped: SkippedDoc[] = [];
  const all = mergeCatalogue(deps.seed, docs, skipped);
  for (const s of skipped) deps.onSkipped?.(s);
  const merged = contentOf(deps.seed, all);
  const data = forDeployment(merged.data, deps.demoContent);
  const catalogue = deps.demoContent ? all : { ...all, events: all.events.filter((r) => !r.doc.event.sample) };
  return {
    revision,
    content: { ...merged, data },
    catalogue,
    i18n: createI18n(merged.resources, deps.defaultLang, deps.variables(data)),
  };
}

export function createLiveContent(deps: LiveContentDeps): LiveContent {
  let snapshot = buildSnapshot(deps, [], 0);
  let docs: readonly LatestDoc[] = [];
  const listeners: ((s: LiveSnapshot) => void)[] = [];
  let queue: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  async function reload(): Promise<LiveSnapshot> {
    if ((await deps.store.revision()) === snapshot.revision) return snapshot;
    const latest = await deps.store.latest();
    if (latest.revision === snapshot.revision) return snapshot;
    snapshot = buildSnapshot(deps, latest.docs, latest.revision);
    docs = latest.docs;
    for (const listener of listeners) listener(snapshot);
    return snapshot;
  }

  const refresh = (): Promise<LiveSnapshot> => {
    const next = queue.then(reload, reload);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    current: () => snapshot,
    withDoc: (doc) => buildSnapshot({ ...deps, onSkipped: undefined }, [...docs.filter((d) => d.kind !== doc.kind || d.id !== doc.id), doc], snapshot.revision),
    refresh,
    onChange: (listener) => void listeners.push(listener),
    start(intervalMs, onError) {
      if (timer) return;
      timer = setInterval(() => void refresh().catch(onError), intervalMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}

/** The texts of the live content, always the current snapshot's (for everything that renders outside the engine). */
export function liveTexts(live: Pick<LiveContent, 'current'>): I18n {
  return {
    t: (lang, key, params) => live.current().i18n.t(lang, key, params),
    list: (lang, key) => live.current().i18n.list(lang, key),
    has: (lang, key) => live.current().i18n.has(lang, key),
    strings: () => live.current().i18n.strings(),
  };
}
