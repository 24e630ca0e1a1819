/**
 * Festival event sign-up: list upcoming events (by KCN, paged), details, consent to personal data,
 * name, enterprise, phone, team size, summary, confirm; waitlist when full. Storing is an effect.
 */
import { ACT } from '../src/core/router.js';
import { formatLocal, listDate } from '../src/festival/calendar.js';
import type { FestivalEvent } from '../src/festival/data.js';
import { normalizeMobile } from '../src/core/normalize.js';
import type { ButtonSpec, FlowMatch, Input, Say, StepResult } from '../src/core/flow.js';
import { defineFlow, type FestivalContext } from '../src/festival/flow.js';

export interface SignupData {
  page: number;
  kcn?: string;
  eventId?: string;
  name?: string;
  enterprise?: string;
  phone?: string;
  people?: number;
}

type Result = StepResult<SignupData>;
export const PAGE_SIZE = 4;

const btn = (key: string, payload: string, params?: Record<string, unknown>, means?: string | string[]): ButtonSpec => ({
  key,
  payload: `#signup:${payload}`,
  params,
  means,
});
const INTENT = (name: string) => `understanding:intents.${name}`;
const pick = (input: Input, kind: string) => (input.arg?.startsWith(`${kind}:`) ? input.arg.slice(kind.length + 1) : undefined);
const to = (step: string, data: SignupData, say: Say[]): Result => ({ say, next: { step, data } });
const typed = (input: Input) => (input.payload ? '' : input.text.trim());

function upcoming(ctx: FestivalContext, kcn?: string): FestivalEvent[] {
  return ctx.data.events.events
    .filter((e) => Date.parse(e.signupDeadline) > ctx.now.getTime() && (!kcn || e.kcn === kcn))
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
}

function list(data: SignupData, ctx: FestivalContext): Result {
  const events = upcoming(ctx, data.kcn);
  if (events.length === 0)
    return to('list', data, [{ key: 'signup:none', buttons: [btn('signup:filter', 'filter'), { key: 'common:back_to_menu', payload: '#menu' }] }]);
  const pages = Math.ceil(events.length / PAGE_SIZE);
  const page = Math.min(data.page, pages - 1);
  const park = ctx.data.kcn.parks.find((p) => p.id === data.kcn);
  const tz = ctx.data.calendar.timezone;
  const buttons = events
    .slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE)
    .map((e) => btn('signup:event_button', `event:${e.id}`, { date: listDate(e.startsAt, ctx.now, tz), title: { ref: `events:title.${e.id}` } }));
  if (page + 1 < pages) buttons.push(btn('signup:more', `page:${page + 1}`));
  buttons.push(btn('signup:filter', 'filter'));
  const params = { page: page + 1, pages, kcn: park?.name[ctx.lang] };
  return to('list', { ...data, page }, [{ key: park ? 'signup:list_kcn' : 'signup:list', params, buttons }]);
}

/**
 * A sign-up for one event named in words (`dk tham gia giai bong da`): the sign-up words with a word only
 * that event's title has. Opens its details.
 */
function named(input: Input, ctx: FestivalContext): FlowMatch<SignupData> | undefined {
  const { lexicon } = ctx;
  if (!lexicon.has(input.tokens, 'signup:keywords') && !lexicon.has(input.tokens, 'understanding:intents.join')) return undefined;
  // `hủy đăng ký kéo co` undoes a sign-up (Lịch của tôi), it does not make one.
  if (lexicon.has(input.tokens, 'signup:cancel_keywords')) return undefined;
  const events = upcoming(ctx);
  // The festival's own name (`ngày hội`) and its theme (`an ninh trật tự`) are in many titles and in most messages: they name no event.
  const words = (toks: string[]) => lexicon.content(lexicon.without(lexicon.without(toks, 'festival:keywords'), 'signup:theme_words'));
  const titleTokens = events.map((e) => lexicon.tokens(`${e.title.vi} ${e.title.en}`));
  const titles = titleTokens.map((toks) => new Set(words(toks)));
  const typed = new Set(words(input.tokens));
  // Words of a title the message has: two at least (one syllable alone, `kiến`, is too often another word), one of them its own.
  // A workplace word (`công ty`) counts among the two, never as the event's own: `đăng ký ở ktx cty` names no event.
  const owned = titleTokens.map((toks) => new Set(words(lexicon.without(toks, 'signup:workplace_words'))));
  const shared = (i: number) => [...titles[i]!].filter((w) => w.length > 1 && typed.has(w));
  const own = (i: number) => shared(i).filter((w) => owned[i]!.has(w) && titles.filter((t) => t.has(w)).length === 1).length;
  const ranked = events.map((event, i) => ({ event, n: shared(i).length >= 2 ? own(i) : 0 })).sort((a, b) => b.n - a.n);
  const [best, second] = ranked;
  if (!best || best.n === 0 || (second && second.n === best.n)) return undefined;
  // A question (`công nhân bình thường tham gia kiểu gì`) shares words with a title by chance: it wins only
  // when nothing reads it better (the FAQ's "how to take part", say).
  const score = lexicon.isQuestion(input.text, input.tokens) ? ACT : 0.85;
  return { kind: 'keyword', score, result: details(best.event, { page: 0 }, ctx), label: `signup:${best.event.id}` };
}

