/**
 * Anonymous report (tố giác): anonymity and emergency numbers first, then category, park, place,
 * time, description, optional photos and optional contact, a summary, and confirm / edit / cancel.
 * Every answer can be typed the way workers type (`khong`, `trom xe may`, `o bai xe cong ty`,
 * `toi qua 10h`). A message that describes an incident outside the flow (`co nguoi cho vay nang lai
 * vao tan phong tro doa`) is offered as a report, with its text kept as the description; emergency
 * wording gets the emergency numbers first, wherever it is typed. Storing the report, the photos and
 * the daily limit are effects run outside the flow.
 */
import { emergencySay, isEmergency, toldAsNow } from '../src/festival/emergency.js';
import type { ButtonSpec, FlowMatch, Input, Say, StepResult } from '../src/core/flow.js';
import { defineFlow, type FestivalContext, type FestivalStep } from '../src/festival/flow.js';
import { normalizeMobile } from '../src/core/normalize.js';
import type { DraftReport } from '../src/reports/types.js';

/**
 * The draft in the session. `place` and `contact` are null when the user chose to leave them out
 * (undefined: not asked yet); `photosDone` once the photo step is passed; `alerted` once the emergency
 * numbers were shown (they are not repeated).
 */
type Draft = Omit<DraftReport, 'place' | 'contact'> & {
  place?: string | null;
  contact?: string | null;
  photosDone?: boolean;
  alerted?: boolean;
  /** What the worker typed before the flow asked for the description (a report told in words), to build on. */
  told?: string;
};
type Result = StepResult<Draft>;
type Field = 'category' | 'kcn' | 'place' | 'when' | 'what' | 'photos' | 'contact';

const OTHER_KCN = 'other';
const to = (step: string, data: Draft, say: Say[]): Result => ({ say, next: { step, data } });
/** For `#report:<kind>:<value>` payloads, the value when the kind matches. */
const pick = (input: Input, kind: string) => (input.arg?.startsWith(`${kind}:`) ? input.arg.slice(kind.length + 1) : undefined);
const btn = (key: string, payload: string, means?: string | string[], params?: Record<string, unknown>): ButtonSpec => ({
  key,
  payload: `#report:${payload}`,
  means,
  params,
});
/**
 * A button that sends, or that drops what was typed: typed, only a whole message means it (`gửi`, `ok gửi đi`,
 * `không`), never a `có` or a `không` inside a sentence (`…nhận hoa hồng, mất 7 triệu rồi` is more of the story).
 */
const whole = (b: ButtonSpec): ButtonSpec => ({ ...b, exact: true });
const INTENT = (name: string) => `understanding:intents.${name}`;

/** The offer to send a story typed outside the flow; `report:offer_again` once more of it was added (short, not said twice). */
const offerSay = (key: 'report:offer' | 'report:offer_again'): Say => ({
  key,
  buttons: [
    whole(btn('report:offer_yes', 'offer:yes', [INTENT('yes'), INTENT('send'), 'common:commands.resume'])),
    whole(btn('report:offer_no', 'offer:no', INTENT('no'))),
  ],
});

