import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseZaloEvent } from '../../../../src/channels/zalo/parse.js';

type Json = Record<string, any>;
const fixture = (name: string): Json => JSON.parse(readFileSync(new URL(`../../../fixtures/zalo/${name}.json`, import.meta.url), 'utf8'));
const USER = '2400000000000000001';
const AT = new Date(1785553200000);

function turn(name: string, patch: (e: Json) => void = () => undefined) {
  const e = fixture(name);
  patch(e);
  const parsed = parseZaloEvent(e);
  if (parsed.kind !== 'turn') throw new Error(`expected a turn, got ${parsed.kind}`);
  return parsed.msg;
}

describe('parseZaloEvent', () => {
  it('maps user_send_text to a message from sender.id, keeping ids as exact strings beyond 2^53', () => {
    expect(turn('user_send_text')).toEqual({ channel: 'zalo', userId: USER, messageId: 'e2a641af6661713b2874', at: AT, event: 'message', text: 'Xin chào' });
    expect(String(Number(USER))).not.toBe(USER); // why ids must never become numbers
  });

  it('reads a button click (the payload sent back as text) as a payload', () => {
    const msg = turn('user_send_text', (e) => (e.message.text = '#festival:ceremony'));
    expect(msg.payload).toBe('#festival:ceremony');
    expect(msg.text).toBeUndefined();
    expect(turn('user_send_text', (e) => (e.message.text = '#hashtag is fun')).text).toBe('#hashtag is fun');
  });

  it.each([
    ['user_send_image', { kind: 'image', url: 'https://cdn.zalo.example/a.jpg' }, undefined],
    ['user_send_file', { kind: 'file', url: 'https://cdn.zalo.example/f.pdf', name: 'ke-hoach.pdf' }, undefined],
    ['user_send_sticker', { kind: 'sticker', url: 'https://cdn.zalo.example/sticker.png' }, undefined],
    ['user_send_location', { kind: 'location', latitude: 21.2563, longitude: 106.1142, name: 'Khu công nghiệp Quang Châu' }, undefined],
    ['user_send_link', { kind: 'link', url: 'https://example.vn/bai-viet' }, undefined],
    ['user_send_audio', { kind: 'audio', url: 'https://cdn.zalo.example/v.aac' }, undefined],
    ['user_send_video', { kind: 'video', url: 'https://cdn.zalo.example/v.mp4' }, undefined],
    ['user_send_gif', { kind: 'gif', url: 'http://f6.photo.talk.zdn.vn/1234567890/vui.gif' }, undefined],
    ['user_send_business_card', { kind: 'contact' }, undefined],
  ])('maps %s to an attachment for the flow', (name, attachment, text) => {
    const msg = turn(name);
    expect(msg.attachments).toEqual([attachment]);
    expect(msg.text).toBe(text);
    expect(msg.userId).toBe(USER);
  });

  it('keeps nothing of a business card: no name, no phone, no link', () => {
    const msg = turn('user_send_business_card');
    expect(msg).toEqual({ channel: 'zalo', userId: USER, messageId: 'd8de7d84fa1b30436914', at: AT, event: 'message', attachments: [{ kind: 'contact' }] });
    expect(JSON.stringify(msg)).not.toMatch(/84900000002|Mẫu|qr\.zalo/);
  });

  it('reads a shared place as coordinates with its name, and drops coordinates it cannot read', () => {
    expect(turn('user_send_location').attachments).toEqual([{ kind: 'location', latitude: 21.2563, longitude: 106.1142, name: 'Khu công nghiệp Quang Châu' }]);
    const odd = turn('user_send_location', (e) => (e.message.attachments[0].payload.coordinates = { latitude: '91.5', longitude: 'east' }));
    expect(odd.attachments).toEqual([{ kind: 'location', name: 'Khu công nghiệp Quang Châu' }]);
    const shapeless = turn('user_send_sticker', (e) => (e.message.attachments = { unexpected: true }));
    expect(shapeless.attachments).toEqual([{ kind: 'sticker' }]);
  });

  it('keeps an image caption as text', () => {
    expect(turn('user_send_image', (e) => (e.message.text = 'ảnh hiện trường')).text).toBe('ảnh hiện trường');
  });

  it.each([
    ['follow', 'follow'],
    ['user_click_chatnow', 'user_click_chatnow'],
  ])('maps %s to a start turn, de-duplicated on event, user and time', (name, event) => {
    expect(turn(name)).toEqual({ channel: 'zalo', userId: USER, messageId: `${event}:${USER}:1785553200000`, at: AT, event: 'start' });
  });

  it('maps unfollow to forgetting the follower', () => {
    expect(parseZaloEvent(fixture('unfollow'))).toEqual({ kind: 'unfollow', event: 'unfollow', userId: USER });
  });

  it('keeps only who and when of user_submit_info, never the submitted data', () => {
    const parsed = parseZaloEvent(fixture('user_submit_info'));
    expect(parsed).toEqual({ kind: 'interaction', event: 'user_submit_info', userId: USER, at: AT });
    expect(JSON.stringify(parsed)).not.toContain('84900000001');
  });

  it('ignores the OA’s own echoes and receipts, and names unknown events only', () => {
    expect(parseZaloEvent(fixture('oa_send_text'))).toEqual({ kind: 'echo', event: 'oa_send_text' });
    expect(parseZaloEvent(fixture('user_seen_message'))).toEqual({ kind: 'echo', event: 'user_seen_message' });
    expect(parseZaloEvent(fixture('add_user_to_tag'))).toEqual({ kind: 'unknown', event: 'add_user_to_tag' });
    expect(parseZaloEvent({ timestamp: '1' })).toEqual({ kind: 'unknown', event: '(none)' });
  });

  it('reports a known event with a bad shape by field path, without values', () => {
    const e = fixture('user_send_text');
    e.sender.id = 2400000000000000;
    delete e.message.msg_id;
    expect(parseZaloEvent(e)).toEqual({ kind: 'malformed', event: 'user_send_text', fields: ['sender.id', 'message.msg_id'] });
    expect(parseZaloEvent({ ...fixture('follow'), follower: {} })).toMatchObject({ kind: 'malformed', fields: ['follower.id'] });
  });
});
