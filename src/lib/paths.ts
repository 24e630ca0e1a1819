/** Locates files shipped with the project, from either `src/` (tsx, vitest) or `dist/src/` (built). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('project root (package.json) not found');
    dir = up;
  }
  return dir;
}

/** The project's root folder (where package.json is). */
export const projectRoot = findRoot(dirname(fileURLToPath(import.meta.url)));
