/**
 * Schemas of the data files behind the FAQ (`content/faq.yaml`) and the broadcasts
 * (`content/broadcasts.yaml`). Texts stay in `content/<lang>/`; these files hold what is the same in
 * every language: question phrasings to match, follow-ups, dates, topics and i18n keys.
 */
import { z } from 'zod';
import type { ButtonSpec } from '../core/flow.js';

/** What a user may subscribe to; every campaign has one of these topics. */
export const TOPICS = ['festival', 'slogan', 'safety'] as const;
export type Topic = (typeof TOPICS)[number];

/** The subscription chooser: the topics not held yet, "all" while some are missing, done, stop. */
export function topicChooser(held: readonly Topic[] = []): ButtonSpec[] {
  const missing = TOPICS.filter((t) => !held.includes(t));
  return [
    ...missing.map((t) => ({ key: `news:subscribe.topics.${t}`, payload: `#subscribe:${t}` })),
    ...(missing.length > 1 ? [{ key: 'news:subscribe.all', payload: '#subscribe:all' }] : []),
    { key: 'news:subscribe.done', payload: '#subscribe:done' },
    { key: 'news:subscribe.stop', payload: '#subscribe:stop' },
  ];
}

const id = z.string().regex(/^[a-z0-9-]{1,60}$/, 'ids are lower case, digits and dashes');
const i18nKey = z.string().regex(/^[a-z]+:[A-Za-z0-9_.-]+$/, 'an i18n key like "safety:topics.fire.text"');

const button = z.object({ key: i18nKey, payload: z.string().min(1).max(200), kind: z.enum(['reply', 'phone', 'url']).optional() }).strict();

/** Reports every repeated id (with its path, so the line is shown) and returns the set of ids. */
function uniqueIds(items: readonly { id: string }[], field: string, ctx: z.RefinementCtx): Set<string> {
  const ids = new Set<string>();
  items.forEach((item, i) => {
    if (ids.has(item.id)) ctx.addIssue({ code: 'custom', path: [field, i, 'id'], message: `duplicate id "${item.id}"` });
    ids.add(item.id);
  });
  return ids;
}

/** One FAQ entry of `content/faq.yaml` (also what the dashboard's edits are checked against). */
export const faqEntrySchema = z
  .object({
    id,
    questions: z.object({ vi: z.array(z.string().min(2)).min(1), en: z.array(z.string().min(2)).min(1) }).strict(),
    more: z.array(id).max(3).optional(),
    buttons: z.array(button).max(3).optional(),
  })
  .strict();

export const faqSchema = z
  .object({ entries: z.array(faqEntrySchema).min(1) })
  .strict()
  .superRefine((file, ctx) => {
    const ids = uniqueIds(file.entries, 'entries', ctx);
    file.entries.forEach((e, i) => {
      e.more?.forEach((m, j) => {
        if (!ids.has(m)) ctx.addIssue({ code: 'custom', path: ['entries', i, 'more', j], message: `"${m}" is not an entry id` });
      });
    });
  });

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-07-20')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a real date');
/** Zalo refuses many messages between 22:00 and 06:00, and nobody wants them then. */
const daytime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 07:30')
  .refine((t) => t >= '06:00' && t < '22:00', 'must be between 06:00 and 21:59');

const campaign = z.object({ id, date: isoDate, time: daytime, topic: z.enum(TOPICS), message: i18nKey }).strict();

export const broadcastsSchema = z
  .object({
    campaigns: z.array(campaign),
    /** One slogan a day, in turn, to `slogan` subscribers. */
    dailySlogan: z.object({ from: isoDate, to: isoDate, time: daytime }).strict().optional(),
  })
  .strict()
  .superRefine((file, ctx) => {
    uniqueIds(file.campaigns, 'campaigns', ctx);
    const daily = file.dailySlogan;
    if (daily && daily.to < daily.from) ctx.addIssue({ code: 'custom', path: ['dailySlogan', 'to'], message: 'must not be before "from"' });
  });

/**
 * The buttons under an FAQ answer: the entry's own (a feature to open), then its follow-up questions,
 * three at most, then back to the menu (what the bot sends, and what the dashboard previews).
 */
export function faqAnswerButtons(entry: Pick<FaqEntryData, 'buttons' | 'more'>): ButtonSpec[] {
  const more = (entry.more ?? []).map((id): ButtonSpec => ({ key: `faq:entries.${id}.title`, payload: `#faq:${id}` }));
  return [...(entry.buttons ?? []), ...more].slice(0, 3).concat({ key: 'common:back_to_menu', payload: '#menu' });
}

export type FaqData = z.infer<typeof faqSchema>;
export type FaqEntryData = FaqData['entries'][number];
export type BroadcastsData = z.infer<typeof broadcastsSchema>;
export type CampaignData = BroadcastsData['campaigns'][number];
