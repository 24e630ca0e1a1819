// The page's frame: the title per role (an organiser's dashboard is not called "Tố giác"), each
// page's heading in the tab's title, and the count of new answers in the navigation and the tab.
import { t } from './dom.js';

let role;
let heading = '';
let unread = 0;

function render() {
  const frame = role ? t(`titles.${role}`) : t('page.title');
  const h1 = document.querySelector('.top h1');
  if (h1) h1.textContent = frame;
  document.title = `${unread > 0 ? `(${unread}) ` : ''}${heading ? `${heading} · ` : ''}${frame}`;
  const badge = document.getElementById('unread-badge');
  if (badge) {
    badge.textContent = String(unread);
    badge.hidden = unread === 0;
  }
}

/** The signed-in role (undefined when signed out). */
export function setRole(value) {
  role = value;
  heading = '';
  unread = 0;
  render();
}

/** The heading of the page on screen, shown first in the tab's title. */
export function pageTitle(text) {
  heading = text;
  render();
}

/** How many open reports have an answer the staff member has not opened yet. */
export function showUnread(count) {
  unread = count;
  render();
}
