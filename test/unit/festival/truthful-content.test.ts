/**
 * Truthful content (issue 16): one festival year at a given date, plurals, abbreviations spelled out,
 * one voice for the bot, one English name and gloss per term, the plan's fuller text one button away,
 * sample events labelled with their year, the new FAQ answers, and contacts the board has not
 * confirmed shown as nothing.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError, loadContent } from '../../../src/festival/load.js';
import { createI18n } from '../../../src/core/i18n.js';
import type { Lang, OutboundMessage } from '../../../src/core/message.js';
import { content } from '../../helpers/bot.js';
import { memoryEngine, TEST_RETENTION } from '../../helpers/engine.js';

const DIR = new URL('../../../content', import.meta.url).pathname;
const text = (r: OutboundMessage[]) => r.map((m) => m.text).join('\n');
const buttons = (r: OutboundMessage[]) => r.flatMap((m) => m.buttons ?? []);
const i18n = createI18n(content.resources, 'vi', TEST_RETENTION);

/** Parameters a text may be rendered with (the slogans' and countdown's numbers of 2026, one of everything else). */
const PARAMS = {
  year: 2026,
  from: '20/7/2026',
  to: '19/8/2026',
  parks: 'Đình Trám',
  policeYears: 81,
  festivalYears: 21,
  daysLeft: 18,
  festivalYear: 2026,
  countdown: 'days',
  code: 'DK-ABCDEF',
  title: 'T',
  place: 'P',
  days: 60,
  min: 1,
  max: 3,
  slogan: 0,
};

/** Keys that are not messages: words to match, button labels, fragments shown inside other messages, quotes. */
const NOT_A_MESSAGE =
  /(^|\.)(keywords|stop_keywords|mine_keywords|lookup_keywords|commands|quote|csv_header|button|menu|title|[a-z_]*_menu|[a-z_]*_button|source|general|sample|ice_breakers|contact_lines|items|count|categories|statuses|field_[a-z]+)(\.|$)/;

/** Every worker-facing message of a language, rendered (the staff's dashboard and alerts are not included). */
function workerMessages(lang: Lang): { key: string; text: string }[] {
  const out: { key: string; text: string }[] = [];
  const walk = (ns: string, node: unknown, path: string[]) => {
    if (typeof node === 'string') {
      const key = path.join('.');
      if (!NOT_A_MESSAGE.test(key)) out.push({ key: `${ns}:${key}`, text: i18n.t(lang, `${ns}:${key}`, PARAMS) });
    } else if (node && typeof node === 'object' && !Array.isArray(node)) {
      for (const [k, v] of Object.entries(node)) walk(ns, v, [...path, k]);
    }
  };
  for (const [ns, tree] of Object.entries(content.resources[lang])) if (!['admin', 'staff', 'stats', 'kcn', 'contacts'].includes(ns)) walk(ns, tree, []);
  return out;
}

