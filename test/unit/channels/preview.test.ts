import { describe, expect, it } from 'vitest';
import { channelPreviews } from '../../../src/channels/preview.js';

describe('channel previews', () => {
  it("shows a long message as each channel's renderer splits it: one Zalo and Messenger message under 2,000 characters, more above", () => {
    const short = 'Cảnh báo mùa mưa bão: kiểm tra dây điện phòng trọ.';
    expect(channelPreviews([{ text: short }])).toEqual({ zalo: [short], messenger: [short] });
    const sentence = 'Công nhân chú ý giữ gìn tài sản cá nhân ở bãi xe. ';
    const long = sentence.repeat(50).trim();
    const { zalo, messenger } = channelPreviews([{ text: long }]);
    expect(zalo.length).toBe(2);
    expect(messenger.length).toBe(2);
    for (const part of [...zalo, ...messenger]) expect([...part].length).toBeLessThanOrEqual(2000);
    expect(zalo.join(' ')).toBe(long);
  });
});
