/**
 * "Tin mới" / "news": the latest campaign messages, with the countdown to 19/8 and, from 20/7 to
 * 19/8, the seasonal greeting. This is how the web chat, which cannot receive pushes, sees campaigns.
 */
import { defineFlow } from '../src/festival/flow.js';

export const news = defineFlow({
  id: 'news',
  version: 1,
  menu: { key: 'news:news.menu', order: 15 },
  keywords: 'news:news.keywords',
  start: () => ({ say: [], effects: [{ type: 'news.latest' }] }),
});
