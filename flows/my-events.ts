/** "Lịch của tôi" (my events): the user's sign-ups, each with a cancel button. Reading and cancelling are effects. */
import type { Input, StepResult } from '../src/core/flow.js';
import { defineFlow } from '../src/festival/flow.js';

type Data = Record<string, never>;

/** Cancel the sign-up named by `#myevents:cancel:<code>` (then list again), or just list. */
function manage(input: Input): StepResult<Data> {
  const code = input.arg?.startsWith('cancel:') ? input.arg.slice('cancel:'.length) : undefined;
  const effects = code ? [{ type: 'signup.cancel', code }, { type: 'signup.mine' }] : [{ type: 'signup.mine' }];
  return { say: [], next: { step: 'manage', data: {} }, effects };
}

export const myEvents = defineFlow<Data>({
  id: 'myevents',
  version: 1,
  menu: { key: 'signup:mine_menu', order: 55 },
  keywords: 'signup:mine_keywords',
  start: manage,
  steps: {
    manage: (input) => (input.arg?.startsWith('cancel:') ? manage(input) : undefined),
  },
});
