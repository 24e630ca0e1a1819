// Supervisors' broadcasts: write a message in Vietnamese (and English if wanted), choose the topic and
// the parks, see it as Zalo and Messenger will show it and how many each can reach now, send it now or
// at a time (confirmed first), and follow the counts as it goes; a scheduled one can be cancelled.
import { api, errorText } from './api.js';
import { el, flash, page, replace, t, when } from './dom.js';
import { poll } from './live.js';
import { setTitle } from './titles.js';

const TOPICS = ['festival', 'slogan', 'safety'];
const CHANNELS = ['zalo', 'messenger'];
const parks = () => page.kcns.filter((k) => k.id !== 'other');

/** The value of a datetime-local field as an instant in Vietnam time (UTC+7, no daylight saving). */
const vietnamTime = (value) => `${value}:00+07:00`;

function field(label, control, hint) {
  return el('label', { className: 'field' }, el('span', { text: label }), control, hint && el('small', { className: 'muted', text: hint }));
}

function radio(name, value, label, checked) {
  return el('label', { className: 'choice' }, el('input', { type: 'radio', name, value, checked }), ' ', label);
}

/** The form's message as the API takes it, or an error text. */
function readForm(form) {
  const data = new FormData(form);
  const vi = String(data.get('vi') ?? '').trim();
  if (!vi) return { error: t('broadcasts.needVi') };
  const body = { topic: String(data.get('topic')), text: { vi, en: String(data.get('en') ?? '').trim() } };
  if (data.get('scope') === 'some') {
    body.parks = data.getAll('park').map(String);
    if (body.parks.length === 0) return { error: t('broadcasts.needParks') };
  }
  if (data.get('when') === 'later') {
    const at = String(data.get('at') ?? '');
    if (!at) return { error: t('broadcasts.needTime') };
    body.at = new Date(vietnamTime(at)).toISOString();
  }
  return { body };
}

function bubbles(texts) {
  return el(
    'div',
    { className: 'bc-bubbles' },
    texts.map((text) => el('p', { className: 'bc-bubble', text })),
  );
}

function channelPreview(channel, p) {
  const audience = p.audience[channel] ?? { subscribers: 0, reachable: 0 };
  return el(
    'section',
    { className: 'card bc-preview', 'data-channel': channel },
    el('h4', { text: t(`broadcasts.channels.${channel}`) }),
    el('p', { className: 'reach', text: t('broadcasts.reach', audience) }),
    el('p', { className: 'muted small', text: t('broadcasts.windowRule', { hours: p.windowHours[channel] }) }),
    el('p', { className: 'muted small', text: t('broadcasts.inVi') }),
    bubbles(p.messages.vi?.[channel] ?? []),
    el('p', { className: 'muted small', text: t('broadcasts.inEn') }),
    p.englishFallback && el('p', { className: 'muted small', text: t('broadcasts.fallback') }),
    bubbles(p.messages.en?.[channel] ?? []),
  );
}

function counts(b) {
  const rows = [
    ['targeted', b.targeted],
    ['sent', b.sent],
    ['skippedWindow', b.skippedWindow],
    ['failed', b.failed],
    b.pending > 0 && ['pending', b.pending],
    b.unsubscribed > 0 && ['unsubscribed', b.unsubscribed],
  ].filter(Boolean);
  return el(
    'dl',
    { className: 'counts' },
    rows.map(([key, value]) => el('div', { className: `count-${key}` }, el('dt', { text: t(`broadcasts.${key}`) }), el('dd', { text: String(value) }))),
  );
}

function card(b, cancel) {
  const title = b.text ? b.text.vi : t('broadcasts.campaign', { id: b.id });
  const parkNames = b.parks?.length ? b.parks.map((id) => parks().find((k) => k.id === id)?.name ?? id).join(', ') : t('broadcasts.allParks');
  const time =
    b.status === 'cancelled'
      ? t('broadcasts.cancelledAt', { time: when(b.cancelledAt) })
      : b.status === 'scheduled'
        ? t('broadcasts.scheduledFor', { time: when(b.scheduledFor) })
        : t('broadcasts.startedAt', { time: when(b.startedAt) });
  return el(
    'li',
    { className: 'card broadcast', 'data-id': b.id, 'data-status': b.status },
    el(
      'div',
      { className: 'row' },
      el('strong', { className: 'title', text: title }),
      el('span', { className: `badge b-${b.status}`, text: t(`broadcasts.status.${b.status}`) }),
    ),
    el('div', {
      className: 'muted',
      text: [t(`broadcasts.topics.${b.topic}`), parkNames, b.by && t('broadcasts.by', { username: b.by })].filter(Boolean).join(' · '),
    }),
    el('div', { className: 'muted', text: time }),
    b.status !== 'scheduled' && b.status !== 'cancelled' && counts(b),
    b.status === 'scheduled' && el('button', { type: 'button', className: 'cancel', text: t('broadcasts.cancel'), on: { click: () => cancel(b.id) } }),
  );
}

