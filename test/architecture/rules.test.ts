/**
 * The architecture check itself: it passes on this tree, and fails on a small tree with deliberately
 * bad imports (the kernel importing the store, a feature importing another, a channel importing a
 * feature, Redis outside the store) and with an import cycle.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const RULES = join(ROOT, 'test/architecture/rules.cjs');
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** Runs the check over `dirs` in `cwd`; the violations it reports. */
function check(cwd: string, dirs: string[]): Violation[] {
  const run = spawnSync(process.execPath, [DEPCRUISE, ...dirs, '--config', RULES, '--output-type', 'json'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!run.stdout) throw new Error(`dependency-cruiser did not run: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

/** A tree of files under a fresh temporary folder (with the tsconfig the rules read). */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'arch-'));
  const all = { 'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }), ...files };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('architecture check', () => {
  it('passes on this code base', () => {
    expect(check(ROOT, ['src', 'flows'])).toEqual([]);
  }, 60_000);

  it('fails on bad imports and on a cycle, naming the rule', () => {
    const dir = tree({
      'src/core/engine.ts': "import { keys } from '../store/redis/keys.js';\nexport const engine = keys;\n",
      'src/store/redis/keys.ts': 'export const keys = 1;\n',
      'src/reports/index.ts': "import { events } from '../events/index.js';\nexport const reports = events;\n",
      'src/events/index.ts': 'export const events = 1;\n',
      'src/channels/zalo/router.ts': "import { reports } from '../../reports/index.js';\nexport const router = reports;\n",
      'src/lib/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'src/lib/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
      'src/turns/turn.ts': "import Redis from 'ioredis';\nexport const r = Redis;\n",
      'node_modules/ioredis/package.json': '{"name":"ioredis","main":"index.js"}',
      'node_modules/ioredis/index.js': 'module.exports = {};\n',
    });
    made.push(dir);
    const found = check(dir, ['src']).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'core-is-the-kernel: src/core/engine.ts → src/store/redis/keys.ts',
        'only-the-root-sees-the-store: src/core/engine.ts → src/store/redis/keys.ts',
        'features-stand-alone: src/reports/index.ts → src/events/index.ts',
        'channels-are-transport: src/channels/zalo/router.ts → src/reports/index.ts',
        'no-cycles: src/lib/a.ts → src/lib/b.ts',
      ]),
    );
    expect(found).toContain('redis-stays-in-the-store: src/turns/turn.ts → node_modules/ioredis/index.js');
  }, 60_000);
});
