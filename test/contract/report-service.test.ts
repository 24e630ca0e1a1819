/**
 * The officers' side of reports (reports/types.ts: ReportService) as the admin routes use it: the
 * FakeReports the admin tests run on (test/helpers/fake-reports.ts) is held to the same rules as the
 * real officer service over the memory and the Redis report stores, on what both implement.
 */
import { expect, it } from 'vitest';
import { createOfficerService } from '../../src/reports/officer-service.js';
import type { NewReport, ReportStore } from '../../src/reports/ports.js';
import type { ReportService } from '../../src/reports/types.js';
import { createMemoryReportStore } from '../../src/store/memory/reports.js';
import { createRedisReportStore } from '../../src/store/redis/reports.js';
import { contract } from '../helpers/contract.js';
import { createFakeReports } from '../helpers/fake-reports.js';

const CREATED = '2026-05-01T07:00:00.000Z';
const CODES = [
  ['TG-7K3M9Q', 'dinh-tram'],
  ['TG-22AB3C', 'quang-chau'],
] as const;

/** The real officer service over `store`, seeded like the fake: two new reports, and one whose reporter can no longer be reached. */
function officerService(store: ReportStore): ReportService {
  const service = createOfficerService({
    store,
    clock: () => new Date('2026-05-01T08:00:00Z'),
    relay: async () => false,
    reporterInbox: () => 'r',
    escalateMs: 86_400_000,
    retentionDays: 365,
  });
  const seeded = (async () => {
    for (const [code, kcn] of CODES) {
      const r: NewReport = {
        code,
        category: 'theft',
        kcn,
        createdAt: CREATED,
        reporterToken: 't',
        address: 'sealed',
        lookup: 'h',
        description: 'Mất xe',
        when: 'sáng nay',
        photos: [],
      };
      await store.submit(r, { reporter: code, day: 'd', dailyLimit: 5, draftPhotos: [], photoTtlSeconds: 60 });
    }
    const gone: NewReport = {
      code: 'TG-33CD4E',
      category: 'fight',
      kcn: 'dinh-tram',
      createdAt: CREATED,
      reporterToken: 't',
      lookup: 'h',
      description: 'Đánh nhau',
      when: 'tối qua',
      photos: [],
    };
    await store.submit(gone, { reporter: 'x', day: 'd', dailyLimit: 5, draftPhotos: [], photoTtlSeconds: 60 });
  })();
  const ready =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    async (...a: A) => (await seeded, fn(...a));
  return {
    list: ready(service.list),
    get: ready(service.get),
    claim: ready(service.claim),
    ask: ready(service.ask),
    note: ready(service.note),
    setStatus: ready(service.setStatus),
    photo: ready(service.photo),
  };
}

function fake(): ReportService {
  const f = createFakeReports();
  for (const [code, kcn] of CODES) f.seed({ code, kcn, createdAt: CREATED, description: 'Mất xe' });
  f.seed({ code: 'TG-33CD4E', kcn: 'dinh-tram', category: 'fight', createdAt: CREATED, description: 'Đánh nhau', canMessageReporter: false });
  return f;
}

