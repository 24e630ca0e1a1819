/** The per-client limits of the web chat (ClientLimit) as an effect's answer, shared by every feature that counts one. */
import type { EffectOutcome, Say } from './flow.js';
import type { ClientAction, ClientLimit } from './ports.js';

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