const prompts: Record<Field | 'urgent' | 'offer' | 'contact_text' | 'edit', (ctx: FestivalContext, data: Draft) => Say> = {
  offer: () => offerSay('report:offer'),
  urgent: () => ({
    key: 'report:urgent_question',
    buttons: [btn('report:urgent_yes', 'urgent:yes', INTENT('yes')), btn('report:urgent_no', 'urgent:no', [INTENT('no'), INTENT('unsure')])],
  }),
  category: (ctx) => ({
    key: 'report:ask_category',
    buttons: ctx.data.reports.categories.map((c) => btn(`report:categories.${c}`, `cat:${c}`, [`report:category_words.${c}`, `report:category_slang.${c}`])),
  }),
  kcn: (ctx) => ({
    key: 'report:ask_kcn',
    buttons: [
      ...ctx.data.kcn.parks.map((p) => btn('common:raw', `kcn:${p.id}`, `kcn:aliases.${p.id}`, { text: p.name[ctx.lang] })),
      btn('report:kcn_other', `kcn:${OTHER_KCN}`, ['report:kcn_other_words', INTENT('unsure')]),
    ],
  }),
  place: () => ({ key: 'report:ask_place', buttons: [btn('report:skip', 'skip', [INTENT('skip'), INTENT('no')])] }),
  when: () => ({ key: 'report:ask_when' }),
  what: (_ctx, data) =>
    data.told
      ? {
          key: 'report:ask_what_more',
          params: { told: data.told },
          buttons: [btn('report:what_done', 'what_done', [INTENT('done'), INTENT('no'), INTENT('skip')])],
        }
      : { key: 'report:ask_what' },
  photos: (ctx) =>
    ctx.channel === 'web'
      ? { key: 'report:ask_photos_web', buttons: [btn('report:continue', 'photos_done', [INTENT('done'), INTENT('no'), INTENT('skip'), INTENT('yes')])] }
      : {
          key: 'report:ask_photos',
          params: { max: ctx.data.reports.limits.photosMax },
          buttons: [btn('report:photos_done', 'photos_done', [INTENT('done'), INTENT('no'), INTENT('skip')])],
        },
  contact: () => ({
    key: 'report:ask_contact',
    buttons: [btn('report:contact_no', 'contact:no', INTENT('no')), btn('report:contact_yes', 'contact:yes', INTENT('yes'))],
  }),
  contact_text: () => ({ key: 'report:ask_contact_text' }),
  edit: () => ({ key: 'report:ask_edit', buttons: (['category', 'kcn', 'place', 'when', 'what'] as const).map((f) => btn(`report:field_${f}`, `field:${f}`)) }),
};

function parkName(id: string | undefined, ctx: FestivalContext): unknown {
  if (id === OTHER_KCN) return { ref: 'report:kcn_other' };
  return ctx.data.kcn.parks.find((p) => p.id === id)?.name[ctx.lang] ?? '';
}

function summarySay(data: Draft, ctx: FestivalContext): Say {
  const none = { ref: 'report:not_given' };
  return {
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
    buttons: [
      whole(btn('report:confirm', 'confirm', [INTENT('send'), INTENT('yes')])),
      btn('report:edit', 'edit', INTENT('edit')),
      btn('report:cancel', 'cancel'),
    ],
  };
}

/** The first question the draft has no answer to; the summary when it is complete. */
function nextField(d: Draft): Field | 'summary' {
  if (d.category === undefined) return 'category';
  if (d.kcn === undefined) return 'kcn';
  if (d.place === undefined) return 'place';
  if (d.when === undefined) return 'when';
  if (d.description === undefined) return 'what';
  if (!d.photosDone) return 'photos';
  if (d.contact === undefined) return 'contact';
  return 'summary';
}

/** After an answer: back to the summary when editing, else on to the next question. */
function advance(data: Draft, ctx: FestivalContext, say: Say[] = []): Result {
  const step = data.editing ? 'summary' : nextField(data);
  const next = step === 'summary' ? { ...data, editing: false } : data;
  return to(step, next, [...say, step === 'summary' ? summarySay(next, ctx) : prompts[step](ctx, next)]);
}

/** What the user typed, when it is text and not a button. */
const typed = (input: Input): string | undefined => (input.payload || input.text === '' ? undefined : input.text);

/** The category the words of a message name (the clearest one), when they name one. */
function guessCategory(input: Input, ctx: FestivalContext): string | undefined {
  let best: { id: string; score: number; longest: number } | undefined;
  const tokens = ctx.lexicon.without(input.tokens, 'report:not_incident');
  for (const id of ctx.data.reports.categories) {
    const m = ctx.lexicon.match(tokens, `report:category_words.${id}`);
    if (m && (!best || m.longest > best.longest || (m.longest === best.longest && m.score > best.score))) best = { id, score: m.score, longest: m.longest };
  }
  return best?.id;
}

