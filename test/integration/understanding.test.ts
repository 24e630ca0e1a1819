/**
 * What workers type in the middle of a flow (test/understanding/conversations.yaml, written by someone
 * who had not seen the router): each typed answer leaves the flow where it must be, through a running
 * bot on Redis. The accuracy figures for questions are in `npm run bench:understanding`, not here.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/core/message.js';
import { pseudonymize } from '../../src/lib/crypto.js';
import { createRedisSessionStore } from '../../src/store/redis/session-store.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { chat as chatWith, textOf } from '../helpers/edits.js';
import { loadConversations, runConversation, type Driver } from '../understanding/corpus.js';

const NOW = new Date('2026-12-06T03:00:00Z');
let bot: TestBot;
let driver: Driver;

beforeAll(async () => {
  bot = await startBot('understanding', { RATE_USER_PER_MINUTE: '1000', RATE_WEB_PER_MINUTE: '100000' }, () => NOW);
  const sessions = createRedisSessionStore(bot.redis, bot.keys, bot.config.sessionIdleSeconds, bot.secrets.encryption);
  driver = {
    send: async (channel, user, input) =>
      channel === 'web'
        ? (
            (
              await request(bot.app)
                .post('/api/chat')
                .send({ sessionId: user, ...input })
                .expect(200)
            ).body as { replies: OutboundMessage[] }
          ).replies
        : bot.handle({ channel, userId: user, at: NOW, event: 'message', ...input }),
    flow: async (channel, user) => (await sessions.load(pseudonymize(bot.secrets.pseudonym, channel, user))).session?.flow,
  };
});
afterAll(() => bot.cleanup());

/** Types `text` in the web chat session `sessionId`; resolves to the replies' text. */
const say = async (sessionId: string, text: string) => textOf(await chatWith(bot.app, sessionId, { text }));

describe('a report typed entirely without buttons, over the web chat API', () => {
  it('keeps its flow at every answer (khong, trom xe may, o bai xe cong ty, toi qua 10h…) and ends with a TG- code', async () => {
    const chat = (text: string) => chatWith(bot.app, 'typist', { text });
    const all = textOf;
    expect(all(await chat('chao ad'))).toContain('Chào bạn!');
    expect(all(await chat('e muon to giac'))).toContain('Có việc gì đang xảy ra ngay lúc này');
    expect(all(await chat('khong'))).toContain('Bạn muốn báo về việc gì?');
    expect(all(await chat('trom xe may'))).toContain('khu công nghiệp nào');
    expect(all(await chat('quang chau'))).toContain('doanh nghiệp hay địa điểm');
    expect(all(await chat('o bai xe cong ty'))).toContain('Việc xảy ra khi nào?');
    expect(all(await chat('toi qua 10h'))).toContain('Bạn kể lại việc đã thấy');
    expect(all(await chat('co 2 thanh nien be khoa lay xe wave mau do cua cong nhan'))).toContain('Trang web chưa nhận ảnh');
    expect(all(await chat('tiep'))).toContain('Bạn có muốn để lại cách liên lạc không?');
    const summary = all(await chat('khong'));
    expect(summary).toContain('Loại việc: Trộm cắp tài sản');
    expect(summary).toContain('KCN: Quang Châu');
    expect(summary).toContain('Địa điểm: o bai xe cong ty');
    expect(summary).toContain('Thời gian: toi qua 10h');
    expect(summary).toContain('Liên lạc: (không có)');
    expect(all(await chat('gui di'))).toMatch(/Mã tin báo: TG-[23456789A-HJKMNP-Z]{6}/);
  });
});

