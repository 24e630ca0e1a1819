/**
 * The FAQ edited in the dashboard: an unanswered question becomes a phrasing of an entry and the bot
 * answers it at once (and it leaves the unanswered list, newest first); answers are checked as
 * content:check checks the YAML (a plan claim needs a quote found in the plan, included texts and
 * values must exist, a phrasing of another entry is refused), previewed as the bot sends them, created,
 * versioned, reverted to the seed, and audited; officers are kept out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type TestBot } from '../helpers/bot.js';
import { addStaff, auditEntries, chat, staffAgent, textOf } from '../helpers/edits.js';

const now = new Date('2027-07-01T02:00:00Z');
let clock = now;
let bot: TestBot;

beforeAll(async () => {
  bot = await startBot('faqedit', {}, () => clock);
  await addStaff(bot, 'btc-lan', 'organizer', ['dinh-tram']);
  await addStaff(bot, 'chi-huy', 'supervisor', []);
  await addStaff(bot, 'can-bo', 'officer', ['dinh-tram']);
});
afterAll(async () => bot.cleanup());

const entry = async (org: Awaited<ReturnType<typeof staffAgent>>, id: string) => (await org.agent.get(`/api/admin/faq/entries/${id}`).expect(200)).body;
const problemsOf = (body: { error: { problems: { field: string; rule: string }[] } }) => body.error.problems.map((p) => `${p.field}:${p.rule}`);

describe('the FAQ edited in the dashboard', () => {
  it('turns an unanswered question into a phrasing of an entry; the bot answers it at once', async () => {
    const org = await staffAgent(bot.app, 'btc-lan');
    const question = 'mật khẩu wifi nhà ăn là gì';
    expect(textOf(await chat(bot.app, 'worker-1', { text: question }))).toContain('mình chưa hiểu ý bạn');
    clock = new Date(now.getTime() + 60_000);
    await chat(bot.app, 'worker-1', { text: 'cang tin may gio mo cua' });
    const unanswered = (await org.agent.get('/api/admin/faq/unanswered?order=recent').expect(200)).body.questions;
    expect(unanswered.map((q: { question: string }) => q.question)).toEqual(['cang tin may gio mo cua', 'mat khau wifi nha an la gi']);
    expect(unanswered[1]).toMatchObject({ count: 1, lastAt: now.toISOString() });

    const before = await entry(org, 'contact-non-urgent');
    const added = await org
      .post('/api/admin/faq/entries/contact-non-urgent/phrasings', { lang: 'vi', text: question, question: 'mat khau wifi nha an la gi' })
      .expect(200);
    expect(added.body).toMatchObject({ id: 'contact-non-urgent', version: 1, origin: 'seed' });
    expect(added.body.entry.questions.vi).toEqual([...before.entry.questions.vi, question]);

    const answer = textOf(await chat(bot.app, 'worker-2', { text: question }));
    expect(answer).toBe(textOf(await chat(bot.app, 'worker-3', { payload: '#faq:contact-non-urgent' })));
    const left = (await org.agent.get('/api/admin/faq/unanswered?order=recent').expect(200)).body.questions;
    expect(left.map((q: { question: string }) => q.question)).toEqual(['cang tin may gio mo cua']);
    expect((await auditEntries(bot)).find((e) => e.action === 'faq_update')).toMatchObject({
      actor: 'btc-lan',
      detail: 'contact-non-urgent v1: entry.questions.vi',
    });
  });

  it('checks an answer as content:check does, naming the field', async () => {
    const org = await staffAgent(bot.app, 'btc-lan');
    const current = await entry(org, 'festival-funding');
    const put = (patch: Record<string, unknown>) =>
      org.put('/api/admin/faq/entries/festival-funding', { texts: current.texts, questions: current.entry.questions, quote: current.quote, ...patch });
    const claim = { ...current.texts, vi: { ...current.texts.vi, answer: 'Kinh phí lấy từ ngân sách nhà nước. $t(festival:source)' } };
    expect(problemsOf((await put({ texts: claim, quote: undefined }).expect(400)).body)).toEqual(['texts.vi.answer:quote_missing']);
    expect(problemsOf((await put({ texts: claim, quote: ['Kinh phí do doanh nghiệp tự lo toàn bộ cho ngày hội'] }).expect(400)).body)).toEqual([
      'quote:quote_not_in_plan',
    ]);
    const bad = { ...current.texts, en: { title: current.texts.en.title, answer: 'See $t(festival:nothing) in {{nope}}.' } };
    expect(problemsOf((await put({ texts: bad }).expect(400)).body)).toEqual(['texts.en.answer:unknown_text', 'texts.en.answer:unknown_param']);
    const taken = { ...current.entry.questions, vi: [...current.entry.questions.vi, 'Ngày hội là gì'] };
    const refused = (await put({ questions: taken }).expect(400)).body;
    expect(refused.error).toMatchObject({ field: `entry.questions.vi.${taken.vi.length - 1}`, problems: [{ rule: 'phrasing_taken' }] });
    expect(problemsOf((await put({ texts: { ...current.texts, vi: { title: '', answer: 'x' } } }).expect(400)).body)).toEqual(['texts.vi.title:required']);

    const quoted = await put({ texts: claim, quote: 'Kinh phí tổ chức được thực hiện theo quy định của pháp luật về quản lý ngân sách nhà nước' }).expect(200);
    expect(quoted.body).toMatchObject({ version: 1, quote: ['Kinh phí tổ chức được thực hiện theo quy định của pháp luật về quản lý ngân sách nhà nước'] });
    expect(textOf(await chat(bot.app, 'worker-4', { payload: '#faq:festival-funding' }))).toContain('Kinh phí lấy từ ngân sách nhà nước.');
  });

  it('previews an answer as the bot sends it: included texts, values and buttons', async () => {
    const org = await staffAgent(bot.app, 'btc-lan');
    const current = await entry(org, 'festival-when');
    const texts = { ...current.texts, vi: { ...current.texts.vi, answer: 'Năm {{year}}, các hoạt động diễn ra từ {{from}} đến {{to}}.\n$t(festival:source)' } };
    const quote = 'Tập trung tổ chức “Ngày hội toàn dân bảo vệ ANTQ” từ ngày 20/7 đến ngày 19/8 hằng năm.';
    const res = await org.post('/api/admin/faq/preview', { id: 'festival-when', lang: 'vi', texts, questions: current.entry.questions, quote }).expect(200);
    expect(res.body.problems).toEqual([]);
    expect(res.body.messages[0].text).toMatch(/^Năm 2027, các hoạt động diễn ra từ 20\/7\/2027 đến 19\/8\/2027\.\nNguồn: /);
    expect(res.body.messages[0].buttons.at(-1)).toBe('Về menu');
    // Nothing is saved by a preview.
    expect((await entry(org, 'festival-when')).version).toBe(0);
  });

  it('creates an entry, versions it, refuses a stale version, and reverts a seed entry to the seed', async () => {
    const org = await staffAgent(bot.app, 'chi-huy');
    const body = {
      id: 'wifi-canteen',
      texts: {
        vi: { title: 'Wifi ở nhà ăn', answer: 'Mật khẩu wifi nhà ăn do phòng hành chính công ty bạn cấp. $t(faq:general)' },
        en: { title: 'Canteen wifi', answer: 'Your company’s admin office gives the canteen wifi password. $t(faq:general)' },
      },
      questions: { vi: 'wifi nhà ăn\nxin mật khẩu wifi căng tin', en: ['canteen wifi password'] },
      question: 'cang tin may gio mo cua',
    };
    expect((await org.post('/api/admin/faq/entries', body).expect(201)).body).toEqual({ id: 'wifi-canteen' });
    await org.post('/api/admin/faq/entries', body).expect(409);
    expect(textOf(await chat(bot.app, 'worker-5', { text: 'xin mat khau wifi cang tin' }))).toContain(
      'Mật khẩu wifi nhà ăn do phòng hành chính công ty bạn cấp.',
    );
    expect((await org.agent.get('/api/admin/faq/unanswered?order=recent').expect(200)).body.questions).toEqual([]);
    expect((await org.agent.get('/api/admin/faq/entries?q=mat khau wifi').expect(200)).body.entries.map((e: { id: string }) => e.id)).toEqual(
      expect.arrayContaining(['wifi-canteen', 'contact-non-urgent']),
    );

    const what = await entry(org, 'festival-what');
    const changed = { ...what.texts, vi: { ...what.texts.vi, title: 'Ngày hội toàn dân là gì?' } };
    await org.put('/api/admin/faq/entries/festival-what', { texts: changed, questions: what.entry.questions }, 0).expect(200);
    await org.put('/api/admin/faq/entries/festival-what', { texts: what.texts, questions: what.entry.questions }, 0).expect(409);
    const history = (await org.agent.get('/api/admin/faq/entries/festival-what/history').expect(200)).body.versions;
    expect(history).toMatchObject([{ v: 1, by: 'chi-huy', action: 'update', changed: ['texts.vi.title'] }]);
    const reverted = await org.post('/api/admin/faq/entries/festival-what/revert', { version: 0 }).expect(200);
    expect(reverted.body).toMatchObject({ version: 2, texts: { vi: { title: 'Ngày hội là gì?' } } });
    const actions = (await auditEntries(bot)).filter((e) => e.actor === 'chi-huy').map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['faq_create', 'faq_update', 'faq_revert']));
  });

  it('keeps officers out and dismisses a question that needs no answer', async () => {
    const officer = await staffAgent(bot.app, 'can-bo');
    await officer.agent.get('/api/admin/faq/entries').expect(403);
    await officer.post('/api/admin/faq/preview', { id: 'x' }).expect(403);
    await chat(bot.app, 'worker-6', { text: 'hom nay an gi nhi' });
    const org = await staffAgent(bot.app, 'btc-lan');
    const [q] = (await org.agent.get('/api/admin/faq/unanswered?order=recent').expect(200)).body.questions;
    await org.post('/api/admin/faq/unanswered/dismiss', { question: q.question }).expect(200);
    expect((await org.agent.get('/api/admin/faq/unanswered?order=recent').expect(200)).body.questions).toEqual([]);
    expect((await auditEntries(bot)).find((e) => e.action === 'unanswered_dismiss')).toMatchObject({ actor: 'btc-lan', detail: 'one question' });
  });
});
