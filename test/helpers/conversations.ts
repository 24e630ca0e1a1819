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

export const scripts: Script[] = [
  {
    name: 'menu lists every feature as buttons',
    steps: [
      {
        send: { text: 'menu' },
        expect: (r) => {
          expect(allPayloads(r)).toEqual(expect.arrayContaining(['#festival', '#slogans', '#lang']));
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
          expect(allText(r)).toContain('3. Chào cờ');
          expect(allText(r)).toContain('Dân vận khéo');
        },
      },
      {
        send: { text: 'thanh phan' },
        expect: (r) => expect(allText(r)).toContain('Người có uy tín trong doanh nghiệp'),
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
      { send: { text: 'ngay hoi' }, expect: (r) => expect(allText(r)).toContain('is held every year on 19 August') },
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
