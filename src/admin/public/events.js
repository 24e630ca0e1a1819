// Organisers' events: every event of their parks (drafts and cancelled ones too, the built-in ones
// marked), with its counts, details and CSV; a new event; check-in by typing or scanning a DK- code.
import { api, errorText } from './api.js';
import { el, flash, kcnName, replace, t, when } from './dom.js';
import { cell, headingWithNew } from './forms.js';
import { setTitle } from './titles.js';

const CODE = /DK-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}/;

/**
 * Checks a code in. Outside the event's day the server refuses it until the organiser confirms:
 * `ask(day, confirm)` shows that question; resolves once done or refused.
 */
export async function checkIn(raw, refresh, ask, confirm = false) {
  const code = (CODE.exec(String(raw).toUpperCase()) ?? [String(raw).trim().toUpperCase()])[0];
  const res = await api('POST', '/api/admin/events/checkin', confirm ? { code, confirm: true } : { code });
  if (res.ok) flash(t('events.checkedIn', { code, people: res.body.people }));
  else if (res.body?.error?.code === 'outside_event_day') return ask(res.body.error.eventDay, () => checkIn(code, refresh, ask, true));
  else flash(errorText(res.body, res.status), 'error');
  await refresh();
}

/** The question asked before a check-in outside the event's day, with its two buttons, inside `box`. */
export function outsideDayAsker(box) {
  return (day, confirm) => {
    box.hidden = false;
    const yes = el('button', { type: 'button', className: 'primary', id: 'checkin-anyway', text: t('events.confirmCheckin') });
    const no = el('button', { type: 'button', text: t('events.notNow') });
    yes.addEventListener('click', () => {
      box.hidden = true;
      confirm();
    });
    no.addEventListener('click', () => {
      box.hidden = true;
    });
    replace(box, el('p', { text: t('events.outsideDay', { day }) }), el('div', { className: 'actions' }, yes, no));
  };
}

/** Uses the browser's BarcodeDetector (Chromium on Android and desktop) when there is one. */
function scanner(onCode) {
  if (!('BarcodeDetector' in window) || !navigator.mediaDevices) return el('p', { className: 'muted', text: t('events.noScanner') });
  const video = el('video', { className: 'scanner', muted: true, playsInline: true });
  const start = el('button', { type: 'button', text: t('events.scan') });
  start.addEventListener('click', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    video.srcObject = stream;
    await video.play();
    const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    const tick = async () => {
      const found = (await detector.detect(video).catch(() => []))[0];
      if (found) {
        for (const track of stream.getTracks()) track.stop();
        return onCode(found.rawValue);
      }
      requestAnimationFrame(tick);
    };
    tick();
  });
  return el('div', {}, start, video);
}

/** The badges of an event: its status, built-in, sample. */
export function badges(ev) {
  return el(
    'span',
    { className: 'badges' },
    el('span', { className: `badge e-${ev.status}`, text: t(`events.statuses.${ev.status}`) }),
    ev.origin === 'seed' && el('span', { className: 'badge', title: t('events.seedTitle'), text: t('events.seed') }),
    ev.sample && el('span', { className: 'badge', text: t('events.sample') }),
  );
}

function row(ev) {
  const col = (k) => t(`events.col.${k}`);
  return el(
    'tr',
    { 'data-event': ev.id },
    cell(col('title'), el('div', {}, el('a', { href: `#/events/${encodeURIComponent(ev.id)}`, text: ev.title }), ' ', badges(ev))),
    cell(col('kcn'), kcnName(ev.kcn)),
    cell(col('startsAt'), when(ev.startsAt)),
    cell(col('capacity'), ev.capacity === null ? '–' : String(ev.capacity)),
    cell(col('confirmed'), String(ev.confirmed)),
    cell(col('waitlisted'), String(ev.waitlisted)),
    cell(col('checkedIn'), String(ev.checkedIn)),
    cell(col('export'), el('a', { href: `/api/admin/events/${encodeURIComponent(ev.id)}/signups.csv`, text: t('events.csv') })),
  );
}

/** Renders the events page into `main`. */
export async function showEvents(main) {
  setTitle('events');
  const refresh = () => showEvents(main);
  const res = await api('GET', '/api/admin/events');
  if (!res.ok) return replace(main, el('p', { className: 'error', text: errorText(res.body, res.status) }));
  const input = el('input', { name: 'code', id: 'checkin-code', placeholder: 'DK-XXXXXX', autocomplete: 'off' });
  const question = el('div', { className: 'confirm-box', id: 'checkin-question', hidden: true });
  const ask = outsideDayAsker(question);
  const form = el(
    'form',
    { className: 'checkin' },
    el('label', { for: 'checkin-code', text: t('events.checkinLabel') }),
    input,
    el('button', { type: 'submit', text: t('events.checkin') }),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void checkIn(input.value, refresh, ask);
  });
  const head = el(
    'tr',
    {},
    ...['title', 'kcn', 'startsAt', 'capacity', 'confirmed', 'waitlisted', 'checkedIn', 'export'].map((k) => el('th', { text: t(`events.col.${k}`) })),
  );
  replace(
    main,
    headingWithNew(t('events.heading'), { id: 'new-event', href: '#/events/new', label: t('events.create') }),
    form,
    question,
    scanner((value) => checkIn(value, refresh, ask)),
    res.body.events.length
      ? el(
          'div',
          { className: 'table-wrap' },
          el('table', { className: 'cards', id: 'events' }, el('thead', {}, head), el('tbody', {}, ...res.body.events.map(row))),
        )
      : el('p', { className: 'muted', text: t('events.none') }),
  );
}
