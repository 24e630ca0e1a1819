/**
 * The reporter's answer to an officer's question: started by the "Reply" button (`#reply:TG-…`) or
 * entered by the engine when the question is delivered; the answer joins the report's thread.
 */
import { defineFlow } from '../src/core/flow.js';
import { parseCode } from './lookup.js';

interface ReplyData {
  code: string;
}

export const reply = defineFlow<ReplyData>({
  id: 'reply',
  version: 1,
  start: (input) => {
    const code = parseCode(input.arg ?? '');
    if (!code) return { say: [{ key: 'report:bad_code' }] };
    return { say: [{ key: 'report:ask_reply', params: { code } }], next: { step: 'text', data: { code } } };
  },
  steps: {
    text: (input, data) => {
      if (input.payload || !input.text) return undefined;
      return { say: [], effects: [{ type: 'report.reply', code: data.code, text: input.text }] };
    },
  },
});
