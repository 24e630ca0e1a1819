/** The Zalo channel's ports (channels/zalo/ports.ts) on Redis: the token record and the contacts. */
import { expect, it } from 'vitest';
import type { ZaloContactStore, ZaloTokenStore } from '../../src/channels/zalo/ports.js';
import { createZaloKeys } from '../../src/store/redis/keys.js';
import { createRedisZaloContactStore, createRedisZaloTokenStore } from '../../src/store/redis/zalo.js';
import { contract } from '../helpers/contract.js';

const LOCK = { ttlMs: 1_000, waitMs: 50 };

contract<ZaloTokenStore>(
  'zalo token store',
  [{ name: 'redis', build: ({ redis, prefix }) => createRedisZaloTokenStore(redis, prefix, LOCK) }],
  (store, env) => {
    it('seeds only an empty store, replaces on set', async () => {
      expect(await store().get()).toBeUndefined();
      await store().setIfAbsent('{"v":1,"seed":1}');
      await store().setIfAbsent('{"v":1,"seed":2}');
      expect(await store().get()).toBe('{"v":1,"seed":1}');
      await store().set('{"v":1,"seed":3}');
      expect(await store().get()).toBe('{"v":1,"seed":3}');
    });

    it('runs one refresh at a time across instances; a caller that waits too long gets USER_BUSY', async () => {
      const otherInstance = createRedisZaloTokenStore(env().redis, env().prefix, LOCK);
      let release: () => void = () => undefined;
      const first = store().whileRefreshing(() => new Promise<string>((r) => (release = () => r('first'))));
      await new Promise((r) => setTimeout(r, 10));
      await expect(otherInstance.whileRefreshing(async () => 'second')).rejects.toMatchObject({ code: 'USER_BUSY' });
      release();
      expect(await first).toBe('first');
      expect(await otherInstance.whileRefreshing(async () => 'third')).toBe('third');
    });
  },
);

contract<ZaloContactStore>(
  'zalo contact store',
  [{ name: 'redis', build: ({ redis, prefix }) => createRedisZaloContactStore(redis, prefix) }],
  (store, env) => {
    const read = () => env().redis.hgetall(createZaloKeys({ prefix: env().prefix }).contact('u1'));
    it('touches, marks undeliverable only an existing contact, and forgets', async () => {
      await store().markUndeliverable('u1', '-213', new Date(1000));
      expect(await read()).toEqual({});
      await store().touch('u1', 'sealed', new Date(2000), 60);
      await store().markUndeliverable('u1', '-213', new Date(3000));
      expect(await read()).toEqual({ address: 'sealed', lastInteraction: '2000', undeliverable: '-213', undeliverableAt: '3000' });
      await store().touch('u1', 'sealed', new Date(4000), 60);
      expect(await read()).toEqual({ address: 'sealed', lastInteraction: '4000' });
      expect(await env().redis.ttl(createZaloKeys({ prefix: env().prefix }).contact('u1'))).toBeGreaterThan(50);
      await store().forget('u1');
      expect(await read()).toEqual({});
    });
  },
);