contract<ReportService>(
  'report service',
  [
    { name: 'fake (admin tests)', build: () => fake() },
    { name: 'officer service on memory', build: () => officerService(createMemoryReportStore()) },
    { name: 'officer service on redis', build: ({ redis, prefix, secrets }) => officerService(createRedisReportStore(redis, prefix, secrets.encryption)) },
  ],
  (reports) => {
    it('lists by KCN and status, and reads a report in full', async () => {
      expect((await reports().list({ kcns: ['dinh-tram'] })).map((r) => r.code).sort()).toEqual(['TG-33CD4E', 'TG-7K3M9Q']);
      expect((await reports().list({ status: 'new', category: 'theft' })).map((r) => r.code).sort()).toEqual(['TG-22AB3C', 'TG-7K3M9Q']);
      expect(await reports().get('TG-7K3M9Q')).toMatchObject({
        code: 'TG-7K3M9Q',
        kcn: 'dinh-tram',
        status: 'new',
        createdAt: CREATED,
        canMessageReporter: true,
        messages: [],
        notes: [],
      });
      expect(await reports().get('TG-NONE99')).toBeUndefined();
    });

    it('claims for one officer; another officer may neither claim, ask nor close it', async () => {
      expect(await reports().claim('TG-7K3M9Q', 'lan')).toEqual({ ok: true, value: undefined });
      expect(await reports().claim('TG-7K3M9Q', 'minh')).toEqual({ ok: false, error: 'already_claimed' });
      expect(await reports().ask('TG-7K3M9Q', 'minh', 'Bạn ở đâu?')).toEqual({ ok: false, error: 'not_claimed_by_you' });
      expect(await reports().setStatus('TG-7K3M9Q', 'minh', 'resolved')).toEqual({ ok: false, error: 'not_claimed_by_you' });
      expect(await reports().claim('TG-NONE99', 'lan')).toEqual({ ok: false, error: 'not_found' });
      expect((await reports().get('TG-7K3M9Q'))?.claimedBy).toBe('lan');
    });

    it('asks the reporter, notes, refuses a thread whose reporter is gone, and closes for good', async () => {
      expect(await reports().ask('TG-7K3M9Q', 'lan', 'Xe màu gì?')).toEqual({ ok: true, value: { queued: true } });
      expect((await reports().get('TG-7K3M9Q'))?.messages).toMatchObject([{ from: 'officer', text: 'Xe màu gì?' }]);
      expect(await reports().note('TG-7K3M9Q', 'lan', 'đã gọi bảo vệ')).toEqual({ ok: true, value: undefined });
      expect((await reports().get('TG-7K3M9Q'))?.notes).toMatchObject([{ by: 'lan', text: 'đã gọi bảo vệ' }]);
      expect(await reports().ask('TG-33CD4E', 'lan', 'Còn ai bị thương?')).toEqual({ ok: false, error: 'thread_closed' });
      expect(await reports().setStatus('TG-7K3M9Q', 'lan', 'new')).toEqual({ ok: false, error: 'invalid_status' });
      expect(await reports().setStatus('TG-7K3M9Q', 'lan', 'resolved', 'đã tìm thấy xe')).toEqual({ ok: true, value: undefined });
      expect((await reports().get('TG-7K3M9Q'))?.status).toBe('resolved');
      expect(await reports().setStatus('TG-7K3M9Q', 'lan', 'rejected')).toEqual({ ok: false, error: 'closed' });
      expect(await reports().ask('TG-7K3M9Q', 'lan', 'Còn gì nữa?')).toEqual({ ok: false, error: 'closed' });
      expect(await reports().photo('TG-7K3M9Q', 'p1')).toBeUndefined();
    });

    it('takes a report waiting for the reporter back to in progress, and only such a report', async () => {
      expect(await reports().setStatus('TG-22AB3C', 'minh', 'claimed')).toEqual({ ok: false, error: 'invalid_status' });
      expect(await reports().ask('TG-22AB3C', 'minh', 'Bạn thấy mấy người?')).toEqual({ ok: true, value: { queued: true } });
      expect(await reports().get('TG-22AB3C')).toMatchObject({ status: 'need_info', claimedBy: 'minh' });
      expect(await reports().setStatus('TG-22AB3C', 'lan', 'claimed')).toEqual({ ok: false, error: 'not_claimed_by_you' });
      expect(await reports().setStatus('TG-22AB3C', 'minh', 'claimed', 'không chờ nữa')).toEqual({ ok: true, value: undefined });
      expect(await reports().get('TG-22AB3C')).toMatchObject({ status: 'claimed', claimedBy: 'minh', notes: [{ by: 'minh', text: 'không chờ nữa' }] });
      expect(await reports().setStatus('TG-22AB3C', 'minh', 'claimed')).toEqual({ ok: false, error: 'invalid_status' });
    });

    it('finds reports by words of their code, text, thread or notes, case and accents ignored', async () => {
      const found = async (text: string, kcns?: string[]) => (await reports().list({ text, kcns })).map((r) => r.code).sort();
      expect(await found('tg-22ab')).toEqual(['TG-22AB3C']);
      expect(await found('MẤT XE')).toEqual(['TG-22AB3C', 'TG-7K3M9Q']);
      expect(await found('may nguoi')).toEqual(['TG-22AB3C']);
      expect(await found('khong cho')).toEqual(['TG-22AB3C']);
      expect(await found('đánh nhau', ['quang-chau'])).toEqual([]);
      expect(await found('mất xe đạp')).toEqual([]);
    });
  },
);
