/** The registry of flows; the main menu lists those with a `menu` entry, in `order`. */
import type { Flow } from '../src/core/flow.js';
import { festival } from './festival.js';
import { lookup } from './lookup.js';
import { myEvents } from './my-events.js';
import { reply } from './reply.js';
import { report } from './report.js';
import { signup } from './signup.js';
import { slogans } from './slogans.js';

/** Keyword matching follows this order: more specific phrases first (`lịch của tôi` before `đăng ký`). */
export const flows: readonly Flow<unknown>[] = [festival, slogans, lookup, report, reply, myEvents, signup];
