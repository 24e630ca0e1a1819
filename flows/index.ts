/** The registry of flows; the main menu lists those with a `menu` entry, in `order`. */
import type { FestivalFlow } from '../src/festival/flow.js';
import { faq } from './faq.js';
import { festival } from './festival.js';
import { lookup } from './lookup.js';
import { media } from './media.js';
import { myEvents } from './my-events.js';
import { news } from './news.js';
import { reply } from './reply.js';
import { report } from './report.js';
import { safety } from './safety.js';
import { signup } from './signup.js';
import { slogans } from './slogans.js';
import { smalltalk } from './smalltalk.js';
import { staffLink } from './staff-link.js';
import { subscribe } from './subscribe.js';

/**
 * Every flow. The router (src/core/router.ts) scores each one's reading of a message and takes the best,
 * so the order matters only between readings that score alike: the earlier flow wins.
 */
export const flows: readonly FestivalFlow<unknown>[] = [
  subscribe,
  news,
  festival,
  slogans,
  lookup,
  report,
  reply,
  myEvents,
  signup,
  safety,
  staffLink,
  smalltalk,
  media,
  faq,
];
