/** Wires the report domain over its store (ports.ts): reporter and officer services, flow effects, the inbox and the jobs. */
import type { Config } from '../config.js';
import type { EffectHandler, InboxDelivery, Say } from '../core/flow.js';
import type { ClientLimit, OnOneInstance } from '../core/ports.js';
import type { ContentData } from '../festival/data.js';
import { featurePseudonym, openAddress, pseudonymize, type DerivedKeys } from '../lib/crypto.js';
import type { ReportAlert } from './alerts.js';
import { reportEffects } from './effects.js';
import { runReportJobs, type JobResult } from './jobs.js';
import { createOfficerService } from './officer-service.js';
import type { ReportEvents, ReportStore } from './ports.js';
import { createReporterService, type ReporterService } from './reporter-service.js';
import { OTHER_KCN, type ReportService } from './types.js';

export interface ReportsDeps {
  store: ReportStore;
  /** Runs the periodic jobs on one bot instance at a time (its lock is the report jobs'). */
  onOneInstance: OnOneInstance;
  config: Readonly<Config>;
  secrets: DerivedKeys;
  data: ContentData;
  clock(): Date;
  /** Delivers to a sealed address now if the platform allows; false otherwise. */
  relay(sealedAddress: string, say: Say[], opts: { human: boolean }): Promise<boolean>;
  /** New report, overdue and lookup-locked alerts for officers (alerts.ts: code, category, KCN; never the text). */
  alert?: ReportAlert;
  /** Limits per web chat client on sending and looking up reports. */
  clientLimit?: ClientLimit;
  /** The statistics: what happens to reports, counted as it happens. */
  record?: ReportEvents;
}

export interface Reports {
  officer: ReportService;
  reporter: ReporterService;
  effects: Record<string, EffectHandler>;
  /** Messages waiting for a reporter, by their report pseudonym (`pseudonymFor('report')`). */
  inbox(reporter: string): Promise<InboxDelivery | undefined>;
  /** True when something waits in the reporter's inbox. */
  hasInbox(reporter: string): Promise<boolean>;
  runJobs(now?: Date): Promise<JobResult>;
  /** Runs the jobs every `intervalMs` on whichever bot instance takes the lock first; returns a stop function. */
  scheduleJobs(intervalMs: number, onError: (err: unknown) => void): () => void;
}

export function createReports(deps: ReportsDeps): Reports {
  const { config, data } = deps;
  const { store, secrets } = deps;
  /** The reporter's report pseudonym behind a sealed address: the inbox an officer's question waits in. */
  const reporterInbox = (sealed: string) => {
    const address = openAddress(secrets.encryption, sealed);
    return featurePseudonym(secrets, 'report', pseudonymize(secrets.pseudonym, address.channel, address.id));
  };
  const reporter = createReporterService({
    store,
    lookupSecret: deps.secrets.pseudonym,
    tokenSecret: deps.secrets.reporterToken,
    options: {
      dailyLimit: config.reports.dailyLimit,
      photoMaxBytes: config.reports.photoMaxBytes,
      photoTimeoutMs: 10_000,
      photoHosts: config.reports.photoHosts,
      photoHttpHosts: config.reports.photoHttpHosts,
      retentionDays: config.reports.retentionDays,
      timezone: data.calendar.timezone,
      lookupCodeMax: config.reports.lookupCodeMax,
      lookupLockMs: config.reports.lookupLockMs,
    },
    onSubmitted: async (r) => {
      await deps.record?.received(r);
      await deps.alert?.('new', r);
    },
    record: deps.record,
    onLookupLocked: async (r) => deps.alert?.('locked', r),
  });
  const officer = createOfficerService({
    store,
    clock: deps.clock,
    relay: deps.relay,
    reporterInbox,
    escalateMs: config.reports.escalateMs,
    retentionDays: config.reports.retentionDays,
    record: deps.record,
  });
  const kcnIds = [...data.kcn.parks.map((p) => p.id), OTHER_KCN];
  const runJobs = (now = deps.clock()) =>
    runReportJobs(
      store,
      { kcnIds, claimIdleMs: config.reports.claimIdleMs, escalateMs: config.reports.escalateMs, addressRetentionDays: config.reports.addressRetentionDays },
      now,
      async (r) => {
        await deps.record?.escalated(r);
        await deps.alert?.('overdue', r);
      },
    );
  return {
    officer,
    reporter,
    effects: reportEffects(reporter, data.reports.limits.photosMax, deps.clientLimit),
    inbox: (who) => reporter.inbox(who),
    hasInbox: (who) => store.hasInbox(who),
    runJobs,
    scheduleJobs: (intervalMs, onError) => deps.onOneInstance(intervalMs, () => runJobs(), onError),
  };
}
