import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { learningExamples } from '../../../src/festival/data.js';
import { loadContent } from '../../../src/festival/load.js';

const dir = mkdtempSync(join(tmpdir(), 'examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('content/examples', () => {
  it('are loaded with the name of their file, and learnt from with every FAQ phrasing', () => {
    const content = loadContent('content');
    expect(content.data.examples.length).toBeGreaterThan(1000);
    expect(content.data.examples[0]).toMatchObject({ set: expect.any(String), q: expect.any(String), expect: expect.any(String) });
    const learnt = learningExamples(content.data);
    const phrasings = content.data.faq.entries.reduce((n, e) => n + e.questions.vi.length + e.questions.en.length, 0);
    expect(learnt).toHaveLength(content.data.examples.length + phrasings);
    expect(learnt).toContainEqual({ text: content.data.faq.entries[0]!.questions.vi[0], outcome: `faq:${content.data.faq.entries[0]!.id}` });
  });

  it('refuse an outcome that is not one, or an FAQ entry that does not exist, naming the file', () => {
    cpSync('content', join(dir, 'content'), { recursive: true });
    writeFileSync(join(dir, 'content', 'examples', 'zy.yaml'), '- { q: "ngay hoi la gi", expect: "faq:no-such-entry" }\n');
    writeFileSync(join(dir, 'content', 'examples', 'zz.yaml'), '- { q: "ngay hoi", expect: "faq:festival-what" }\n- { q: "alo", expect: "greeting" }\n');
    expect(() => loadContent(join(dir, 'content'))).toThrow(
      /examples\/zz\.yaml:2: 1\.expect: an outcome[\s\S]*examples\/zy\.yaml: "ngay hoi la gi" expects faq:no-such-entry/,
    );
    // Without them the bot would learn from the FAQ alone, with no idea of what is off topic: refused.
    rmSync(join(dir, 'content', 'examples'), { recursive: true });
    expect(() => loadContent(join(dir, 'content'))).toThrow(/examples\/: folder is missing/);
  });
});
