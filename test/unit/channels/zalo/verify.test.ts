import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyZaloWebhook, zaloMac } from '../../../../src/channels/zalo/verify.js';

const appId = '1000000000000000001';
const oaSecretKey = 'oa-secret-key';
const raw = `{"app_id":"${appId}","event_name":"user_send_text","timestamp":"1785553200000","sender":{"id":"2400000000000000001"},"message":{"msg_id":"m1","text":"Xin chào"}}`;
const body = Buffer.from(raw, 'utf8');
const mac = createHash('sha256').update(`${appId}${raw}1785553200000${oaSecretKey}`, 'utf8').digest('hex');
const verify = (signature: string | string[] | undefined, rawBody: Buffer | undefined = body) => verifyZaloWebhook({ appId, oaSecretKey, rawBody, signature });

describe('zaloMac', () => {
  it('is a plain SHA-256 of app id + raw body + timestamp + OA secret key (not an HMAC)', () => {
    expect(zaloMac(appId, body, '1785553200000', oaSecretKey)).toBe(mac);
    expect(mac).not.toBe(createHmac('sha256', oaSecretKey).update(`${appId}${raw}1785553200000`).digest('hex'));
  });
});

describe('verifyZaloWebhook', () => {
  it('accepts mac=<hex>, a bare hex value, upper case hex and a repeated header', () => {
    for (const sig of [`mac=${mac}`, mac, `mac=${mac.toUpperCase()}`, [`mac=${mac}`]]) {
      const r = verify(sig);
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.body.event_name).toBe('user_send_text');
    }
  });

  it('accepts a numeric timestamp, signed as its digits', () => {
    const numeric = Buffer.from(raw.replace('"1785553200000"', '1785553200000'));
    expect(verify(`mac=${zaloMac(appId, numeric, '1785553200000', oaSecretKey)}`, numeric).ok).toBe(true);
  });

  it.each([
    ['no header', undefined, 'missing_signature'],
    ['an empty header', '', 'missing_signature'],
    ['a non-hex header', 'mac=not-hex!', 'missing_signature'],
    ['a wrong MAC', `mac=${'a'.repeat(64)}`, 'bad_signature'],
    ['a short MAC', `mac=${mac.slice(0, 32)}`, 'bad_signature'],
    ['a MAC made with the app secret', `mac=${zaloMac(appId, body, '1785553200000', 'app-secret')}`, 'bad_signature'],
  ])('refuses %s', (_name, sig, reason) => {
    expect(verify(sig)).toEqual({ ok: false, reason });
  });

  it('refuses a body changed by one byte, or re-serialised', () => {
    expect(verify(`mac=${mac}`, Buffer.from(raw.replace('Xin chào', 'Xin chao'))).ok).toBe(false);
    expect(verify(`mac=${mac}`, Buffer.from(JSON.stringify(JSON.parse(raw), null, 1))).ok).toBe(false);
  });

  it('refuses a body signed correctly but for another app', () => {
    const other = Buffer.from(raw.replace(`"app_id":"${appId}"`, '"app_id":"42"'));
    expect(verify(`mac=${zaloMac(appId, other, '1785553200000', oaSecretKey)}`, other)).toEqual({ ok: false, reason: 'wrong_app' });
  });

  it('refuses bodies it cannot read: empty, not JSON, not an object, no timestamp', () => {
    expect(verifyZaloWebhook({ appId, oaSecretKey, rawBody: undefined, signature: `mac=${mac}` })).toEqual({ ok: false, reason: 'malformed' });
    for (const b of [Buffer.alloc(0), Buffer.from('{"a":'), Buffer.from('[1]'), Buffer.from(`{"app_id":"${appId}"}`)]) {
      expect(verify(`mac=${mac}`, b)).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});
