/** Language-neutral content data (content/*.yaml), validated with zod; flows read it through FlowContext. */
import { z } from 'zod';

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
      .array(z.object({ id: z.string().regex(/^[a-z0-9-]+$/, 'ids are lower case, digits and dashes'), name: localized }).strict())
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
      })
      .strict(),
  })
  .strict();

export type Calendar = z.infer<typeof calendarSchema>;
export type KcnRegistry = z.infer<typeof kcnSchema>;
export type ReportsSettings = z.infer<typeof reportsSchema>;

/** Data files by name, with their schemas. */
export const DATA_FILES = { calendar: calendarSchema, kcn: kcnSchema, reports: reportsSchema } as const;

export interface ContentData {
  calendar: Calendar;
  kcn: KcnRegistry;
  reports: ReportsSettings;
}
