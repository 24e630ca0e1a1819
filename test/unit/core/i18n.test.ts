import { describe, expect, it } from 'vitest';
import { createI18n } from '../../../src/core/i18n.js';
import { content } from '../../helpers/bot.js';

describe('i18n and user text', () => {
  const i18n = createI18n(content.resources);
  it('never expands nesting or interpolation inside values the user typed', () => {
    const typed = '$t(common:welcome) {{code}} <b>x</b>';
    const out = i18n.t('vi', 'report:officer_message', { code: 'TG-7K3M9Q', text: typed });
    expect(out).toContain(typed);
    expect(out).not.toContain('Xin chào bạn');
  });
});
