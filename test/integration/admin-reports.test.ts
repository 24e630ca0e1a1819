/**
 * The pinned report API over a fake ReportService: KCN scoping per role, the actions and their
 * error codes, photos, the supervisors' CSV and audit log, and what never leaves the server.
 */
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAdminApp, type AdminTestApp } from '../helpers/fake-reports.js';
import { rawBytes } from '../helpers/http.js';

let t: AdminTestApp;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

beforeEach(async () => {
  t = await startAdminApp('adminreports');
  await t.addTeam();
  t.reports.seed({
    code: 'TG-7K3M9Q',
    kcn: 'dinh-tram',
    description: '<script>alert(1)</script> xe máy',
    attachments: [{ id: 'p1', contentType: 'image/png', bytes: PNG.length }],
  });
  t.reports.seed({ code: 'TG-22AB3C', kcn: 'quang-chau', category: 'drugs', createdAt: '2026-05-01T06:00:00.000Z' });
  t.reports.seed({ code: 'TG-33CD4E', kcn: 'other', status: 'resolved' });
  t.reports.photos.set('TG-7K3M9Q/p1', { contentType: 'image/png', data: PNG });
});
afterEach(() => t.cleanup());

const codes = (body: { reports: { code: string }[] }) => body.reports.map((r) => r.code).sort();

describe('listing and reading reports', () => {
  it('shows an officer only the reports of their KCNs, and filters another KCN silently', async () => {
    const { agent } = await t.login('lan');
    const all = await agent.get('/api/admin/reports');
    expect(all.status).toBe(200);
    expect(codes(all.body)).toEqual(['TG-7K3M9Q']);
    expect(all.body.reports[0]).toMatchObject({ code: 'TG-7K3M9Q', status: 'new', category: 'theft', kcn: 'dinh-tram', createdAt: expect.any(String) });
    expect(codes((await agent.get('/api/admin/reports?kcn=quang-chau')).body)).toEqual([]);
  });

  it('shows a supervisor everything, with status and category filters', async () => {
    const { agent } = await t.login('chi-huy');
    expect(codes((await agent.get('/api/admin/reports')).body)).toEqual(['TG-22AB3C', 'TG-33CD4E', 'TG-7K3M9Q']);
    expect(codes((await agent.get('/api/admin/reports?status=resolved')).body)).toEqual(['TG-33CD4E']);
    expect(codes((await agent.get('/api/admin/reports?category=drugs')).body)).toEqual(['TG-22AB3C']);
  });

  it('answers 400 naming the field for a bad filter', async () => {
    const { agent } = await t.login('chi-huy');
    const res = await agent.get('/api/admin/reports?status=open');
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('status');
    expect((await agent.get('/api/admin/reports?kcn=nowhere')).body.error.field).toBe('kcn');
  });

  it('gives the pinned report shape; a report of another KCN is 404 exactly like an unknown code', async () => {
    const { agent } = await t.login('lan');
    const res = await agent.get('/api/admin/reports/TG-7K3M9Q');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ code: 'TG-7K3M9Q', status: 'new', category: 'theft', kcn: 'dinh-tram', when: 'sáng nay', messages: [], notes: [] });
    expect(res.body.description).toBe('<script>alert(1)</script> xe máy');
    expect(res.body.attachments).toEqual([{ id: 'p1', contentType: 'image/png', bytes: PNG.length, url: '/api/admin/reports/TG-7K3M9Q/attachments/p1' }]);
    const elsewhere = await agent.get('/api/admin/reports/TG-22AB3C');
    const missing = await agent.get('/api/admin/reports/TG-ZZZZZZ');
    expect(elsewhere.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(elsewhere.body).toEqual(missing.body);
    expect((await agent.get('/api/admin/reports/TG-22AB3C/attachments/p1')).body).toEqual(missing.body);
    expect((await agent.get('/api/admin/reports/TG-2222222')).status).toBe(404);
  });

  it('refuses organisers every report route (403)', async () => {
    const { agent, csrf } = await t.login('btc');
    expect((await agent.get('/api/admin/reports')).status).toBe(403);
    expect((await agent.get('/api/admin/reports/TG-7K3M9Q')).status).toBe(403);
    expect((await agent.post('/api/admin/reports/TG-7K3M9Q/claim').set('X-CSRF-Token', csrf)).status).toBe(403);
    expect((await agent.get('/api/admin/reports.csv')).status).toBe(403);
  });

  it('rounds every time shown to officers down to the minute: queue, report, thread, notes and CSV', async () => {
    t.reports.seed({
      code: 'TG-66HJ7K',
      kcn: 'dinh-tram',
      createdAt: '2026-05-01T07:42:31.987Z',
      messages: [{ from: 'reporter', text: 'Xe màu đỏ', at: '2026-05-01T08:15:59.001Z' }],
      notes: [{ by: 'lan', text: 'Đã gọi tuần tra', at: '2026-05-01T08:16:07.500Z' }],
    });
    const { agent } = await t.login('lan');
    const listed = (await agent.get('/api/admin/reports')).body.reports.find((r: { code: string }) => r.code === 'TG-66HJ7K');
    expect(listed.createdAt).toBe('2026-05-01T07:42:00.000Z');
    const detail = (await agent.get('/api/admin/reports/TG-66HJ7K')).body;
    expect([detail.createdAt, detail.messages[0].at, detail.notes[0].at]).toEqual([
      '2026-05-01T07:42:00.000Z',
      '2026-05-01T08:15:00.000Z',
      '2026-05-01T08:16:00.000Z',
    ]);
    const csv = (await (await t.login('chi-huy')).agent.get('/api/admin/reports.csv')).text;
    expect(csv).toContain('TG-66HJ7K,new,theft,dinh-tram,2026-05-01T07:42:00.000Z,');
    expect(JSON.stringify(detail) + JSON.stringify(listed) + csv).not.toMatch(/:31\.987|:59\.001|:07\.500/);
  });

  it('never passes on fields a service might attach about the reporter', async () => {
    const leaky = t.reports.reports.get('TG-7K3M9Q')! as unknown as Record<string, unknown>;
    Object.assign(leaky, { reporterId: 'zalo-uid-123456789', pseudonym: 'pseudo-abc', displayName: 'Nguyễn Văn A' });
    const { agent } = await t.login('lan');
    const text = JSON.stringify((await agent.get('/api/admin/reports/TG-7K3M9Q')).body) + JSON.stringify((await agent.get('/api/admin/reports')).body);
    for (const secret of ['zalo-uid-123456789', 'pseudo-abc', 'Nguyễn Văn A']) expect(text).not.toContain(secret);
  });

  it('serves a photo only to staff who may see the report', async () => {
    const lan = await t.login('lan');
    const res = await lan.agent.get('/api/admin/reports/TG-7K3M9Q/attachments/p1');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(Buffer.compare(res.body as Buffer, PNG)).toBe(0);
    expect((await lan.agent.get('/api/admin/reports/TG-7K3M9Q/attachments/nope')).status).toBe(404);
    const minh = await t.login('minh');
    expect((await minh.agent.get('/api/admin/reports/TG-7K3M9Q/attachments/p1')).status).toBe(404);
  });
});

