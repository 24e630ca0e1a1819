// One FAQ entry: its question and answer in both languages, its phrasings (one per line), related
// questions and the plan's words it rests on; a preview of the answer exactly as the bot sends it;
// save (with the version seen) and the history. `#/faq/new?q=…` starts a new entry from a question.
import { api, errorText } from './api.js';
import { el, flash, page, replace, t, when } from './dom.js';
import { field, showFailure } from './forms.js';
import { historyList } from './history.js';
import { setTitle } from './titles.js';

const LANGS = ['vi', 'en'];
const fn = (path) => t(`fieldNames.${path}`);

/** The inputs of the form, by the field path the API names in its problems. */
function inputs(r, others, prefill) {
  const area = (name, value, rows = 4) => el('textarea', { name, rows, text: value ?? '' });
  const i = { id: el('input', { name: 'id', value: r?.id ?? '', readonly: Boolean(r), autocomplete: 'off', pattern: '[a-z0-9-]{1,60}' }) };
  for (const lang of LANGS) {
    i[`texts.${lang}.title`] = el('input', { name: `texts.${lang}.title`, value: r?.texts[lang].title ?? '' });
    i[`texts.${lang}.answer`] = area(`texts.${lang}.answer`, r?.texts[lang].answer, 6);
    const questions = r?.entry.questions[lang] ?? (lang === 'vi' && prefill ? [prefill] : []);
    i[`entry.questions.${lang}`] = area(`entry.questions.${lang}`, questions.join('\n'), 6);
  }
  i.quote = area('quote', (r?.quote ?? []).join('\n'), 3);
  const more = r?.entry.more ?? [];
  i.more = [0, 1, 2].map((n) =>
    el(
      'select',
      { name: `more.${n}`, 'aria-label': `${fn('entry.more')} ${n + 1}` },
      el('option', { value: '', text: t('faq.noMore') }),
      others.map((o) => el('option', { value: o.id, text: o.title[page.lang] || o.title.vi, selected: more[n] === o.id })),
    ),
  );
  return i;
}

/** What the form sends: texts, phrasings (one per line), related questions and the plan's words. */
function bodyOf(i) {
  const lines = (input) =>
    input.value
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  return {
    texts: Object.fromEntries(LANGS.map((lang) => [lang, { title: i[`texts.${lang}.title`].value, answer: i[`texts.${lang}.answer`].value }])),
    questions: Object.fromEntries(LANGS.map((lang) => [lang, lines(i[`entry.questions.${lang}`])])),
    more: [...new Set(i.more.map((s) => s.value).filter(Boolean))],
    quote: lines(i.quote),
  };
}

/** The preview: each message as a chat bubble, its buttons under it. */
function bubbles(messages) {
  return messages.map((m) =>
    el(
      'div',
      { className: 'bubble' },
      el('p', { className: 'text', text: m.text }),
      el(
        'div',
        { className: 'chips' },
        m.buttons.map((b) => el('span', { className: 'chip', text: b })),
      ),
    ),
  );
}

function formOf(i, isNew) {
  const f = (name, hint) => field(name, fn(name), i[name], hint);
  const lang = (l) =>
    el(
      'fieldset',
      { className: 'lang' },
      el('legend', { text: t(`faq.${l}`) }),
      f(`texts.${l}.title`),
      f(`texts.${l}.answer`, t('faq.answerHint')),
      f(`entry.questions.${l}`, t('faq.questionsHint')),
    );
  return [
    isNew && f('id', t('eventForm.idHint').replace('dt-bong-da-2027', 'wifi-nha-an')),
    lang('vi'),
    lang('en'),
    el(
      'div',
      { className: 'field', 'data-field': 'entry.more' },
      el('span', { text: fn('entry.more') }),
      el('div', { className: 'pair' }, i.more),
      el('small', { className: 'hint', text: t('faq.moreHint') }),
    ),
    field('quote', fn('planWords'), i.quote, t('faq.quoteHint')),
  ];
}

/** Renders an FAQ entry's page (`id`, or `new` with an optional `prefill` question) into `main`. */
export async function showFaqEntry(main, id, prefill) {
  const isNew = id === 'new';
  setTitle(isNew ? 'newFaq' : 'faqEntry');
  const [res, list] = await Promise.all([
    isNew ? undefined : api('GET', `/api/admin/faq/entries/${encodeURIComponent(id)}`),
    api('GET', '/api/admin/faq/entries'),
  ]);
  const failed = [res, list].find((r) => r && !r.ok);
  if (failed) return replace(main, el('p', { className: 'error', text: errorText(failed.body, failed.status) }));
  const r = res?.body;
  const i = inputs(
    r,
    list.body.entries.filter((e) => e.id !== id),
    prefill,
  );
  const form = el('form', { className: 'edit', id: 'faq-form', novalidate: true }, formOf(i, isNew));
  const preview = el('section', { className: 'preview', id: 'faq-preview', hidden: true });
  const showPreview = async (lang) => {
    const done = await api('POST', '/api/admin/faq/preview', { id: isNew ? i.id.value.trim() : id, lang, ...bodyOf(i) });
    if (!done.ok) return showFailure(form, done);
    preview.hidden = false;
    replace(preview, el('h3', { text: `${t('faq.previewHeading')} (${t(`faq.${lang}`)})` }), bubbles(done.body.messages));
    if (done.body.problems.length) showFailure(form, { body: { error: { problems: done.body.problems } }, status: 400 });
    preview.scrollIntoView({ block: 'nearest' });
  };
  form.append(
    el(
      'div',
      { className: 'actions' },
      el('button', { type: 'submit', className: 'primary', id: 'save-faq', text: t('faq.save') }),
      LANGS.map((lang) =>
        el('button', { type: 'button', id: `preview-${lang}`, text: `${t('faq.preview')} (${t(`faq.${lang}`)})`, on: { click: () => showPreview(lang) } }),
      ),
    ),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const saved = isNew
      ? await api('POST', '/api/admin/faq/entries', { id: i.id.value.trim(), ...bodyOf(i), ...(prefill ? { question: prefill } : {}) })
      : await api('PUT', `/api/admin/faq/entries/${encodeURIComponent(id)}`, bodyOf(i), { 'If-Match': `"${r.version}"` });
    if (!saved.ok) return showFailure(form, saved);
    flash(t(isNew ? 'faq.created' : 'faq.saved'));
    if (isNew) location.hash = `#/faq/${encodeURIComponent(saved.body.id)}`;
    else await showFaqEntry(main, id);
  });
  const title = r ? r.texts[page.lang]?.title || r.texts.vi.title : t('titles.pages.newFaq');
  replace(
    main,
    el('a', { className: 'back', href: '#/faq', text: t('faq.back') }),
    el('h2', { id: 'faq-title', text: title }),
    r?.by && el('p', { className: 'note', text: t('faq.edited', { by: r.by, at: when(r.at) }) }),
    prefill && el('p', { className: 'note', text: t('faq.prefilled') }),
    form,
    preview,
    r && (await historyList('faq/entries', id, r, () => showFaqEntry(main, id))),
  );
}
