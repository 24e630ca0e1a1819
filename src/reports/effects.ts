/** The report flows' effects, mapped onto the reporter service (the only place flows reach storage). */
import type { EffectHandler } from '../core/flow.js';
import type { DraftReport, ReporterService } from './reporter-service.js';

export function reportEffects(reporter: ReporterService, photosMax: number): Record<string, EffectHandler> {
  return {
    'report.submit': (e, ctx) => reporter.submit(e.draft as DraftReport, ctx),
    'report.photos': async (e) => reporter.photos((e.urls as string[]) ?? [], e.draft as DraftReport & Record<string, unknown>, photosMax),
    'report.lookup': (e, ctx) => reporter.lookup(String(e.code), String(e.key), ctx),
    'report.addInfo': (e, ctx) => reporter.addInfo(String(e.code), String(e.text), ctx),
    'report.reply': (e, ctx) => reporter.reply(String(e.code), String(e.text), ctx),
  };
}
