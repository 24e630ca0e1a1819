/**
 * How long this deployment keeps what it stores, and how long after a worker's last message each platform
 * lets the bot write, as variables every text may use (the privacy answer and the subscription note say
 * exactly what holds, from the settings actually in force).
 */
import type { Config } from '../config.js';
import { PREFS_TTL_SECONDS, SEEN_TTL_SECONDS } from '../core/ports.js';
import { windowRules } from '../core/window.js';
import type { ContentData } from './data.js';

export function retentionTexts(config: Readonly<Config>, data: ContentData): Record<string, number> {
  return {
    keepSessionMinutes: config.sessionIdleSeconds / 60,
    keepLanguageDays: PREFS_TTL_SECONDS / 86_400,
    keepSeenDays: SEEN_TTL_SECONDS / 86_400,
    keepSignupDays: data.events.personalDataDays,
    keepReportDays: config.reports.retentionDays,
    keepAddressDays: config.reports.addressRetentionDays,
    zaloWindowDays: windowRules({ zaloPaidWindow: config.zalo?.paidWindow ?? false }).zaloHours / 24,
  };
}
