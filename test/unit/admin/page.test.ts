/** Every text the dashboard asks for exists, in both languages. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../../src/admin/audit.js';
import { ADMIN_PUBLIC } from '../../../src/admin/page.js';
import { REPORT_STATUSES } from '../../../src/reports/types.js';
import { adminKeys, missingAdminTexts } from '../../helpers/texts.js';

describe('admin texts', () => {
  it('has the same keys in Vietnamese and English', () => {
    expect([...adminKeys('en')].sort()).toEqual([...adminKeys('vi')].sort());
  });

  it('has every literal key the page scripts use, every status, action, role and API error', () => {
    const used = new Set<string>();
    for (const file of readdirSync(ADMIN_PUBLIC).filter((f) => f.endsWith('.js'))) {
      const source = readFileSync(join(ADMIN_PUBLIC, file), 'utf8');
      for (const m of source.matchAll(/\bt\('([\w.]+)'/g)) used.add(m[1]!);
    }
    for (const s of REPORT_STATUSES) used.add(`status.${s}`);
    for (const a of AUDIT_ACTIONS) used.add(`actions.${a}`);
    for (const r of ['officer', 'supervisor', 'organizer']) used.add(`roles.${r}`);
    for (const e of [
      'invalid_credentials',
      'totp_required',
      'totp_invalid',
      'totp_not_enrolled',
      'locked',
      'unauthenticated',
      'csrf_invalid',
      'forbidden',
      'not_found',
      'already_claimed',
      'not_claimed_by_you',
      'closed',
      'thread_closed',
      'invalid_status',
      'invalid_request',
      'network',
    ]) {
      used.add(`errors.${e}`);
    }
    expect(used.size).toBeGreaterThan(60);
    expect(missingAdminTexts(used)).toEqual({ vi: [], en: [] });
  });
});
