/**
 * The Lua scripts of `scripts/` (one file per script, named `<name>-<numberOfKeys>.lua`, each opening
 * with a KEYS/ARGV/returns header), read once when this module loads, and run by their SHA-1
 * (EVALSHA), sending their source only the first time a Redis node has not seen it (NOSCRIPT): hot
 * paths then send a 40-character hash instead of the whole script. A line `-- include: <name>` is
 * replaced by `scripts/lib/<name>.lua` (a Lua function several scripts share).
 * The files are read from the project's `src/store/redis/scripts/`, also when running the compiled
 * `dist/` (like the web pages under src/): the Dockerfile copies that folder.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../lib/paths.js';
import type { Redis } from './client.js';

/** Where the `.lua` files are. */
export const SCRIPTS_DIR = join(projectRoot, 'src/store/redis/scripts');

/** A script as loaded: its source (includes resolved) and how many keys it takes at least. */
interface LoadedScript {
  source: string;
  keys: number;
}

function loadScripts(dir: string): Map<string, LoadedScript> {
  const include = (line: string) => {
    const name = /^-- include: ([a-z0-9-]+)$/.exec(line)?.[1];
    return name ? readFileSync(join(dir, 'lib', `${name}.lua`), 'utf8').trimEnd() : line;
  };
  const scripts = new Map<string, LoadedScript>();
  for (const file of readdirSync(dir)) {
    const m = /^([a-z0-9-]+)-(\d+)\.lua$/.exec(file);
    if (!m) continue;
    const source = readFileSync(join(dir, file), 'utf8').split('\n').map(include).join('\n');
    scripts.set(m[1]!, { source, keys: Number(m[2]) });
  }
  return scripts;
}

const loaded = loadScripts(SCRIPTS_DIR);

/**
 * The source of script `name` (its file without the `-<numberOfKeys>.lua` ending). Call it at module
 * level, so a missing file fails the start, not a request.
 */
export function lua(name: string): string {
  const script = loaded.get(name);
  if (!script) throw new Error(`no Lua script ${name}-<keys>.lua in ${SCRIPTS_DIR}`);
  return script.source;
}

/** The scripts loaded, by name, with the number of keys their file name declares (for the tests of the headers). */
export function loadedScripts(): ReadonlyMap<string, { source: string; keys: number }> {
  return loaded;
}

const shas = new Map<string, string>();

/** EVALSHA with a fallback to EVAL; same result as `redis.eval(script, keys.length, ...keys, ...args)`. */
export async function runScript(redis: Redis, script: string, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
  let sha = shas.get(script);
  if (!sha) {
    sha = createHash('sha1').update(script).digest('hex');
    shas.set(script, sha);
  }
  try {
    return await redis.evalsha(sha, keys.length, ...keys, ...args);
  } catch (err) {
    if (!String(err).includes('NOSCRIPT')) throw err;
    return redis.eval(script, keys.length, ...keys, ...args);
  }
}
