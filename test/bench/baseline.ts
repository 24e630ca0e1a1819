/**
 * The benchmark's baseline: the least a webhook endpoint must do. express reads the body, parses the
 * same JSON, one SET NX on the message id and one GET, then 200. Run by load.ts as its own process
 * with PORT and REDIS_URL.
 */
import express from 'express';
import { Redis } from 'ioredis';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const app = express();
app.disable('x-powered-by');

/** The platform message id of a Zalo or Messenger body. */
function messageId(body: Record<string, any>): string {
  return String(body.message?.msg_id ?? body.entry?.[0]?.messaging?.[0]?.message?.mid ?? 'none');
}

app.post('/webhooks/:channel', express.raw({ type: () => true, limit: '2mb' }), async (req, res) => {
  const body = JSON.parse((req.body as Buffer).toString('utf8')) as Record<string, unknown>;
  const key = `baseline:seen:${req.params.channel}:${messageId(body)}`;
  await redis.set(key, '1', 'EX', 3600, 'NX');
  await redis.get(key);
  res.status(200).json({ ok: true });
});
app.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' });
});
app.listen(Number(process.env.PORT), '127.0.0.1');
