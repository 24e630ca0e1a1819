/**
 * `npm run content:check [dir]`: validates content/ (YAML syntax, NFC, the same keys in every
 * language, data files against their schemas) and prints every problem with its file and line.
 */
import { ContentError, loadContent } from '../content/load.js';

const dir = process.argv[2] ?? 'content';
try {
  const { resources } = loadContent(dir);
  const namespaces = Object.keys(resources.vi).length;
  process.stdout.write(`content OK: ${namespaces} text files per language, data files valid (${dir})\n`);
} catch (err) {
  if (!(err instanceof ContentError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 1;
}
