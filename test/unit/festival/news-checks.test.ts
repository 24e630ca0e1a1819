import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../../src/core/i18n.js';
import { ContentError, loadContent } from '../../../src/festival/load.js';
import { content } from '../../helpers/bot.js';

const DIR = new URL('../../../content', import.meta.url).pathname;

function brokenCopy(edit: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'content-news-'));
  cpSync(DIR, dir, { recursive: true });
  edit(dir);
  return dir;
}

const problemsOf = (dir: string) => {
  try {
    loadContent(dir);
  } catch (err) {
    if (err instanceof ContentError) return err.problems.join('\n');
    throw err;
  }
  return '';
};

const charCount = (s: string) => [...s].length;

describe('safety pieces', () => {
  it('fit a chat screen (under 600 characters with the closing line) and say they are general advice, in both languages', () => {
    for (const lang of ['vi', 'en'] as const) {
      const topics = content.resources[lang].safety!.topics as Record<string, { text: string }>;
      expect(Object.keys(topics)).toEqual(['theft', 'fight', 'drugs', 'gambling', 'loan_shark', 'scam', 'fire', 'self_managed', 'emergency']);
      for (const [id, t] of Object.entries(topics)) {
        expect(t.text, `${lang} ${id}`).toMatch(/\$t\(safety:general\)$/);
        expect(charCount(createI18n(content.resources).t(lang, `safety:topics.${id}.text`)), `${lang} ${id}`).toBeLessThan(600);
      }
    }
    expect(content.resources.vi.safety!.topics).toMatchObject({ emergency: { text: expect.stringContaining('113') } });
    // Only the plan's part of the self-managed team cites the plan (with its quote); no piece names the board as its author.
    expect(content.resources.vi.safety!.topics).toMatchObject({
      self_managed: { text: expect.stringContaining('$t(festival:source)'), quote: expect.any(Array) },
    });
    for (const lang of ['vi', 'en'] as const) expect(JSON.stringify(content.resources[lang].safety)).not.toMatch(/biên soạn|written by/);
  });

  it('cite the legal texts of the plan by number', () => {
    const entries = content.resources.vi.faq!.entries as Record<string, { answer: string }>;
    expect(entries['law-decree-06']!.answer).toContain('06/2013/NĐ-CP');
    expect(entries['law-circular-46']!.answer).toContain('46/2014/TT-BCA ngày 16/10/2014');
    expect(entries['law-decree-111']!.answer).toContain('111/2018/NĐ-CP ngày 31/8/2018');
  });
});

describe('content check of the FAQ and broadcasts', () => {
  it('names the file and line of a broken FAQ entry and of a night-time campaign', () => {
    const dir = brokenCopy((d) => {
      const faq = readFileSync(join(d, 'faq.yaml'), 'utf8').replace('more: [festival-when, festival-activities]', 'more: [no-such-entry]');
      writeFileSync(join(d, 'faq.yaml'), faq);
      writeFileSync(
        join(d, 'broadcasts.yaml'),
        readFileSync(join(d, 'broadcasts.yaml'), 'utf8').replace(
          'time: "08:00", topic: festival, message: broadcasts:opening',
          'time: "23:00", topic: festival, message: broadcasts:opening',
        ),
      );
    });
    const text = problemsOf(dir);
    expect(text).toMatch(/faq\.yaml:\d+: entries\.0\.more\.0: "no-such-entry" is not an entry id/);
    expect(text).toMatch(/broadcasts\.yaml:\d+: campaigns\.0\.time: must be between 06:00 and 21:59/);
  });

  it('reports an FAQ entry without its answer in one language, and a campaign whose text does not exist', () => {
    const dir = brokenCopy((d) => {
      writeFileSync(
        join(d, 'en/faq.yaml'),
        readFileSync(join(d, 'en/faq.yaml'), 'utf8').replace(/ {2}privacy:\n {4}title: .*\n {4}answer: \|-\n( {6}.*\n)+? {2}bot-help:/, '  bot-help:'),
      );
      writeFileSync(
        join(d, 'broadcasts.yaml'),
        readFileSync(join(d, 'broadcasts.yaml'), 'utf8').replace('message: broadcasts:opening', 'message: broadcasts:nothing_here'),
      );
    });
    const text = problemsOf(dir);
    expect(text).toContain('en/faq.yaml: entries.privacy.answer is missing');
    expect(text).toContain('broadcasts.yaml: campaigns.0.message: "broadcasts:nothing_here" is not a text in vi/');
  });

  it('`npm run content:check` passes on content/ and fails with the problems on a broken copy', () => {
    const ok = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/content-check.ts', DIR], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('content OK');
    const dir = brokenCopy((d) => writeFileSync(join(d, 'faq.yaml'), 'entries:\n  - id: Bad Id\n    questions: {vi: [x]}\n'));
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/content-check.ts', dir], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/faq\.yaml:2: entries\.0\.id: ids are lower case/);
  });
});
