/** Posts a webhook body to the bot the way Meta does: exact bytes, JSON, signed with the app secret. */
import type { Express } from 'express';
import request from 'supertest';
import { sign } from './messenger-events.js';

export const WEBHOOK_PATH = '/webhooks/messenger';

/**
 * Posts `body` (an object, or exact bytes as a string) and expects `status`. `signature` replaces the
 * right one; an empty string sends no signature header.
 */
export async function postWebhook(app: Express, body: string | object, opts: { signature?: string; status?: number } = {}) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const req = request(app).post(WEBHOOK_PATH).set('content-type', 'application/json');
  if (opts.signature !== '') req.set('x-hub-signature-256', opts.signature ?? sign(raw));
  return req.send(raw).expect(opts.status ?? 200);
}
