// One event: create it (published or as a draft), or change it (only the fields changed are sent, with
// the version seen), open its sign-up, cancel it with a reason; its sign-up list and its history.
import { api, errorText, state } from './api.js';
import { el, flash, page, replace, t, when } from './dom.js';
import { badges } from './events.js';
import { confirmWithReason, field, fromLocalInput, showFailure, toLocalInput } from './forms.js';
import { historyList } from './history.js';
import { signupList } from './signups.js';
import { setTitle } from './titles.js';

const KINDS = ['ceremony', 'culture', 'sports', 'exchange', 'conference'];
const fn = (path) => t(`fieldNames.${path}`);

/** The inputs of the form, by the event field they make. */
function inputs(ev) {
  const parks = state.me.role === 'supervisor' ? page.kcns.filter((k) => k.id !== 'other') : page.kcns.filter((k) => state.me.kcns.includes(k.id));
  const text = (name, value, attrs = {}) => el('input', { name, value: value ?? '', ...attrs });
  const area = (name, value) => el('textarea', { name, rows: 3, text: value ?? '' });
  const kind = el('select', { name: 'kind' }, ...KINDS.map((k) => el('option', { value: k, text: t(`eventForm.kinds.${k}`), selected: ev?.kind === k })));
  const kcn = el('select', { name: 'kcn' }, ...parks.map((k) => el('option', { value: k.id, text: k.name, selected: ev?.kcn === k.id })));
  const noLimit = el('input', { type: 'checkbox', name: 'noLimit', id: 'f-noLimit', checked: ev ? ev.capacity === null : false });
  const capacity = text('capacity', ev?.capacity ?? '', { type: 'number', min: 1, inputmode: 'numeric' });
  noLimit.addEventListener('change', () => (capacity.disabled = noLimit.checked));
  capacity.disabled = noLimit.checked;
  return {
    id: text('id', ev?.id, { pattern: '[a-z0-9-]{1,40}', autocomplete: 'off', readonly: Boolean(ev) }),
    'title.vi': text('title.vi', ev?.title.vi),
    'title.en': text('title.en', ev?.title.en),
    kind,
    kcn,
    enterprise: text('enterprise', ev?.enterprise),
    startsAt: text('startsAt', toLocalInput(ev?.startsAt), { type: 'datetime-local' }),
    endsAt: text('endsAt', toLocalInput(ev?.endsAt), { type: 'datetime-local' }),
    signupDeadline: text('signupDeadline', toLocalInput(ev?.signupDeadline), { type: 'datetime-local' }),
    'place.vi': text('place.vi', ev?.place.vi),
    'place.en': text('place.en', ev?.place.en),
    capacity,
    noLimit,
    'team.min': text('team.min', ev?.team?.min ?? '', { type: 'number', min: 1, inputmode: 'numeric' }),
    'team.max': text('team.max', ev?.team?.max ?? '', { type: 'number', min: 1, inputmode: 'numeric' }),
    'description.vi': area('description.vi', ev?.description.vi),
    'description.en': area('description.en', ev?.description.en),
  };
}

/** The event the form makes, with exactly the fields of an entry of content/events.yaml. */
function eventOf(i) {
  const number = (input) => (input.value.trim() === '' ? undefined : Number(input.value));
  const team =
    number(i['team.min']) !== undefined || number(i['team.max']) !== undefined ? { min: number(i['team.min']), max: number(i['team.max']) } : undefined;
  return {
    id: i.id.value.trim(),
    title: { vi: i['title.vi'].value, en: i['title.en'].value },
    kind: i.kind.value,
    kcn: i.kcn.value,
    enterprise: i.enterprise.value,
    startsAt: fromLocalInput(i.startsAt.value),
    endsAt: fromLocalInput(i.endsAt.value),
    signupDeadline: fromLocalInput(i.signupDeadline.value),
    place: { vi: i['place.vi'].value, en: i['place.en'].value },
    capacity: i.noLimit.checked ? null : (number(i.capacity) ?? 0),
    ...(team ? { team } : {}),
    description: { vi: i['description.vi'].value, en: i['description.en'].value },
  };
}

/** The fields of `after` that differ from `before` (`team: null` when it was removed). */
function changes(before, after) {
  const out = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key === 'sample' || key === 'id') continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[key] = after[key] ?? null;
  }
  return out;
}

function formOf(i, hints) {
  const f = (name, hint) => field(name, fn(name), i[name], hint);
  return [
    f('id', hints.id),
    f('title.vi'),
    f('title.en'),
    el('div', { className: 'pair' }, f('kind'), f('kcn')),
    f('enterprise'),
    el('div', { className: 'pair' }, f('startsAt', t('eventForm.timesHint')), f('endsAt')),
    f('signupDeadline'),
    f('place.vi'),
    f('place.en'),
    el(
      'div',
      { className: 'pair' },
      f('capacity', t('eventForm.capacityHint')),
      el('label', { className: 'check', for: 'f-noLimit' }, i.noLimit, t('eventForm.noLimit')),
    ),
    el('div', { className: 'pair', 'data-field': 'team' }, f('team.min', t('eventForm.teamHint')), f('team.max')),
    f('description.vi'),
    f('description.en'),
  ];
}

