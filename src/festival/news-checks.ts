/**
 * Checks across files for the FAQ and the broadcasts: every FAQ entry of content/faq.yaml has a
 * title and an answer in each language (and no answer is left without an entry), and every i18n
 * key named by a button or a campaign exists in each language.
 */
import type { ContentData } from './data.js';
import type { Resources } from '../core/i18n.js';
import { LANGS } from '../core/message.js';

/** True when `ns:a.b.c` names a text in these resources. */
function hasText(resources: Resources[keyof Resources], key: string): boolean {
  const [ns, path] = key.split(':', 2);
  let node: unknown = resources[ns ?? ''];
  for (const part of (path ?? '').split('.')) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' || Array.isArray(node);
}

/** Lists the problems, each naming its file. */
export function checkNewsContent(resources: Resources, data: Partial<ContentData>): string[] {
  const problems: string[] = [];
  for (const lang of LANGS) {
    const res = resources[lang];
    if (data.faq) {
      const ids = new Set(data.faq.entries.map((e) => e.id));
      data.faq.entries.forEach((e, i) => {
        for (const field of ['title', 'answer']) {
          if (!hasText(res, `faq:entries.${e.id}.${field}`)) problems.push(`${lang}/faq.yaml: entries.${e.id}.${field} is missing (entry ${i} of faq.yaml)`);
        }
        e.buttons?.forEach((b, j) => {
          if (!hasText(res, b.key)) problems.push(`faq.yaml: entries.${i}.buttons.${j}.key: "${b.key}" is not a text in ${lang}/`);
        });
      });
      const texts = (res.faq?.entries ?? {}) as Record<string, unknown>;
      for (const id of Object.keys(texts)) if (!ids.has(id)) problems.push(`${lang}/faq.yaml: entries.${id} has no entry in faq.yaml`);
    }
    data.broadcasts?.campaigns.forEach((c, i) => {
      if (!hasText(res, c.message)) problems.push(`broadcasts.yaml: campaigns.${i}.message: "${c.message}" is not a text in ${lang}/`);
    });
  }
  return problems;
}
