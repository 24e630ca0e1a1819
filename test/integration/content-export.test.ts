/**
 * `npm run content:export`: the live content (edits made in the dashboard over content/) written back to
 * YAML in the content folder's format; loading the export gives the same content the bot serves, and
 * what was not edited stays as it was, comments included.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContentExport } from '../../src/cli/content-export.js';
import { loadContent, type Content } from '../../src/festival/load.js';
import { createRedisEditStore } from '../../src/store/redis/edits.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { addStaff, newEvent, staffAgent } from '../helpers/edits.js';

const SEED = new URL('../../content', import.meta.url).pathname;
let bot: TestBot;
let dir: string;

beforeAll(async () => {
  bot = await startBot('export', {}, () => new Date('2027-07-01T02:00:00Z'));
  await addStaff(bot, 'chi-huy', 'supervisor', []);
  dir = mkdtempSync(join(tmpdir(), 'antq-export-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await bot.cleanup();
});

const byId = <T extends { id: string }>(list: readonly T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
/** What workers are served: the published events, the FAQ and its texts. */
const served = (c: Content) => ({
  events: byId(c.data.events.events),
  faq: byId(c.data.faq.entries),
  texts: { vi: c.resources.vi.faq, en: c.resources.en.faq },
  titles: Object.fromEntries(
    c.data.events.events.map((e) => [e.id, [c.resources.vi.events?.title, c.resources.en.events?.title].map((t) => (t as Record<string, string>)[e.id])]),
  ),
});

describe('content:export', () => {
  it('writes the live content back to YAML; loading the export gives the same content', async () => {
    const org = await staffAgent(bot.app, 'chi-huy');
    await org.post('/api/admin/events', newEvent).expect(201);
    await org.post('/api/admin/events', { ...newEvent, id: 'dt-team-2027', team: { min: 3, max: 5 } }).expect(201);
    await org
      .patch('/api/admin/events/qc-bong-da', { capacity: 80, place: { vi: 'Sân bóng mới, KCN Quang Châu', en: 'New pitch, Quang Chau park' } })
      .expect(200);
    await org.post('/api/admin/events/vt-van-nghe/cancel', { reason: 'Trùng lịch' }).expect(200);
    const what = (await org.agent.get('/api/admin/faq/entries/festival-what').expect(200)).body;
    await org
      .put('/api/admin/faq/entries/festival-what', {
        texts: { ...what.texts, en: { ...what.texts.en, title: 'What is this festival?' } },
        questions: what.entry.questions,
        more: ['festival-when'],
      })
      .expect(200);
    await org.post('/api/admin/faq/entries/festival-funding/phrasings', { lang: 'vi', text: 'tiền đâu mà làm ngày hội' }).expect(200);
    await org
      .post('/api/admin/faq/entries', {
        id: 'wifi-canteen',
        texts: {
          vi: { title: 'Wifi ở nhà ăn', answer: 'Hỏi phòng hành chính công ty bạn.\n$t(faq:general)' },
          en: { title: 'Canteen wifi', answer: 'Ask your company’s admin office.\n$t(faq:general)' },
        },
        questions: { vi: ['mật khẩu wifi nhà ăn'], en: ['canteen wifi password'] },
      })
      .expect(201);

    const store = createRedisEditStore(bot.redis, bot.config.redisKeyPrefix);
    const result = await runContentExport(SEED, dir, store);
    expect(result.written.sort()).toEqual(['en/faq.yaml', 'events.yaml', 'faq.yaml', 'vi/faq.yaml']);
    expect(result.left).toEqual(['vt-van-nghe: cancelled (Trùng lịch)']);

    const exported = loadContent(dir);
    expect(served(exported)).toEqual(served(bot.content.current().content));
    expect(exported.data.events.events.find((e) => e.id === 'vt-van-nghe')).toBeUndefined();

    // The files keep their format: untouched entries and comments as they were, edited ones in the same style.
    const events = readFileSync(join(dir, 'events.yaml'), 'utf8');
    const seedEvents = readFileSync(join(SEED, 'events.yaml'), 'utf8');
    expect(events.startsWith(seedEvents.slice(0, seedEvents.indexOf('events:')))).toBe(true);
    const untouched = seedEvents.slice(seedEvents.indexOf('  - id: dt-le-khai-mac'), seedEvents.indexOf('  - id: qc-bong-da'));
    expect(events).toContain(untouched);
    expect(events).toContain('    place: { vi: "Sân bóng mới, KCN Quang Châu", en: "New pitch, Quang Chau park" }');
    expect(events).toContain('    startsAt: "2027-07-20T19:00:00+07:00"');
    expect(events).toContain(
      'events:\n  # Not exported, an event not shown to workers in the dashboard:\n  # - vt-van-nghe: cancelled (Trùng lịch)\n  - id: dt-le-khai-mac',
    );
    expect(readFileSync(join(dir, 'faq.yaml'), 'utf8')).toContain('    more: [festival-when]\n');

    // Exporting again writes the same files.
    const files = ['events.yaml', 'faq.yaml', 'vi/faq.yaml', 'en/faq.yaml'];
    const first = files.map((f) => readFileSync(join(dir, f), 'utf8'));
    expect((await runContentExport(SEED, dir, store)).written.sort()).toEqual(['en/faq.yaml', 'events.yaml', 'faq.yaml', 'vi/faq.yaml']);
    expect(files.map((f) => readFileSync(join(dir, f), 'utf8'))).toEqual(first);
  });
});
