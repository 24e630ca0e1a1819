/**
 * Content edited in the dashboard: documents (an event, an FAQ entry) that override `content/`, each
 * change a new version saying who made it, when and what changed. `content/` stays the seed: what was
 * never edited comes from its YAML, and an edited document replaces the seed's whole entry.
 */
import { z } from 'zod';
import type { Lang } from '../core/message.js';
import { eventSchema, type FestivalEvent } from '../festival/data.js';
import { faqEntrySchema, type FaqEntryData } from '../festival/faq-broadcasts.js';

/** What can be edited. */
export const DOC_KINDS = ['event', 'faq'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

/** Where an event stands: a draft is not shown to workers yet, a cancelled one no more. */
export const EVENT_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** An event as edited: the entry of `content/events.yaml`, its status and, once cancelled, why. */
export interface EventDoc {
  event: FestivalEvent;
  status: EventStatus;
  reason?: string;
}

/** The texts of an FAQ entry in one language (`content/<lang>/faq.yaml`, `entries.<id>`). */
export interface FaqTexts {
  title: string;
  answer: string;
}

/**
 * An FAQ entry as edited: its entry of `content/faq.yaml` (phrasings, follow-ups), its title and answer
 * in each language, and the plan's words an answer that cites the plan rests on (`quote`, kept with the
 * Vietnamese texts as in the YAML).
 */
export interface FaqDoc {
  entry: FaqEntryData;
  texts: Record<Lang, FaqTexts>;
  quote?: string[];
}

/** What one change did. `revert`: a new version restoring an older one (`revertOf`). */
export const EDIT_ACTIONS = ['create', 'update', 'publish', 'cancel', 'revert'] as const;
export type EditAction = (typeof EDIT_ACTIONS)[number];

/** One version of a document, as stored. Versions count from 1 for each document. */
export interface Version<T = unknown> {
  v: number;
  /** ISO time of the change. */
  at: string;
  /** The staff username who made it. */
  by: string;
  action: EditAction;
  /** The fields that changed from the version before (`startsAt`, `texts.vi.answer`, `entry.questions.vi`). */
  changed: string[];
  /** For a revert: the version restored (0: the seed's entry). */
  revertOf?: number;
  value: T;
}

/** How a stored version is read back (the document itself is checked by the editor, against the content's schemas). */
export const versionSchema = z.object({
  v: z.number().int().min(1),
  at: z.string(),
  by: z.string(),
  action: z.enum(EDIT_ACTIONS),
  changed: z.array(z.string()),
  revertOf: z.number().int().min(0).optional(),
  value: z.unknown(),
});

/** The longest FAQ title (it is also a button) and answer (before the texts it includes), in characters. */
export const FAQ_TITLE_MAX = 80;
export const FAQ_ANSWER_MAX = 2000;

const faqTextsSchema = z
  .object({
    title: z.string().trim().min(1, 'is required').max(FAQ_TITLE_MAX, `must be at most ${FAQ_TITLE_MAX} characters`),
    answer: z.string().trim().min(1, 'is required').max(FAQ_ANSWER_MAX, `must be at most ${FAQ_ANSWER_MAX} characters`),
  })
  .strict();

/** An event document, as stored and as checked before it is stored. */
export const eventDocSchema = z.object({ event: eventSchema, status: z.enum(EVENT_STATUSES), reason: z.string().max(500).optional() }).strict();

/** An FAQ document, as stored and as checked before it is stored. */
export const faqDocSchema = z
  .object({
    entry: faqEntrySchema,
    texts: z.object({ vi: faqTextsSchema, en: faqTextsSchema }).strict(),
    quote: z.array(z.string()).min(1).optional(),
  })
  .strict();

/** A document of the live content, with where it comes from and its latest version (0: the seed's, never edited). */
export interface LiveRecord<T> {
  id: string;
  doc: T;
  /** `seed`: the entry exists in `content/`; `dashboard`: created in the dashboard. */
  origin: 'seed' | 'dashboard';
  version: number;
  /** Who made the latest version, when, and what it changed (absent for a never-edited seed entry). */
  by?: string;
  at?: string;
  changed?: string[];
}

export type EventRecord = LiveRecord<EventDoc>;
export type FaqRecord = LiveRecord<FaqDoc>;

/** Every event and FAQ entry of the live content, whatever their status (what the dashboard lists). */
export interface Catalogue {
  events: EventRecord[];
  faq: FaqRecord[];
}

/** A problem with an edit: the field (a dotted path of the document or request) and a rule the page words in the staff's language. */
export interface EditProblem {
  field: string;
  rule: string;
  /** The same in English, for the API and the logs. */
  message: string;
}

/** The outcome of an edit. */
export type EditResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: 'invalid'; problems: EditProblem[] }
  | { ok: false; error: 'not_found' | 'conflict' | 'exists' | 'forbidden' | 'cancelled' };
