/**
 * The understanding corpora and how a reply is judged, shared by the conversation test (CI) and
 * `npm run bench:understanding`. Everything goes through a running bot: questions through the web chat
 * API, mid-flow answers through the turn handler every channel calls.
 *
 * - `heldout.yaml`: worker-style messages outside any flow with their expected outcome, written by
 *   someone who had not seen the router and frozen before any tuning against it.
 * - `conversations.yaml`: typed answers in the middle of a flow, with the step the flow must be at after.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { outcomePayload } from '../../src/core/classifier.js';
import { z } from 'zod';
import type { OutboundMessage } from '../../src/core/message.js';
import type { FlowState } from '../../src/core/ports.js';

const here = (name: string) => new URL(name, import.meta.url);

/** What the bot should do with a message: `faq:<id>`, `flow:<id>`, `smalltalk:<kind>`, `tipoff`, `emergency`, `global:<cmd>` or `none`. */
export const questionSchema = z
  .object({ q: z.string().min(1), expect: z.string().regex(/^(faq|flow|smalltalk|global):[a-z0-9_-]+$|^(tipoff|emergency|none)$/) })
  .strict();
export type Question = z.infer<typeof questionSchema>;

export const conversationSchema = z
  .object({
    at: z.string().regex(/^[a-z]+\.[a-z_]+$/),
    say: z.string().min(1),
    expect: z
      .object({
        step: z.string().regex(/^none$|^[a-z]+\.[a-z_]+$/),
        data: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).optional(),
        submitted: z.boolean().optional(),
      })
      .strict(),
  })
  .strict();
export type Conversation = z.infer<typeof conversationSchema>;

export function loadQuestions(file = 'heldout.yaml'): Question[] {
  return z.array(questionSchema).parse(parse(readFileSync(here(file), 'utf8')));
}

export function loadConversations(): Conversation[] {
  return z.array(conversationSchema).parse(parse(readFileSync(here('conversations.yaml'), 'utf8')));
}

/** One user input: typed text, or a button's payload. */
export type Input = { text: string } | { payload: string };

/** The inputs that bring a new conversation to a step (the team event `qc-bong-da`: 5 to 8 people). */
export const SETUPS: Record<string, Input[]> = (() => {
  const report: [string, Input][] = [
    ['urgent', { payload: '#report' }],
    ['category', { payload: '#report:urgent:no' }],
    ['kcn', { payload: '#report:cat:theft' }],
    ['place', { payload: '#report:kcn:dinh-tram' }],
    ['when', { payload: '#report:skip' }],
    ['what', { text: 'tối qua' }],
    ['photos', { text: 'Có người lấy trộm xe máy ở bãi xe công ty' }],
    ['contact', { payload: '#report:photos_done' }],
    ['summary', { payload: '#report:contact:no' }],
  ];
  const signup: [string, Input][] = [
    ['details', { payload: '#signup:event:qc-bong-da' }],
    ['consent', { payload: '#signup:join' }],
    ['name', { payload: '#signup:consent:yes' }],
    ['enterprise', { text: 'Nguyễn Văn An' }],
    ['phone', { text: 'Công ty TNHH Minh Phát' }],
    ['people', { text: '0912345678' }],
    ['summary', { text: '6' }],
  ];
  const chain = (flow: string, steps: [string, Input][]) =>
    Object.fromEntries(steps.map(([step], i) => [`${flow}.${step}`, steps.slice(0, i + 1).map(([, input]) => input)]));
  return {
    ...chain('report', report),
    'report.contact_text': [...chain('report', report)['report.contact']!, { payload: '#report:contact:yes' }],
    ...chain('signup', signup),
    'lookup.code': [{ payload: '#lookup' }],
    'festival.topics': [{ payload: '#festival' }],
    'safety.topics': [{ payload: '#safety' }],
    'subscribe.topics': [{ payload: '#subscribe' }],
  };
})();

/** A running bot as the corpora see it. */
export interface Driver {
  /** One turn of `user` on `channel`. */
  send(channel: 'web' | 'zalo', user: string, input: Input): Promise<OutboundMessage[]>;
  /** The user's flow after the turn (none when no flow is active). */
  flow(channel: 'web' | 'zalo', user: string): Promise<FlowState | undefined>;
}

