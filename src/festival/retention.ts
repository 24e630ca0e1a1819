/**
 * How long this deployment keeps what it stores, as variables every text may use (the privacy answer
 * says exactly what is kept and for how long, from the settings actually in force).
 */
import type { Config } from '../config.js';
import { PREFS_TTL_SECONDS, SEEN_TTL_SECONDS } from '../core/ports.js';
import type { ContentData } from './data.js';

export function retentionTexts(config: Readonly<Config>, data: ContentData): Record<string, number> {
  return {
    keepSessionMinutes: config.sessionIdleSeconds / 60,
    keepLanguageDays: PREFS_TTL_SECONDS / 86_400,
    keepSeenDays: SEEN_TTL_SECONDS / 86_400,
    keepSignupDays: data.events.personalDataDays,
    keepReportDays: config.reports.retentionDays,
    keepAddressDays: config.reports.addressRetentionDays,
  };
}
