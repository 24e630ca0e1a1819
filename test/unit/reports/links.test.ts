/** Links in officers' questions: anything a chat app could make tappable is caught; ordinary Vietnamese text is not. */
import { describe, expect, it } from 'vitest';
import { containsLink } from '../../../src/reports/links.js';

describe('containsLink', () => {
  it.each([
    'Bạn xem https://example.vn/anh rồi trả lời',
    'vào http://1.2.3.4:8080/x',
    'www.ca-bacninh.vn có mẫu đơn',
    'gửi qua bit.ly/abc nhé',
    'trang congan.bacninh.gov.vn',
    'xem tại zalo.me/g/abc',
    'Máy chủ 192.168.1.10',
    'ＨＴＴＰＳ://ví-dụ.vn', // full-width letters, folded by NFKC
  ])('finds a link in %j', (text) => {
    expect(containsLink(text)).toBe(true);
  });

  it.each([
    'Bạn nhìn thấy biển số xe không?',
    'Xe 98B1-123.45 màu gì?',
    'Lúc 21.30 tối qua có mấy người?',
    'Khoảng 3.5 triệu đồng phải không?',
    'Gọi 113 nếu đang nguy hiểm, v.v.',
    'Ngày 20.7.2026 bạn có ở đó không?',
  ])('lets %j through', (text) => {
    expect(containsLink(text)).toBe(false);
  });
});
