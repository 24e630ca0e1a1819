// Linking a Zalo or Messenger account for new-report alerts, with a one-time code.
import { api, errorText, state } from './api.js';
import { el, flash, replace, t, when } from './dom.js';
import { setTitle } from './titles.js';

/** Renders the alerts panel into `main`. */
export async function showAlerts(main) {
  setTitle('alerts');
  const status = await api('GET', '/api/admin/alerts');
  const linked = status.ok && status.body.linked;
  const codeBox = el('div', { className: 'code-box', id: 'link-code', hidden: true });
  const getCode = el('button', { type: 'button', className: 'primary', text: t('alerts.getCode') });
  getCode.addEventListener('click', async () => {
    const res = await api('POST', '/api/admin/alerts/link-code');
    if (!res.ok) return flash(errorText(res.body, res.status), 'error');
    replace(
      codeBox,
      el('p', { className: 'code', text: t('alerts.code', { code: res.body.code }) }),
      el('p', { text: t('alerts.howto') }),
      el('p', { className: 'muted', text: when(res.body.expiresAt) }),
    );
    codeBox.hidden = false;
  });
  const unlink = el('button', { type: 'button', text: t('alerts.unlink') });
  unlink.addEventListener('click', async () => {
    const res = await api('DELETE', '/api/admin/alerts/link');
    if (!res.ok) return flash(errorText(res.body, res.status), 'error');
    state.me.alertsLinked = false;
    await showAlerts(main);
  });
  replace(
    main,
    el('h2', { text: t('alerts.heading') }),
    el('p', { text: t('alerts.intro') }),
    el('p', { className: 'muted', text: t(linked ? 'alerts.linked' : 'alerts.notLinked') }),
    getCode,
    linked && unlink,
    codeBox,
  );
}
