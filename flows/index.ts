/** The registry of flows; the main menu lists those with a `menu` entry, in `order`. */
import type { Flow } from '../src/core/flow.js';
import { createFaqFlow } from './faq.js';
import { festival } from './festival.js';
import { lookup } from './lookup.js';
import { myEvents } from './my-events.js';
import { news } from './news.js';
import { reply } from './reply.js';
import { report } from './report.js';
import { safety } from './safety.js';
import { signup } from './signup.js';
import { slogans } from './slogans.js';
import { staffLink } from './staff-link.js';
import { subscribe } from './subscribe.js';

/**
 * Keyword matching follows this order: more specific phrases first (`đăng ký nhận tin` before
 * `đăng ký`, `lịch của tôi` before `đăng ký`, `tố giác lừa đảo` before safety tips).
 */
const features: readonly Flow<unknown>[] = [subscribe, news, festival, slogans, lookup, report, reply, myEvents, signup, safety, staffLink];

/** The FAQ answers free text nobody else took, so it comes last. */
export const flows: readonly Flow<unknown>[] = [...features, createFaqFlow(features)];
