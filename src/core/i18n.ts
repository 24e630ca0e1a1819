/**
 * i18next over the texts in `content/<lang>/*.yaml`: each file is a namespace (`festival:when.answer`).
 * Vietnamese is the default and the fallback.
 */
import i18next, { type i18n as I18next } from 'i18next';
import { memoize } from './memo.js';
import type { Lang } from './message.js';

/** Texts by language, then namespace (the YAML file's name), then nested keys. */
export type Resources = Record<Lang, Record<string, Record<string, unknown>>>;

export interface I18n {
  /** The text for a key in a language, with `{{params}}` filled in; the key itself when missing. */
  t(lang: Lang, key: string, params?: Record<string, unknown>): string;
  /** A list of strings stored under a key (for example keywords); empty when missing. */
  list(lang: Lang, key: string): string[];
  /** True when the key exists in that language. */
  has(lang: Lang, key: string): boolean;
  /** Every text of every language, as loaded (for the lexicon's vocabulary). */
  strings(): string[];
}

/**
 * Builds a synchronous i18next instance over already-loaded resources. `variables` are available to
 * every text as `{{name}}` (deployment settings such as retention times); a call's params win.
 */
export function createI18n(resources: Resources, defaultLang: Lang = 'vi', variables: Record<string, unknown> = {}): I18n {
  const namespaces = [...new Set(Object.values(resources).flatMap((r) => Object.keys(r)))];
  const instance: I18next = i18next.createInstance();
  void instance.init({
    resources,
    lng: defaultLang,
    fallbackLng: defaultLang,
    ns: namespaces,
    defaultNS: 'common',
    initAsync: false,
    returnNull: false,
    interpolation: { escapeValue: false, defaultVariables: variables },
  });
  const render = (lang: Lang, key: string, params?: Record<string, unknown>) => instance.t(key, { lng: lang, ...params }).normalize('NFC');
  // A text without parameters is the same every time (the menu's prompt and buttons): rendered once.
  const plain = memoize((langAndKey) => {
    const [lang, key] = langAndKey.split('\u0000') as [Lang, string];
    return render(lang, key);
  });
  return {
    t: (lang, key, params) => (params === undefined || Object.keys(params).length === 0 ? plain(`${lang}\u0000${key}`) : render(lang, key, params)),
    list: (lang, key) => {
      const value: unknown = instance.t(key, { lng: lang, returnObjects: true });
      return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    },
    has: (lang, key) => instance.exists(key, { lng: lang, fallbackLng: false }),
    strings: () => Object.values(resources).flatMap((byNs) => leaves(byNs)),
  };
}

/** The strings of a nested resource tree. */
function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(leaves);
}
