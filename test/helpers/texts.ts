/** The dashboard's texts (content/<lang>/admin.yaml) as the tests check them. */
import { flattenKeys } from '../../src/festival/load.js';
import { content } from './bot.js';

/** The dotted keys of the dashboard's texts in one language. */
export const adminKeys = (lang: 'vi' | 'en') => new Set(flattenKeys(content.resources[lang].admin));

/** The keys of `used` missing from the dashboard's texts, by language (empty lists when none is). */
export function missingAdminTexts(used: Iterable<string>): { vi: string[]; en: string[] } {
  const all = [...used];
  const missing = (lang: 'vi' | 'en') => {
    const have = adminKeys(lang);
    return all.filter((k) => !have.has(k));
  };
  return { vi: missing('vi'), en: missing('en') };
}
