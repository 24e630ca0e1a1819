/**
 * Conversation scripts shared by every channel: the web chat, Zalo and Messenger suites run the same
 * scripts through their own driver, so each flow is proven end to end on each channel.
 */
import { expect } from 'vitest';
import type { OutboundMessage } from '../../src/core/message.js';

export type Send = { text: string } | { payload: string };

/** Sends one user input through a channel and returns what the user received. */
export interface ChatDriver {
  send(input: Send): Promise<OutboundMessage[]>;
}

export interface Script {
  name: string;
  steps: { send: Send; expect(replies: OutboundMessage[]): void }[];
}

/** The date the scripts run at: during the 2026 activities period. */
export const SCRIPT_NOW = new Date('2026-08-01T03:00:00Z');

export const allText = (replies: OutboundMessage[]) => replies.map((r) => r.text).join('\n');
export const allPayloads = (replies: OutboundMessage[]) => replies.flatMap((r) => r.buttons ?? []).map((b) => b.payload);
const VI_MARKS = /[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;

/** Values a script learns on the way (a report code and key), read back by later steps through getters. */
const learned = { code: '', key: '' };

/** An anonymous report from start to code, then a lookup with code and key (works on every channel). */
const reportScript: Script = {
  name: 'an anonymous report is filed and looked up with its code and key',
  steps: [
    { send: { text: 'tố giác' }, expect: (r) => expect(allText(r)).toContain('không thấy tên hay tài khoản của bạn') },
    { send: { text: 'Không khẩn cấp' }, expect: (r) => expect(allPayloads(r)).toContain('#report:cat:fight') },
    { send: { text: '2' }, expect: (r) => expect(allText(r)).toContain('khu công nghiệp nào') },
    { send: { text: 'Dinh Tram' }, expect: (r) => expect(allText(r)).toContain('doanh nghiệp hay địa điểm') },
    { send: { payload: '#report:skip' }, expect: (r) => expect(allText(r)).toContain('Việc xảy ra khi nào') },
    { send: { text: 'tối qua lúc tan ca' }, expect: (r) => expect(allText(r)).toContain('Bạn kể lại việc đã thấy') },
    { send: { text: 'Hai nhóm công nhân xô xát ở cổng nhà máy sau giờ tan ca' }, expect: (r) => expect(allPayloads(r)).toContain('#report:photos_done') },
    { send: { payload: '#report:photos_done' }, expect: (r) => expect(allPayloads(r)).toContain('#report:contact:no') },
    {
      send: { payload: '#report:contact:no' },
      expect: (r) => {
        expect(allText(r)).toContain('Loại việc: Đánh nhau, gây rối');
        expect(allText(r)).toContain('KCN: Đình Trám');
      },
    },
    {
      send: { payload: '#report:confirm' },
      expect: (r) => {
        const text = allText(r);
        learned.code = /TG-[23456789A-HJKMNP-Z]{6}/.exec(text)?.[0] ?? '';
        learned.key = /(?:Mã bí mật|Secret key): ([23456789A-HJKMNP-Z]{10})/.exec(text)?.[1] ?? '';
        expect(learned.code).not.toBe('');
        expect(learned.key).not.toBe('');
        // Only the web chat may offer them, as copy buttons; a button elsewhere would send the key back as a message.
        expect(r.flatMap((m) => m.buttons ?? []).filter((b) => [learned.code, learned.key].includes(b.payload) && b.kind !== 'copy')).toEqual([]);
      },
    },
    { send: { text: 'tra cứu' }, expect: (r) => expect(allText(r)).toContain('mã tin báo') },
    {
      get send() {
        return { text: learned.code };
      },
      expect: (r) => expect(allText(r)).toContain('mã bí mật'),
    },
    {
      get send() {
        return { text: learned.key };
      },
      expect: (r) => expect(allText(r)).toContain(`Tin báo ${learned.code}: đang chờ cán bộ tiếp nhận`),
    },
  ],
};

export const scripts: Script[] = [
  reportScript,
  {
    name: 'menu lists every feature as buttons',
    steps: [
      {
        send: { text: 'menu' },
        expect: (r) => {
          // Every feature is offered: as a button, or (where a platform caps buttons) by number in the text.
          const offered = `${allText(r)}\n${r
            .flatMap((m) => m.buttons ?? [])
            .map((b) => b.title)
            .join('\n')}`;
          for (const label of ['Ngày hội 19/8', 'Khẩu hiệu', 'Tố giác, báo tin', 'Tra cứu tin báo', 'Tiếng Việt / English']) expect(offered).toContain(label);
          expect(allPayloads(r)).toContain('#festival');
          expect(allText(r)).toMatch(/Mời bạn chọn/);
        },
      },
    ],
  },
  {
    name: 'festival question without diacritics is answered in Vietnamese, and topics follow by click, number and label',
    steps: [
      {
        send: { text: 'ngay hoi la gi' },
        expect: (r) => {
          expect(allText(r)).toContain('Ngày hội toàn dân bảo vệ an ninh Tổ quốc');
          expect(allText(r)).toContain('Mục đích');
          expect(allPayloads(r)).toContain('#festival:ceremony');
        },
      },
      {
        send: { payload: '#festival:ceremony' },
        expect: (r) => {
          expect(allText(r)).toContain('Các mục chính: chào cờ');
          expect(allPayloads(r)).toContain('#festival:full:ceremony');
        },
      },
      {
        send: { payload: '#festival:full:ceremony' },
        expect: (r) => {
          expect(allText(r)).toContain('3. Chào cờ');
          expect(allText(r)).toContain('Dân vận khéo');
        },
      },
      {
        send: { text: 'thanh phan' },
        expect: (r) => expect(allText(r)).toContain('người có uy tín'),
      },
      {
        send: { text: '1' },
        expect: (r) => expect(allText(r)).toContain('Mục đích'),
      },
    ],
  },
  {
    name: 'slogans carry this year’s anniversary numbers',
    steps: [
      {
        send: { text: 'khẩu hiệu' },
        expect: (r) => {
          expect(allText(r)).toContain('kỷ niệm 81 năm Ngày truyền thống Công an nhân dân Việt Nam và 21 năm Ngày hội');
          expect(allText(r)).toContain('Bảo vệ Tổ quốc Việt Nam xã hội chủ nghĩa là sự nghiệp của toàn dân');
        },
      },
    ],
  },
  {
    name: 'an English question gets English',
    steps: [
      {
        send: { text: 'when is the festival?' },
        expect: (r) => {
          expect(allText(r)).toContain('19 August');
          expect(allText(r)).toContain('from 20/7/2026 to 19/8/2026');
          expect(allText(r)).not.toMatch(VI_MARKS);
        },
      },
      {
        send: { text: 'slogan' },
        expect: (r) => expect(allText(r)).toContain('Warmly celebrating 81 years'),
      },
    ],
  },
  {
    name: 'language choice by typed label is remembered',
    steps: [
      {
        send: { text: 'ngôn ngữ' },
        expect: (r) => expect(allPayloads(r)).toEqual(['#lang:vi', '#lang:en']),
      },
      { send: { text: 'English' }, expect: (r) => expect(allText(r)).toContain('Switched to English') },
      { send: { text: 'ngay hoi' }, expect: (r) => expect(allText(r)).toContain('is held every year, mainly from 20 July to 19 August') },
      { send: { payload: '#lang:vi' }, expect: (r) => expect(allText(r)).toContain('Đã chuyển sang tiếng Việt') },
    ],
  },
  {
    name: 'global words and unknown input never leave the user without an answer',
    steps: [
      { send: { text: 'hủy' }, expect: (r) => expect(allText(r)).toContain('Hiện không có việc gì cần hủy') },
      { send: { text: 'tro giup' }, expect: (r) => expect(allText(r)).toContain('Gõ “menu”') },
      {
        send: { text: 'xyzzy qwerty' },
        expect: (r) => {
          expect(allText(r)).toContain('mình chưa hiểu');
          expect(allPayloads(r)).toContain('#festival');
        },
      },
    ],
  },
];
