/**
 * Every Redis key of the bot comes from here: `<prefix>:<entity>:<id>`, one builder per area. Keys used
 * together in one MULTI, MGET or Lua script share a hash tag (`{…}`), so they stay in one Redis Cluster
 * slot (pinned by test/unit/store/redis/keys.test.ts):
 * - one user's keys: `{u:<userKey>}` (session, preferences, lock, last seen, inbox, saved turn replies,
 *   Zalo contact, per-user counters);
 * - the webhook intake: `{intake}`; reports: `{reports}`; one event's sign-ups: `{ev:<id>}`;
 *   subscriptions: `{subs}`; one broadcast: `{bc:<id>}`; the FAQ statistics: `{unanswered}`; edited content: `{content}`;
 *   staff lock-out counters: `{failed}`; alert addresses: `{alert-address}`; one client address's
 *   counters: `{ip:<pseudonym>}`; BullMQ: `{bull}` (broadcasts) and `{reminders}`.
 * No key ever contains a raw platform id, IP address or session id: user keys are HMAC pseudonyms,
 * other secrets are hashed here.
 */
import { createHash, createHmac } from 'node:crypto';

/** The user keys of one prefix; the other areas' builders below take the same prefix. */
export type Keys = ReturnType<typeof createKeys>;

/** One user's keys and counters (tests use their own prefix). */
export function createKeys(prefix: string) {
  const user = (userKey: string) => `${prefix}:{u:${userKey}}`;
  return {
    prefix,
    session: (userKey: string) => `${user(userKey)}:session`,
    prefs: (userKey: string) => `${user(userKey)}:prefs`,
    lock: (userKey: string) => `${user(userKey)}:lock`,
    seen: (userKey: string) => `${user(userKey)}:seen`,
    inbox: (userKey: string) => `${user(userKey)}:inbox`,
    /** The replies of the turn of intake entry `id`, until delivered (see TurnRecord). */
    turn: (userKey: string, id: string) => `${user(userKey)}:turn:${id}`,
    /** A counter of the user (`rate:<window>`: the per-user limit; `link-tries`: alert-link codes tried). */
    userCounter: (userKey: string, name: string) => `${user(userKey)}:${name}`,
    /** A counter of one client address, by the address's pseudonym (`rate:<window>`, `poll:<window>`, `report:<window>`...). */
    ipCounter: (ipPseudonym: string, name: string) => `${prefix}:{ip:${ipPseudonym}}:${name}`,
  };
}

/** The Zalo channel's keys. The contact shares the user's tag; no key holds a raw Zalo id. */
export function createZaloKeys(keys: Pick<Keys, 'prefix'>) {
  return {
    /** The OA token pair (sealed) and its status, as one versioned JSON value. */
    tokens: `${keys.prefix}:zalo:tokens`,
    /** Lock name for the token refresh; passed to the user lock, which builds the final key. */
    refreshLock: 'zalo-oa-token-refresh',
    /** What the bot keeps to reach one user later: the sealed Zalo id and the last interaction. */
    contact: (userKey: string) => `${keys.prefix}:{u:${userKey}}:zalo`,
  };
}

/** The intake's keys, all tagged `{intake}`: its scripts touch a mark, the stream, a held list and the due set together. */
export function intakeKeys(prefix: string, pseudonym: Buffer) {
  const base = `${prefix}:{intake}`;
  return {
    stream: `${base}:stream`,
    /** A message's seen mark, keyed by HMAC: a message id can embed the platform user id (Zalo follow events). */
    seen: (id: string) => `${base}:seen:${createHmac('sha256', pseudonym).update(id).digest('base64url').slice(0, 32)}`,
    /** Users with held events, scored by when they are due. */
    due: `${base}:due`,
    /** One user's held events, by the user's member in the due set (an HMAC). */
    held: (member: string) => `${base}:held:${member}`,
  };
}

/** The report domain's keys, all tagged `{reports}`: the scripts that touch a report, its queue and its indexes stay in one slot. */
export type ReportKeys = ReturnType<typeof createReportKeys>;

