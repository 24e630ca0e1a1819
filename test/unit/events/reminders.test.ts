import { describe, expect, it } from 'vitest';
import { normalizeMobile } from '../../../src/core/normalize.js';
import { reminderTimes, utcOffsetMinutes } from '../../../src/events/reminders.js';
import { content } from '../../helpers/bot.js';

describe('Vietnamese mobile numbers', () => {
  it.each([
    ['0912345678', '0912345678'],
    ['091 234 5678', '0912345678'],
    ['+84912345678', '0912345678'],
    ['84912345678', '0912345678'],
    ['0356.789.012', '0356789012'],
    ['0712-345-678', '0712345678'],
    ['0812345678', '0812345678'],
    ['0512345678', '0512345678'],
  ])('%s → %s', (input, out) => expect(normalizeMobile(input)).toBe(out));

  it.each(['012345678', '0212345678', '0412345678', '091234567', '09123456789', '+1 650 555 1234', 'abc', '', '1900 1234'])('rejects %s', (input) => {
    expect(normalizeMobile(input)).toBeUndefined();
  });
});

describe('reminder times', () => {
  const event = content.data.events.events.find((e) => e.id === 'dt-le-khai-mac')!;
  it('is 18:00 Vietnam time the day before, and one hour before the start', () => {
    const [day, hour] = reminderTimes(event, 'Asia/Ho_Chi_Minh');
    expect(day!.at.toISOString()).toBe('2027-07-23T11:00:00.000Z');
    expect(hour!.at.toISOString()).toBe('2027-07-24T00:00:00.000Z');
  });

  it('reads the zone offset', () => {
    expect(utcOffsetMinutes(new Date('2027-07-01T00:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe(420);
    expect(utcOffsetMinutes(new Date('2027-07-01T00:00:00Z'), 'UTC')).toBe(0);
  });

  it('ships a sample season of at least 8 events between 20/7 and 19/8 across several parks', () => {
    const events = content.data.events.events;
    expect(events.every((e) => e.sample)).toBe(true);
    expect(events.length).toBeGreaterThanOrEqual(8);
    expect(new Set(events.map((e) => e.kcn)).size).toBeGreaterThanOrEqual(4);
    for (const e of events) {
      const md = e.startsAt.slice(5, 10);
      expect(md >= '07-20' && md <= '08-19').toBe(true);
    }
  });
});
