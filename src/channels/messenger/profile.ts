/**
 * The page's Messenger profile (Get Started button, greeting, persistent menu), built from
 * `content/<lang>/messenger.yaml` so every text lives in content/. The default locale is the bot's
 * default language; the other language is offered under its Facebook locales.
 *
 * Get Started alone, no ice breakers: ice breakers take precedence over the Get Started button, so a
 * person opening a new thread from `m.me/<page>?ref=report` would never tap Get Started, whose
 * postback is what carries the `ref` of a new thread. With Get Started, a new thread's ref arrives
 * on that postback and a returning person's as a `messaging_referrals` event (both parsed in
 * parse.ts). `npm run messenger:setup` sets this profile and removes any ice breakers the page has.
 */
import type { I18n } from '../../core/i18n.js';
import { LANGS, type Lang } from '../../core/message.js';
import { GET_STARTED_PAYLOAD } from './parse.js';

/** Facebook locales served by each language (besides `default`). */
const LOCALES: Record<Lang, string[]> = { vi: ['vi_VN'], en: ['en_US', 'en_GB'] };

/** Persistent menu items: text key under `messenger:menu.` and the postback payload. */
const MENU: readonly [string, string][] = [
  ['festival', '#festival'],
  ['slogans', '#slogans'],
  ['main', '#menu'],
  ['help', '#help'],
  ['language', '#lang'],
];

/** The Messenger Profile API body: what `POST /me/messenger_profile` sets. */
export interface MessengerProfile {
  get_started: { payload: string };
  greeting: { locale: string; text: string }[];
  persistent_menu: { locale: string; composer_input_disabled: boolean; call_to_actions: { type: 'postback'; title: string; payload: string }[] }[];
}

/** Profile properties the page must not have: ice breakers would hide Get Started (see above). */
export const REMOVED_PROFILE_FIELDS = ['ice_breakers'] as const;

/** `default` in the default language, then each Facebook locale of the other languages. */
function localized<T>(defaultLang: Lang, build: (lang: Lang) => T): (T & { locale: string })[] {
  const others = LANGS.filter((l) => l !== defaultLang).flatMap((lang) => LOCALES[lang].map((locale) => ({ locale, lang })));
  return [{ locale: 'default', lang: defaultLang }, ...others].map(({ locale, lang }) => ({ locale, ...build(lang) }));
}

/** Builds the profile from content; `{{user_first_name}}` is left for Messenger to fill in. */
export function buildMessengerProfile(i18n: I18n, defaultLang: Lang): MessengerProfile {
  const t = (lang: Lang, key: string) => i18n.t(lang, `messenger:${key}`, { user_first_name: '{{user_first_name}}' });
  return {
    get_started: { payload: GET_STARTED_PAYLOAD },
    greeting: localized(defaultLang, (lang) => ({ text: t(lang, 'greeting') })),
    persistent_menu: localized(defaultLang, (lang) => ({
      composer_input_disabled: false,
      call_to_actions: MENU.map(([key, payload]) => ({ type: 'postback' as const, title: t(lang, `menu.${key}`), payload })),
    })),
  };
}

/** A readable summary of what was set, one line per item, for the setup command's output. */
export function describeProfile(profile: MessengerProfile): string {
  const lines = [`Get Started button: payload ${profile.get_started.payload}`];
  for (const g of profile.greeting) lines.push(`Greeting [${g.locale}]: ${g.text}`);
  for (const m of profile.persistent_menu) {
    lines.push(`Persistent menu [${m.locale}]: ${m.call_to_actions.map((a) => `${a.title} (${a.payload})`).join(' | ')}`);
  }
  lines.push(`Removed: ${REMOVED_PROFILE_FIELDS.join(', ')} (they would hide Get Started, which carries the ref of m.me links for new threads)`);
  return `${lines.join('\n')}\n`;
}
