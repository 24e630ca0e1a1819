// Page titles by role and page: an organiser's dashboard is not titled "Tố giác".
import { state } from './api.js';
import { t } from './dom.js';

/** The dashboard's name for the signed-in role (the header). */
export function roleTitle() {
  return t(`titles.roles.${state.me?.role ?? 'officer'}`);
}

/** Sets the header to the role's name and the window title to `page – role`. */
export function setTitle(pageKey) {
  const role = roleTitle();
  const heading = document.querySelector('header.top h1');
  if (heading) heading.textContent = role;
  document.title = pageKey ? `${t(`titles.pages.${pageKey}`)} – ${role}` : role;
}
