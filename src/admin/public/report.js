// One report, kept up to date: details, photos, the thread with the reporter, internal notes and the actions.
import { api, errorText, state } from './api.js';
import { categoryName, el, flash, kcnName, replace, t, when } from './dom.js';
import { poll } from './live.js';
import { setTitle, showUnread } from './titles.js';

const SETTABLE = ['need_info', 'resolved', 'rejected'];
/** A closed report takes no more questions; its reporter's address is still kept for a while, so say why. */
const closed = (status) => status === 'resolved' || status === 'rejected';

function facts(r) {
  const rows = [
    ['report.category', categoryName(r.category)],
    ['report.kcn', kcnName(r.kcn)],
    ['report.createdAt', when(r.createdAt)],
    ['report.claimedBy', r.claimedBy],
    ['report.when', r.when],
    ['report.place', r.place],
    ['report.contact', r.contact],
  ].filter(([, value]) => value);
  return el(
    'dl',
    { className: 'facts' },
    rows.map(([key, value]) => [el('dt', { text: t(key) }), el('dd', { text: value })]),
  );
}

function photos(r) {
  if (!r.attachments.length) return undefined;
  const imgs = r.attachments.map((a, i) =>
    el(
      'a',
      { href: a.url, target: '_blank', rel: 'noopener' },
      el('img', { src: a.url, alt: t('report.photoAlt', { n: i + 1, code: r.code }), loading: 'lazy' }),
    ),
  );
  return el('section', {}, el('h3', { text: t('report.photos') }), el('div', { className: 'photos' }, imgs));
}

function thread(r) {
  const items = r.messages.map((m) =>
    el(
      'li',
      { className: `msg ${m.from}` },
      el('div', { className: 'meta', text: `${t(m.from === 'officer' ? 'report.fromOfficer' : 'report.fromReporter')} · ${when(m.at)}` }),
      el('p', { className: 'text', text: m.text }),
    ),
  );
  return el('ol', { className: 'thread', id: 'thread' }, items.length ? items : el('li', { className: 'muted', text: t('report.noMessages') }));
}

function notes(r) {
  const items = r.notes.map((n) =>
    el('li', {}, el('div', { className: 'meta', text: `${n.by} · ${when(n.at)}` }), el('p', { className: 'text', text: n.text })),
  );
  return el('ol', { className: 'notes' }, items.length ? items : el('li', { className: 'muted', text: t('report.noNotes') }));
}

/** A one-field form posting {text} (or a status) to a report endpoint, then reloading the view. */
function textForm(id, placeholder, submitLabel, send) {
  const area = el('textarea', { name: 'text', rows: 3, maxlength: 2000, required: true, placeholder, 'aria-label': placeholder });
  const form = el('form', { className: 'stack', id }, area, el('button', { type: 'submit', className: 'primary', text: submitLabel }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (await send(area.value)) area.value = '';
  });
  return form;
}

function statusForm(r, post) {
  // "In progress" takes a report back from "needs information", when the officer stops waiting for the reporter.
  const settable = r.status === 'need_info' ? ['claimed', ...SETTABLE] : SETTABLE;
  const choice = el(
    'select',
    { name: 'status', 'aria-label': t('report.changeStatus') },
    settable.map((s) => el('option', { value: s, text: t(`status.${s}`), selected: s === r.status })),
  );
  const note = el('input', { name: 'note', maxlength: 2000, placeholder: t('report.statusNote'), 'aria-label': t('report.statusNote') });
  const form = el(
    'form',
    { className: 'stack', id: 'status-form' },
    r.status === 'need_info' && el('p', { className: 'muted', text: t('report.resumeHint') }),
    choice,
    note,
    el('button', { type: 'submit', text: t('report.statusSubmit') }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = { status: choice.value };
    if (note.value.trim()) body.note = note.value.trim();
    void post('status', body, t('report.saved'));
  });
  return form;
}

const badge = (r) => el('span', { className: `badge s-${r.status}`, id: 'report-status', text: t(`status.${r.status}`) });

/** The report's parts, in page order. */
function parts(r, post) {
  const mine = r.claimedBy === state.me.username;
  return [
    el('div', { className: 'row' }, el('h2', { text: r.code }), badge(r)),
    r.status === 'new' || !r.claimedBy
      ? el('button', {
          type: 'button',
          className: 'primary',
          id: 'claim',
          text: t('report.claim'),
          on: { click: () => post('claim', undefined, t('report.saved')) },
        })
      : undefined,
    facts(r),
    el('section', {}, el('h3', { text: t('report.description') }), el('p', { className: 'description', id: 'description', text: r.description })),
    photos(r),
    el('section', {}, el('h3', { text: t('report.thread') }), thread(r)),
    r.canMessageReporter
      ? el(
          'section',
          {},
          el('h3', { text: t('report.ask') }),
          // Asking claims a report nobody holds: said before the officer sends.
          !r.claimedBy && el('p', { className: 'muted', id: 'ask-claims', text: t('report.askClaims') }),
          textForm('ask-form', t('report.askPlaceholder'), t('report.send'), (text) => post('messages', { text }, t('report.queued'))),
        )
      : el('p', { className: 'muted', id: 'no-ask', text: closed(r.status) ? t('report.closedNoAsk') : t('report.readOnly') }),
    el(
      'section',
      {},
      el('h3', { text: t('report.notes') }),
      notes(r),
      textForm('note-form', t('report.notePlaceholder'), t('report.noteAdd'), (text) => post('notes', { text }, t('report.saved'))),
    ),
    (mine || state.me.role === 'supervisor') && el('section', {}, el('h3', { text: t('report.changeStatus') }), statusForm(r, post)),
  ];
}

/**
 * Renders report `code` into `main` and keeps it up to date: every few seconds its summary is read
 * (not audited, no text); when the reporter answered or the status changed, the report is read again
 * (audited as a view) and shown. While the officer is typing, only the thread, facts and status change.
 */
export async function showReport(main, code) {
  setTitle(undefined, code);
  const path = `/api/admin/reports/${encodeURIComponent(code)}`;
  const back = el('a', { href: '#/reports', className: 'back', text: t('report.back') });
  const res = await api('GET', path);
  if (!res.ok) return replace(main, back, el('p', { className: 'error', text: errorText(res.body, res.status) }));
  let r = res.body;
  const post = async (action, body, okText) => {
    const done = await api('POST', `${path}/${action}`, body);
    if (!done.ok) {
      flash(errorText(done.body, done.status), 'error');
      return false;
    }
    flash(done.body.claimed ? `${okText} ${t('report.claimedNow')}` : okText);
    await showReport(main, code);
    return true;
  };
  replace(main, back, parts(r, post));
  const check = async () => {
    const now = await api('GET', `${path}/summary`);
    if (now.ok) showUnread(now.body.unread);
    if (!now.ok || !(now.body.newAnswer || now.body.status !== r.status || now.body.claimedBy !== r.claimedBy)) return;
    const fresh = await api('GET', path);
    if (!fresh.ok || !main.contains(back)) return;
    r = fresh.body;
    if (now.body.newAnswer) {
      flash(t('report.newAnswer'));
      // Read now: the count of new answers drops at once.
      const after = await api('GET', `${path}/summary`);
      if (after.ok) showUnread(after.body.unread);
    }
    const typing = [...main.querySelectorAll('textarea, input')].some((f) => f.value.trim());
    if (!typing) return replace(main, back, parts(r, post));
    main.querySelector('#thread').replaceWith(thread(r));
    main.querySelector('.facts').replaceWith(facts(r));
    main.querySelector('#report-status').replaceWith(badge(r));
  };
  await check();
  poll(check);
}
