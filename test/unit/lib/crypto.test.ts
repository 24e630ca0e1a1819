import { describe, expect, it } from 'vitest';
import { deriveKeys, featurePseudonym, FEATURES, pseudonymize, seal, unseal } from '../../../src/lib/crypto.js';
import { reporterToken, reporterTokenMatches } from '../../../src/reports/codes.js';

describe('keys and sealing', () => {
  const keys = deriveKeys('a'.repeat(32));

  it('derives distinct 32-byte keys per purpose, stable for a secret', () => {
    expect(keys.pseudonym).toHaveLength(32);
    expect(keys.pseudonym.equals(keys.encryption)).toBe(false);
    expect(keys.encryption.equals(keys.cookie)).toBe(false);
    expect(deriveKeys('a'.repeat(32)).pseudonym.equals(keys.pseudonym)).toBe(true);
    expect(deriveKeys('b'.repeat(32)).pseudonym.equals(keys.pseudonym)).toBe(false);
  });

  it('pseudonymises per channel without revealing the id', () => {
    const a = pseudonymize(keys.pseudonym, 'zalo', '2468458835296197922');
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toContain('2468458835296197922');
    expect(pseudonymize(keys.pseudonym, 'messenger', '2468458835296197922')).not.toBe(a);
    expect(pseudonymize(keys.pseudonym, 'zalo', '2468458835296197922')).toBe(a);
  });

  it('gives each feature its own pseudonym and key, stable per person, unrelated to the session pseudonym', () => {
    const session = pseudonymize(keys.pseudonym, 'zalo', '2468458835296197922');
    const [report, signup] = FEATURES.map((f) => featurePseudonym(keys, f, session));
    expect(report).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set([session, report, signup]).size).toBe(3);
    expect(featurePseudonym(keys, 'report', session)).toBe(report);
    expect(keys.features.report.equals(keys.features.signup)).toBe(false);
    expect(keys.features.report.equals(keys.pseudonym)).toBe(false);
    expect(featurePseudonym(deriveKeys('b'.repeat(32)), 'report', session)).not.toBe(report);
  });

  it('makes a different reporter token for every report of one reporter, checked in constant time', () => {
    const reporter = featurePseudonym(keys, 'report', 'session-pseudonym');
    const a = reporterToken(keys.reporterToken, 'TG-AAAAAA', reporter);
    expect(reporterToken(keys.reporterToken, 'TG-BBBBBB', reporter)).not.toBe(a);
    expect(a).not.toContain(reporter);
    expect(reporterTokenMatches(keys.reporterToken, 'TG-AAAAAA', reporter, a)).toBe(true);
    expect(reporterTokenMatches(keys.reporterToken, 'TG-AAAAAA', featurePseudonym(keys, 'report', 'someone-else'), a)).toBe(false);
    expect(reporterTokenMatches(keys.reporterToken, 'TG-AAAAAA', reporter, undefined)).toBe(false);
  });

  it('seals with AES-256-GCM: round trip, fresh IV, tamper detection, wrong key rejected', () => {
    const s1 = seal(keys.encryption, 'Nguyễn Văn A 0912345678');
    const s2 = seal(keys.encryption, 'Nguyễn Văn A 0912345678');
    expect(s1).not.toBe(s2);
    expect(s1).not.toContain('0912345678');
    expect(unseal(keys.encryption, s1)).toBe('Nguyễn Văn A 0912345678');
    const parts = s1.split('.');
    const flipped = parts[3]!.startsWith('A') ? `B${parts[3]!.slice(1)}` : `A${parts[3]!.slice(1)}`;
    expect(() => unseal(keys.encryption, [...parts.slice(0, 3), flipped].join('.'))).toThrow();
    expect(() => unseal(keys.cookie, s1)).toThrow();
    expect(() => unseal(keys.encryption, 'garbage')).toThrow(/not a sealed value/);
  });

  it('gives every sealed value its own 96-bit nonce, also across refills of the random pool', () => {
    const sealed = Array.from({ length: 2000 }, () => seal(keys.encryption, 'cùng một nội dung'));
    const nonces = sealed.map((v) => v.split('.')[1]!);
    expect(new Set(nonces).size).toBe(2000);
    for (const n of nonces) expect(Buffer.from(n, 'base64url')).toHaveLength(12);
    for (const v of sealed) expect(unseal(keys.encryption, v)).toBe('cùng một nội dung');
  });
});