const REPORT_CODE = /TG-[23456789A-HJKMNP-Z]{6}/;

/** Runs one mid-flow case on a fresh user; returns what went wrong, or undefined when the flow ended where it should. */
export async function runConversation(driver: Driver, c: Conversation, user: string): Promise<string | undefined> {
  // Zalo, so that subscriptions and photos work as on a platform that can push.
  const channel = 'zalo';
  const setup = SETUPS[c.at];
  if (!setup) return `no setup for ${c.at}`;
  for (const input of setup) await driver.send(channel, user, input);
  const before = await driver.flow(channel, user);
  if (`${before?.id}.${before?.step}` !== c.at) return `setup reached ${before?.id}.${before?.step}, not ${c.at}`;
  const replies = await driver.send(channel, user, { text: c.say });
  const after = await driver.flow(channel, user);
  const where = after ? `${after.id}.${after.step}` : 'none';
  const text = replies.map((r) => r.text).join('\n');
  if (where !== c.expect.step) return `ended at ${where}, expected ${c.expect.step}: ${JSON.stringify(text.slice(0, 160))}`;
  for (const [field, value] of Object.entries(c.expect.data ?? {})) {
    const got = (after?.data as Record<string, unknown> | undefined)?.[field];
    if (value === null ? got !== undefined && got !== null : got !== value) return `${field} is ${JSON.stringify(got)}, expected ${JSON.stringify(value)}`;
  }
  if (c.expect.submitted === true && !REPORT_CODE.test(text) && !/DK-[A-Z0-9]{6}/.test(text)) return `nothing was sent: ${JSON.stringify(text.slice(0, 160))}`;
  if (c.expect.submitted === false && (REPORT_CODE.test(text) || /DK-[A-Z0-9]{6}/.test(text))) return 'it was sent';
  return undefined;
}

/** How a reply to a question is judged: right, a miss (asked back or not understood), or confidently wrong. */
export type Verdict = 'right' | 'miss' | 'wrong';

/**
 * The bot's answer to `q.q` against what it answers to the expected outcome's button (a fresh
 * conversation each, in the same language): the same first line is right (an answer's figures, such as
 * a countdown, may differ between two paths to it). For `flow:<id>`, so is being in that flow after the
 * message (`dk tham gia giai bong da` opening that event's sign-up rather than the list). `none` is right when the bot says it does not
 * know (or asks which question was meant). Any other definite answer is confidently wrong.
 */
export function judge(
  q: Question,
  actual: OutboundMessage[],
  reference: { expected?: OutboundMessage[]; also?: OutboundMessage[][]; unsure: string[]; emergency: string[]; flowAfter?: string },
): Verdict {
  const first = actual[0]?.text ?? '';
  const unsure = q.expect !== 'none' && reference.unsure.some((u) => first.startsWith(u));
  const notSure = reference.unsure.some((u) => first.startsWith(u));
  const offered = actual.flatMap((r) => r.buttons ?? []).map((b) => b.payload);
  let right: boolean;
  if (q.expect === 'none') right = notSure;
  else if (q.expect === 'tipoff') right = offered.includes('#report:offer:yes') && !reference.emergency.includes(first);
  else if (q.expect === 'emergency') right = reference.emergency.includes(first);
  else
    right =
      (first !== '' && [reference.expected, ...(reference.also ?? [])].some((r) => firstLine(first) === firstLine(r?.[0]?.text ?? ''))) ||
      (q.expect.startsWith('flow:') && reference.flowAfter === q.expect.slice(5));
  if (right) return 'right';
  return notSure || unsure ? 'miss' : 'wrong';
}

const firstLine = (text: string) => text.split('\n')[0]!.trim();

/** Other buttons whose answer is the outcome too: the language command naming its language switches straight to it. */
export const alsoPayloads = (expect: string): string[] => (expect === 'global:lang' ? ['#lang:vi', '#lang:en'] : []);

/** The button that gives an outcome's answer on a fresh conversation (tip-offs, emergencies and `none` have none). */
export const referencePayload = outcomePayload;