export function createReportKeys(prefix: string) {
  const base = `${prefix}:{reports}`;
  return {
    report: (code: string) => `${base}:r:${code}`,
    thread: (code: string) => `${base}:t:${code}`,
    notes: (code: string) => `${base}:n:${code}`,
    photo: (code: string, id: string) => `${base}:p:${code}:${id}`,
    draftPhoto: (id: string) => `${base}:dp:${id}`,
    /** Every report code, scored by creation time. */
    index: `${base}:all`,
    /** Open reports per status (hash status → count), kept by the status scripts, for `/metrics`. */
    backlog: `${base}:backlog`,
    /** Unclaimed (status `new`) report codes scored by creation time, kept by the status scripts. */
    unclaimed: `${base}:unclaimed`,
    /** The work queue of one KCN (a stream with the consumer group `officers`). */
    queue: (kcn: string) => `${base}:q:${kcn}`,
    /**
     * One reporter's codes of the last day, for duplicate hints; it expires after two days. Every key
     * below that names a reporter uses their report pseudonym, never a key of another feature.
     */
    byReporter: (reporter: string) => `${base}:by:${reporter}`,
    daily: (reporter: string, day: string) => `${base}:day:${reporter}:${day}`,
    /** Messages waiting for a reporter (officer questions, closing notices). */
    inbox: (reporter: string) => `${base}:inbox:${reporter}`,
    lookupFailures: (reporter: string) => `${base}:lookupfail:${reporter}`,
    /** Wrong keys typed for one report code, from every session, in the current lock period. */
    codeLookupFailures: (code: string) => `${base}:lookupfail-code:${code}`,
    /** Lock so only one bot instance runs the periodic jobs at a time. */
    jobsLock: `${base}:jobs-lock`,
  };
}

/** Sign-ups: every key of one event shares `{ev:<id>}`; the code index (code → event) is apart. */
export function createEventKeys(prefix: string) {
  const base = (eventId: string) => `${prefix}:{ev:${eventId}}`;
  return {
    meta: (eventId: string) => `${base(eventId)}:meta`,
    /** The start of every sign-up hash's key of one event (the cancel script builds promoted ones). */
    signupPrefix: (eventId: string) => `${base(eventId)}:s:`,
    signup: (eventId: string, code: string) => `${base(eventId)}:s:${code}`,
    byUser: (eventId: string) => `${base(eventId)}:byuser`,
    waitlist: (eventId: string) => `${base(eventId)}:waitlist`,
    codes: (eventId: string) => `${base(eventId)}:codes`,
    /** Which event a sign-up code belongs to (check-in by code). */
    codeIndex: (code: string) => `${prefix}:{events}:code:${code}`,
    /** BullMQ key prefix of the reminders' queue: one hash tag for every key of it (Redis Cluster). */
    reminderQueue: `${prefix}:{reminders}`,
  };
}

/** Subscriptions share `{subs}`: a subscriber and the topic sets change together. */
export function createSubscriptionKeys(prefix: string) {
  const subs = `${prefix}:{subs}`;
  return {
    /** Hash: user key → subscriber JSON (channel, sealed address, topics, since). */
    subscribers: `${subs}:u`,
    /** Set of user keys subscribed to a topic. */
    topic: (topic: string) => `${subs}:t:${topic}`,
  };
}

/** The FAQ statistics share `{unanswered}`: counted and dated in one script. */
export function createUnansweredKeys(prefix: string) {
  return {
    /** Sorted set: normalised unanswered question → times asked. */
    unanswered: `${prefix}:faq:{unanswered}`,
    /** Hash: normalised unanswered question → last day asked (YYYY-MM-DD). */
    unansweredLast: `${prefix}:faq:{unanswered}:last`,
    /** Sorted set: normalised unanswered question → last time asked (ms), for its retention. */
    unansweredAt: `${prefix}:faq:{unanswered}:at`,
  };
}

/** Content edited in the dashboard shares `{content}`: one script appends a version, sets the latest and moves the revision. */
export function createEditKeys(prefix: string) {
  const base = `${prefix}:{content}`;
  return {
    /** A counter moved by every change: instances compare it with the one they loaded. */
    revision: `${base}:revision`,
    /** Hash: `<kind>:<id>` → the document's latest version (JSON). */
    latest: `${base}:latest`,
    /** List: every version of one document, oldest first (JSON). */
    history: (kind: string, id: string) => `${base}:history:${kind}:${id}`,
  };
}

