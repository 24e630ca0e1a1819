// Organisers' view: each event with its counts, the sign-up CSV, and check-in by typing or scanning a DK- code.
import { pageTitle } from './chrome.js';
import { api, errorText } from './api.js';
import { el, flash, kcnName, replace, t, when } from './dom.js';

const CODE = /DK-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}/;

async function checkIn(raw, refresh) {
  const code = (CODE.exec(String(raw).toUpperCase()) ?? [String(raw).trim().toUpperCase()])[0];
  const res = await api('POST', '/api/admin/events/checkin', { code });
  if (res.ok) flash(t('events.checkedIn', { code, people: res.body.people }));
  else flash(errorText(res.body, res.status), 'error');
  await refresh();
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

/** Renders the events page into `main`. */
export async function showEvents(main) {
  pageTitle(t('events.heading'));
  const refresh = () => showEvents(main);
  const res = await api('GET', '/api/admin/events');
  if (!res.ok) return replace(main, el('p', { className: 'error', text: errorText(res.body, res.status) }));
  const input = el('input', { name: 'code', placeholder: 'DK-XXXXXX', autocomplete: 'off' });
  const form = el(
    'form',
    { className: 'checkin' },
    el('label', { text: t('events.checkinLabel') }),
    input,
    el('button', { type: 'submit', text: t('events.checkin') }),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void checkIn(input.value, refresh);
  });
  // Each cell names its column (data-label): on a phone the table becomes one card per event.
  const cell = (col, props, ...children) => el('td', { 'data-label': t(`events.col.${col}`), ...props }, ...children);
  const rows = res.body.events.map((ev) =>
    el(
      'tr',
      {},
      el('td', { className: 'lead', text: ev.title }),
      cell('kcn', { text: kcnName(ev.kcn) }),
      cell('startsAt', { text: when(ev.startsAt) }),
      cell('capacity', { text: ev.capacity === null ? '–' : String(ev.capacity) }),
      cell('confirmed', { text: String(ev.confirmed) }),
      cell('waitlisted', { text: String(ev.waitlisted) }),
      cell('checkedIn', { text: String(ev.checkedIn) }),
      el('td', {}, el('a', { href: `/api/admin/events/${encodeURIComponent(ev.id)}/signups.csv`, text: t('events.csv') })),
    ),
  );
  const head = el(
    'tr',
    {},
    ...['title', 'kcn', 'startsAt', 'capacity', 'confirmed', 'waitlisted', 'checkedIn', 'export'].map((k) => el('th', { text: t(`events.col.${k}`) })),
  );
  replace(
    main,
    el('h2', { text: t('events.heading') }),
    form,
    scanner((value) => checkIn(value, refresh)),
    res.body.events.length
      ? el('div', { className: 'table-wrap' }, el('table', { className: 'cards' }, el('thead', {}, head), el('tbody', {}, ...rows)))
      : el('p', { className: 'muted', text: t('events.none') }),
  );
}
