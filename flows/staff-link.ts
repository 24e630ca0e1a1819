/**
 * An officer links this Zalo or Messenger account to their dashboard account for new-report alerts:
 * they send the one-time 6-digit code the dashboard showed (optionally after "liên kết" / "link").
 */
import { defineFlow } from '../src/festival/flow.js';
import { WHOLE } from '../src/core/lexicon.js';

const CODE = /^(?:(?:lien ket|link)\s+)?(\d{6})$/;

export const staffLink = defineFlow({
  id: 'stafflink',
  version: 1,
  start: () => ({ say: [] }),
  match: (input, ctx) => {
    if (ctx.channel === 'web') return undefined; // the web chat cannot receive alerts
    const m = CODE.exec(input.folded);
    return m ? { kind: 'command', score: WHOLE, result: { say: [], effects: [{ type: 'staff.link', code: m[1] }] }, label: 'staff:link' } : undefined;
  },
});
