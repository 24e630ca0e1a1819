/**
 * The storage event sign-ups need. The Redis store (`src/store`, `redis/events.ts`) implements the sign-ups (scripts keep
 * capacity and the waitlist exact under concurrent sign-ups) and the Redis store (`src/store`, `redis/reminder-queue.ts`)
 * the reminders' delayed-job queue (BullMQ); the memory store (`memory/events.ts`) keeps sign-ups in memory.
 * Personal fields (name, enterprise, phone) are sealed by the implementation; the person is known only
 * by their sign-up pseudonym.
 */
export type SignupStatus = 'confirmed' | 'waitlisted' | 'cancelled';

export interface Signup {
  code: string;
  eventId: string;
  /** The person's sign-up pseudonym (`pseudonymFor('signup')`): no other feature's records carry it. */
  userKey: string;
  status: SignupStatus;
  people: number;
  createdAt: string;
  consentAt: string;
  /** Personal data: absent once deleted after the retention time. */
  name?: string;
  enterprise?: string;
  phone?: string;
  address?: string;
  checkedInAt?: string;
  notifiedPromotion?: string;
  /** When a waiting sign-up was confirmed (a place freed, or by hand). */
  promotedAt?: string;
}

export interface SignupStore {
  /**
   * Signs up within `capacity` (null: none), joining the waitlist when full and `waitlist` is set.
   * `already` gives the person's existing code.
   */
  signup(
    s: Omit<Signup, 'status'>,
    capacity: number | null,
    waitlist: boolean,
  ): Promise<{ outcome: 'confirmed' | 'waitlisted' | 'full' | 'already'; code: string }>;
  /** Cancels this user's sign-up, promoting the waitlist in order within capacity; returns the promoted codes. */
  cancel(
    eventId: string,
    code: string,
    userKey: string,
    capacity: number | null,
    now: string,
  ): Promise<{ ok: true; promoted: string[] } | { ok: false; error: 'not_found' | 'already_cancelled' }>;
  /** An organiser confirms one waiting sign-up, whatever the capacity. */
  promote(eventId: string, code: string, now: string): Promise<'promoted' | 'not_found' | 'not_waiting'>;
  /** Confirms waiting sign-ups in order while they fit in `capacity` (after it was raised); returns their codes. */
  fill(eventId: string, capacity: number | null, now: string): Promise<string[]>;
  get(eventId: string, code: string): Promise<Signup | undefined>;
  codeOf(eventId: string, userKey: string): Promise<string | undefined>;
  /** Every sign-up of the event, in the order they were made. */
  all(eventId: string): Promise<Signup[]>;
  /** Seats taken (confirmed people). */
  seats(eventId: string): Promise<number>;
  update(eventId: string, code: string, fields: Record<string, string>): Promise<void>;
  /** Sets `field` once; true only for the first caller (so a promotion is told once, a check-in counted once). */
  markOnce(eventId: string, code: string, field: string, value: string): Promise<boolean>;
  /** Deletes the name, enterprise, phone and address of a sign-up. */
  forgetPersonal(eventId: string, code: string): Promise<void>;
  /** Remembers which event a code belongs to (for check-in by code), for 400 days. */
  indexCode(code: string, eventId: string): Promise<void>;
  eventOfCode(code: string): Promise<string | undefined>;
}

export type ReminderKind = 'day_before' | 'hour_before';

export interface ReminderJob {
  code: string;
  eventId: string;
  kind: ReminderKind;
}

/** The delayed-job queue the reminders use. */
export interface DelayedQueue {
  add(id: string, job: ReminderJob, delayMs: number): Promise<void>;
  remove(id: string): Promise<void>;
}

/** The production queue: also runs due jobs in this process, and closes its connections. */
export interface ReminderQueue extends DelayedQueue {
  /** Starts processing due jobs in this process; returns when the worker is ready. */
  startWorker(process: (job: ReminderJob) => Promise<unknown>): Promise<void>;
  close(): Promise<void>;
}
