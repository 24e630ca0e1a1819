/** Language-neutral content data (content/*.yaml), validated with zod; flows read it through FlowContext. */
import { z } from 'zod';
import { broadcastsSchema, faqSchema, type BroadcastsData, type FaqData } from './faq-broadcasts.js';

const dayMonth = z.object({ day: z.number().int().min(1).max(31), month: z.number().int().min(1).max(12) }).strict();
const localized = z.object({ vi: z.string().min(1), en: z.string().min(1) }).strict();

export const calendarSchema = z
  .object({
    timezone: z.string().min(1),
    festivalDay: dayMonth,
    activities: z.object({ from: dayMonth, to: dayMonth }).strict(),
    policeFoundedYear: z.number().int().min(1900).max(2100),
    festivalEstablishedYear: z.number().int().min(1900).max(2100),
  })
  .strict();

export const kcnSchema = z
  .object({
    province: localized,
    formerProvince: localized.optional(),
    parks: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9-]+$/, 'ids are lower case, digits and dashes'),
            name: localized,
            /** Other names and short forms workers type for the park (`dt`, `qc`); matched like the name. */
            aliases: z.array(z.string().min(1)).default([]),
          })
          .strict(),
      )
      .min(1)
      .refine((parks) => new Set(parks.map((p) => p.id)).size === parks.length, 'park ids must be unique'),
  })
  .strict();

export const reportsSchema = z
  .object({
    categories: z.array(z.string().regex(/^[a-z_]+$/)).min(1),
    emergency: z.object({ police: z.string(), fire: z.string(), ambulance: z.string() }).strict(),
    limits: z
      .object({
        descriptionMin: z.number().int().min(1),
        descriptionMax: z.number().int().min(10),
        photosMax: z.number().int().min(0).max(10),
        /** How long after an officer's question is shown the reporter's next typed message may be its answer. */
        replyWaitMinutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60)
          .default(15),
      })
      .strict(),
  })
  .strict();

const isoWithZone = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)$/, 'an ISO time with its zone, like 2027-07-24T08:00:00+07:00');

export const eventSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'ids are lower case, digits and dashes'),
    title: localized,
    kind: z.enum(['ceremony', 'culture', 'sports', 'exchange', 'conference']),
    kcn: z.string().min(1),
    enterprise: z.string().min(1),
    startsAt: isoWithZone,
    endsAt: isoWithZone,
    signupDeadline: isoWithZone,
    place: localized,
    capacity: z.number().int().min(1).nullable(),
    team: z
      .object({ min: z.number().int().min(1), max: z.number().int().min(1) })
      .strict()
      .optional(),
    description: localized,
    /** A sample event (for testing and demonstration): shown only with demo content on, always labelled. */
    sample: z.boolean().default(false),
  })
  .strict()
  .refine((e) => Date.parse(e.endsAt) > Date.parse(e.startsAt), { message: 'endsAt must be after startsAt', path: ['endsAt'] })
  .refine((e) => Date.parse(e.signupDeadline) <= Date.parse(e.startsAt), { message: 'signupDeadline must not be after startsAt', path: ['signupDeadline'] })
  .refine((e) => !e.team || e.team.min <= e.team.max, { message: 'team.min must not exceed team.max', path: ['team'] });

export const eventsSchema = z
  .object({ personalDataDays: z.number().int().min(1).max(3650).default(60), events: z.array(eventSchema) })
  .strict()
  .refine((f) => new Set(f.events.map((e) => e.id)).size === f.events.length, 'event ids must be unique');

