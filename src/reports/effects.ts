/** The report flows' effects, mapped onto the reporter service (the only place flows reach storage). */
import type { EffectHandler, EffectOutcome, Say } from '../core/flow.js';
import type { ClientAction, ClientLimit } from '../core/ports.js';
import type { DraftReport, ReporterService } from './reporter-service.js';

/**
 * The answer when a web client is over its hourly limit: the minutes to wait, and the user stays on the
 * step they were on with what they typed (`next`), so sending again later works. Undefined when allowed.
 */
export async function overClientLimit(
  limit: ClientLimit | undefined,
  action: ClientAction,
  next: { step: string; data: unknown },
  buttons?: Say['buttons'],
): Promise<EffectOutcome | undefined> {
  const wait = limit ? await limit(action) : 0;
  if (wait <= 0) return undefined;
  return { say: [{ key: `limits:web_client_${action}`, params: { minutes: Math.max(1, Math.ceil(wait / 60)) }, ...(buttons ? { buttons } : {}) }], next };
}

export function reportEffects(reporter: ReporterService, photosMax: number, limit?: ClientLimit): Record<string, EffectHandler> {
  return {
    'report.submit': async (e, ctx) => {
      const draft = e.draft as DraftReport;
      const again = [{ key: 'report:confirm', payload: '#report:confirm' }, { key: 'report:cancel', payload: '#report:cancel' }];
      return (await overClientLimit(limit, 'report', { step: 'summary', data: draft }, again)) ?? reporter.submit(draft, ctx);
    },
    'report.photos': async (e) => reporter.photos((e.urls as string[]) ?? [], e.draft as DraftReport & Record<string, unknown>, photosMax),
    'report.lookup': async (e, ctx) =>
      (await overClientLimit(limit, 'lookup', { step: 'key', data: { code: String(e.code) } })) ?? reporter.lookup(String(e.code), String(e.key), ctx),
    'report.addInfo': (e, ctx) => reporter.addInfo(String(e.code), String(e.text), ctx),
    'report.reply': (e, ctx) => reporter.reply(String(e.code), String(e.text), ctx),
  };
}
