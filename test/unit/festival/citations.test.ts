/** Citations: `npm run content:check` fails when a text says it comes from the plan and its quote is not the plan's words. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCitations, normalizeForQuote, PLAN_FILE } from '../../../src/festival/citations.js';
import { type ContentError, loadContent } from '../../../src/festival/load.js';
import { content } from '../../helpers/bot.js';

const DIR = new URL('../../../content', import.meta.url).pathname;
const PLAN = readFileSync(join(DIR, PLAN_FILE), 'utf8');

function copy(edit: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'content-'));
  cpSync(DIR, dir, { recursive: true });
  edit(dir);
  return dir;
}
const replaceIn = (dir: string, file: string, from: string, to: string) => {
  const text = readFileSync(join(dir, file), 'utf8');
  expect(text, `${file} holds the text to replace`).toContain(from);
  writeFileSync(join(dir, file), text.replace(from, to));
};
const contentCheck = (dir: string) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/content-check.ts', dir], { encoding: 'utf8' });

describe('content:check and the plan', () => {
  it('passes on the shipped content, whose plan is the copy in the repository', () => {
    expect(normalizeForQuote(PLAN)).toContain('Tập trung tổ chức “Ngày hội toàn dân bảo vệ ANTQ” từ ngày 20/7 đến ngày 19/8 hằng năm.');
    const ok = contentCheck(DIR);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('every quote found in the plan');
  });

  it('fails on a deliberately broken quote, naming the file and the key', () => {
    // One word changed: "Kinh phí tổ chức được thực hiện…" becomes "Kinh phí tổ chức do doanh nghiệp chi…".
    const dir = copy((d) =>
      replaceIn(d, 'vi/festival.yaml', 'quote: "Kinh phí tổ chức được thực hiện', 'quote: "Kinh phí tổ chức do doanh nghiệp chi, được thực hiện'),
    );
    const bad = contentCheck(dir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('vi/festival.yaml: topics.funding.quote: "Kinh phí tổ chức do doanh nghiệp chi, được thực hiện');
    expect(bad.stderr).toContain(`is not in the plan's text (content/${PLAN_FILE})`);
  });

  it('fails when a text says it comes from the plan but carries no quote, in either language', () => {
    const dir = copy((d) => {
      const vi = readFileSync(join(d, 'vi/faq.yaml'), 'utf8');
      const start = vi.indexOf('  rewards:');
      writeFileSync(join(d, 'vi/faq.yaml'), vi.slice(0, start) + vi.slice(start).replace(/\n {4}quote:\n( {6}- .*\n)+/, '\n'));
    });
    const problems = (() => {
      try {
        loadContent(dir);
        return [];
      } catch (err) {
        return (err as ContentError).problems;
      }
    })();
    expect(problems).toContain(
      "vi/faq.yaml: entries.rewards.answer: says it comes from the plan, but vi/faq.yaml has no entries.rewards.quote with the plan's words it rests on",
    );
    expect(problems).toContain(
      "en/faq.yaml: entries.rewards.answer: says it comes from the plan, but vi/faq.yaml has no entries.rewards.quote with the plan's words it rests on",
    );
  });

  it('compares set aside spaces, line breaks and Unicode form, but not words', () => {
    const resources = structuredClone(content.resources);
    const funding = (resources.vi.festival!.topics as Record<string, Record<string, unknown>>).funding!;
    funding.quote = 'Kinh phí tổ chức được thực hiện\n   theo quy định của pháp luật'.normalize('NFD');
    expect(checkCitations(resources, PLAN)).toEqual([]);
    funding.quote = 'Kinh phí tổ chức được thực hiện theo quy định của nhà nước';
    expect(checkCitations(resources, PLAN)).toEqual([
      `vi/festival.yaml: topics.funding.quote: "Kinh phí tổ chức được thực hiện theo quy định của nhà nước" is not in the plan's text (content/${PLAN_FILE})`,
    ]);
    funding.quote = 'Kinh phí';
    expect(checkCitations(resources, PLAN)[0]).toContain('each quote must be a passage of at least');
  });

  it('treats an English text that names the plan as a citation too', () => {
    const resources = structuredClone(content.resources);
    (resources.en.safety!.topics as Record<string, Record<string, unknown>>).fire!.text = 'Under the plan, every factory must have extinguishers.';
    expect(checkCitations(resources, PLAN)).toEqual([
      "en/safety.yaml: topics.fire.text: says it comes from the plan, but vi/safety.yaml has no topics.fire.quote with the plan's words it rests on",
    ]);
  });

  it('needs the plan’s text in the content folder (it is not read from outside the repository)', () => {
    const dir = copy((d) => rmSync(join(d, PLAN_FILE)));
    expect(() => loadContent(dir)).toThrow(/plan\/ke-hoach-ngay-hoi-antq-kcn\.txt: file is missing/);
  });
});