/** Renders the page of a new event into `main`. */
async function showNew(main) {
  setTitle('newEvent');
  const i = inputs(undefined);
  const form = el('form', { className: 'edit', id: 'event-form', novalidate: true }, formOf(i, { id: t('eventForm.idHint') }));
  const send = async (draft) => {
    const res = await api('POST', `/api/admin/events${draft ? '?draft=1' : ''}`, eventOf(i));
    if (!res.ok) return showFailure(form, res);
    flash(t(draft ? 'eventForm.createdDraft' : 'eventForm.created'));
    location.hash = `#/events/${encodeURIComponent(res.body.id)}`;
  };
  form.append(
    el(
      'div',
      { className: 'actions' },
      el('button', { type: 'submit', className: 'primary', id: 'create-event', text: t('eventForm.create') }),
      el('button', { type: 'button', id: 'create-draft', text: t('eventForm.createDraft'), on: { click: () => send(true) } }),
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void send(false);
  });
  replace(main, el('a', { className: 'back', href: '#/events', text: t('eventForm.back') }), el('h2', { text: t('titles.pages.newEvent') }), form);
}

/** Renders one event (its form, actions, sign-ups and history) into `main`. */
export async function showEvent(main, id) {
  if (id === 'new') return showNew(main);
  setTitle('event');
  const res = await api('GET', `/api/admin/events/${encodeURIComponent(id)}`);
  if (!res.ok) return replace(main, el('p', { className: 'error', text: errorText(res.body, res.status) }));
  const r = res.body;
  const reload = () => showEvent(main, id);
  const i = inputs(r.event);
  const form = el('form', { className: 'edit', id: 'event-form', novalidate: true }, formOf(i, {}));
  const cancelled = r.status === 'cancelled';
  for (const input of form.querySelectorAll('input, select, textarea')) if (cancelled) input.disabled = true;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const patch = changes(r.event, eventOf(i));
    if (!Object.keys(patch).length) return flash(t('eventForm.nothingChanged'));
    const saved = await api('PATCH', `/api/admin/events/${encodeURIComponent(id)}`, patch, { 'If-Match': `"${r.version}"` });
    if (!saved.ok) return showFailure(form, saved);
    const notes = [
      t('eventForm.saved'),
      saved.body.told && t('eventForm.told', { n: saved.body.told }),
      saved.body.promoted?.length && t('eventForm.promoted', { n: saved.body.promoted.length }),
    ];
    flash(notes.filter(Boolean).join(' '));
    await reload();
  });
  const actions = el('div', { className: 'actions' });
  if (!cancelled) actions.append(el('button', { type: 'submit', className: 'primary', id: 'save-event', text: t('eventForm.save') }));
  if (r.status === 'draft')
    actions.append(
      el('button', {
        type: 'button',
        id: 'publish-event',
        text: t('eventForm.publish'),
        on: {
          click: async () => {
            const done = await api('POST', `/api/admin/events/${encodeURIComponent(id)}/publish`);
            if (!done.ok) return showFailure(form, done);
            flash(t('eventForm.published'));
            await reload();
          },
        },
      }),
    );
  form.append(actions);
  const cancel =
    !cancelled &&
    confirmWithReason({
      id: 'cancel-event',
      label: t('eventForm.cancel'),
      reasonLabel: t('eventForm.cancelReason'),
      confirmLabel: t('eventForm.cancelConfirm'),
      onConfirm: async (reason, box) => {
        const done = await api('POST', `/api/admin/events/${encodeURIComponent(id)}/cancel`, { reason });
        if (!done.ok) return showFailure(box, done);
        flash(t('eventForm.cancelled', { n: done.body.told }));
        await reload();
        return true;
      },
    });
  const notes = [
    r.origin === 'seed' && t('eventForm.seedNote'),
    r.event.sample && t('eventForm.sampleNote'),
    r.status === 'draft' && t('eventForm.draftNote'),
    cancelled && t('eventForm.cancelledNote', { reason: r.reason ?? '' }),
    r.by && t('eventForm.lastChange', { by: r.by, at: when(r.at) }),
  ].filter(Boolean);
  replace(
    main,
    el('a', { className: 'back', href: '#/events', text: t('eventForm.back') }),
    el(
      'div',
      { className: 'row' },
      el('h2', { id: 'event-title', text: r.event.title[page.lang] ?? r.event.title.vi }),
      badges({ ...r, sample: r.event.sample }),
    ),
    notes.map((n) => el('p', { className: 'note', text: n })),
    cancel,
    await signupList(r, reload),
    el('h3', { text: t('eventForm.heading') }),
    form,
    await historyList('events', id, { ...r, locked: cancelled }, reload),
  );
}
