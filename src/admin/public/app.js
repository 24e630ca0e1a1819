// The dashboard's entry point: who is signed in, the navigation, and hash routes
// (#/reports, #/reports/TG-XXXXXX, #/audit, #/alerts, #/events, #/broadcasts).
import { showAlerts } from './alerts.js';
import { api, loadMe, state } from './api.js';
import { showAudit } from './audit.js';
import { showBroadcasts } from './broadcasts.js';
import { editingPage } from './editing.js';
import { el, replace, t } from './dom.js';
import { stopPolling } from './live.js';
import { showLogin } from './login.js';
import { showQueue } from './queue.js';
import { showReport } from './report.js';
import { showStats } from './stats.js';
import { resetTitle, setTitle } from './titles.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const canSeeReports = () => state.me.role === 'officer' || state.me.role === 'supervisor';
const canSeeEvents = () => state.me.role === 'organizer' || state.me.role === 'supervisor';

function renderNav() {
  const links = [
    canSeeReports() && ['#/reports', 'nav.queue'],
    state.me.role === 'supervisor' && ['#/audit', 'nav.audit'],
    canSeeReports() && ['#/alerts', 'nav.alerts'],
    canSeeEvents() && ['#/events', 'nav.events'],
    canSeeEvents() && ['#/faq', 'nav.faq'],
    canSeeEvents() && ['#/unanswered', 'nav.unanswered'],
    state.me.role === 'supervisor' && ['#/broadcasts', 'nav.broadcasts'],
    ['#/stats', 'stats.nav'],
  ].filter(Boolean);
  const logout = el('button', { type: 'button', id: 'logout', text: t('nav.logout') });
  logout.addEventListener('click', async () => {
    await api('POST', '/api/admin/logout');
    loggedOut();
  });
  const who = el('span', { className: 'who', text: t('nav.signedInAs', { username: state.me.username, role: t(`roles.${state.me.role}`) }) });
  replace(
    nav,
    links.map(([href, key]) =>
      el(
        'a',
        { href },
        t(key),
        href === '#/reports' && el('span', { className: 'count', id: 'unread-badge', hidden: true, 'aria-label': t('queue.newAnswer') }),
      ),
    ),
    who,
    logout,
  );
  nav.hidden = false;
}

async function route() {
  stopPolling();
  if (!state.me) return;
  const hash = location.hash || (canSeeReports() ? '#/reports' : '#/events');
  if (hash.startsWith('#/stats')) {
    setTitle('stats');
    return showStats(main);
  }
  const editing = canSeeEvents() ? editingPage(hash, main) : undefined;
  if (editing) return editing;
  if (hash === '#/broadcasts' && state.me.role === 'supervisor') return showBroadcasts(main);
  if (!canSeeReports()) return replace(main, el('p', { className: 'muted', text: t('organizer.noReports') }));
  setTitle();
  const report = /^#\/reports\/(TG-[A-Z0-9]{6})$/.exec(hash);
  if (report) return showReport(main, report[1]);
  if (hash === '#/audit' && state.me.role === 'supervisor') return showAudit(main);
  if (hash === '#/alerts') return showAlerts(main);
  // #/reports?status=&kcn=&category= (a link from a figure of the statistics) opens the queue so filtered.
  return showQueue(main, Object.fromEntries(new URLSearchParams(hash.split('?')[1] ?? '')));
}

function loggedIn() {
  setTitle();
  renderNav();
  void route();
}

function loggedOut(message) {
  state.me = undefined;
  state.csrfToken = '';
  stopPolling();
  resetTitle();
  nav.hidden = true;
  showLogin(main, loggedIn, message);
}

state.onLoggedOut = () => {
  if (state.me) loggedOut(t('errors.unauthenticated'));
};
window.addEventListener('hashchange', () => void route());
if (await loadMe()) loggedIn();
else loggedOut();
