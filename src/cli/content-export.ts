/**
 * `npm run content:export [-- <dir>]`: writes the live content (content/ with the edits made in the
 * dashboard, read from Redis) back to YAML in the content folder's format, into `<dir>` (default: the
 * content folder itself, CONTENT_DIR), so the edits can be reviewed with `git diff` and committed.
 * Into another folder, the whole content folder is copied first. Then checks the result as
 * `npm run content:check` does.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { exportContent, type ExportResult } from '../edits/export.js';
import { mergeCatalogue } from '../edits/merge.js';
import type { EditStore } from '../edits/ports.js';
import { ContentError, loadContent } from '../festival/load.js';
import { createRedisEditStore } from '../store/redis/edits.js';
import { runCli, withRedis } from './run.js';

/** Exports the seed of `seedDir` with the edits of `store` into `targetDir`, then loads the result to check it. */
export async function runContentExport(seedDir: string, targetDir: string, store: Pick<EditStore, 'latest'>): Promise<ExportResult & { revision: number }> {
  const seed = loadContent(seedDir);
  const { revision, docs } = await store.latest();
  const result = exportContent(seedDir, targetDir, mergeCatalogue(seed, docs));
  loadContent(targetDir);
  return { ...result, revision };
}

async function main(): Promise<number> {
  const config = loadConfig();
  const target = resolve(process.argv[2] ?? config.contentDir);
  return withRedis(config, async (redis) => {
    try {
      const { written, left, revision } = await runContentExport(config.contentDir, target, createRedisEditStore(redis, config.redisKeyPrefix));
      process.stdout.write(`content exported from revision ${revision} to ${target}: ${written.length ? written.join(', ') : 'nothing changed'}\n`);
      for (const l of left) process.stdout.write(`  not exported (not shown to workers): ${l}\n`);
      return 0;
    } catch (err) {
      if (!(err instanceof ContentError)) throw err;
      process.stderr.write(`the exported content does not pass the checks:\n${err.message}\n`);
      return 1;
    }
  });
}

runCli('content:export', import.meta.url, main);