describe('acting on reports', () => {
  it('claims, asks, notes and resolves, mapping service errors to 409 and 422', async () => {
    const lan = await t.login('lan');
    const post = (path: string, body?: object) => lan.agent.post(`/api/admin/reports/TG-7K3M9Q/${path}`).set('X-CSRF-Token', lan.csrf).send(body);
    expect((await post('claim')).status).toBe(200);
    const asked = await post('messages', { text: 'Xe màu gì?' });
    expect(asked.body).toEqual({ ok: true, queued: true });
    expect((await post('notes', { text: 'Đã báo đội tuần tra' })).status).toBe(200);
    const report = (await lan.agent.get('/api/admin/reports/TG-7K3M9Q')).body;
    expect(report.messages).toEqual([{ from: 'officer', text: 'Xe màu gì?', at: expect.any(String) }]);
    expect(report.notes[0]).toMatchObject({ by: 'lan', text: 'Đã báo đội tuần tra' });
    expect((await post('status', { status: 'resolved', note: 'Đã xử lý' })).status).toBe(200);
    expect((await post('messages', { text: 'Còn gì không?' })).status).toBe(409);

    const boss = await t.login('chi-huy');
    const claimAgain = await boss.agent.post('/api/admin/reports/TG-22AB3C/claim').set('X-CSRF-Token', boss.csrf);
    expect(claimAgain.status).toBe(200);
    t.reports.reports.get('TG-22AB3C')!.claimedBy = 'someone-else';
    expect((await boss.agent.post('/api/admin/reports/TG-22AB3C/claim').set('X-CSRF-Token', boss.csrf)).status).toBe(409);
  });

  it('validates bodies with 400 naming the field', async () => {
    const lan = await t.login('lan');
    const post = (path: string, body: object) => lan.agent.post(`/api/admin/reports/TG-7K3M9Q/${path}`).set('X-CSRF-Token', lan.csrf).send(body);
    expect((await post('messages', { text: '   ' })).body.error).toMatchObject({ code: 'invalid_request', field: 'text' });
    expect((await post('messages', { text: 'x'.repeat(2001) })).body.error.field).toBe('text');
    expect((await post('status', { status: 'new' })).body.error.field).toBe('status');
  });

  it('maps invalid_status to 422 and not_found to 404', async () => {
    const lan = await t.login('lan');
    t.reports.setStatus = async () => ({ ok: false, error: 'invalid_status' });
    const res = await lan.agent.post('/api/admin/reports/TG-7K3M9Q/status').set('X-CSRF-Token', lan.csrf).send({ status: 'need_info' });
    expect(res.status).toBe(422);
    t.reports.claim = async () => ({ ok: false, error: 'not_found' });
    expect((await lan.agent.post('/api/admin/reports/TG-7K3M9Q/claim').set('X-CSRF-Token', lan.csrf)).status).toBe(404);
  });

  it('keeps an officer of another KCN out of every action (404, as for a missing report)', async () => {
    const minh = await t.login('minh');
    for (const [path, body] of [
      ['claim', undefined],
      ['messages', { text: 'hi' }],
      ['notes', { text: 'hi' }],
      ['status', { status: 'resolved' }],
    ] as const) {
      const res = await minh.agent.post(`/api/admin/reports/TG-7K3M9Q/${path}`).set('X-CSRF-Token', minh.csrf).send(body);
      expect(res.status, path).toBe(404);
    }
    expect(t.reports.reports.get('TG-7K3M9Q')!.status).toBe('new');
  });
});

