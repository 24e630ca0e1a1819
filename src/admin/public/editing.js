// The routes of the organisers' editing pages: #/events, #/events/new, #/events/<id>, #/faq,
// #/faq/new[?q=…], #/faq/<id>, #/unanswered.
import { showEvent } from './event-form.js';
import { showEvents } from './events.js';
import { showFaq } from './faq.js';
import { showFaqEntry } from './faq-form.js';
import { showUnanswered } from './unanswered.js';

/** Shows the page of `hash` when it is an editing page; undefined otherwise. */
export function editingPage(hash, main) {
  if (hash === '#/events') return showEvents(main);
  if (hash === '#/faq') return showFaq(main);
  if (hash === '#/unanswered') return showUnanswered(main);
  const event = /^#\/events\/([a-z0-9-]{1,40})$/.exec(hash);
  if (event) return showEvent(main, event[1]);
  const faq = /^#\/faq\/([a-z0-9-]{1,60})(?:\?q=(.*))?$/.exec(hash);
  if (faq) return showFaqEntry(main, faq[1], faq[2] ? decodeURIComponent(faq[2]) : undefined);
  return undefined;
}
