/**
 * Runs a Lua script by its SHA-1 (EVALSHA), sending its source only the first time a Redis node has
 * not seen it (NOSCRIPT): hot paths then send a 40-character hash instead of the whole script.
 */
import { createHash } from 'node:crypto';
import type { Redis } from './client.js';

const shas = new Map<string, string>();

/** EVALSHA with a fallback to EVAL; same result as `redis.eval(script, keys.length, ...keys, ...args)`. */
export async function runScript(redis: Redis, script: string, keys: string[], args: (string | number)[]): Promise<unknown> {
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
