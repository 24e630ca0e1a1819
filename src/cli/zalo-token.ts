/**
 * `npm run zalo:token`: prints the status of the Zalo OA tokens stored in Redis (expiry, last
 * refresh, last failure) without printing the tokens. Exits 1 when the bot cannot write to Zalo.
 * `npm run zalo:token -- --reseed` replaces the stored pair with ZALO_ACCESS_TOKEN and
 * ZALO_REFRESH_TOKEN, after an OA admin re-authorised the app (the environment only seeds an empty store).
 */
import { createZaloHttp } from '../channels/zalo/client.js';
import { describeTokenStatus } from '../channels/zalo/token-status.js';
import { createZaloTokens } from '../channels/zalo/tokens.js';
import { ConfigError, loadConfig } from '../config.js';
import { deriveKeys, unseal } from '../lib/crypto.js';
import { createLogger } from '../lib/logger.js';
import { createRedisClient, waitForRedis } from '../store/redis/client.js';
import { createRedisZaloTokenStore } from '../store/redis/zalo.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  const config = loadConfig();
  if (!config.zalo) {
    out('The Zalo channel is off: set ZALO_APP_ID, ZALO_APP_SECRET and ZALO_OA_SECRET_KEY.');
    return 1;
  }
  const redis = createRedisClient(config);
  redis.on('error', () => undefined);
  try {
    await waitForRedis(redis, 5_000);
    const secrets = deriveKeys(config.appSecret);
    const tokens = createZaloTokens({
      store: createRedisZaloTokenStore(redis, config.redisKeyPrefix),
      encryptionKey: secrets.encryption,
      http: createZaloHttp(),
      oauthBaseUrl: config.zalo.oauthBaseUrl,
      appId: config.zalo.appId,
      appSecret: config.zalo.appSecret,
      seed: {},
      logger: createLogger('silent'),
    });
    if (argv.includes('--reseed')) {
      if (!config.zalo.accessToken && !config.zalo.refreshToken) {
        out('--reseed needs ZALO_ACCESS_TOKEN and/or ZALO_REFRESH_TOKEN in the environment.');
        return 1;
      }
      await tokens.replace(config.zalo.accessToken, config.zalo.refreshToken);
      out('Stored the tokens from the environment.');
    }
    const rec = await tokens.stored();
    let readable = true;
    try {
      for (const v of rec ? [rec.access, rec.refresh] : []) if (v) unseal(secrets.encryption, v);
    } catch {
      readable = false;
    }
    const status = describeTokenStatus(rec, Date.now(), readable);
    out(`Zalo OA tokens (Redis key prefix "${config.redisKeyPrefix}", app ${config.zalo.appId}):`);
    for (const line of status.lines) out(`  ${line}`);
    return status.healthy ? 0 : 1;
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `zalo:token failed: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
