// Page titles by role and page: an organiser's dashboard is not titled "Tố giác". The tab's title also
// starts with the count of new answers an officer has not opened, "(2) …", and the navigation shows it.
import { state } from './api.js';
import { t } from './dom.js';

let page = '';
let unread = 0;

/** The dashboard's name for the signed-in role (the header). */
export function roleTitle() {
  return t(`titles.roles.${state.me?.role ?? 'officer'}`);
}

function render() {
  const role = state.me ? roleTitle() : t('page.title');
  const heading = document.querySelector('header.top h1');
  if (heading) heading.textContent = role;
  document.title = `${unread > 0 ? `(${unread}) ` : ''}${page ? `${page} – ${role}` : role}`;
  const badge = document.getElementById('unread-badge');
  if (badge) {
    badge.textContent = String(unread);
    badge.hidden = unread === 0;
  }
}

/** Sets the header to the role's name and the window title to `page – role` (`text`: a page named by its own words, a report's code). */
export function setTitle(pageKey, text) {
  page = text ?? (pageKey ? t(`titles.pages.${pageKey}`) : '');
  render();
}

/** How many open reports have an answer the staff member has not opened yet. */
export function showUnread(count) {
  unread = count;
  render();
}

/** Signed out: the dashboard's general title, no count. */
export function resetTitle() {
  page = '';
  unread = 0;
  render();
}
