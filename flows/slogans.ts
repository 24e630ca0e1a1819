/** The five official slogans, with this year's anniversary numbers filled in. */
import { anniversaries } from '../src/festival/calendar.js';
import { defineFlow } from '../src/festival/flow.js';

export const slogans = defineFlow({
  id: 'slogans',
  version: 1,
  menu: { key: 'slogans:menu', order: 20 },
  keywords: 'slogans:keywords',
  start: (_input, ctx) => ({
    say: [
      {
        key: 'slogans:message',
        params: anniversaries(ctx.now, ctx.data.calendar),
        buttons: [
          { key: 'festival:menu', payload: '#festival' },
          { key: 'common:back_to_menu', payload: '#menu' },
        ],
      },
    ],
  }),
});
