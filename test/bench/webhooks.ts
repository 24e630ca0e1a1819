/**
 * Signed webhooks as the platforms send them, for the benchmarks: the same bytes and headers a real
 * Zalo OA or Messenger delivery carries, so every benchmark goes through the bot's verification.
 */
import { createHash, createHmac } from 'node:crypto';

/** One signed webhook: path, headers, body, and the channel and user it carries. */
export interface Webhook {
  path: string;
  headers: Record<string, string>;
  body: string;
  channel: 'zalo' | 'messenger';
  userId: string;
}

/** The test apps' credentials the benchmarks give the bot (and the peer). */
export const ZALO = { appId: '1000000000000000001', oaSecretKey: 'bench-oa-secret-key', appSecret: 'bench-app-secret' };
export const META = { appSecret: 'bench-fb-app-secret', pageToken: 'bench-page-token', verifyToken: 'bench-verify', pageId: '105000000000001' };

/** A Zalo OA `user_send_text` event from `userId`. */
export function zaloWebhook(userId: string, msgId: string, text: string): Webhook {
  const ts = String(Date.now());
  const body = JSON.stringify({
    app_id: ZALO.appId,
    user_id_by_app: '5500000000000000001',
    event_name: 'user_send_text',
    timestamp: ts,
    sender: { id: userId },
    recipient: { id: '3800000000000000001' },
    message: { msg_id: msgId, text },
  });
  const mac = createHash('sha256').update(ZALO.appId).update(body).update(ts).update(ZALO.oaSecretKey).digest('hex');
  return { path: '/webhooks/zalo', headers: { 'content-type': 'application/json', 'x-zevent-signature': `mac=${mac}` }, body, channel: 'zalo', userId };
}

/**
 * A Messenger text message from PSID `userId`, signed with SHA-256 (what the bot checks) and SHA-1
 * (what Botkit's Facebook adapter checks), so the same bytes can go to both.
 */
export function messengerWebhook(userId: string, mid: string, text: string): Webhook {
  const ts = Date.now();
  const event = { sender: { id: userId }, recipient: { id: META.pageId }, timestamp: ts, message: { mid, text } };
  const body = JSON.stringify({ object: 'page', entry: [{ id: META.pageId, time: ts, messaging: [event] }] });
  const sign = (algorithm: string) => `${algorithm}=${createHmac(algorithm, META.appSecret).update(body).digest('hex')}`;
  return {
    path: '/webhooks/messenger',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign('sha256'), 'x-hub-signature': sign('sha1') },
    body,
    channel: 'messenger',
    userId,
  };
}

/** The bot's environment for the benchmarks: production mode, both platforms on, their APIs at the stand-ins. */
export function botEnv(redisUrl: string, urls: { zalo: string; graph: string }): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    APP_SECRET: 'bench-secret-bench-secret-bench-secret-1',
    REDIS_URL: redisUrl,
    REDIS_CLUSTER_NODES: '',
    ZALO_APP_ID: ZALO.appId,
    ZALO_APP_SECRET: ZALO.appSecret,
    ZALO_OA_SECRET_KEY: ZALO.oaSecretKey,
    ZALO_ACCESS_TOKEN: 'bench-access-token',
    ZALO_REFRESH_TOKEN: 'bench-refresh-token',
    ZALO_API_BASE_URL: urls.zalo,
    ZALO_OAUTH_BASE_URL: urls.zalo,
    FB_PAGE_ACCESS_TOKEN: META.pageToken,
    FB_APP_SECRET: META.appSecret,
    FB_VERIFY_TOKEN: META.verifyToken,
    FB_GRAPH_API_URL: urls.graph,
  };
}
