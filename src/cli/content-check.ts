/**
 * `npm run content:check [dir]`: validates content/ (YAML syntax, NFC, the same keys in every
 * language, data files against their schemas, and citations: every text that says it comes from the
 * plan has a `quote`, and every quote is in the plan's text, content/plan/) and prints every problem
 * with its file and line. Exits with 1 when there is any.
 */
import { ContentError, loadContent } from '../festival/load.js';

const dir = process.argv[2] ?? 'content';
try {
  const { resources } = loadContent(dir);
  const namespaces = Object.keys(resources.vi).length;
  process.stdout.write(`content OK: ${namespaces} text namespaces per language, data files valid, every quote found in the plan (${dir})\n`);
} catch (err) {
  if (!(err instanceof ContentError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 1;
}
