/**
 * Messages that are not text: a sticker, a gif or a business card gets a short friendly answer with the
 * menu; a voice message or a video is not read yet, and the answer says so (type, or send a photo); a
 * shared place outside a report says how to report there (inside a report it answers "where", see
 * report.ts). In the middle of a flow, the answer is given aside and the worker reminded where they were.
 */
import type { FlowMatch, Input } from '../src/core/flow.js';
import { defineFlow } from '../src/festival/flow.js';
import { WHOLE } from '../src/core/lexicon.js';
import type { AttachmentKind } from '../src/core/message.js';

const ANSWERED: readonly AttachmentKind[] = ['sticker', 'gif', 'contact', 'audio', 'video', 'location'];

/** The kind of a message made only of a non-text attachment the bot answers, if it is one. */
const kindOf = (input: Input): AttachmentKind | undefined =>
  input.text === '' && !input.payload ? input.attachments.map((a) => a.kind).find((k) => ANSWERED.includes(k)) : undefined;

export const media = defineFlow<never>({
  id: 'media',
  version: 1,
  start: () => ({ say: [] }),
  match(input): FlowMatch<never> | undefined {
    const kind = kindOf(input);
    if (!kind) return undefined;
    const result = { say: [{ key: `media:${kind}` }], menu: true };
    // A place is weaker than a step that asks where (the report's place step takes it as the answer).
    if (kind === 'location') return { kind: 'topic', score: 0.75, result, label: 'media:location' };
    return { kind: 'smalltalk', score: WHOLE, result, label: `media:${kind}` };
  },
});
