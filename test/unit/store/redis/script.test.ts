import { describe, expect, it } from 'vitest';
import { loadedScripts, lua, runScript } from '../../../../src/store/redis/script.js';
import type { Redis } from '../../../../src/store/redis/client.js';

describe('runScript', () => {
  it('uses EVALSHA and sends the source only when the node does not know the script', async () => {
    const calls: string[] = [];
    let known = false;
    const fake = {
      evalsha: async () => {
        calls.push('evalsha');
        if (!known) throw new Error('NOSCRIPT No matching script');
        return 'via-sha';
      },
      eval: async () => {
        calls.push('eval');
        known = true;
        return 'via-eval';
      },
    } as unknown as Redis;
    expect(await runScript(fake, 'return 1', ['k'], ['a'])).toBe('via-eval');
    expect(await runScript(fake, 'return 1', ['k'], ['a'])).toBe('via-sha');
    expect(calls).toEqual(['evalsha', 'eval', 'evalsha']);
  });

  it('passes other errors through', async () => {
    const fake = { evalsha: async () => Promise.reject(new Error('WRONGTYPE')), eval: async () => 'never' } as unknown as Redis;
    await expect(runScript(fake, 'return 2', [], [])).rejects.toThrow('WRONGTYPE');
  });
});

describe('the Lua scripts of src/store/redis/scripts', () => {
  const scripts = [...loadedScripts()];

  it('are all loaded at start, one per file', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(26);
    expect(lua('report-claim')).toContain("redis.call('HGET', KEYS[1], 'status')");
    expect(() => lua('no-such-script')).toThrow(/no Lua script no-such-script/);
  });

  it.each(scripts)('%s opens with a KEYS/ARGV/returns header and uses exactly the keys its file name declares', (_name, script) => {
    const header = script.source
      .split('\n')
      .filter((l) => l.startsWith('--'))
      .join('\n');
    expect(header).toMatch(/KEYS\[1\]/);
    expect(header).toMatch(/ARGV/);
    expect(header).toMatch(/[Rr]eturn/);
    const body = script.source
      .split('\n')
      .filter((l) => !l.startsWith('--'))
      .join('\n');
    const used = Math.max(...[...body.matchAll(/KEYS\[(\d+)\]/g)].map((m) => Number(m[1])));
    expect(used).toBe(script.keys);
  });
});