/** `content/chat.yaml`: how workers type (see core/lexicon.ts). Keys and words are folded forms. */
export const chatSchema = z
  .object({
    spellings: z.record(
      z.string().regex(/^[a-z0-9]+$/, 'a spelling is one folded word: lower case letters and digits, no diacritics'),
      z.string().regex(/^[a-z0-9 ]*$/, 'an expansion is folded words: lower case, no diacritics'),
    ),
    emoji: z.record(z.string().min(1), z.string().regex(/^[a-z0-9 ]*$/, 'folded words: lower case, no diacritics')).default({}),
    fillers: z.array(z.string().regex(/^[a-z0-9]+$/, 'a filler is one folded word')),
    context: z
      .record(
        z.string().regex(/^[a-z0-9]+$/, 'a spelling is one folded word'),
        z
          .object({
            means: z.string().regex(/^[a-z0-9 ]+$/, 'folded words: lower case, no diacritics'),
            before: z.array(z.string().regex(/^[a-z0-9]+$/)).default([]),
            lastAfter: z.array(z.string().regex(/^[a-z0-9]+$/)).default([]),
            after: z.array(z.string().regex(/^[a-z0-9]+$/)).default([]),
          })
          .strict(),
      )
      .default({}),
  })
  .strict();

/** A phone number as the board gives it (digits, spaces, dots, dashes, a leading +), or "" while not confirmed. */
const phone = z
  .string()
  .trim()
  .regex(/^$|^\+?[0-9][0-9 .-]{1,18}[0-9]$/, 'a phone number like 0204 3854 111, or "" while the board has not confirmed one');

/** Contacts the board has confirmed; empty until it has, and then the bot says nothing about them. */
export const contactsSchema = z
  .object({
    /** The board's own hotline for workers. */
    boardHotline: phone,
    /** The duty phone of the park police unit (Đoàn Công an KCN). */
    parkPolice: phone,
  })
  .strict();

export type Calendar = z.infer<typeof calendarSchema>;
export type KcnRegistry = z.infer<typeof kcnSchema>;
export type ReportsSettings = z.infer<typeof reportsSchema>;
export type FestivalEvent = z.infer<typeof eventSchema>;
export type Contacts = z.infer<typeof contactsSchema>;

/** Data files by name, with their schemas. */
export const DATA_FILES = {
  calendar: calendarSchema,
  kcn: kcnSchema,
  reports: reportsSchema,
  events: eventsSchema,
  faq: faqSchema,
  broadcasts: broadcastsSchema,
  chat: chatSchema,
  contacts: contactsSchema,
} as const;

/**
 * Worker messages with the outcome each should get (`content/examples/<set>.yaml`: `- { q: "…", expect: "faq:<id>" }`),
 * what the bot's classifier learns from (core/classifier.ts); `set` is the file's name.
 */
export const examplesSchema = z.array(
  z
    .object({
      q: z.string().min(1),
      expect: z
        .string()
        .regex(
          /^(faq|flow|smalltalk|global):[a-z0-9-]+$|^(tipoff|emergency|none)$/,
          'an outcome: faq:<id>, flow:<id>, smalltalk:<kind>, global:<word>, tipoff, emergency or none',
        ),
    })
    .strict(),
);
export type Example = z.infer<typeof examplesSchema>[number] & { set: string };

/** What the classifier learns from: the examples, and each FAQ phrasing (both languages) as its entry's outcome. */
export function learningExamples(data: Pick<ContentData, 'examples' | 'faq'>): { text: string; outcome: string }[] {
  return [
    ...data.examples.map((e) => ({ text: e.q, outcome: e.expect })),
    ...data.faq.entries.flatMap((e) => [...e.questions.vi, ...e.questions.en].map((q) => ({ text: q, outcome: `faq:${e.id}` }))),
  ];
}

export interface ContentData {
  /** content/examples/*.yaml, every file's messages in one list. */
  examples: readonly Example[];
  calendar: Calendar;
  kcn: KcnRegistry;
  reports: ReportsSettings;
  events: z.infer<typeof eventsSchema>;
  faq: FaqData;
  broadcasts: BroadcastsData;
  chat: z.infer<typeof chatSchema>;
  contacts: Contacts;
}

/**
 * The content a deployment shows: everything when demo content is on, otherwise without the sample
 * events (so no flow, reminder, "my events" list or dashboard can show or use them).
 */
export function forDeployment(data: ContentData, demoContent: boolean): ContentData {
  if (demoContent) return data;
  return { ...data, events: { ...data.events, events: data.events.events.filter((e) => !e.sample) } };
}
