/**
 * Report lookup (tra cứu) with the report code and its secret key, from any channel: shows the
 * status and officers' waiting messages, and lets the reporter add information.
 */
import { defineFlow, type Input } from '../src/core/flow.js';

/** A report code: `TG-` and 6 characters of the unambiguous alphabet. */
export const REPORT_CODE = /^TG-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/;

interface LookupData {
  code?: string;
}

/** Reads a code typed with or without the dash, in any case. */
export function parseCode(text: string): string | undefined {
  const compact = text.toUpperCase().replace(/[\s_-]/g, '');
  const m = /^TG([23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6})$/.exec(compact);
  return m ? `TG-${m[1]}` : undefined;
}

const typed = (input: Input) => (input.payload ? '' : input.text);

export const lookup = defineFlow<LookupData>({
  id: 'lookup',
  version: 1,
  menu: { key: 'report:lookup_menu', order: 40 },
  keywords: 'report:lookup_keywords',
  start: () => ({ say: [{ key: 'report:ask_code' }], next: { step: 'code', data: {} } }),
  steps: {
    code: (input) => {
      const code = parseCode(typed(input));
      if (!code) return { say: [{ key: 'report:bad_code' }], next: { step: 'code', data: {} } };
      return { say: [{ key: 'report:ask_key' }], next: { step: 'key', data: { code } } };
    },
    key: (input, data) => {
      const key = typed(input).trim();
      if (!key || !data.code) return { say: [{ key: 'report:ask_key' }], next: { step: 'key', data } };
      return { say: [], effects: [{ type: 'report.lookup', code: data.code, key }] };
    },
    found: (input, data) => {
      if (input.arg !== 'add' || !data.code) return undefined;
      return { say: [{ key: 'report:ask_add_info' }], next: { step: 'add', data } };
    },
    add: (input, data) => {
      const text = typed(input).trim();
      if (!text || !data.code) return { say: [{ key: 'report:ask_add_info' }], next: { step: 'add', data } };
      return { say: [], effects: [{ type: 'report.addInfo', code: data.code, text }] };
    },
  },
});
