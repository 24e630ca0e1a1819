import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anniversaries, localDate } from '../../../src/festival/calendar.js';
import { comparableKeys, ContentError, loadContent } from '../../../src/festival/load.js';
import { content } from '../../helpers/bot.js';

const DIR = new URL('../../../content', import.meta.url).pathname;

function brokenCopy(edit: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'content-'));
  cpSync(DIR, dir, { recursive: true });
  edit(dir);
  return dir;
}

describe('content', () => {
  it('has the same keys in Vietnamese and English (plural forms counted once, quotes only in Vietnamese)', () => {
    for (const ns of Object.keys(content.resources.vi)) {
      expect(comparableKeys(content.resources.en[ns]).sort(), ns).toEqual(comparableKeys(content.resources.vi[ns]).sort());
    }
  });

  it('is stored as Unicode NFC', () => {
    for (const lang of ['vi', 'en']) {
      for (const f of readdirSync(join(DIR, lang))) {
        const text = readFileSync(join(DIR, lang, f), 'utf8');
        expect(text, f).toBe(text.normalize('NFC'));
      }
    }
  });

  it('keeps the registry of parks as data, with the required ids', () => {
    expect(content.data.kcn.parks.map((p) => p.id)).toEqual(
      expect.arrayContaining(['dinh-tram', 'quang-chau', 'van-trung', 'song-khe-noi-hoang', 'hoa-phu', 'viet-han']),
    );
  });

  it('quotes the five official slogans', () => {
    const items = content.resources.vi.slogans!.items as string[];
    expect(items).toHaveLength(5);
    expect(items[0]).toBe('“Bảo vệ Tổ quốc Việt Nam xã hội chủ nghĩa là sự nghiệp của toàn dân”');
    expect(items[3]).toContain('{{policeYears}} năm Ngày truyền thống Công an nhân dân Việt Nam và {{festivalYears}} năm');
  });

  it('reports a broken file with its name and line', () => {
    const dir = brokenCopy((d) => writeFileSync(join(d, 'vi/slogans.yaml'), 'menu: Khẩu hiệu\nitems: [a, b\n'));
    expect(() => loadContent(dir)).toThrow(ContentError);
    try {
      loadContent(dir);
    } catch (err) {
      expect((err as ContentError).problems.join('\n')).toMatch(/vi\/slogans\.yaml:\d+: /);
    }
  });

  it('reports a missing translation and an invalid data value', () => {
    const dir = brokenCopy((d) => {
      writeFileSync(join(d, 'en/org.yaml'), 'board: x\n');
      writeFileSync(join(d, 'calendar.yaml'), readFileSync(join(d, 'calendar.yaml'), 'utf8').replace('month: 8 }\nactivities', 'month: 13 }\nactivities'));
    });
    try {
      loadContent(dir);
      expect.unreachable('broken content was accepted');
    } catch (err) {
      const text = (err as ContentError).problems.join('\n');
      expect(text).toContain('en/org.yaml: missing key "police"');
      expect(text).toMatch(/calendar\.yaml:4: festivalDay\.month/);
    }
  });
});

describe('anniversaries', () => {
  const cal = content.data.calendar;
  it.each([
    ['2026-08-19T05:00:00Z', 2026, 81, 21],
    ['2025-08-19T05:00:00Z', 2025, 80, 20],
    ['2030-01-01T00:00:00Z', 2030, 85, 25],
    ['2026-12-31T18:00:00Z', 2027, 82, 22],
  ])('at %s: year %i, %i years of CAND, %i of the festival day', (iso, year, police, festival) => {
    expect(anniversaries(new Date(iso), cal)).toEqual({ year, policeYears: police, festivalYears: festival });
  });

  it('reads the date in Vietnam time', () => {
    expect(localDate(new Date('2026-08-18T17:30:00Z'), 'Asia/Ho_Chi_Minh')).toEqual({ year: 2026, month: 8, day: 19 });
  });

  it('gives the right date from one second to the next across midnight, in each zone and era, though it keeps the last one', () => {
    const at = (iso: string, zone: string) => localDate(new Date(iso), zone);
    expect(at('2026-08-18T16:59:59Z', 'Asia/Ho_Chi_Minh')).toEqual({ year: 2026, month: 8, day: 18 });
    expect(at('2026-08-18T17:00:00Z', 'Asia/Ho_Chi_Minh')).toEqual({ year: 2026, month: 8, day: 19 });
    // Kathmandu is 5 h 45 min ahead: its midnight is on a minute, not an hour.
    expect(at('2026-08-18T18:14:59Z', 'Asia/Kathmandu')).toEqual({ year: 2026, month: 8, day: 18 });
    expect(at('2026-08-18T18:15:00Z', 'Asia/Kathmandu')).toEqual({ year: 2026, month: 8, day: 19 });
    // The same minute in another zone is not the date kept for the first.
    expect(at('2026-08-18T18:15:30Z', 'UTC')).toEqual({ year: 2026, month: 8, day: 18 });
    expect(at('2026-08-18T18:15:30Z', 'Asia/Kathmandu')).toEqual({ year: 2026, month: 8, day: 19 });
    // Hanoi was 7:06:30 ahead before 1911: its midnight fell within a minute.
    expect(at('1900-01-01T16:53:10Z', 'Asia/Ho_Chi_Minh')).toEqual({ year: 1900, month: 1, day: 1 });
    expect(at('1900-01-01T16:53:50Z', 'Asia/Ho_Chi_Minh')).toEqual({ year: 1900, month: 1, day: 2 });
    // What a caller does with the date given does not change the one kept.
    at('2026-08-18T18:15:40Z', 'Asia/Kathmandu').day = 1;
    expect(at('2026-08-18T18:15:50Z', 'Asia/Kathmandu').day).toBe(19);
  });
});
