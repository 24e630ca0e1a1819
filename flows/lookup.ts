/**
 * Report lookup (tra cứu) with the report code and its secret key, from any channel: shows the
 * status and officers' waiting messages, and lets the reporter add information. A code typed on its
 * own (or inside a sentence) outside any flow starts the lookup at the key.
 */
import type { FlowMatch, Input, Say } from '../src/core/flow.js';
import { defineFlow } from '../src/festival/flow.js';

/** A report code: `TG-` and 6 characters of the unambiguous alphabet. */
export const REPORT_CODE = /^TG-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/;
/**
 * Something typed as a report code but not one: `TG` then a dash and 3 to 10 letters or digits, or joined to a group
 * with a digit (`TG7315`). Not `tg 2 tuần` (`tg` is also `thời gian`).
 */
const LOOSE_CODE = /(?:^|[^A-Z0-9])TG(?:[-_][A-Z0-9]{3,10}|[A-Z]*\d[A-Z0-9]{2,})(?![A-Z0-9])/;
const CODE_IN_TEXT = /(?:^|[^A-Z0-9])TG[\s_-]*([23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6})(?![A-Z0-9])/;

interface LookupData {
  code?: string;
}

/** Reads a code typed with or without the dash, in any case, alone or inside a sentence. */
export function parseCode(text: string): string | undefined {
  const m = CODE_IN_TEXT.exec(text.toUpperCase());
  return m ? `TG-${m[1]}` : undefined;
}

const typed = (input: Input) => (input.payload ? '' : input.text);
const ask: Record<string, Say> = {
  code: { key: 'report:ask_code' },
  key: { key: 'report:ask_key' },
  found: { key: 'report:add_info_prompt', buttons: [{ key: 'report:add_info', payload: '#lookup:add', means: 'understanding:intents.yes' }] },
  add: { key: 'report:ask_add_info' },
};

export const lookup = defineFlow<LookupData>({
  id: 'lookup',
  version: 1,
  menu: { key: 'report:lookup_menu', order: 40 },
  keywords: 'report:lookup_keywords',
  task: 'report:lookup_task',
  holds: () => false,
  expects: { code: 'text', key: 'text', add: 'longtext' },
  start: () => ({ say: [ask.code!], next: { step: 'code', data: {} } }),
  prompt: (step) => (ask[step] ? [ask[step]] : []),
  match(input): FlowMatch<LookupData> | undefined {
    const code = parseCode(input.text);
    if (code) return { kind: 'command', score: 0.9, label: 'lookup:code', result: { say: [ask.key!], next: { step: 'key', data: { code } } } };
    // A code typed wrong (`TG-7315`, `TG-5O9Q1L`): the look-up opens and says what a code looks like.
    if (!LOOSE_CODE.test(input.text.toUpperCase())) return undefined;
    return { kind: 'command', score: 0.85, label: 'lookup:bad_code', result: { say: [{ key: 'report:bad_code' }], next: { step: 'code', data: {} } } };
  },
  steps: {
    code: (input) => {
      const text = typed(input);
      if (!text) return undefined;
      const code = parseCode(text);
      if (!code) return { say: [{ key: 'report:bad_code' }], next: { step: 'code', data: {} }, rejected: true };
      return { say: [ask.key!], next: { step: 'key', data: { code } } };
    },
    key: (input, data) => {
      const key = typed(input).trim();
      if (!key || !data.code) return undefined;
      return { say: [], effects: [{ type: 'report.lookup', code: data.code, key }] };
    },
    found: (input, data) => {
      if (input.arg !== 'add' || !data.code) return undefined;
      return { say: [ask.add!], next: { step: 'add', data } };
    },
    add: (input, data) => {
      const text = typed(input).trim();
      if (!text || !data.code) return undefined;
      return { say: [], effects: [{ type: 'report.addInfo', code: data.code, text }] };
    },
  },
});
