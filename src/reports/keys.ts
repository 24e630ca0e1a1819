/**
 * Redis keys of the report domain. All share the hash tag `{reports}`, so the atomic scripts that
 * touch a report, its queue and its indexes stay in one Redis Cluster slot.
 */
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

/** The consumer group of every KCN queue, and the consumer that holds unclaimed reports. */
export const GROUP = 'officers';
export const UNCLAIMED = '_queue';