/** Broadcasts: each has its own tag `{bc:<id>}` for its report and delivery marks. */
export function createBroadcastKeys(prefix: string) {
  const bc = (id: string) => `${prefix}:{bc:${id}}`;
  return {
    /** Hash: the broadcast's definition, status and counters. */
    broadcast: (id: string) => `${bc(id)}:report`,
    /** Hash: user key → delivery mark of this broadcast. */
    marks: (id: string) => `${bc(id)}:marks`,
    /** Sorted set of broadcast ids by start time (the news history); in its own slot, never in a MULTI with a broadcast's keys. */
    history: `${prefix}:broadcasts`,
    /** Lock so one bot instance at a time starts due campaigns. */
    schedulerLock: `${prefix}:broadcasts:scheduler-lock`,
    /** BullMQ key prefix: under the bot's prefix, one hash tag for every queue (Redis Cluster). */
    bullPrefix: `${prefix}:{bull}`,
  };
}

/** SHA-256 in base64url, for secrets that appear in key names (session ids, usernames and addresses in lock-out keys). */
export function hashId(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}

/**
 * The staff side's keys: `<prefix>:staff:<entity>:<id>`. Session ids are stored hashed, so reading
 * Redis never yields a usable session cookie. The failed-login counters and locks share `{failed}`
 * (one script counts an attempt for the account and address pair and for the address); the alert
 * addresses share `{alert-address}` (one MGET).
 */
export type StaffKeys = ReturnType<typeof createStaffKeys>;

export function createStaffKeys(prefix: string) {
  const base = `${prefix}:staff`;
  return {
    /** One account as versioned JSON. */
    account: (username: string) => `${base}:account:${username}`,
    /** Set of every username. */
    accounts: `${base}:accounts`,
    /** One login session, by the hash of its id. */
    session: (sessionId: string) => `${base}:session:${hashId(sessionId)}`,
    /** Login attempts in the current window, per (username, client address) and per client address. */
    failedPair: (username: string, ip: string) => `${base}:{failed}:pair:${hashId(`${username}\n${ip}`)}`,
    failedIp: (ip: string) => `${base}:{failed}:ip:${hashId(ip)}`,
    /** A (username, address) pair that may not log in while this key lives, and how often it was locked lately. */
    pairLock: (username: string, ip: string) => `${base}:{failed}:lock:${hashId(`${username}\n${ip}`)}`,
    pairLocks: (username: string, ip: string) => `${base}:{failed}:locks:${hashId(`${username}\n${ip}`)}`,
    /** Set while the account's owner was told of a lock lately (at most one message an hour). */
    lockTold: (username: string) => `${base}:{failed}:told:${hashId(username)}`,
    /** A used TOTP step, so one code cannot log in twice. */
    totpUsed: (username: string, step: number) => `${base}:totp-used:${username}:${step}`,
    /** The audit log: a Redis Stream, only ever appended to. */
    audit: `${base}:audit`,
    /** A one-time alert link code → username. */
    linkCode: (code: string) => `${base}:link-code:${code}`,
    /** Hash: report code → when this staff member last opened it (ms), for the live queue's "new answer" marks. */
    reads: (username: string) => `${base}:reads:${hashId(username)}`,
    /** The sealed chat address an officer linked for alerts. */
    alertAddress: (username: string) => `${base}:{alert-address}:${username}`,
  };
}

/**
 * The board's statistics (stats/ports.ts): one day's keys share `{stats:<day>}` (a day's counters,
 * unique sets and duration lists change in one MULTI); one event's counters share the event's own
 * tag `{ev:<id>}`. The set of counted events is apart (a separate command). No key names a person.
 */
export function createStatsKeys(prefix: string) {
  const day = (d: string) => `${prefix}:stats:{stats:${d}}`;
  return {
    /** Hash: counter field → count, for one local day. */
    counters: (d: string) => `${day(d)}:n`,
    /** HyperLogLog of one day's pseudonyms of a name (`users:<channel>`). */
    unique: (d: string, name: string) => `${day(d)}:u:${name}`,
    /** List of one day's durations of a name (`claim`, `close`): entries `<kcn>|<seconds>`. */
    durations: (d: string, name: string) => `${day(d)}:t:${name}`,
    /** Hash: one event's counters (and its facts as `f:<name>` fields). */
    event: (eventId: string) => `${prefix}:stats:{ev:${eventId}}`,
    /** Set of the ids of events with counters. */
    events: `${prefix}:stats:events`,
  };
}
