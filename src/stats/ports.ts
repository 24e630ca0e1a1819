/**
 * The storage the board's statistics need: counters per local day (and per event), unique users per
 * day as HyperLogLogs, and durations per day. The Redis store (`src/store`, `redis/stats.ts`)
 * implements it, the memory store (`memory/stats.ts`) in memory; test/contract/stats-store.test.ts
 * holds both to the same behaviour. Nothing stored here names a person: counter fields name a park,
 * a category, a topic or an outcome; unique sets receive day-bound pseudonyms (see recorder.ts), which
 * a HyperLogLog keeps only as hashed registers.
 */

/** A local calendar day, `YYYY-MM-DD` in the festival's time zone. */
export type Day = string;

/** What happened on one day (a report's figures go to the day it was received). */
export interface DayChange {
  /** Counter field → amount to add (negative to take away). */
  counts?: Readonly<Record<string, number>>;
  /** Unique set name (`users:<channel>`) → members to add. */
  unique?: Readonly<Record<string, readonly string[]>>;
  /** Duration list name (`claim`, `close`) → entries to append (`<kcn>|<seconds>`). */
  durations?: Readonly<Record<string, readonly string[]>>;
}

/** One day as read back. */
export interface DayFigures {
  day: Day;
  counts: Record<string, number>;
  /** Unique set name → estimated number of members. */
  unique: Record<string, number>;
  /** Duration list name → its entries. */
  durations: Record<string, string[]>;
}

/** One event's counters and the facts stored with them (its park and start, as they were when counted). */
export interface EventFigures {
  id: string;
  counts: Record<string, number>;
  facts: Record<string, string>;
}

export interface StatsStore {
  /** Adds a day's change in one step; every key touched lives at least `retentionDays` from now. */
  record(day: Day, change: DayChange): Promise<void>;
  /** Adds to one event's counters and sets its facts (park, start). */
  recordEvent(eventId: string, counts: Readonly<Record<string, number>>, facts?: Readonly<Record<string, string>>): Promise<void>;
  /** The days' counters, the named unique sets' counts and the named duration lists (absent ones are empty). */
  days(days: readonly Day[], names: { unique: readonly string[]; durations: readonly string[] }): Promise<DayFigures[]>;
  /** Every event with counters. */
  events(): Promise<EventFigures[]>;
  /**
   * Backfill: raises each counter of the day to at least the given value (never lowers one), and
   * replaces a duration list by the given entries when they are more than it holds.
   */
  raise(day: Day, counts: Readonly<Record<string, number>>, durations?: Readonly<Record<string, readonly string[]>>): Promise<void>;
  /** Backfill: raises each of the event's counters to at least the given value, and sets its facts. */
  raiseEvent(eventId: string, counts: Readonly<Record<string, number>>, facts?: Readonly<Record<string, string>>): Promise<void>;
}
