// An event's sign-up list: name, enterprise, phone, team size, status and check-in, with a search;
// check in from the list, confirm a waiting person by hand, remove a sign-up with a reason.
import { api, errorText } from './api.js';
import { el, flash, replace, t, when } from './dom.js';
import { checkIn, outsideDayAsker } from './events.js';
import { cell, confirmWithReason, showFailure } from './forms.js';

const fold = (s) =>
  String(s)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase();

function actionsOf(s, event, refresh, ask) {
  const base = `/api/admin/events/${encodeURIComponent(event.id)}/signups/${encodeURIComponent(s.code)}`;
  const out = [];
  if (s.status === 'confirmed' && !s.checkedInAt)
    out.push(el('button', { type: 'button', className: 'checkin-button', text: t('signups.checkin'), on: { click: () => checkIn(s.code, refresh, ask) } }));
  if (s.status === 'waitlisted')
    out.push(
      el('button', {
        type: 'button',
        className: 'promote-button',
        text: t('signups.promote'),
        on: {
          click: async () => {
            const res = await api('POST', `${base}/promote`);
            if (!res.ok) return flash(errorText(res.body, res.status), 'error');
            flash(t('signups.promoted', { code: s.code }));
            await refresh();
          },
        },
      }),
    );
  if (s.status !== 'cancelled')
    out.push(
      confirmWithReason({
        id: `remove-${s.code}`,
        label: t('signups.remove'),
        reasonLabel: t('signups.removeReason'),
        confirmLabel: t('signups.removeConfirm'),
        onConfirm: async (reason, box) => {
          const res = await api('POST', `${base}/remove`, { reason });
          if (!res.ok) return showFailure(box, res);
          flash(t('signups.removed', { code: s.code }));
          await refresh();
          return true;
        },
      }),
    );
  return out;
}

function row(s, event, refresh, ask) {
  const col = (k) => t(`signups.col.${k}`);
  const open = event.status !== 'cancelled';
  return el(
    'tr',
    { 'data-code': s.code, 'data-search': fold(`${s.name} ${s.enterprise} ${s.phone} ${s.code}`) },
    cell(col('name'), el('strong', { text: s.name }), el('div', { className: 'muted', text: s.code })),
    cell(col('enterprise'), s.enterprise),
    cell(col('phone'), el('a', { href: `tel:${s.phone}`, text: s.phone })),
    cell(col('people'), String(s.people)),
    cell(col('status'), el('span', { className: `badge s-${s.status}`, text: t(`signups.statuses.${s.status}`) })),
    cell(col('checkin'), s.checkedInAt ? t('signups.arrived', { time: when(s.checkedInAt) }) : '–'),
    cell(col('actions'), el('div', { className: 'actions' }, open ? actionsOf(s, event, refresh, ask) : [])),
  );
}

/** The sign-up section of an event's page (`event`: the event as the API gives it). */
export async function signupList(event, reload) {
  const section = el('section', { id: 'signups' });
  const res = await api('GET', `/api/admin/events/${encodeURIComponent(event.id)}/signups`);
  if (!res.ok) {
    replace(section, el('p', { className: 'error', text: errorText(res.body, res.status) }));
    return section;
  }
  const all = res.body.signups;
  const question = el('div', { className: 'confirm-box', id: 'checkin-question', hidden: true });
  const ask = outsideDayAsker(question);
  const body = el(
    'tbody',
    {},
    all.map((s) => row(s, event, reload, ask)),
  );
  const count = el('p', { className: 'muted', id: 'signup-count', text: t('signups.count', { shown: all.length, total: all.length }) });
  const search = el('input', { type: 'search', id: 'signup-search', placeholder: t('signups.search'), 'aria-label': t('signups.search') });
  search.addEventListener('input', () => {
    const q = fold(search.value.trim());
    let shown = 0;
    for (const tr of body.children) {
      tr.hidden = Boolean(q) && !tr.dataset.search.includes(q);
      if (!tr.hidden) shown++;
    }
    count.textContent = t('signups.count', { shown, total: all.length });
  });
  const head = el(
    'tr',
    {},
    ['name', 'enterprise', 'phone', 'people', 'status', 'checkin', 'actions'].map((k) => el('th', { text: t(`signups.col.${k}`) })),
  );
  replace(
    section,
    el('h3', { text: t('signups.heading') }),
    all.length
      ? [search, count, question, el('div', { className: 'table-wrap' }, el('table', { className: 'cards', id: 'signup-table' }, el('thead', {}, head), body))]
      : el('p', { className: 'muted', text: t('signups.none') }),
  );
  return section;
}
