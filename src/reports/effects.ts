/** The report flows' effects, mapped onto the reporter service (the only place flows reach storage). */
import { overClientLimit } from '../core/client-limit.js';
import type { EffectHandler } from '../core/flow.js';
import type { ClientLimit } from '../core/ports.js';
import type { ReporterService } from './reporter-service.js';
import type { DraftReport } from './types.js';

export function reportEffects(reporter: ReporterService, photosMax: number, limit?: ClientLimit): Record<string, EffectHandler> {
  return {
    'report.submit': async (e, ctx) => {
      const draft = e.draft as DraftReport;
      const again = [
        { key: 'report:confirm', payload: '#report:confirm' },
        { key: 'report:cancel', payload: '#report:cancel' },
      ];
      return (await overClientLimit(limit, 'report', { step: 'summary', data: draft }, again)) ?? reporter.submit(draft, ctx);
    },
    'report.photos': async (e) => reporter.photos((e.urls as string[]) ?? [], e.draft as DraftReport & Record<string, unknown>, photosMax),
    'report.lookup': async (e, ctx) =>
      (await overClientLimit(limit, 'lookup', { step: 'key', data: { code: String(e.code) } })) ?? reporter.lookup(String(e.code), String(e.key), ctx),
    'report.addInfo': (e, ctx) => reporter.addInfo(String(e.code), String(e.text), ctx),
    'report.reply': (e, ctx) => reporter.reply(String(e.code), String(e.text), ctx),
  };
}
