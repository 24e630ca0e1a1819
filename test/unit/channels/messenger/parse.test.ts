import { describe, expect, it } from 'vitest';
import { parseEvent, parseWebhook, referralPayload } from '../../../../src/channels/messenger/parse.js';
import { webhookSchema } from '../../../../src/channels/messenger/schema.js';
import {
  PAGE_ID,
  deliveryEvent,
  echoEvent,
  fixture,
  postbackEvent,
  quickReplyEvent,
  readEvent,
  referralEvent,
  textEvent,
  webhook,
} from '../../../helpers/messenger-events.js';

const parse = (raw: string | object) => parseWebhook(webhookSchema.parse(typeof raw === 'string' ? JSON.parse(raw) : raw));
const messages = (raw: string | object) => parse(raw).flatMap((e) => (e.kind === 'message' ? [e.msg] : []));
const AT = new Date('2026-08-01T03:00:00Z');

describe('parseWebhook', () => {
  it('maps text with the PSID, the mid and the time', () => {
    expect(messages(webhook([textEvent('u1', 'xin chào', { mid: 'm_1', at: AT })]))).toEqual([
      { channel: 'messenger', userId: 'u1', messageId: 'm_1', at: AT, event: 'message', text: 'xin chào' },
    ]);
  });

  it('decodes \\uXXXX escapes of the raw body', () => {
    expect(messages(fixture('text-non-ascii.json'))[0]!.text).toBe('ngày hội là gì? 🎉');
  });

  it('maps a quick reply to its payload and a postback to its payload', () => {
    const [qr, pb] = messages(webhook([quickReplyEvent('u1', 'Ngày hội', '#festival', { mid: 'm_q' }), postbackEvent('u1', '#slogans', { mid: 'm_p' })]));
    expect(qr).toMatchObject({ payload: '#festival', messageId: 'm_q' });
    expect(qr!.text).toBeUndefined();
    expect(pb).toMatchObject({ payload: '#slogans', messageId: 'm_p', event: 'message' });
  });

  it('maps Get Started to the start event, and a postback without mid to a stable id', () => {
    const [start] = messages(webhook([postbackEvent('u1', 'GET_STARTED')]));
    expect(start).toMatchObject({ event: 'start' });
    expect(start!.payload).toBeUndefined();
    const noMid = { sender: { id: 'u1' }, recipient: { id: PAGE_ID }, timestamp: 1, postback: { payload: '#menu' } };
    expect(messages(webhook([noMid]))[0]!.messageId).toBe('postback:u1:1');
  });

  it('maps referrals: ref=report and ref=signup-<id> to payloads, anything else to a start', () => {
    expect(messages(webhook([referralEvent('u1', 'report', { at: 5 })]))[0]).toMatchObject({ payload: '#report', messageId: 'referral:u1:5' });
    expect(messages(webhook([referralEvent('u1', 'signup-evt-2026_08')]))[0]).toMatchObject({ payload: '#signup:event:evt-2026_08' });
    for (const ref of ['campaign', 'signup-', 'signup-a b', 'REPORT', undefined]) {
      const [msg] = messages(webhook([referralEvent('u1', ref)]));
      expect(msg, String(ref)).toMatchObject({ event: 'start' });
      expect(msg!.payload).toBeUndefined();
    }
    expect(messages(fixture('get-started-referral.json'))[0]).toMatchObject({ payload: '#signup:event:evt42', messageId: 'm_gs_ref_0001' });
  });

  it('maps every attachment type, unknown ones as other', () => {
    const all = messages(fixture('attachments.json'));
    expect(all.map((m) => m.attachments?.[0]?.kind)).toEqual(['image', 'file', 'audio', 'video', 'location', 'link', 'link', 'sticker', 'other']);
    expect(all[0]!.attachments![0]!.url).toMatch(/^https:\/\/scontent/);
    expect(all[4]!.attachments![0]).toEqual({ kind: 'location', latitude: 21.2731, longitude: 106.1946 });
    expect(all[5]).toMatchObject({ text: 'xem link này', attachments: [{ kind: 'link', url: 'https://example.org/news', name: 'Tin tức' }] });
  });

  it('reads a sticker as one sticker in every form Meta sent it, never as a photo', () => {
    const [oldLike, both, current] = messages(fixture('stickers.json'));
    expect(oldLike!.attachments).toEqual([{ kind: 'sticker', url: 'https://scontent.xx.fbcdn.net/v/t39.1997-6/851557_369239266556155_759568595_n.png' }]);
    expect(both!.attachments).toEqual([{ kind: 'sticker', url: 'https://scontent.xx.fbcdn.net/v/t39.1997-6/sticker-cat.png' }]);
    expect(current!.attachments).toEqual([{ kind: 'sticker', url: 'https://scontent.xx.fbcdn.net/v/t39.1997-6/sticker-dog.png' }]);
    for (const m of [oldLike, both, current]) expect(m!.text).toBeUndefined();
  });

  it('skips echoes, reads, deliveries and standby events, and sorts the rest by time', () => {
    const events = parse(fixture('batched.json'));
    expect(
      events
        .filter((e) => e.kind === 'skip')
        .map((e) => e.kind === 'skip' && e.reason)
        .sort(),
    ).toEqual(['delivery', 'echo', 'read', 'standby']);
    expect(messages(fixture('batched.json')).map((m) => m.messageId)).toEqual(['m_batch_a1', 'm_batch_b1']);
    const late = textEvent('u1', 'second', { at: 20 });
    const early = textEvent('u1', 'first', { at: 10 });
    expect(messages(webhook([late], [early])).map((m) => m.text)).toEqual(['first', 'second']);
    expect(parse(webhook([echoEvent('u1', 'x'), readEvent('u1'), deliveryEvent('u1')])).every((e) => e.kind === 'skip')).toBe(true);
  });

  it('skips a malformed or unknown event on its own, without rejecting the batch', () => {
    const events = parse(
      webhook([
        { sender: {}, timestamp: 'x' },
        { sender: { user_ref: 'ref' }, recipient: {}, timestamp: 1, message: { mid: 'm', text: 'hi' } },
        { sender: { id: 'u' }, recipient: {}, timestamp: 1, reaction: { emoji: '❤' } },
        { sender: { id: 'u' }, recipient: {}, timestamp: 1, message: { mid: 'm_empty' } },
        textEvent('u1', 'ok'),
      ]),
    );
    expect(events.map((e) => (e.kind === 'skip' ? e.reason : 'message'))).toEqual(['invalid', 'no_psid', 'unsupported', 'unsupported', 'message']);
  });

  it('reads an event alone, with standby never answered', () => {
    expect(parseEvent(textEvent('u1', 'hi'), true)).toEqual({ kind: 'skip', reason: 'standby' });
    expect(referralPayload(undefined)).toBeUndefined();
  });
});
