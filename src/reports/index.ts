/** Wires the report domain: store, reporter and officer services, flow effects, the inbox and the jobs. */
import type { ContentData } from '../festival/data.js';
import type { EffectHandler, InboxDelivery, Say } from '../core/flow.js';
import type { Config } from '../config.js';
import type { ClientLimit } from '../core/ports.js';
import type { DerivedKeys } from '../lib/crypto.js';
import type { Redis } from '../store/redis/client.js';
import { reportEffects } from './effects.js';
import { runReportJobs, type JobResult } from './jobs.js';
import { createReportKeys } from './keys.js';
import { createOfficerService } from './officer-service.js';
import { createReporterService, type ReporterService } from './reporter-service.js';
import { createReportStore, type StoredReport } from './store.js';
import { OTHER_KCN, type ReportService } from './types.js';
import { everyOnOneInstance } from '../store/redis/periodic.js';

export interface ReportsDeps {
  redis: Redis;
  config: Readonly<Config>;
  secrets: DerivedKeys;
  data: ContentData;
  clock(): Date;
  /** Delivers to a sealed address now if the platform allows; false otherwise. */
  relay(sealedAddress: string, say: Say[], opts: { human: boolean }): Promise<boolean>;
  /** The reporter's report pseudonym behind a sealed address (whose inbox an officer's question waits in). */
  reporterInbox(sealedAddress: string): string;
  /** New report, overdue and lookup-locked alerts for officers (code, category, KCN: never the text). */
  alert?(kind: 'new' | 'overdue' | 'locked', report: Pick<StoredReport, 'code' | 'category' | 'kcn'>): Promise<void>;
  /** Limits per web chat client on sending and looking up reports. */
  clientLimit?: ClientLimit;
}

export interface Reports {
  officer: ReportService;
  reporter: ReporterService;
  effects: Record<string, EffectHandler>;
  /** Messages waiting for a reporter, by their report pseudonym (`pseudonymFor('report')`). */
  inbox(reporter: string): Promise<InboxDelivery | undefined>;
  runJobs(now?: Date): Promise<JobResult>;
  /** Runs the jobs every `intervalMs` on whichever bot instance takes the Redis lock first; returns a stop function. */
  scheduleJobs(intervalMs: number, onError: (err: unknown) => void): () => void;
}

export function createReports(deps: ReportsDeps): Reports {
  const { config, data } = deps;
  const keys = createReportKeys(config.redisKeyPrefix);
  const store = createReportStore(deps.redis, keys, deps.secrets.encryption);
  const reporter = createReporterService({
    store,
    keys,
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
    onSubmitted: async (r) => deps.alert?.('new', r),
    onLookupLocked: async (r) => deps.alert?.('locked', r),
  });
  const officer = createOfficerService({
    store,
    clock: deps.clock,
    relay: deps.relay,
    reporterInbox: deps.reporterInbox,
    escalateMs: config.reports.escalateMs,
    retentionDays: config.reports.retentionDays,
  });
  const kcnIds = [...data.kcn.parks.map((p) => p.id), OTHER_KCN];
  const runJobs = (now = deps.clock()) =>
    runReportJobs(
      store,
      { kcnIds, claimIdleMs: config.reports.claimIdleMs, escalateMs: config.reports.escalateMs, addressRetentionDays: config.reports.addressRetentionDays },
      now,
      async (r) => deps.alert?.('overdue', r),
    );
  return {
    officer,
    reporter,
    effects: reportEffects(reporter, data.reports.limits.photosMax, deps.clientLimit),
    inbox: (who) => reporter.inbox(who),
    runJobs,
    scheduleJobs: (intervalMs, onError) => everyOnOneInstance(deps.redis, keys.jobsLock, intervalMs, () => runJobs(), onError),
  };
}