describe('supervisor tools', () => {
  it('exports CSV: BOM, NFC, quoted commas, quotes and newlines, neutralised formulas', async () => {
    t.reports.seed({ code: 'TG-44EF5G', kcn: 'viet-han', description: 'Dòng 1, có "trích dẫn"\nDòng 2', when: '=HYPERLINK("x")', place: 'Cổng B' });
    const nfd = 'Hòa'.normalize('NFD');
    t.reports.seed({ code: 'TG-55GH6J', kcn: 'hoa-phu', description: `${nfd} Phú ở đây` });
    const boss = await t.login('chi-huy');
    const res = await boss.agent.get('/api/admin/reports.csv').buffer(true).parse(rawBytes);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="tg-reports-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text).toBe(text.normalize('NFC'));
    expect(text).toContain('Hòa Phú ở đây'.normalize('NFC'));
    expect(text.split('\r\n')[0]).toBe(
      'Mã tin,Trạng thái,Loại vụ việc,KCN,Thời điểm gửi,Người nhận xử lý,Thời gian xảy ra,Địa điểm,Nội dung,Số tin trao đổi,Số ghi chú',
    );
    expect(text).toContain(`TG-44EF5G,new,theft,viet-han,2026-05-01T07:00:00.000Z,,"'=HYPERLINK(""x"")",Cổng B,"Dòng 1, có ""trích dẫn""\nDòng 2",0,0\r\n`);
  });

  it('refuses the CSV and the audit log to officers', async () => {
    const lan = await t.login('lan');
    expect((await lan.agent.get('/api/admin/reports.csv')).status).toBe(403);
    expect((await lan.agent.get('/api/admin/audit')).status).toBe(403);
  });

  it('appends every action to the audit stream, without message texts', async () => {
    await request(t.app).post('/api/admin/login').send({ username: 'lan', password: 'wrong-password' });
    await request(t.app).post('/api/admin/login').send({ username: 'ghost', password: 'wrong-password' });
    const lan = await t.login('lan');
    const post = (path: string, body?: object) => lan.agent.post(`/api/admin/reports/TG-7K3M9Q/${path}`).set('X-CSRF-Token', lan.csrf).send(body);
    await post('claim');
    await post('messages', { text: 'Câu hỏi bí mật' });
    await post('notes', { text: 'Ghi chú bí mật' });
    await lan.agent.get('/api/admin/reports/TG-7K3M9Q/attachments/p1');
    await post('status', { status: 'resolved' });
    const boss = await t.login('chi-huy');
    await boss.agent.get('/api/admin/reports.csv');
    const res = await boss.agent.get('/api/admin/audit?limit=100');
    expect(res.status).toBe(200);
    const actions = res.body.entries.map((e: { actor: string; action: string; report?: string }) => `${e.actor}:${e.action}:${e.report ?? ''}`).reverse();
    expect(actions).toEqual([
      'lan:login_failed:',
      '(unknown):login_failed:',
      'lan:login:',
      'lan:claim:TG-7K3M9Q',
      'lan:message:TG-7K3M9Q',
      'lan:note:TG-7K3M9Q',
      'lan:photo:TG-7K3M9Q',
      'lan:status:TG-7K3M9Q',
      'chi-huy:login:',
      'chi-huy:export:',
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/bí mật/);
    expect(await t.redis.type(`${t.config.redisKeyPrefix}:staff:audit`)).toBe('stream');
    const older = await boss.agent.get(`/api/admin/audit?limit=2&before=${res.body.entries[1].id}`);
    expect(older.body.entries.map((e: { id: string }) => e.id)).toEqual([res.body.entries[2].id, res.body.entries[3].id]);
  });
});
