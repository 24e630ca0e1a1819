/**
 * `npm run bench:faq [content-dir] [bench-dir]`: FAQ quality on the labelled phrasings in test/faq/
 * (tuning.yaml, used to tune; heldout.yaml, never used to tune). Prints top-1 accuracy, the misses,
 * and the rate of wrong answers above the confidence threshold. Exits 1 below 90% top-1 held out or
 * above 3% wrong answers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadContent } from '../content/load.js';
import { benchSetSchema, formatBench, runBench } from '../faq/bench.js';
import { createFaqMatcher } from '../faq/matcher.js';

const contentDir = process.argv[2] ?? 'content';
const benchDir = process.argv[3] ?? 'test/faq';
const matcher = createFaqMatcher(loadContent(contentDir).data.faq.entries);
let failed = false;
for (const part of ['tuning', 'heldout']) {
  const set = benchSetSchema.parse(parse(readFileSync(join(benchDir, `${part}.yaml`), 'utf8')));
  const report = runBench(matcher, set);
  process.stdout.write(`${formatBench(part, set.length, report)}\n`);
  if (report.wrongAnsweredRate > 0.03 || (part === 'heldout' && report.top1Rate < 0.9)) failed = true;
}
process.stdout.write(failed ? 'FAQ benchmark: below target\n' : 'FAQ benchmark: targets met (held-out top-1 >= 90%, wrong answers <= 3%)\n');
if (failed) process.exitCode = 1;
