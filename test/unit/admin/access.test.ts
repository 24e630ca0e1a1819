/** Role and KCN rules, the officer-facing projection of reports, page-data escaping and TOTP checks. */
import { Secret } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { canSeeKcn, canUseReports, isSupervisor, visibleKcns } from '../../../src/admin/access.js';
import { jsonForHtml } from '../../../src/admin/page.js';
import { detailView, summaryView } from '../../../src/admin/report-view.js';
import { checkTotp, currentTotp, newTotpSecret } from '../../../src/admin/totp.js';
import type { StaffIdentity } from '../../../src/admin/types.js';
import type { ReportDetail } from '../../../src/reports/types.js';

const officer: StaffIdentity = { username: 'lan', role: 'officer', kcns: ['dinh-tram', 'other'] };
const supervisor: StaffIdentity = { username: 'boss', role: 'supervisor', kcns: [] };
const organizer: StaffIdentity = { username: 'btc', role: 'organizer', kcns: ['dinh-tram'] };

describe('access rules', () => {
  it('lets officers see their KCNs only, supervisors every KCN, organisers none', () => {
    expect(canSeeKcn(officer, 'dinh-tram')).toBe(true);
    expect(canSeeKcn(officer, 'other')).toBe(true);
    expect(canSeeKcn(officer, 'quang-chau')).toBe(false);
    expect(canSeeKcn(supervisor, 'quang-chau')).toBe(true);
    expect(canSeeKcn(organizer, 'dinh-tram')).toBe(false);
    expect([officer, supervisor, organizer].map(canUseReports)).toEqual([true, true, false]);
    expect([officer, supervisor, organizer].map(isSupervisor)).toEqual([false, true, false]);
  });

  it('narrows an officer listing silently and leaves a supervisor listing as asked', () => {
    expect(visibleKcns(officer)).toEqual(['dinh-tram', 'other']);
    expect(visibleKcns(officer, 'dinh-tram')).toEqual(['dinh-tram']);
    expect(visibleKcns(officer, 'quang-chau')).toEqual([]);
    expect(visibleKcns(supervisor)).toBeUndefined();
    expect(visibleKcns(supervisor, 'quang-chau')).toEqual(['quang-chau']);
  });
});

describe('report views', () => {
  it('copies only the listed fields', () => {
    const report = {
      code: 'TG-7K3M9Q',
      status: 'new',
      category: 'theft',
      kcn: 'dinh-tram',
      createdAt: '2026-05-01T07:00:00.000Z',
      description: 'd',
      when: 'w',
      attachments: [{ id: 'p1', contentType: 'image/jpeg', bytes: 10, path: '/secret' }],
      messages: [{ from: 'reporter', text: 'hi', at: 'now', userId: 'zalo-123' }],
      notes: [],
      canMessageReporter: true,
      reporterId: 'zalo-123',
      pseudonym: 'abc',
    } as unknown as ReportDetail;
    const text = JSON.stringify([detailView(report), summaryView(report)]);
    expect(text).not.toMatch(/zalo-123|pseudonym|abc|\/secret/);
    expect(detailView(report).attachments[0]!.url).toBe('/api/admin/reports/TG-7K3M9Q/attachments/p1');
  });
});

describe('page data', () => {
  it('cannot close the script block or open a comment', () => {
    const json = jsonForHtml({ t: '</script><script>alert(1)</script><!-- & \u2028' });
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json)).toEqual({ t: '</script><script>alert(1)</script><!-- & \u2028' });
  });
});

describe('totp', () => {
  it('accepts the current code and the neighbouring steps, and refuses others', () => {
    const { base32, uri } = newTotpSecret('lan');
    expect(Secret.fromBase32(base32).bytes.length).toBe(20);
    expect(uri).toContain(`secret=${base32}`);
    const now = Date.UTC(2026, 4, 1, 8, 0, 15);
    const step = Math.floor(now / 30_000);
    expect(checkTotp('lan', base32, currentTotp('lan', base32, now), now)).toBe(step);
    expect(checkTotp('lan', base32, currentTotp('lan', base32, now - 30_000), now)).toBe(step - 1);
    expect(checkTotp('lan', base32, currentTotp('lan', base32, now - 120_000), now)).toBeUndefined();
  });
});
