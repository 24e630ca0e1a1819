/**
 * The names of the statistics' counters, in one place for the recorder, the reader and the backfill.
 * A day's counter field is `<name>|<part>|<part>…`; ids (parks, categories, topics, FAQ entries,
 * outcomes) contain no `|`. Reports count on the day they were received (what became of the reports
 * of a period); everything else on the day it happened.
 */

export const F = {
  /** A report received: `r.in|<kcn>|<category>`. */
  received: 'r.in',
  /** A report closed: `r.closed|<kcn>|<category>|<status>`. */
  closed: 'r.closed',
  /** A report flagged to supervisors for waiting unclaimed: `r.esc|<kcn>|<category>`. */
  escalated: 'r.esc',
  /** A report whose officers asked the reporter something (first question): `r.asked|<kcn>|<category>`. */
  asked: 'r.asked',
  /** A report whose reporter answered after a question (first answer): `r.answered|<kcn>|<category>`. */
  answered: 'r.answered',
  /** New subscribers of a topic: `sub|<topic>`. */
  subscribed: 'sub',
  /** Broadcasts started: `bc.started`. */
  broadcastStarted: 'bc.started',
  /** Broadcast deliveries settled, by outcome: `bc.out|<sent|window|failed|gone>`. */
  delivery: 'bc.out',
  /** A page shown: `view|slogans`, `view|festival|<topic>`. */
  view: 'view',
  /** Questions typed to the FAQ, and how each went. */
  faqAsked: 'faq.asked',
  faqAnswered: 'faq.answered',
  faqUnsure: 'faq.unsure',
  faqNone: 'faq.none',
  /** Rebuilt by the backfill: at least this many unanswered questions that day (only their last day is kept). */
  faqUnansweredMin: 'faq.unanswered.min',
  /** An FAQ entry's answer shown (typed or tapped): `faq.entry|<id>`. */
  faqEntry: 'faq.entry',
} as const;

/** Duration lists of a report's day: entries `<kcn>|<seconds>` from its receipt to its first claim, to its close. */
export const DURATIONS = ['claim', 'close'] as const;
export type DurationName = (typeof DURATIONS)[number];

/** The unique set of one channel's users of a day. */
export const usersOf = (channel: string) => `users:${channel}`;

/** An event's counters (per event, not per day). */
export const EVENT = {
  /** Confirmed sign-ups now (a cancellation takes one away, a promotion from the waiting list adds one). */
  confirmed: 'confirmed',
  confirmedPeople: 'confirmedPeople',
  /** On the waiting list now. */
  waitlisted: 'waitlisted',
  /** Sign-ups cancelled, confirmed or waiting. */
  cancelled: 'cancelled',
  checkedIn: 'checkedIn',
  checkedInPeople: 'checkedInPeople',
} as const;
export type EventCounter = (typeof EVENT)[keyof typeof EVENT];

/** A counter field from its name and parts. */
export const field = (name: string, ...parts: string[]) => [name, ...parts].join('|');