describe('a worker trying the web chat at phone width (the lead trial of 2026-12-06)', () => {
  it('starts a report from teencode, answers plain questions asked at the story step aside, and reasks a word it does not understand', async () => {
    const chat = (text: string) => chatWith(bot.app, 'trial-1206', { text });
    const all = textOf;
    expect(all(await chat('e mun to giac'))).toContain('Có việc gì đang xảy ra ngay lúc này');
    await chat('ko khan cap');
    await chat('trom do');
    await chat('kcn van trung');
    await chat('cty hosiden, nha xe');
    expect(all(await chat('toi qua luc 10h'))).toContain('Bạn kể lại việc đã thấy');
    // A plain question at the story step is answered, and the draft waits.
    const aside = all(await chat('ngay hoi la gi vay'));
    expect(aside).toContain('tập trung từ ngày 20/7 đến ngày 19/8');
    expect(aside).toContain('Bạn đang làm dở phần tin báo');
    expect(all(await chat('tiep tuc'))).toContain('Bạn kể lại việc đã thấy');
    // A story with a question in it is the story.
    expect(all(await chat('bị mất xe máy ở nhà xe công nhân ca đêm, khóa bị bẻ. em phải làm gì'))).toContain('Trang web chưa nhận ảnh');
    expect(all(await chat('xong'))).toContain('Bạn có muốn để lại cách liên lạc không?');
    // `xong` here is not an answer to "leave a contact?": asked again, nothing lost (it once gave the how-to-report answer).
    expect(all(await chat('xong'))).toContain('mình chưa hiểu câu trả lời này');
    const summary = all(await chat('ko'));
    expect(summary).toContain('Nội dung: bị mất xe máy ở nhà xe công nhân ca đêm, khóa bị bẻ. em phải làm gì');
    expect(summary).not.toContain('ngay hoi la gi vay');
  });

  it('starts the report when a worker says they want to report, and explains how when they ask how', async () => {
    expect(await say('trial-want', 'toi muon bao tin cho cong an')).toContain('Có việc gì đang xảy ra ngay lúc này');
    expect(await say('trial-how', 'lam sao de bao tin')).toContain('rồi trả lời từng câu hỏi');
  });

  it('keeps a story told in several messages at the offer to report: an incident still going on gets the emergency numbers, not fight advice', async () => {
    const chat = (text: string) => say('trial-fight', text);
    expect(await chat('co nguoi danh nhau o cong so 2')).toContain('Bạn có muốn gửi tin báo ẩn danh cho Công an không?');
    // It once gave the fight-safety advice here and left the offer waiting behind a "resume" prompt.
    const going = await chat('dang danh nhau');
    expect(going).toContain('113 – Công an');
    expect(going).toContain('Mình đã thêm vào nội dung tin báo.');
    expect(going).not.toContain('Giữ bình tĩnh');
    expect(going).not.toContain('Bạn đang làm dở');
    // The numbers were shown: the report goes on without asking whether it is happening now.
    const started = await chat('gui');
    expect(started).not.toContain('Có việc gì đang xảy ra ngay lúc này');
    expect(started).toContain('Việc này ở khu công nghiệp nào?');
  });

  it('takes a name typed where none was asked for as a name: not a question about theft, and not kept as an unanswered question', async () => {
    const chat = (text: string) => say('trial-name', text);
    // `nguyen` and `an` once matched "Lấy trộm nguyên liệu…" and "Thấy người ăn trộm…".
    const alone = await chat('Nguyen Van An');
    expect(alone).toContain('Xin lỗi, mình chưa hiểu ý bạn.');
    expect(alone).not.toContain('Mình đã ghi lại câu hỏi');
    await chat('dk tham gia su kien');
    await chat('1');
    const atDetails = await chat('Trần Thị Hoa');
    expect(atDetails).not.toContain('Phòng trộm cắp');
    expect(atDetails).toContain('mình chưa hiểu câu trả lời này');
    // The same words in lower case, as a question, still reach the theft answer.
    expect(await chat('nguyen lieu cty bi lay trom thi bao ai')).toContain('Phòng trộm cắp');
  });

  it("does not take the festival's own name for the name of an event (a sample event titled Ngày hội…)", async () => {
    expect(await say('trial-join', 'cong nhan muon tham gia ngay hoi thi phai lam gi')).not.toContain('(sự kiện mẫu)');
    expect(await say('trial-ball', 'dk tham gia giai bong da')).toContain('Giải bóng đá');
  });
});

describe('typed answers in the middle of a flow', () => {
  const cases = loadConversations();
  it('has at least 150 cases, covering every step a worker types at', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
  });
  it.each(cases.map((c, i) => [`${c.at} ← ${JSON.stringify(c.say)}`, c, i] as const))('%s', async (_name, c, i) => {
    expect(await runConversation(driver, c, `u${i}`)).toBeUndefined();
  });
});