/** Emergency wording in an answer: the numbers first, once per report. */
function alarmed(step: FestivalStep<Draft>): FestivalStep<Draft> {
  return (input, data, ctx) => {
    const result = step(input, data, ctx);
    if (!result || data.alerted || input.payload || !isEmergency(input, ctx) || result.next?.data.alerted) return result;
    return { ...result, say: [emergencySay(ctx), ...result.say], next: result.next && { ...result.next, data: { ...result.next.data, alerted: true } } };
  };
}

/** An emergency typed where a place or a time was asked: the numbers, and the question again. */
function alarm(step: 'place' | 'when', data: Draft, ctx: FestivalContext): Result {
  return to(step, { ...data, alerted: true }, [emergencySay(ctx), prompts[step](ctx, data)]);
}

/** Meaningful words from which a story told before the report is its whole description. */
const FULL_STORY = 8;

/**
 * More of the story typed after the description (at the photo or contact question): added to the
 * description, said so, and the question asked again; undefined when the text is not a story (a
 * question, a word or two).
 */
function addedToStory(input: Input, data: Draft, ctx: FestivalContext, step: 'photos' | 'contact'): Result | undefined {
  const text = typed(input);
  if (!text || data.description === undefined || ctx.lexicon.isQuestion(text, input.tokens) || ctx.lexicon.content(input.tokens).length < 5) return undefined;
  const description = `${data.description}\n${text}`.slice(0, ctx.data.reports.limits.descriptionMax);
  const next = { ...data, description };
  return to(step, next, [{ key: 'report:offer_added' }, prompts[step](ctx, next)]);
}

/** A report written as free text: the offer to send it, with the text kept (and its category guessed). */
function offer(input: Input, ctx: FestivalContext, urgent: boolean): Result {
  // A full story is the description; a short one is shown back when the description is asked, to add to.
  const full = ctx.lexicon.content(input.tokens).length >= FULL_STORY;
  const text = input.text.slice(0, ctx.data.reports.limits.descriptionMax);
  const data: Draft = { photos: [], ...(full ? { description: text } : { told: text }), category: guessCategory(input, ctx), alerted: urgent };
  return to('offer', data, urgent ? [emergencySay(ctx), prompts.offer(ctx, data)] : [prompts.offer(ctx, data)]);
}

/** Content syllables from which a story told without incident words is offered as a report, and its score (just acted on). */
const STORY = 10;
const STORY_SCORE = 0.6;

/** Meaningful syllables from which something told as going on now, with no incident word, gets the numbers (scored as a story). */
const NOW_WORDS = 4;

/** A told incident: above an FAQ answer that is not near certain (the FAQ's best is 0.9), below a report keyword alone. */
const TIPOFF_SCORE = 0.895;

/**
 * A message outside the flow that describes an incident: what happened (a kind of incident the
 * category words name) told as a story (who, where, when: not a question), or said to be reported.
 * Emergencies score above nearly everything; a described incident above an FAQ answer that is not
 * near certain, and below the report keywords on their own (`tố giác` starts the flow as usual).
 */
function described(input: Input, ctx: FestivalContext): FlowMatch<Draft> | undefined {
  const { lexicon } = ctx;
  if (input.tokens.length === 0) return undefined;
  if (isEmergency(input, ctx))
    return { kind: 'emergency', score: 0.97, result: offer(input, ctx, true), aside: { say: [emergencySay(ctx)] }, label: 'emergency' };
  if (lexicon.isQuestion(input.text, input.tokens)) return undefined;
  const told = lexicon.has(input.tokens, 'understanding:tipoff.narrative');
  const said = lexicon.has(input.tokens, 'understanding:tipoff.intent');
  const what = guessCategory(input, ctx) !== undefined;
  const meaningful = lexicon.content(input.tokens).length;
  const long = meaningful >= 5;
  const now = toldAsNow(input, ctx);
  if ((what && (told || said || long)) || (said && long && told)) {
    // An incident told as going on now (`có thằng đang trộm xe`): the numbers come first, as for an emergency.
    const urgent = what && now;
    return { kind: 'tipoff', score: TIPOFF_SCORE, result: offer(input, ctx, urgent), label: urgent ? 'tipoff:now' : 'tipoff' };
  }
  // The same with no incident word the lists know (`e dang bi may dua la theo sau`), scored as a story.
  if (told && now && meaningful >= NOW_WORDS) return { kind: 'tipoff', score: STORY_SCORE, result: offer(input, ctx, true), label: 'tipoff:now' };
  // A long story that asks nothing, with no incident word the lists know: offered as a report when nothing reads it better.
  if (lexicon.has(input.tokens, 'understanding:tipoff.story') && meaningful >= STORY)
    return { kind: 'tipoff', score: STORY_SCORE, result: offer(input, ctx, false), label: 'tipoff:story' };
  return undefined;
}

