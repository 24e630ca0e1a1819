/** Photos sent with a report: downloaded, stripped of EXIF/GPS, capped, stored sealed, served to officers only via the service. */
import nock from 'nock';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unseal } from '../../src/lib/crypto.js';
import { cleanImage } from '../../src/reports/photos.js';
import { effectContext, startBot, type TestBot } from '../helpers/bot.js';

let bot: TestBot;
beforeAll(async () => {
  bot = await startBot('photos', { PHOTO_HOSTS: 'example.test,zdn.vn' });
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
afterAll(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await bot.cleanup();
});

async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Model X', Copyright: 'Serial 12345' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 16/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '106/1 11/1 0/1' },
    })
    .jpeg()
    .toBuffer();
}

describe('report photos', () => {
  it('removes EXIF and GPS when re-encoding', async () => {
    const input = await photoWithGps();
    expect((await sharp(input).metadata()).exif).toBeDefined();
    expect(input.includes(Buffer.from('PhoneMaker'))).toBe(true);
    const out = await cleanImage(input);
    const meta = await sharp(out.data).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.format).toBe('jpeg');
    expect(out.data.includes(Buffer.from('PhoneMaker'))).toBe(false);
    expect(out.data.includes(Buffer.from('GPS'))).toBe(false);
  });

  it('downloads photos when they arrive, stores them with the report, and serves them cleaned', async () => {
    const input = await photoWithGps();
    nock('https://cdn.example.test').get('/p1.jpg').reply(200, input, { 'content-type': 'image/jpeg' });
    nock('https://cdn.example.test').get('/broken.jpg').reply(200, Buffer.from('not an image'));
    nock('https://cdn.example.test')
      .get('/huge.jpg')
      .reply(200, Buffer.alloc(6 * 1024 * 1024, 1));
    const ctx = effectContext(bot, 'zalo', '1234567890123456789', new Date('2026-08-02T03:00:00Z'));
    const urls = [
      'https://cdn.example.test/p1.jpg',
      'https://cdn.example.test/broken.jpg',
      'https://cdn.example.test/huge.jpg',
      'http://cdn.example.test/insecure.jpg',
      'https://169.254.169.254/latest/meta-data',
    ];
    const step = await bot.reports.reporter.photos(urls, { photos: [] }, 5);
    const draft = step.next.data as { photos: string[] };
    expect(draft.photos).toHaveLength(1);
    expect(step.say.map((s) => s.key)).toEqual([
      'report:photo_saved',
      'report:photo_failed',
      'report:photo_failed',
      'report:photo_failed',
      'report:photo_failed',
    ]);
    expect(nock.pendingMocks()).toEqual([]);

    const done = await bot.reports.reporter.submit(
      { ...draft, category: 'theft', kcn: 'viet-han', when: 'hôm qua', description: 'Mất điện thoại ở nhà xe, có ảnh kèm theo' },
      ctx,
    );
    const code = String((done.say[0]!.params as { code: string }).code);
    const detail = await bot.reports.officer.get(code);
    expect(detail!.attachments).toHaveLength(1);
    const served = await bot.reports.officer.photo(code, detail!.attachments[0]!.id);
    expect(served!.contentType).toBe('image/jpeg');
    expect((await sharp(served!.data).metadata()).exif).toBeUndefined();
    expect(await bot.reports.officer.photo(code, 'not-an-id')).toBeUndefined();

    const rawKeys = await bot.keysInRedis();
    for (const k of rawKeys.filter((key) => key.includes(':p:'))) {
      const stored = (await bot.redis.get(k)) ?? '';
      expect(stored.startsWith('v1.')).toBe(true);
      expect(Buffer.from(stored).includes(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
    }
  });

  it('takes a Zalo CDN photo sent as http: over https on the same host when it answers, else over http, cleaned', async () => {
    const input = await photoWithGps();
    // https answers: plain http is never tried.
    nock('https://f6.photo.talk.zdn.vn').get('/111/a.jpg').reply(200, input);
    // https cannot answer (a certificate that does not fit that host): the same path over http.
    nock('https://f7.photo.talk.zdn.vn').get('/222/b.jpg').replyWithError('certificate has expired');
    nock('http://f7.photo.talk.zdn.vn').get('/222/b.jpg').reply(200, input);
    // Still no redirect to another host, and still size-capped (the http try does not follow a refused size).
    nock('https://f8.photo.talk.zdn.vn').get('/333/c.jpg').reply(404);
    nock('http://f8.photo.talk.zdn.vn').get('/333/c.jpg').reply(302, '', { location: 'http://evil.example.org/c.jpg' });
    nock('https://f9.photo.talk.zdn.vn')
      .get('/444/d.jpg')
      .reply(200, Buffer.alloc(6 * 1024 * 1024, 1));
    const step = await bot.reports.reporter.photos(
      [
        'http://f6.photo.talk.zdn.vn/111/a.jpg',
        'http://f7.photo.talk.zdn.vn/222/b.jpg',
        'http://f8.photo.talk.zdn.vn/333/c.jpg',
        'http://f9.photo.talk.zdn.vn/444/d.jpg',
      ],
      { photos: [] },
      5,
    );
    expect(step.say.map((s) => s.key)).toEqual(['report:photo_saved', 'report:photo_saved', 'report:photo_failed', 'report:photo_failed']);
    expect(nock.pendingMocks()).toEqual([]);
    const ids = (step.next.data as { photos: string[] }).photos;
    expect(ids).toHaveLength(2);
    for (const id of ids) {
      const stored = await bot.redis.get(`${bot.config.redisKeyPrefix}:{reports}:dp:${id}`);
      const photo = Buffer.from(unseal(bot.secrets.encryption, stored!), 'base64');
      expect((await sharp(photo).metadata()).exif).toBeUndefined();
      expect(photo.includes(Buffer.from('PhoneMaker'))).toBe(false);
    }
  });
});