function composeForm() {
  const topic = el(
    'select',
    { name: 'topic', id: 'bc-topic' },
    TOPICS.map((id) => el('option', { value: id, text: t(`broadcasts.topics.${id}`), selected: id === 'festival' })),
  );
  const parkBoxes = el(
    'div',
    { className: 'parks', id: 'bc-parks', hidden: true },
    parks().map((k) => el('label', { className: 'choice' }, el('input', { type: 'checkbox', name: 'park', value: k.id }), ' ', k.name)),
  );
  const vi = el('textarea', { name: 'vi', id: 'bc-vi', rows: 4, maxlength: 1500, required: true });
  const en = el('textarea', { name: 'en', id: 'bc-en', rows: 3, maxlength: 1500 });
  const chars = el('small', { className: 'muted', id: 'bc-chars', text: t('broadcasts.chars', { count: 0 }) });
  const at = el('input', { type: 'datetime-local', name: 'at', id: 'bc-at', hidden: true });
  return el(
    'form',
    { className: 'stack compose', id: 'broadcast-form' },
    field(t('broadcasts.topic'), topic),
    el(
      'fieldset',
      {},
      el('legend', { text: t('broadcasts.parks') }),
      radio('scope', 'all', t('broadcasts.allParks'), true),
      radio('scope', 'some', t('broadcasts.someParks'), false),
      parkBoxes,
      el('small', { className: 'muted', text: t('broadcasts.parksHint') }),
    ),
    field(t('broadcasts.vi'), vi, undefined),
    chars,
    field(t('broadcasts.en'), en, t('broadcasts.enHint')),
    el(
      'fieldset',
      {},
      el('legend', { text: t('broadcasts.when') }),
      radio('when', 'now', t('broadcasts.now'), true),
      radio('when', 'later', t('broadcasts.later'), false),
      at,
    ),
  );
}

/** Renders the broadcasts page into `main` and keeps its counts up to date. */
export async function showBroadcasts(main) {
  setTitle('broadcasts');
  const form = composeForm();
  const preview = el('div', { className: 'preview-grid', id: 'bc-preview' }, el('p', { className: 'muted', text: t('broadcasts.previewEmpty') }));
  const send = el('button', { type: 'button', className: 'primary', id: 'bc-send', text: t('broadcasts.send') });
  const confirmBox = el('div', { className: 'card bc-confirm', id: 'bc-confirm', role: 'alertdialog', hidden: true });
  const list = el('ol', { className: 'queue', id: 'broadcasts' });
  let shown = '';

  // Every few seconds: the counts of those sending, a scheduled one that started (the list is redrawn only when it changed).
  const load = async () => {
    const res = await api('GET', '/api/admin/broadcasts');
    if (!res.ok) return replace(list, el('li', { className: 'error', text: errorText(res.body, res.status) }));
    const json = JSON.stringify(res.body.broadcasts);
    if (json === shown) return;
    shown = json;
    const items = res.body.broadcasts;
    replace(list, items.length ? items.map((b) => card(b, cancel)) : el('li', { className: 'muted', text: t('broadcasts.none') }));
  };
  const cancel = async (id) => {
    const res = await api('POST', `/api/admin/broadcasts/${encodeURIComponent(id)}/cancel`);
    flash(res.ok ? t('broadcasts.cancelled') : errorText(res.body, res.status), res.ok ? 'ok' : 'error');
    await load();
  };

  /** Shows the message as each channel will and whom each reaches now; returns the preview (undefined when there is none). */
  const showPreview = async () => {
    const read = readForm(form);
    if (!read.body) {
      if (!form.elements.vi.value.trim()) replace(preview, el('p', { className: 'muted', text: t('broadcasts.previewEmpty') }));
      return undefined;
    }
    const { at: _at, ...message } = read.body;
    const res = await api('POST', '/api/admin/broadcasts/preview', message);
    if (!res.ok) return void replace(preview, el('p', { className: 'error', text: errorText(res.body, res.status) }));
    replace(
      preview,
      CHANNELS.map((c) => channelPreview(c, res.body)),
    );
    return res.body;
  };
  let typing;
  form.addEventListener('input', () => {
    form.querySelector('#bc-chars').textContent = t('broadcasts.chars', { count: [...form.elements.vi.value].length });
    const later = form.elements.when.value === 'later';
    form.querySelector('#bc-at').hidden = !later;
    form.querySelector('#bc-parks').hidden = form.elements.scope.value !== 'some';
    send.textContent = t(later ? 'broadcasts.schedule' : 'broadcasts.send');
    confirmBox.hidden = true;
    clearTimeout(typing);
    typing = setTimeout(showPreview, 400);
  });

  // Sending is confirmed first, with the counts of a preview made just now.
  send.addEventListener('click', async () => {
    const read = readForm(form);
    if (read.error) return flash(read.error, 'error');
    clearTimeout(typing);
    const now = await showPreview();
    const reach = (c) => now?.audience[c]?.reachable ?? 0;
    const question = read.body.at
      ? t('broadcasts.confirmLater', { time: when(read.body.at) })
      : t('broadcasts.confirmNow', { count: reach('zalo') + reach('messenger'), zalo: reach('zalo'), messenger: reach('messenger') });
    const ok = el('button', { type: 'button', className: 'primary', id: 'bc-confirm-send', text: t('broadcasts.confirm') });
    const back = el('button', { type: 'button', text: t('broadcasts.back'), on: { click: () => (confirmBox.hidden = true) } });
    ok.addEventListener('click', async () => {
      ok.disabled = true;
      const res = await api('POST', '/api/admin/broadcasts', read.body);
      ok.disabled = false;
      if (!res.ok) return flash(res.body?.error?.field === 'at' ? t('broadcasts.badTime') : errorText(res.body, res.status), 'error');
      confirmBox.hidden = true;
      flash(read.body.at ? t('broadcasts.scheduled', { time: when(read.body.at) }) : t('broadcasts.started'));
      form.reset();
      form.dispatchEvent(new Event('input'));
      await load();
    });
    replace(confirmBox, el('p', { text: question }), el('div', { className: 'row' }, back, ok));
    confirmBox.hidden = false;
  });

  replace(
    main,
    el('h2', { text: t('broadcasts.heading') }),
    el('section', {}, el('h3', { text: t('broadcasts.compose') }), form, el('h3', { text: t('broadcasts.preview') }), preview, send, confirmBox),
    el('section', {}, el('h3', { text: t('broadcasts.history') }), list),
  );
  await load();
  poll(load);
}
