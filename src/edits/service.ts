/**
 * The content editor the dashboard uses: events and FAQ entries edited, versioned, reverted and
 * previewed over the live content (edits/live.ts), each change checked as `npm run content:check`
 * checks the YAML. Changes are stored as new versions saying who made them, when and what changed;
 * the instance that saved reloads at once, every other within about a second.
 */
import type { FestivalEvent } from '../festival/data.js';
import type { Content } from '../festival/load.js';
import { createEventEdits } from './event-edits.js';
import { createFaqEdits } from './faq-edits.js';
import type { LiveContent } from './live.js';
import { seedFaqTexts } from './merge.js';
import type { EditStore } from './ports.js';
import type { Catalogue, DocKind, FaqDoc, Version } from './types.js';

export type { Editor } from './save.js';
export type { EventChange } from './event-edits.js';
export type { FaqInput, PreviewMessage } from './faq-edits.js';

export interface ContentEditorDeps {
  store: EditStore;
  live: LiveContent;
  /** The content as loaded from `content/` (every event, also the samples this deployment hides). */
  seed: Content;
  clock(): Date;
  /** The values texts may use (`{{year}}`, `{{keepSignupDays}}`…). */
  textParams: ReadonlySet<string>;
}

export type ContentEditor = ReturnType<typeof createContentEditor>;

export function createContentEditor(deps: ContentEditorDeps) {
  const { seed } = deps;
  const seedEvent = (id: string): FestivalEvent | undefined => seed.data.events.events.find((e) => e.id === id);
  const seedFaq = (id: string): FaqDoc | undefined => {
    const entry = seed.data.faq.entries.find((e) => e.id === id);
    return entry ? { entry, ...seedFaqTexts(seed, entry.id) } : undefined;
  };
  return {
    ...createEventEdits({ ...deps, parks: () => seed.data.kcn.parks.map((p) => p.id), seedEvent }),
    ...createFaqEdits({ ...deps, seedFaq }),
    /** Every event and FAQ entry as they are now (this instance's snapshot, reloaded first when the store moved). */
    catalogue: async (): Promise<Catalogue> => (await deps.live.refresh()).catalogue,
    /** Every version of a document, newest first. */
    history: (kind: DocKind, id: string): Promise<Version[]> => deps.store.history(kind, id),
  };
}
