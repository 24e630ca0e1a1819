// The questions the bot could not answer, newest first, each with how often it was asked: add it as a
// way of asking of an FAQ entry (the bot answers it at once), start a new entry from it, or dismiss it.
import { api, errorText } from './api.js';
import { el, flash, page, replace, t, when } from './dom.js';
import { field, showFailure } from './forms.js';
import { setTitle } from './titles.js';

function card(q, n, entries, refresh) {
  const entry = el(
    'select',
    { name: 'entry', id: `entry-${n}` },
    el('option', { value: '', text: t('unanswered.choose') }),
    entries.map((e) => el('option', { value: e.id, text: e.title[page.lang] || e.title.vi })),
  );
  const text = el('input', { name: 'text', id: `text-${n}`, value: q.question });
  const lang = el(
    'select',
    { name: 'lang', id: `lang-${n}` },
    ['vi', 'en'].map((l) => el('option', { value: l, text: t(`faq.${l}`), selected: l === (q.lang ?? 'vi') })),
  );
  const form = el(
    'form',
    { className: 'add-phrasing' },
    field('entry.id', t('unanswered.addTo'), entry),
    el('div', { className: 'pair' }, field(`entry.questions.${lang.value}`, t('unanswered.text'), text), field('lang', t('unanswered.lang'), lang)),
    el('div', { className: 'actions' }, el('button', { type: 'submit', className: 'primary', text: t('unanswered.add') })),
  );
  lang.addEventListener('change', () => form.querySelector('[data-field^="entry.questions"]').setAttribute('data-field', `entry.questions.${lang.value}`));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!entry.value) return entry.focus();
    const res = await api('POST', `/api/admin/faq/entries/${encodeURIComponent(entry.value)}/phrasings`, {
      lang: lang.value,
      text: text.value,
      question: q.question,
    });
    if (!res.ok) return showFailure(form, res);
    flash(t('unanswered.added'));
    await refresh();
  });
  const dismiss = async () => {
    const res = await api('POST', '/api/admin/faq/unanswered/dismiss', { question: q.question });
    if (!res.ok) return flash(errorText(res.body, res.status), 'error');
    flash(t('unanswered.dismissed'));
    await refresh();
  };
  return el(
    'li',
    { className: 'card unanswered', 'data-question': q.question },
    el('p', { className: 'question', text: q.question }),
    el(
      'div',
      { className: 'row muted' },
      el('span', { text: t('unanswered.count', { n: q.count }) }),
      el('span', { text: t('unanswered.last', { at: when(q.lastAt) }) }),
    ),
    form,
    el(
      'div',
      { className: 'actions' },
      el('a', { className: 'button', href: `#/faq/new?q=${encodeURIComponent(q.question)}`, text: t('unanswered.newEntry') }),
      el('button', { type: 'button', className: 'dismiss', text: t('unanswered.dismiss'), on: { click: dismiss } }),
    ),
  );
}

/** Renders the unanswered questions into `main`. */
export async function showUnanswered(main) {
  setTitle('unanswered');
  const refresh = () => showUnanswered(main);
  const [res, entries] = await Promise.all([api('GET', '/api/admin/faq/unanswered?order=recent&limit=100'), api('GET', '/api/admin/faq/entries')]);
  const failed = [res, entries].find((r) => !r.ok);
  if (failed) return replace(main, el('p', { className: 'error', text: errorText(failed.body, failed.status) }));
  const questions = res.body.questions;
  replace(
    main,
    el('h2', { text: t('unanswered.heading') }),
    el('p', { className: 'muted', text: t('unanswered.intro') }),
    questions.length
      ? el(
          'ol',
          { className: 'queue', id: 'unanswered' },
          questions.map((q, n) => card(q, n, entries.body.entries, refresh)),
        )
      : el('p', { className: 'muted', text: t('unanswered.none') }),
  );
}
