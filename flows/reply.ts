/**
 * The reporter's answer to an officer's question. Nothing reaches the officer unless the reporter
 * chose to answer: the "Reply" button (`#reply:TG-…`), or text typed while the question waits (for
 * `limits.replyWaitMinutes` after it was shown, and only when nothing else understands the message);
 * either way the text is shown back and sent only once confirmed. The question can be seen again from
 * the report lookup.
 */
import type { ButtonSpec, Input, Say } from '../src/core/flow.js';
import { defineFlow } from '../src/festival/flow.js';
import { parseCode } from './lookup.js';

interface ReplyData {
  code: string;
  /** Entered by the engine when the question was delivered (not by the button): the wait lapses. */
  waiting?: boolean;
  /** The answer typed, before it is confirmed. */
  text?: string;
}

const INTENT = (name: string) => `understanding:intents.${name}`;
const askReply = (code: string): Say => ({ key: 'report:ask_reply', params: { code } });
const confirmReply = (data: ReplyData): Say => ({
  key: 'report:reply_confirm',
  params: { code: data.code, text: data.text },
  buttons: [
    { key: 'report:reply_send', payload: '#reply:send', means: [INTENT('send'), INTENT('yes')], exact: true },
    { key: 'report:reply_edit', payload: '#reply:edit', means: INTENT('edit') },
    { key: 'report:reply_drop', payload: '#reply:drop', means: INTENT('no') },
  ] satisfies ButtonSpec[],
});

/** The answer typed: shown back, to be confirmed. */
function typedAnswer(input: Input, data: ReplyData) {
  if (input.payload || !input.text) return undefined;
  const next = { code: data.code, text: input.text.slice(0, 2000) };
  return { say: [confirmReply(next)], next: { step: 'confirm', data: next } };
}

export const reply = defineFlow<ReplyData>({
  id: 'reply',
  version: 2,
  task: 'report:reply_task',
  holds: (data) => data.text !== undefined,
  // `answer`: the question was just shown and the reporter typed something (any other intent wins);
  // `text`: the reporter pressed "Trả lời" and is writing the answer.
  expects: { answer: 'answer', text: 'text' },
  lapsed: (data, since, ctx) =>
    data.waiting === true && (since === undefined || ctx.now.getTime() - since.getTime() > ctx.data.reports.limits.replyWaitMinutes * 60_000),
  start: (input) => {
    const code = parseCode(input.arg ?? '');
    if (!code) return { say: [{ key: 'report:bad_code' }] };
    return { say: [askReply(code)], next: { step: 'text', data: { code } } };
  },
  prompt: (step, data) => (step === 'confirm' ? [confirmReply(data)] : [askReply(data.code)]),
  steps: {
    answer: (input, data) => typedAnswer(input, data),
    text: (input, data) => typedAnswer(input, data),
    confirm: (input, data) => {
      if (input.arg === 'send' && data.text) return { say: [], effects: [{ type: 'report.reply', code: data.code, text: data.text }] };
      if (input.arg === 'edit') return { say: [askReply(data.code)], next: { step: 'text', data: { code: data.code } } };
      if (input.arg === 'drop') return { say: [{ key: 'report:reply_dropped' }], menu: true };
      return undefined;
    },
  },
});
