import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appSecretProof, checkSignature, safeEqual, subscriptionChallenge } from '../../../../src/channels/messenger/verify.js';
import { APP_SECRET, fixture, sign } from '../../../helpers/messenger-events.js';

describe('checkSignature (X-Hub-Signature-256)', () => {
  const raw = Buffer.from(fixture('text-non-ascii.json'), 'utf8');

  it('accepts the HMAC-SHA256 of the exact bytes, in either hex case', () => {
    expect(checkSignature(APP_SECRET, raw, sign(raw))).toBe('valid');
    expect(checkSignature(APP_SECRET, raw, sign(raw).toUpperCase().replace('SHA256=', 'sha256='))).toBe('valid');
  });

  it('tells a missing header from a malformed or wrong one', () => {
    expect(checkSignature(APP_SECRET, raw, undefined)).toBe('missing');
    expect(checkSignature(APP_SECRET, raw, '')).toBe('missing');
    expect(checkSignature(APP_SECRET, raw, 'sha1=abc')).toBe('malformed');
    expect(checkSignature(APP_SECRET, raw, `sha256=${'0'.repeat(63)}`)).toBe('malformed');
    expect(checkSignature(APP_SECRET, raw, [sign(raw), sign(raw)])).toBe('malformed');
    expect(checkSignature(APP_SECRET, raw, sign(raw, 'other secret'))).toBe('mismatch');
  });

  it('fails on a tampered body and on the re-serialised JSON of a non-ASCII body', () => {
    const header = sign(raw);
    const tampered = Buffer.from(raw.toString('utf8').replace('m_nonascii_0001', 'm_nonascii_0002'));
    expect(checkSignature(APP_SECRET, tampered, header)).toBe('mismatch');
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))));
    expect(reserialised.equals(raw)).toBe(false);
    expect(checkSignature(APP_SECRET, reserialised, header)).toBe('mismatch');
  });
});

describe('subscriptionChallenge (GET handshake)', () => {
  const q = (o: Record<string, unknown>) => ({ 'hub.mode': 'subscribe', 'hub.verify_token': 'tok', 'hub.challenge': '123', ...o });

  it('returns the raw challenge only for mode=subscribe and the right token', () => {
    expect(subscriptionChallenge(q({}), 'tok')).toBe('123');
    expect(subscriptionChallenge(q({ 'hub.verify_token': 'tok2' }), 'tok')).toBeUndefined();
    expect(subscriptionChallenge(q({ 'hub.verify_token': 'to' }), 'tok')).toBeUndefined();
    expect(subscriptionChallenge(q({ 'hub.mode': 'unsubscribe' }), 'tok')).toBeUndefined();
    expect(subscriptionChallenge(q({ 'hub.challenge': ['1', '2'] }), 'tok')).toBeUndefined();
    expect(subscriptionChallenge({}, 'tok')).toBeUndefined();
  });

  it('compares strings of any length without throwing', () => {
    expect(safeEqual('a', 'a')).toBe(true);
    expect(safeEqual('a', 'ab')).toBe(false);
    expect(safeEqual('ă', 'a')).toBe(false);
  });
});

describe('appSecretProof', () => {
  it('is the hex HMAC-SHA256 of the token keyed with the app secret', () => {
    expect(appSecretProof('token', 'secret')).toBe(createHmac('sha256', 'secret').update('token').digest('hex'));
    expect(appSecretProof('token', 'secret')).toMatch(/^[0-9a-f]{64}$/);
  });
});