const joinButtons = () => [
  btn('signup:join', 'join', undefined, [INTENT('join'), INTENT('yes')]),
  btn('signup:back', 'back', undefined, [INTENT('back'), INTENT('no')]),
];
const consentSay = (ctx: FestivalContext): Say => ({
  key: 'signup:consent',
  params: { days: ctx.data.events.personalDataDays },
  buttons: [{ ...btn('signup:agree', 'consent:yes', undefined, INTENT('yes')), exact: true }, btn('signup:disagree', 'consent:no', undefined, INTENT('no'))],
});
const waitlistButtons = () => [
  btn('signup:join_waitlist', 'waitlist:yes', undefined, INTENT('yes')),
  btn('signup:no_thanks', 'waitlist:no', undefined, INTENT('no')),
];

/** The question of each step that waits for an answer, with its buttons. */
function prompt(step: string, data: SignupData, ctx: FestivalContext): Say[] {
  const event = findEvent(ctx, data.eventId);
  switch (step) {
    case 'list':
      return list(data, ctx).say;
    case 'details':
      return event ? details(event, data, ctx).say : [];
    case 'consent':
      return [consentSay(ctx)];
    case 'name':
      return [{ key: 'signup:ask_name' }];
    case 'enterprise':
      return [{ key: 'signup:ask_enterprise' }];
    case 'phone':
      return [{ key: 'signup:ask_phone' }];
    case 'people':
      return [{ key: 'signup:ask_people', params: event?.team ?? { min: 1, max: 1 } }];
    case 'summary':
      return summary(data).say;
    case 'waitlist':
      return [{ key: 'signup:full', buttons: waitlistButtons() }];
    default:
      return [];
  }
}

function details(event: FestivalEvent, data: SignupData, ctx: FestivalContext): Result {
  const tz = ctx.data.calendar.timezone;
  const say: Say[] = [
    {
      key: 'signup:details',
      params: {
        title: { ref: `events:title.${event.id}` },
        start: formatLocal(event.startsAt, tz),
        end: formatLocal(event.endsAt, tz),
        place: { ref: `events:place.${event.id}` },
        enterprise: event.enterprise,
        capacity: event.capacity ?? { ref: 'signup:no_limit' },
        deadline: formatLocal(event.signupDeadline, tz),
        description: { ref: `events:description.${event.id}` },
      },
    },
  ];
  if (event.team) say.push({ key: 'signup:team_note', params: event.team });
  if (event.sample) say.push({ key: 'signup:sample_note' });
  say[say.length - 1]!.buttons = joinButtons();
  return to('details', { ...data, eventId: event.id }, say);
}

const findEvent = (ctx: FestivalContext, id: string | undefined) => ctx.data.events.events.find((e) => e.id === id);

function summary(data: SignupData): Result {
  return to('summary', data, [
    {
      key: 'signup:summary',
      params: { title: { ref: `events:title.${data.eventId}` }, name: data.name, enterprise: data.enterprise, phone: data.phone, people: data.people ?? 1 },
      buttons: [
        { ...btn('signup:confirm', 'confirm', undefined, [INTENT('send'), INTENT('yes')]), exact: true },
        btn('signup:cancel', 'cancel', undefined, INTENT('no')),
      ],
    },
  ]);
}

