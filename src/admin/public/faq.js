// The FAQ: every question the bot answers, with a search; each opens its page (faq-form.js).
import { api, errorText } from './api.js';
import { el, page, replace, t, when } from './dom.js';
import { headingWithNew } from './forms.js';
import { setTitle } from './titles.js';

function card(e) {
  return el(
    'li',
    {},
    el(
      'a',
      { className: 'card faq-card', href: `#/faq/${encodeURIComponent(e.id)}`, 'data-id': e.id },
      el(
        'div',
        { className: 'row' },
        el('strong', { text: e.title[page.lang] || e.title.vi }),
        el('span', { className: 'badge', text: t(e.origin === 'seed' ? 'faq.seed' : 'faq.new') }),
      ),
      el('div', { className: 'muted', text: t('faq.phrasings', { vi: e.phrasings.vi, en: e.phrasings.en }) }),
      e.by && el('div', { className: 'muted', text: t('faq.edited', { by: e.by, at: when(e.at) }) }),
    ),
  );
}

/** Renders the FAQ list into `main`. */
export async function showFaq(main) {
  setTitle('faq');
  const list = el('ol', { className: 'queue', id: 'faq-list' });
  const search = el('input', { type: 'search', id: 'faq-search', placeholder: t('faq.search'), 'aria-label': t('faq.search') });
  let timer;
  const load = async () => {
    const q = search.value.trim();
    const res = await api('GET', `/api/admin/faq/entries${q ? `?q=${encodeURIComponent(q)}` : ''}`);
    if (!res.ok) return replace(list, el('li', { className: 'error', text: errorText(res.body, res.status) }));
    replace(list, res.body.entries.length ? res.body.entries.map(card) : el('li', { className: 'muted', text: t('faq.none') }));
  };
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(load, 250);
  });
  replace(
    main,
    headingWithNew(t('faq.heading'), { id: 'new-faq', href: '#/faq/new', label: t('faq.create') }),
    el('p', { className: 'muted', text: t('faq.intro') }),
    search,
    list,
  );
  await load();
}