const steps: Record<string, FestivalStep<Draft>> = {
  offer: (input, data, ctx) => {
    const answer = pick(input, 'offer');
    // The emergency numbers were shown already: asking again whether it is happening now would only slow the report.
    if (answer === 'yes' && data.alerted) return advance(data, ctx, [{ key: 'report:intro' }]);
    if (answer === 'yes') return to('urgent', { ...data }, [{ key: 'report:intro' }, prompts.urgent(ctx, data)]);
    if (answer === 'no') return { say: [{ key: 'report:offer_declined' }], menu: true };
    const more = typed(input);
    // More of the story is kept; a question is not (it is answered, and the offer stays).
    if (!more || ctx.lexicon.isQuestion(more, input.tokens)) return undefined;
    // Workers send one thought in several messages: what follows is more of the description.
    const story = [data.description ?? data.told, more].filter(Boolean).join('\n').slice(0, ctx.data.reports.limits.descriptionMax);
    const told = data.description === undefined && ctx.lexicon.content(ctx.lexicon.tokens(story)).length < FULL_STORY;
    const next: Draft = {
      ...data,
      ...(told ? { told: story } : { description: story, told: undefined }),
      category: data.category ?? guessCategory(input, ctx),
    };
    return to('offer', next, [{ key: 'report:offer_added' }, offerSay('report:offer_again')]);
  },
  urgent: (input, data, ctx) => {
    const answer = pick(input, 'urgent') ?? (typed(input) && isEmergency(input, ctx) ? 'yes' : undefined);
    if (answer === 'yes') return advance({ ...data, alerted: true }, ctx, data.alerted ? [] : [emergencySay(ctx)]);
    if (answer === 'no') return advance(data, ctx);
    return undefined;
  },
  category: (input, data, ctx) => {
    const c = pick(input, 'cat');
    return c && ctx.data.reports.categories.includes(c) ? advance({ ...data, category: c }, ctx) : undefined;
  },
  kcn: (input, data, ctx) => {
    const k = pick(input, 'kcn');
    const known = k === OTHER_KCN || ctx.data.kcn.parks.some((p) => p.id === k);
    return k && known ? advance({ ...data, kcn: k }, ctx) : undefined;
  },
  place: (input, data, ctx) => {
    if (input.arg === 'skip') return advance({ ...data, place: null }, ctx);
    // A place shared on Zalo: its name and coordinates, kept in the report only.
    const shared = input.attachments.find((a) => a.kind === 'location' && a.latitude !== undefined && a.longitude !== undefined);
    if (shared)
      return advance(
        { ...data, place: `${shared.name ? `${shared.name} ` : ''}(${shared.latitude!.toFixed(5)}, ${shared.longitude!.toFixed(5)})`.slice(0, 200) },
        ctx,
      );
    const place = typed(input);
    if (place && isEmergency(input, ctx)) return alarm('place', data, ctx);
    return place ? advance({ ...data, place: place.slice(0, 200) }, ctx) : undefined;
  },
  when: (input, data, ctx) => {
    const when = typed(input);
    if (when && isEmergency(input, ctx)) return alarm('when', data, ctx);
    return when ? advance({ ...data, when: when.slice(0, 200) }, ctx) : undefined;
  },
  what: (input, data, ctx) => {
    const { descriptionMin: min, descriptionMax: max } = ctx.data.reports.limits;
    const text = input.arg === 'what_done' ? data.told : [data.told, typed(input)].filter(Boolean).join('\n') || undefined;
    if (text === undefined || (input.arg !== 'what_done' && !typed(input))) return undefined;
    if ([...text].length < min) return { ...to('what', data, [{ key: 'report:too_short', params: { min } }]), rejected: true };
    if ([...text].length > max) return { ...to('what', data, [{ key: 'report:too_long', params: { max } }]), rejected: true };
    return advance({ ...data, description: text, told: undefined }, ctx);
  },
  photos: (input, data, ctx) => {
    const max = ctx.data.reports.limits.photosMax;
    if (input.arg === 'photos_done') return advance({ ...data, photosDone: true }, ctx);
    const images = input.attachments.filter((a) => a.kind === 'image' && a.url);
    if (images.length === 0) return addedToStory(input, data, ctx, 'photos');
    if (data.photos.length >= max) return to('photos', data, [{ key: 'report:photo_limit', params: { max } }]);
    const urls = images.slice(0, max - data.photos.length).map((a) => a.url!);
    return { say: [], next: { step: 'photos', data }, effects: [{ type: 'report.photos', urls, draft: data }] };
  },
  contact: (input, data, ctx) => {
    const answer = pick(input, 'contact');
    if (answer === 'no') return advance({ ...data, contact: null }, ctx);
    if (answer === 'yes') return to('contact_text', data, [prompts.contact_text(ctx, data)]);
    // A phone number typed straight away is the contact.
    const text = typed(input);
    if (text && /\d{3}/.test(text) && normalizeMobile(text.replace(/[^\d+]/g, ''))) return advance({ ...data, contact: text.slice(0, 200) }, ctx);
    return addedToStory(input, data, ctx, 'contact');
  },
  contact_text: (input, data, ctx) => {
    const contact = typed(input);
    return contact ? advance({ ...data, contact: contact.slice(0, 200) }, ctx) : undefined;
  },
  summary: (input, data, ctx) => {
    if (input.arg === 'confirm') {
      const { place, contact, photosDone: _p, alerted: _a, told: _t, ...rest } = data;
      const draft: DraftReport = { ...rest, place: place ?? undefined, contact: contact ?? undefined };
      return { say: [], effects: [{ type: 'report.submit', draft }] };
    }
    if (input.arg === 'cancel') return { say: [{ key: 'common:flow.discarded', params: { task: { ref: 'report:task' } } }], menu: true };
    if (input.arg === 'edit') return to('edit', data, [prompts.edit(ctx, data)]);
    return undefined;
  },
  edit: (input, data, ctx) => {
    const field = pick(input, 'field');
    if (!field || !(field in prompts)) return undefined;
    const step = field as Field;
    return to(step, { ...data, editing: true }, [prompts[step](ctx, data)]);
  },
};

export const report = defineFlow<Draft>({
  id: 'report',
  version: 2,
  menu: { key: 'report:menu', order: 30 },
  keywords: 'report:keywords',
  task: 'report:task',
  // `#report:told`: an incident told in words the classifier knows (core/router.ts), offered with the text kept
  // (the payload typed as text, or clicked, is the usual start).
  start: (input, ctx) =>
    input.arg === 'told' && input.tokens.length > 0 && input.text !== input.payload
      ? offer(input, ctx, false)
      : to('urgent', { photos: [] }, [{ key: 'report:intro' }, prompts.urgent(ctx, { photos: [] })]),
  steps: Object.fromEntries(Object.entries(steps).map(([name, step]) => [name, alarmed(step)])),
  expects: { offer: 'answer', place: 'text', when: 'text', what: 'longtext', contact_text: 'text' },
  prompt: (step, data, ctx) => {
    if (step === 'summary') return [summarySay(data, ctx)];
    const prompt = prompts[step as keyof typeof prompts];
    return prompt ? [prompt(ctx, data)] : [];
  },
  match: described,
});
