// The login form (username, password, and the TOTP code when the account or the site needs it).
import { api, errorText, loadMe } from './api.js';
import { el, page, replace, t } from './dom.js';

function input(name, label, props = {}) {
  return el('label', { className: 'field' }, el('span', { text: label }), el('input', { name, id: `login-${name}`, required: true, ...props }));
}

/** Shows the login form in `main`; calls `onDone()` once signed in. */
export function showLogin(main, onDone, message) {
  const totp = input('totp', t('login.totp'), { inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: 6, required: false });
  const totpBox = el('div', { className: 'totp', hidden: !page.requireTotp }, totp, el('p', { className: 'muted', text: t('login.totpHint') }));
  const error = el('p', { className: 'error', role: 'alert', hidden: !message, text: message });
  const button = el('button', { type: 'submit', className: 'primary', text: t('login.submit') });
  const form = el(
    'form',
    { className: 'card login', id: 'login-form', autocomplete: 'on' },
    el('h2', { text: t('login.heading') }),
    input('username', t('login.username'), { autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' }),
    input('password', t('login.password'), { type: 'password', autocomplete: 'current-password' }),
    totpBox,
    error,
    button,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    const f = new FormData(form);
    const body = { username: String(f.get('username') ?? ''), password: String(f.get('password') ?? '') };
    const code = String(f.get('totp') ?? '').trim();
    if (code) body.totp = code;
    const res = await api('POST', '/api/admin/login', body);
    button.disabled = false;
    if (res.ok && (await loadMe())) return onDone();
    if (res.body?.error?.code === 'totp_required') totpBox.hidden = false;
    error.textContent = errorText(res.body, res.status);
    error.hidden = false;
  });
  replace(main, form);
  form.querySelector('input').focus();
}
