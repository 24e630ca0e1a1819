/**
 * The live content: the seed (`content/`, as loaded) with every edited document laid over it. An edited
 * event replaces the seed's entry of the same id (or is new); only published events are offered to
 * workers, but the texts of every event (a draft, a cancelled one) exist, so a message about a
 * cancelled event still names it. An edited FAQ entry replaces the seed's entry and its texts in both
 * languages. Pure: the same seed and documents always give the same content.
 */
import type { Lang } from '../core/message.js';
import { LANGS } from '../core/message.js';
import { addDataTexts, type Content } from '../festival/load.js';
import type { LatestDoc } from './ports.js';
import { eventDocSchema, faqDocSchema, type Catalogue, type EventRecord, type FaqDoc, type FaqRecord, type FaqTexts } from './types.js';

/** A stored document the current schemas refuse (the seed's entry, if any, stays in use). */
export interface SkippedDoc {
  kind: string;
  id: string;
  reason: string;
}

type Tree = Record<string, unknown>;
const child = (node: unknown, key: string): Tree | undefined =>
  node !== null && typeof node === 'object' ? ((node as Tree)[key] as Tree | undefined) : undefined;

/** The texts of FAQ entry `id` in the seed (`content/<lang>/faq.yaml`), with the Vietnamese file's quote. */
export function seedFaqTexts(content: Pick<Content, 'resources'>, id: string): Pick<FaqDoc, 'texts' | 'quote'> {
  const of = (lang: Lang) => child(child(content.resources[lang].faq, 'entries'), id) ?? {};
  const texts = Object.fromEntries(LANGS.map((lang) => [lang, { title: String(of(lang).title ?? ''), answer: String(of(lang).answer ?? '') }])) as Record<
    Lang,
    FaqTexts
  >;
  const quote = of('vi').quote;
  return { texts, ...(quote === undefined ? {} : { quote: (Array.isArray(quote) ? quote : [quote]).map(String) }) };
}

/** The seed's documents: every event of `content/events.yaml` (published) and every FAQ entry with its texts. */
export function seedCatalogue(seed: Content): Catalogue {
  return {
    events: seed.data.events.events.map((event) => ({ id: event.id, doc: { event, status: 'published' }, origin: 'seed', version: 0 })),
    faq: seed.data.faq.entries.map((entry) => ({ id: entry.id, doc: { entry, ...seedFaqTexts(seed, entry.id) }, origin: 'seed', version: 0 })),
  };
}

/** Lays the latest version of each edited document over the seed's catalogue. */
export function mergeCatalogue(seed: Content, docs: readonly LatestDoc[], skipped: SkippedDoc[] = []): Catalogue {
  const base = seedCatalogue(seed);
  const events = new Map(base.events.map((r) => [r.id, r]));
  const faq = new Map(base.faq.map((r) => [r.id, r]));
  for (const { kind, id, version } of docs) {
    const meta = { version: version.v, by: version.by, at: version.at, changed: version.changed };
    if (kind === 'event') {
      const doc = eventDocSchema.safeParse(version.value);
      if (!doc.success || doc.data.event.id !== id) skipped.push({ kind, id, reason: doc.success ? 'id differs' : doc.error.message });
      else events.set(id, { id, doc: doc.data, origin: events.get(id)?.origin ?? 'dashboard', ...meta } satisfies EventRecord);
    } else {
      const doc = faqDocSchema.safeParse(version.value);
      if (!doc.success || doc.data.entry.id !== id) skipped.push({ kind, id, reason: doc.success ? 'id differs' : doc.error.message });
      else faq.set(id, { id, doc: doc.data, origin: faq.get(id)?.origin ?? 'dashboard', ...meta } satisfies FaqRecord);
    }
  }
  // Follow-ups only to entries that exist (the seed may have lost one an edit points to).
  const ids = new Set(faq.keys());
  for (const [id, r] of faq) {
    const more = r.doc.entry.more?.filter((m) => ids.has(m));
    if (more && more.length !== r.doc.entry.more?.length) faq.set(id, { ...r, doc: { ...r.doc, entry: { ...r.doc.entry, more } } });
  }
  return { events: [...events.values()], faq: [...faq.values()] };
}

/**
 * The content workers see: the catalogue's published events and every FAQ entry, with the texts of
 * every event and of every edited FAQ entry. The seed is not changed.
 */
export function contentOf(seed: Content, catalogue: Catalogue): Content {
  const resources = structuredClone(seed.resources);
  for (const r of catalogue.faq) {
    if (r.version === 0) continue;
    for (const lang of LANGS) {
      const faq = resources[lang].faq ?? {};
      resources[lang].faq = faq;
      const entries = (faq.entries ?? {}) as Tree;
      faq.entries = entries;
      entries[r.id] = { ...r.doc.texts[lang], ...(lang === 'vi' && r.doc.quote ? { quote: r.doc.quote } : {}) };
    }
  }
  const published = catalogue.events.filter((r) => r.doc.status === 'published').map((r) => r.doc.event);
  const data = {
    ...seed.data,
    events: { ...seed.data.events, events: published },
    faq: { entries: catalogue.faq.map((r) => r.doc.entry) },
  };
  addDataTexts(resources, { ...data, events: { ...data.events, events: catalogue.events.map((r) => r.doc.event) } });
  return { resources, data, plan: seed.plan };
}
