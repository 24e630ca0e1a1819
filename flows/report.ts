/**
 * Anonymous report (tố giác): anonymity and emergency numbers first, then category, park, place,
 * time, description, optional photos and optional contact, a summary, and confirm / edit / cancel.
 * Storing the report, the photos and the daily limit are effects run outside the flow.
 */
import { emergencyButtons } from './emergency.js';
import { defineFlow, type ButtonSpec, type FlowContext, type Input, type Say, type StepResult } from '../src/core/flow.js';
import type { DraftReport as Draft } from '../src/reports/reporter-service.js';

type Result = StepResult<Draft>;

const OTHER_KCN = 'other';
const to = (step: string, data: Draft, say: Say[]): Result => ({ say, next: { step, data } });
/** For `#report:<kind>:<value>` payloads, the value when the kind matches. */
const pick = (input: Input, kind: string) => (input.arg?.startsWith(`${kind}:`) ? input.arg.slice(kind.length + 1) : undefined);
const btn = (key: string, payload: string, params?: Record<string, unknown>): ButtonSpec => ({ key, payload: `#report:${payload}`, params });

const prompts = {
  category: (ctx: FlowContext): Say => ({
    key: 'report:ask_category',
    buttons: ctx.data.reports.categories.map((c) => btn(`report:categories.${c}`, `cat:${c}`)),
  }),
  kcn: (ctx: FlowContext): Say => ({
    key: 'report:ask_kcn',
    buttons: [
      ...ctx.data.kcn.parks.map((p) => btn('common:raw', `kcn:${p.id}`, { text: p.name[ctx.lang] })),
      btn('report:kcn_other', `kcn:${OTHER_KCN}`),
    ],
  }),
  place: (): Say => ({ key: 'report:ask_place', buttons: [btn('report:skip', 'skip')] }),
  when: (): Say => ({ key: 'report:ask_when' }),
  what: (): Say => ({ key: 'report:ask_what' }),
  photos: (ctx: FlowContext): Say =>
    ctx.channel === 'web'
      ? { key: 'report:ask_photos_web', buttons: [btn('report:continue', 'photos_done')] }
      : { key: 'report:ask_photos', params: { max: ctx.data.reports.limits.photosMax }, buttons: [btn('report:photos_done', 'photos_done'), btn('report:skip', 'photos_done')] },
  contact: (): Say => ({ key: 'report:ask_contact', buttons: [btn('report:contact_no', 'contact:no'), btn('report:contact_yes', 'contact:yes')] }),
};

function parkName(id: string | undefined, ctx: FlowContext): unknown {
  if (id === OTHER_KCN) return { ref: 'report:kcn_other' };
  return ctx.data.kcn.parks.find((p) => p.id === id)?.name[ctx.lang] ?? '';
}

function summary(data: Draft, ctx: FlowContext): Result {
  const none = { ref: 'report:not_given' };
  return to('summary', { ...data, editing: false }, [
    {
      key: 'report:summary',
      params: {
        category: { ref: `report:categories.${data.category}` },
        kcn: parkName(data.kcn, ctx),
        place: data.place || none,
        when: data.when,
        description: data.description,
        photos: data.photos.length,
        contact: data.contact || none,
      },
      buttons: [btn('report:confirm', 'confirm'), btn('report:edit', 'edit'), btn('report:cancel', 'cancel')],
    },
  ]);
}

/** After a field: back to the summary when editing, else on to `step`. */
const advance = (data: Draft, step: keyof typeof prompts, ctx: FlowContext): Result =>
  data.editing ? summary(data, ctx) : to(step, data, [prompts[step](ctx)]);

function freeText(input: Input): string | undefined {
  return input.payload || input.text === '' ? undefined : input.text;
}

