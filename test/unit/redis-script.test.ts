import { describe, expect, it } from 'vitest';
import { runScript } from '../../src/store/redis/script.js';
import type { Redis } from '../../src/store/redis/client.js';

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