describe('one festival year at a given date', () => {
  it('on 6/12/2026 the slogans, the dates, the countdown and the anniversaries all name the 2027 festival', async () => {
    const { say } = memoryEngine({ now: new Date('2026-12-06T03:00:00Z') });
    const slogans = text(await say('y1', { payload: '#slogans' }));
    expect(slogans).toContain('Khẩu hiệu tuyên truyền Ngày hội năm 2027');
    expect(slogans).toContain('kỷ niệm 82 năm Ngày truyền thống Công an nhân dân Việt Nam và 22 năm Ngày hội');
    const when = text(await say('y2', { payload: '#festival:when' }));
    expect(when).toContain('Năm 2027, các doanh nghiệp tổ chức Ngày hội trong khoảng từ ngày 20/7/2027 đến ngày 19/8/2027');
    const countdown = text(await say('y3', { payload: '#faq:countdown' }));
    expect(countdown).toContain('Còn 256 ngày nữa là đến Ngày hội toàn dân bảo vệ an ninh Tổ quốc (19/8/2027)');
    const anniversary = text(await say('y4', { payload: '#faq:anniversary' }));
    expect(anniversary).toContain('Ngày hội năm 2027 (19/8/2027) kỷ niệm');
    expect(anniversary).toContain('82 năm Ngày truyền thống');
    for (const t of [slogans, when, countdown, anniversary]) expect(t).not.toMatch(/2026|\b81 năm|\b21 năm/);
  });

  it('until 19/8 included, everything still names this year’s festival', async () => {
    const { say } = memoryEngine({ now: new Date('2026-08-19T03:00:00Z') });
    expect(text(await say('y5', { payload: '#slogans' }))).toContain('81 năm Ngày truyền thống Công an nhân dân Việt Nam và 21 năm');
    expect(text(await say('y6', { payload: '#faq:countdown' }))).toContain('Hôm nay, 19/8/2026, là Ngày hội');
  });

  it('on 18/8 the English countdown says "1 day" (i18next plurals), and "2 days" the day before', async () => {
    const { say } = memoryEngine({ now: new Date('2026-08-18T03:00:00Z') });
    const one = text(await say('p1', { payload: '#lang:en' }).then(() => say('p1', { payload: '#faq:countdown' })));
    expect(one).toContain('1 day to go until the National Security Festival (19/8/2026).');
    expect(one).not.toContain('1 days');
    const two = memoryEngine({ now: new Date('2026-08-17T03:00:00Z') });
    await two.say('p2', { payload: '#lang:en' });
    expect(text(await two.say('p2', { payload: '#faq:countdown' }))).toContain('2 days to go');
  });

  it('counts every other English number with plural forms: one day, report, character, photo, minute', () => {
    const one = [
      i18n.t('en', 'signup:consent', { days: 1 }),
      i18n.t('en', 'report:limit_reached', { limit: 1 }),
      i18n.t('en', 'report:too_short', { min: 1 }),
      i18n.t('en', 'report:photo_limit', { max: 1 }),
      createI18n(content.resources, 'vi', { ...TEST_RETENTION, keepSessionMinutes: 1, keepSignupDays: 1 }).t('en', 'faq:entries.privacy.answer'),
    ].join('\n');
    expect(one).toContain('deleted 1 day after');
    expect(one).toContain('You have sent 1 report today');
    expect(one).toContain('at least 1 character)');
    expect(one).toContain('You have sent 1 photo.');
    expect(one).toContain('after 1 minute without');
    expect(one).not.toMatch(/\b1 (days|reports|characters|photos|minutes)\b/);
    expect(i18n.t('en', 'report:limit_reached', { limit: 5 })).toContain('You have sent 5 reports today');
  });
});