export const signup = defineFlow<SignupData>({
  id: 'signup',
  version: 1,
  menu: { key: 'signup:menu', order: 50 },
  keywords: 'signup:keywords',
  task: 'signup:task',
  holds: (data) => data.name !== undefined,
  expects: { list: 'browse', name: 'text', enterprise: 'text', phone: 'text', people: 'text' },
  prompt,
  match: named,
  start: (input, ctx) => {
    const event = findEvent(ctx, pick(input, 'event'));
    return event ? details(event, { page: 0 }, ctx) : list({ page: 0 }, ctx);
  },
  steps: {
    list: (input, data, ctx) => {
      const event = findEvent(ctx, pick(input, 'event'));
      if (event) return details(event, data, ctx);
      const page = pick(input, 'page');
      if (page) return list({ ...data, page: Number(page) || 0 }, ctx);
      if (input.arg === 'filter') {
        const parks = ctx.data.kcn.parks.map((p) => btn('common:raw', `kcn:${p.id}`, { text: p.name[ctx.lang] }));
        return to('list', data, [{ key: 'signup:ask_filter', buttons: [...parks, btn('signup:all_parks', 'kcn:all')] }]);
      }
      const kcn = pick(input, 'kcn');
      if (kcn) return list({ page: 0, kcn: kcn === 'all' ? undefined : kcn }, ctx);
      return undefined;
    },
    details: (input, data, ctx) => {
      if (input.arg === 'back') return list(data, ctx);
      if (input.arg !== 'join') return undefined;
      return to('consent', data, [consentSay(ctx)]);
    },
    consent: (input, data) => {
      const answer = pick(input, 'consent');
      if (answer === 'no') return { say: [{ key: 'signup:no_consent' }] };
      if (answer === 'yes') return to('name', data, [{ key: 'signup:ask_name' }]);
      return undefined;
    },
    name: (input, data) => {
      const name = typed(input);
      if (!name) return undefined;
      if ([...name].length < 2 || [...name].length > 80) return { ...to('name', data, [{ key: 'signup:bad_name' }]), rejected: true };
      return to('enterprise', { ...data, name }, [{ key: 'signup:ask_enterprise' }]);
    },
    enterprise: (input, data) => {
      const enterprise = typed(input).slice(0, 120);
      if (!enterprise) return undefined;
      return to('phone', { ...data, enterprise }, [{ key: 'signup:ask_phone' }]);
    },
    phone: (input, data, ctx) => {
      const text = typed(input);
      if (!text) return undefined;
      // The number may come inside a sentence ("sdt e la 0978 123 456").
      const phone = normalizeMobile(text) ?? normalizeMobile(text.replace(/[^\d+]/g, ''));
      if (!phone) return { ...to('phone', data, [{ key: 'signup:bad_phone' }]), rejected: true };
      const team = findEvent(ctx, data.eventId)?.team;
      if (team) return to('people', { ...data, phone }, [{ key: 'signup:ask_people', params: team }]);
      return summary({ ...data, phone, people: 1 });
    },
    people: (input, data, ctx) => {
      const team = findEvent(ctx, data.eventId)?.team ?? { min: 1, max: 1 };
      if (!typed(input)) return undefined;
      // "7", "7 người", "bảy", "tầm 7 đứa".
      const n = ctx.lexicon.number(input.tokens);
      if (n === undefined) return undefined;
      if (n < team.min || n > team.max) return { ...to('people', data, [{ key: 'signup:bad_people', params: team }]), rejected: true };
      return summary({ ...data, people: n });
    },
    summary: (input, data) => {
      if (input.arg === 'cancel') return { say: [{ key: 'common:flow.discarded', params: { task: { ref: 'signup:task' } } }], menu: true };
      if (input.arg !== 'confirm') return undefined;
      return { say: [], effects: [{ type: 'signup.confirm', data, waitlist: false }] };
    },
    waitlist: (input, data) => {
      if (input.arg === 'waitlist:no') return { say: [{ key: 'common:flow.discarded', params: { task: { ref: 'signup:task' } } }], menu: true };
      if (input.arg !== 'waitlist:yes') return undefined;
      return { say: [], effects: [{ type: 'signup.confirm', data, waitlist: true }] };
    },
  },
});
