// The versions of an edited event or FAQ entry, newest first: who changed what and when, and a button
// to restore an older one (a new version; the built-in one of content/ is version 0).
import { api, errorText } from './api.js';
import { el, flash, replace, t, when } from './dom.js';
import { fieldName } from './forms.js';

/** `event.place.vi` → the field's name as the page shows it. */
const changedName = (path) => fieldName(path.replace(/^event\./, ''));

function item(v, current, restore, record) {
  const what = v.v === 0 ? t('history.seed') : `${t('history.version', { v: v.v })} · ${t(`history.actions.${v.action}`)}`;
  return el(
    'li',
    { className: 'card', 'data-version': v.v },
    el('div', { className: 'row' }, el('strong', { text: what }), v.v === current && el('span', { className: 'badge', text: t('history.current') })),
    v.by && el('div', { className: 'muted', text: t('history.who', { by: v.by, at: when(v.at) }) }),
    v.changed?.length > 0 && el('div', { className: 'muted', text: t('history.changed', { fields: [...new Set(v.changed.map(changedName))].join(', ') }) }),
    v.v !== current &&
      !record.locked &&
      el('button', { type: 'button', className: 'revert-button', text: t('history.revert'), on: { click: () => restore(v.v) } }),
  );
}

/** The history section of a document (`kind`: `events` or `faq/entries`; `record`: its origin, version, and `locked` when it cannot change). */
export async function historyList(kind, id, record, reload) {
  const section = el('section', { id: 'history' }, el('h3', { text: t('history.heading') }));
  const path = `/api/admin/${kind}/${encodeURIComponent(id)}`;
  const res = await api('GET', `${path}/history`);
  if (!res.ok) {
    section.append(el('p', { className: 'error', text: errorText(res.body, res.status) }));
    return section;
  }
  const restore = async (version) => {
    const done = await api('POST', `${path}/revert`, { version });
    if (!done.ok) return flash(errorText(done.body, done.status), 'error');
    flash(t('history.reverted', { v: (done.body.event ?? done.body).version }));
    await reload();
  };
  const versions = record.origin === 'seed' ? [...res.body.versions, { v: 0 }] : res.body.versions;
  const list = el('ol', { className: 'history' });
  replace(
    list,
    versions.length > (record.origin === 'seed' ? 1 : 0)
      ? versions.map((v) => item(v, record.version, restore, record))
      : el('li', { className: 'muted', text: t('history.empty') }),
  );
  section.append(list);
  return section;
}
