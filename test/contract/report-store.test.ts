/** The ReportStore port (reports/ports.ts): memory and Redis implementations, same behaviour. */
import { expect, it } from 'vitest';
import type { NewReport, ReportStore } from '../../src/reports/ports.js';
import { createMemoryReportStore } from '../../src/store/memory/reports.js';
import { createRedisReportStore } from '../../src/store/redis/reports.js';
import { contract } from '../helpers/contract.js';

const NOW = '2026-08-19T02:00:00.000Z';
const report = (code: string, createdAt: string, kcn = 'quang-chau'): NewReport => ({
  code,
  category: 'theft',
  kcn,
  createdAt,
  reporterToken: `rt-${code}`,
  address: 'sealed-address',
  lookup: 'hash',
  description: 'Mất xe máy ở bãi xe',
  when: 'sáng nay',
  place: 'Cổng B',
  photos: [],
});
const opts = (reporter = 'r1') => ({ reporter, day: '2026-8-19', dailyLimit: 3, draftPhotos: [] as string[], photoTtlSeconds: 60 });

contract<ReportStore>(
  'report store',
  [
    { name: 'memory', build: () => createMemoryReportStore() },
    { name: 'redis', build: ({ redis, prefix, secrets }) => createRedisReportStore(redis, prefix, secrets.encryption) },
  ],
  (store) => {
    it('stores a report (free text read back as written), lists codes newest first, refuses a taken code and past the daily limit', async () => {
      expect(await store().submit(report('TG-AAA111', '2026-08-19T01:00:00.000Z'), opts())).toBe('ok');
      expect(await store().submit(report('TG-BBB222', '2026-08-19T01:30:00.000Z'), opts())).toBe('ok');
      expect(await store().submit(report('TG-BBB222', '2026-08-19T01:40:00.000Z'), opts('r2'))).toBe('exists');
      expect(await store().get('TG-AAA111')).toMatchObject({
        ...report('TG-AAA111', '2026-08-19T01:00:00.000Z'),
        status: 'new',
        updatedAt: '2026-08-19T01:00:00.000Z',
      });
      expect(await store().get('TG-NONE99')).toBeUndefined();
      expect(await store().codes()).toEqual(['TG-BBB222', 'TG-AAA111']);
      expect(await store().reporterCodesSince('r1', Date.parse('2026-08-19T01:15:00Z'))).toEqual(['TG-BBB222']);
      expect(await store().submit(report('TG-CCC333', '2026-08-19T01:50:00.000Z'), opts())).toBe('ok');
      expect(await store().submit(report('TG-DDD444', '2026-08-19T01:55:00.000Z'), opts())).toBe('limit');
    });

    it('claims for one officer, closes, and keeps the backlog in step', async () => {
      expect((await store().backlog(new Date(NOW))).byStatus).toEqual({ new: 3, claimed: 0, need_info: 0 });
      expect((await store().backlog(new Date(NOW))).oldestUnclaimedSeconds).toBe(3600);
      // 2: the report's first claim, dated once (statistics count the time to claim from it).
      expect(await store().claim('TG-AAA111', 'quang-chau', 'lan', NOW)).toBe(2);
      expect(await store().claim('TG-AAA111', 'quang-chau', 'lan', '2026-08-19T03:00:00.000Z')).toBe(1);
      expect((await store().get('TG-AAA111'))?.claimedAt).toBe(NOW);
      expect(await store().needInfo('TG-AAA111', NOW)).toBe(1);
      expect(await store().claim('TG-AAA111', 'quang-chau', 'minh', NOW)).toBe(-1);
      expect(await store().claim('TG-NONE99', 'quang-chau', 'lan', NOW)).toBe(0);
      expect(await store().close('TG-AAA111', 'quang-chau', 'resolved', NOW, 'minh', false)).toBe(-3);
      expect(await store().close('TG-AAA111', 'quang-chau', 'resolved', NOW, 'minh', true)).toBe(1);
      expect(await store().close('TG-AAA111', 'quang-chau', 'resolved', NOW, 'lan', false)).toBe(-2);
      expect(await store().needInfo('TG-AAA111', NOW)).toBe(-2);
      expect(await store().claim('TG-AAA111', 'quang-chau', 'lan', NOW)).toBe(-2);
      expect(await store().get('TG-AAA111')).toMatchObject({ status: 'resolved', claimedBy: 'lan', closedAt: NOW });
      expect(await store().claim('TG-BBB222', 'quang-chau', 'lan', NOW)).toBe(2);
      expect(await store().backlog(new Date(NOW))).toEqual({ byStatus: { new: 1, claimed: 1, need_info: 0 }, oldestUnclaimedSeconds: 600 });
    });

    it('returns idle claims to the queue, nothing else', async () => {
      await new Promise((r) => setTimeout(r, 20));
      expect(await store().releaseIdle('quang-chau', 10, NOW)).toEqual(['TG-BBB222']);
      expect(await store().get('TG-BBB222')).not.toHaveProperty('claimedBy');
      expect((await store().get('TG-BBB222'))?.status).toBe('new');
      // Taken again after going back: not a first claim, and the first claim's time stays.
      expect(await store().claim('TG-BBB222', 'quang-chau', 'minh', '2026-08-19T04:00:00.000Z')).toBe(1);
      expect((await store().get('TG-BBB222'))?.claimedAt).toBe(NOW);
      expect(await store().releaseIdle('dinh-tram', 10, NOW)).toEqual([]);
    });

    it('takes a report waiting for information back to in progress, its claim refreshed, and the backlog in step', async () => {
      expect(await store().resume('TG-CCC333', 'quang-chau', 'lan', NOW, false)).toBe(-4);
      expect(await store().claim('TG-CCC333', 'quang-chau', 'lan', NOW)).toBe(2);
      expect(await store().needInfo('TG-CCC333', NOW)).toBe(1);
      expect(await store().resume('TG-CCC333', 'quang-chau', 'minh', NOW, false)).toBe(-3);
      expect(await store().resume('TG-NONE99', 'quang-chau', 'lan', NOW, false)).toBe(0);
      expect(await store().resume('TG-AAA111', 'quang-chau', 'lan', NOW, false)).toBe(-2);
      // TG-BBB222 is held by minh since the test before.
      expect((await store().backlog(new Date(NOW))).byStatus).toEqual({ new: 0, claimed: 1, need_info: 1 });
      await new Promise((r) => setTimeout(r, 300));
      expect(await store().resume('TG-CCC333', 'quang-chau', 'lan', NOW, false)).toBe(1);
      // Both claims are older than 250 ms; only the one resumed just now counts as fresh.
      expect(await store().releaseIdle('quang-chau', 250, NOW)).toEqual(['TG-BBB222']);
      expect(await store().get('TG-CCC333')).toMatchObject({ status: 'claimed', claimedBy: 'lan' });
      expect((await store().backlog(new Date(NOW))).byStatus).toEqual({ new: 1, claimed: 1, need_info: 0 });
      expect(await store().resume('TG-CCC333', 'quang-chau', 'lan', NOW, false)).toBe(-4);
      expect(await store().needInfo('TG-CCC333', NOW)).toBe(1);
      expect(await store().resume('TG-CCC333', 'quang-chau', 'chi-huy', NOW, true)).toBe(1);
      expect(await store().get('TG-CCC333')).toMatchObject({ status: 'claimed', claimedBy: 'lan' });
    });

    it('keeps a thread with delivery marks, notes, photos and changes to fields', async () => {
      expect(await store().appendThread('TG-CCC333', { from: 'officer', text: 'Biển số xe?', at: NOW, delivered: false })).toBe(0);
      expect(await store().appendThread('TG-CCC333', { from: 'reporter', text: '98B1', at: NOW })).toBe(1);
      await store().markDelivered('TG-CCC333', 0);
      expect(await store().thread('TG-CCC333')).toEqual([
        { from: 'officer', text: 'Biển số xe?', at: NOW, delivered: true },
        { from: 'reporter', text: '98B1', at: NOW },
      ]);
      await store().addNote('TG-CCC333', { by: 'lan', text: 'gọi bảo vệ', at: NOW });
      expect(await store().notes('TG-CCC333')).toEqual([{ by: 'lan', text: 'gọi bảo vệ', at: NOW }]);
      await store().update('TG-CCC333', { escalatedAt: NOW });
      await store().forget('TG-CCC333', ['address']);
      const r = await store().get('TG-CCC333');
      expect(r?.escalatedAt).toBe(NOW);
      expect(r).not.toHaveProperty('address');
      await store().putDraftPhoto('p1', Buffer.from('jpeg'), 60);
      expect(
        await store().submit(
          { ...report('TG-EEE555', NOW), photos: [{ id: 'p1', contentType: 'image/jpeg', bytes: 0 }] },
          { ...opts('r3'), draftPhotos: ['p1'] },
        ),
      ).toBe('ok');
      expect(await store().photo('TG-EEE555', 'p1')).toEqual(Buffer.from('jpeg'));
      expect(await store().photo('TG-EEE555', 'p2')).toBeUndefined();
      await store().unindex('TG-EEE555');
      expect(await store().codes()).not.toContain('TG-EEE555');
    });

    it('counts wrong lookup keys per reporter and per code, separately', async () => {
      expect(await store().countFailure({ reporter: 'r1' })).toBe(1);
      expect(await store().countFailure({ reporter: 'r1' })).toBe(2);
      expect(await store().countFailure({ code: 'r1' }, 60)).toBe(1);
      expect(await store().failures({ reporter: 'r1' })).toBe(2);
      await store().resetFailures({ reporter: 'r1' });
      expect(await store().failures({ reporter: 'r1' })).toBe(0);
    });

    it('keeps a reporter’s inbox; a drop removes exactly the items read', async () => {
      expect(await store().hasInbox('r9')).toBe(false);
      await store().pushInbox('r9', { kind: 'question', code: 'TG-CCC333', index: 0 });
      const read = await store().peekInbox('r9');
      await store().pushInbox('r9', { kind: 'closed', code: 'TG-AAA111', status: 'resolved' });
      expect(read.items).toEqual([{ kind: 'question', code: 'TG-CCC333', index: 0 }]);
      await read.drop();
      expect((await store().peekInbox('r9')).items).toEqual([{ kind: 'closed', code: 'TG-AAA111', status: 'resolved' }]);
      expect(await store().hasInbox('r9')).toBe(true);
    });

    it('lets a closed report expire after its retention time', async () => {
      await store().expireReport('TG-AAA111', [], 1);
      expect(await store().get('TG-AAA111')).toBeDefined();
      await new Promise((r) => setTimeout(r, 1100));
      expect(await store().get('TG-AAA111')).toBeUndefined();
      expect(await store().codes()).toContain('TG-AAA111');
    });
  },
);
