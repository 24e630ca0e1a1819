/**
 * Alerts to officers about reports: a new report, one left unclaimed too long, one whose lookup was
 * locked by wrong keys. They go to the linked chat accounts of the report's KCN officers and of every
 * supervisor, and say the code, the category and the park only: never the report's text.
 */
import type { Say } from '../core/flow.js';
import type { Logger } from '../lib/logger.js';
import type { StoredReport } from './ports.js';
import { OTHER_KCN } from './types.js';

export type AlertKind = 'new' | 'overdue' | 'locked';
export type ReportAlert = (kind: AlertKind, report: Pick<StoredReport, 'code' | 'category' | 'kcn'>) => Promise<void>;

export interface AlertDeps {
  /** Sealed chat addresses of the KCN's linked officers and of every linked supervisor. */
  recipients(kcn: string): Promise<string[]>;
  /** Delivers to a sealed address now if the platform allows; false otherwise. */
  relay(sealedAddress: string, say: Say[], opts: { human: boolean }): Promise<boolean>;
  logger: Logger;
}

/** The alert's wording: the kind's text with the code, the category's and the park's names. */
export function alertSay(kind: AlertKind, r: Pick<StoredReport, 'code' | 'category' | 'kcn'>): Say {
  const kcn = r.kcn === OTHER_KCN ? { ref: 'report:kcn_other' } : { ref: `kcn:name.${r.kcn}` };
  return { key: `staff:alert_${kind}`, params: { code: r.code, category: { ref: `report:categories.${r.category}` }, kcn } };
}

/** Builds the alert sender; a delivery that fails is logged and the others go on. */
export function createReportAlerts(deps: AlertDeps): ReportAlert {
  return async (kind, r) => {
    const say = [alertSay(kind, r)];
    for (const address of await deps.recipients(r.kcn)) {
      await deps.relay(address, say, { human: false }).catch((err: unknown) => deps.logger.warn({ err }, 'officer alert not delivered'));
    }
  };
}