describe('words a worker understands', () => {
  const spelled: Record<Lang, Record<string, RegExp>> = {
    vi: { ANTQ: /an ninh Tổ quốc/i, ANTT: /an ninh, trật tự/i },
    en: { ANTQ: /national security/i, ANTT: /security and order/i },
  };

  it('spells out ANTQ and ANTT at their first use in every message, in both languages', () => {
    const bad: string[] = [];
    for (const lang of ['vi', 'en'] as const) {
      for (const m of workerMessages(lang)) {
        for (const [abbr, meaning] of Object.entries(spelled[lang])) {
          const at = m.text.search(new RegExp(`\\b${abbr}\\b`));
          if (at >= 0 && !meaning.test(m.text.slice(Math.max(0, at - 30), at + abbr.length + 45)))
            bad.push(`${lang} ${m.key}: ${m.text.slice(Math.max(0, at - 30), at + 20)}`);
        }
      }
    }
    expect(workerMessages('vi').length).toBeGreaterThan(150);
    expect(bad).toEqual([]);
  });

  it('answers "ANTQ là gì" in both languages', async () => {
    const { say } = memoryEngine();
    const vi = text(await say('a1', { text: 'antq la gi' }));
    expect(vi).toContain('ANTQ: an ninh Tổ quốc.');
    expect(vi).toContain('ANTT: an ninh, trật tự.');
    const en = text(await say('a2', { text: 'what does ANTT stand for' }));
    expect(en).toContain('ANTT (an ninh, trật tự): security and order.');
  });

  it('speaks of itself as "mình" and names the board in full: never "Ban" alone, "Trợ lý" or "bot"', () => {
    const bad = workerMessages('vi')
      .concat(
        ['faq', 'signup', 'common'].flatMap((ns) =>
          Object.keys(content.resources.vi[ns]!).map((k) => ({ key: `${ns}:${k}`, text: i18n.t('vi', `${ns}:${k}`, PARAMS) })),
        ),
      )
      .filter((m) => m.key !== 'web:title')
      .filter((m) => /\bBan\b|\bban tổ chức\b|(^|[\s“(])Trợ lý|\b[Bb]ot\b/.test(m.text.replace(/Ban Quản lý các KCN|Ban Chỉ đạo/g, '')));
    expect(bad.map((m) => m.key)).toEqual([]);
    expect(i18n.t('vi', 'common:welcome')).toContain('Mình là trợ lý của Ban Quản lý các KCN');
    expect(i18n.t('vi', 'faq:entries.bot-help.answer')).toMatch(/^Mình có thể:/);
  });

  it('rewrites platform jargon for workers', () => {
    expect(i18n.t('vi', 'news:subscribe.ask_topics')).not.toContain('24 giờ sau lần cuối bạn nhắn cho trang');
    expect(i18n.t('vi', 'news:subscribe.ask_topics')).toContain('mình chỉ gửi tin được cho bạn khi bạn đã nhắn cho mình gần đây');
    expect(i18n.t('vi', 'news:subscribe.web_only')).not.toContain('Zalo OA');
  });

  it('cuts long plan wording to what a worker does, with the plan’s fuller text one button away', async () => {
    const { say } = memoryEngine();
    const short = await say('f1', { payload: '#festival:ceremony' });
    expect(text(short)).toContain('Các mục chính: chào cờ');
    expect(text(short)).not.toContain('12. Tuyên bố kết thúc phần lễ');
    expect(buttons(short).map((b) => b.payload)).toContain('#festival:full:ceremony');
    const full = await say('f1', { payload: '#festival:full:ceremony' });
    expect(text(full)).toContain('12. Tuyên bố kết thúc phần lễ.');
    expect(buttons(full).map((b) => b.payload)).not.toContain('#festival:full:ceremony');
    const faq = await say('f2', { text: 'chương trình phần lễ gồm những gì' });
    expect(buttons(faq).map((b) => b.payload)).toContain('#festival:full:ceremony');
    expect(text(await say('f3', { payload: '#festival:full:what' }))).toContain('Giáo dục truyền thống yêu nước');
  });
});

describe('the festival as the plan describes it', () => {
  it('is held from 20/7 to 19/8 at enterprises the board and the provincial police choose, not by every enterprise on 19/8', async () => {
    const { say } = memoryEngine();
    const what = text(await say('w1', { payload: '#festival:what' }));
    expect(what).toContain('tập trung từ ngày 20/7 đến ngày 19/8');
    const where = text(await say('w2', { payload: '#festival:where' }));
    expect(where).toContain('Không phải doanh nghiệp nào cũng tổ chức Ngày hội.');
    expect(where).toContain('Ban Quản lý các KCN cùng Công an tỉnh chọn doanh nghiệp');
    for (const lang of ['vi', 'en'] as const) {
      const all = workerMessages(lang)
        .map((m) => m.text)
        .join('\n');
      expect(all).not.toMatch(
        /tổ chức hằng năm vào ngày 19\/8|held every year on 19 August|Các doanh nghiệp trong KCN sẽ tổ chức|Enterprises in the parks will hold/,
      );
    }
  });

  it('answers "does my company hold one, when, how do I join?" with that, pointing to the event sign-up', async () => {
    const { say } = memoryEngine();
    const r = await say('c1', { payload: '#faq:my-company' });
    expect(text(r)).toContain('Không phải công ty nào cũng tổ chức Ngày hội');
    expect(text(r)).toContain('từ ngày 20/7 đến ngày 19/8');
    expect(buttons(r).map((b) => b.payload)).toContain('#signup');
    // Typed as a worker types it, the question reaches the same answer.
    const typed = text(await say('c2', { text: 'cong ty em co to chuc ngay hoi ko' }));
    expect(typed).toContain('Không phải công ty nào cũng tổ chức Ngày hội');
  });

  it('gives the park list as the board’s list, not as the plan’s', () => {
    const where = i18n.t('vi', 'festival:topics.where.answer', PARAMS);
    expect(where.indexOf('Nguồn: Kế hoạch')).toBeLessThan(where.indexOf('Đình Trám'));
    expect(where).toContain('danh sách do Ban Quản lý các KCN lập và cập nhật');
    expect(readFileSync(join(DIR, 'kcn.yaml'), 'utf8')).toMatch(/not the plan's/);
  });
});

describe('English', () => {
  const en = () =>
    workerMessages('en')
      .map((m) => m.text)
      .join('\n');

  it('gives the festival one name, and fixes the mistranslations found', () => {
    expect(en()).toContain('National Security Festival');
    expect(en()).not.toMatch(
      /National Day of All People|National Security Day|Sent money by mistake|duty and right|party water|black credit|addictive very fast/,
    );
  });

  it('glosses each Vietnamese term the same way everywhere', () => {
    const glossary: [string, RegExp][] = [
      ['self-managed security team', /self-managed team|self-management team/i],
      ['skilful mass mobilisation', /skilled mass mobilisation|mass mobilization/i],
      ['"Safe for security and order" standard', /"Safe for security"(?! and order)/],
      ['"listening to enterprises"', /listening to the enterprises/],
      ['workers in hardship', /workers in difficulty|charity house/],
      ['park police unit', /police team of the park|KCN police/],
    ];
    for (const [gloss, variants] of glossary) {
      expect(en(), gloss).toContain(gloss);
      expect(en(), gloss).not.toMatch(variants);
    }
  });
});

describe('missing answers workers ask for', () => {
  it.each([
    ['nguoi lao dong gop phan giu an ninh trat tu the nao', 'take-part', 'Thực hiện tốt các quy định của pháp luật'],
    ['viec ko gap thi hoi ai', 'contact-non-urgent', 'Công an xã, phường nơi bạn ở'],
    ['co khen thuong gi ko', 'rewards', 'Kỷ niệm chương “Bảo vệ ANTT” (an ninh, trật tự) của Bộ Công an'],
    ['nam nay ky niem bao nhieu nam', 'anniversary', 'Quyết định số 521/2005/QĐ-TTg'],
  ])('"%s" → %s', async (q, id, expected) => {
    const { say } = memoryEngine();
    expect(text(await say(`m-${id}`, { text: q }))).toContain(expected);
  });

  it('come from the plan (with a quote) or say they are general, in both languages', () => {
    for (const id of ['antq-meaning', 'my-company', 'take-part', 'contact-non-urgent', 'rewards', 'anniversary']) {
      for (const lang of ['vi', 'en'] as const) {
        const answer = (content.resources[lang].faq!.entries as Record<string, { answer: string }>)[id]!.answer;
        const fromPlan = answer.includes('$t(festival:source)');
        expect(fromPlan || answer.includes('$t(faq:general)'), `${lang} ${id}`).toBe(true);
        if (fromPlan) expect((content.resources.vi.faq!.entries as Record<string, { quote?: unknown }>)[id]!.quote, id).toBeDefined();
      }
    }
  });
});

describe('contacts the board has not confirmed', () => {
  const copy = (edit: (dir: string) => void) => {
    const dir = mkdtempSync(join(tmpdir(), 'content-'));
    cpSync(DIR, dir, { recursive: true });
    edit(dir);
    return dir;
  };
  const answer = (resources: typeof content.resources, lang: Lang) => createI18n(resources).t(lang, 'faq:entries.contact-non-urgent.answer').trim();

  it('ship empty, and the bot then shows nothing for them (no number, no empty line, no placeholder)', async () => {
    expect(content.data.contacts).toEqual({ boardHotline: '', parkPolice: '' });
    for (const lang of ['vi', 'en'] as const) {
      const shown = answer(content.resources, lang);
      expect(shown).not.toMatch(/Đường dây nóng|Số trực|Hotline|Duty phone|\$t\(|\{\{/);
      expect(shown.replace(/113/g, '')).not.toMatch(/\d{3}/);
    }
    const { say } = memoryEngine();
    expect(text(await say('n1', { text: 'viec ko gap thi hoi ai' }))).toMatch(/Thông tin chung, để bạn tham khảo\.$/);
  });

  it('show a number once the board fills it in, and reject anything that is not a phone number', () => {
    const filled = loadContent(copy((d) => writeFileSync(join(d, 'contacts.yaml'), 'boardHotline: "0204 3854 111"\nparkPolice: ""\n')));
    expect(answer(filled.resources, 'vi')).toContain('• Đường dây nóng của Ban Quản lý các KCN: 0204 3854 111');
    expect(answer(filled.resources, 'vi')).not.toContain('Đoàn Công an KCN');
    expect(answer(filled.resources, 'en')).toContain('• Hotline of the Industrial Parks Management Board: 0204 3854 111');
    expect(() => loadContent(copy((d) => writeFileSync(join(d, 'contacts.yaml'), 'boardHotline: "call the board"\nparkPolice: ""\n')))).toThrow(ContentError);
  });
});