export const report = defineFlow<Draft>({
  id: 'report',
  version: 1,
  menu: { key: 'report:menu', order: 30 },
  keywords: 'report:keywords',
  start: () =>
    to('urgent', { photos: [] }, [
      { key: 'report:intro' },
      { key: 'report:urgent_question', buttons: [btn('report:urgent_yes', 'urgent:yes'), btn('report:urgent_no', 'urgent:no')] },
    ]),
  steps: {
    urgent: (input, data, ctx) => {
      const answer = pick(input, 'urgent');
      if (answer === 'yes') return to('category', data, [{ key: 'report:emergency', buttons: emergencyButtons(ctx, 'report') }, prompts.category(ctx)]);
      if (answer === 'no') return to('category', data, [prompts.category(ctx)]);
      return undefined;
    },
    category: (input, data, ctx) => {
      const c = pick(input, 'cat');
      return c && ctx.data.reports.categories.includes(c) ? advance({ ...data, category: c }, 'kcn', ctx) : undefined;
    },
    kcn: (input, data, ctx) => {
      const k = pick(input, 'kcn');
      const known = k === OTHER_KCN || ctx.data.kcn.parks.some((p) => p.id === k);
      return k && known ? advance({ ...data, kcn: k }, 'place', ctx) : undefined;
    },
    place: (input, data, ctx) => {
      if (input.arg === 'skip') return advance({ ...data, place: undefined }, 'when', ctx);
      const place = freeText(input);
      return place ? advance({ ...data, place: place.slice(0, 200) }, 'when', ctx) : undefined;
    },
    when: (input, data, ctx) => {
      const when = freeText(input);
      return when ? advance({ ...data, when: when.slice(0, 200) }, 'what', ctx) : to('when', data, [prompts.when()]);
    },
    what: (input, data, ctx) => {
      const { descriptionMin: min, descriptionMax: max } = ctx.data.reports.limits;
      const text = freeText(input) ?? '';
      if ([...text].length < min) return to('what', data, [{ key: 'report:too_short', params: { min } }]);
      if ([...text].length > max) return to('what', data, [{ key: 'report:too_long', params: { max } }]);
      return advance({ ...data, description: text }, 'photos', ctx);
    },
    photos: (input, data, ctx) => {
      const max = ctx.data.reports.limits.photosMax;
      if (input.arg === 'photos_done') return advance(data, 'contact', ctx);
      const images = input.attachments.filter((a) => a.kind === 'image' && a.url);
      if (images.length === 0) return to('photos', data, [prompts.photos(ctx)]);
      if (data.photos.length >= max) return to('photos', data, [{ key: 'report:photo_limit', params: { max } }]);
      const urls = images.slice(0, max - data.photos.length).map((a) => a.url!);
      return { say: [], next: { step: 'photos', data }, effects: [{ type: 'report.photos', urls, draft: data }] };
    },
    contact: (input, data, ctx) => {
      const answer = pick(input, 'contact');
      if (answer === 'no') return summary({ ...data, contact: undefined }, ctx);
      if (answer === 'yes') return to('contact_text', data, [{ key: 'report:ask_contact_text' }]);
      return undefined;
    },
    contact_text: (input, data, ctx) => {
      const contact = freeText(input);
      return contact ? summary({ ...data, contact: contact.slice(0, 200) }, ctx) : to('contact_text', data, [{ key: 'report:ask_contact_text' }]);
    },
    summary: (input, data) => {
      if (input.arg === 'confirm') return { say: [], effects: [{ type: 'report.submit', draft: data }] };
      if (input.arg === 'cancel') return { say: [{ key: 'common:cancelled' }] };
      if (input.arg === 'edit') {
        const fields = ['category', 'kcn', 'place', 'when', 'what'] as const;
        return to('edit', data, [{ key: 'report:ask_edit', buttons: fields.map((f) => btn(`report:field_${f}`, `field:${f}`)) }]);
      }
      return undefined;
    },
    edit: (input, data, ctx) => {
      const field = pick(input, 'field');
      if (!field || !(field in prompts)) return undefined;
      return to(field, { ...data, editing: true }, [prompts[field as keyof typeof prompts](ctx)]);
    },
  },
});
