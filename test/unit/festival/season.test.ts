import { describe, expect, it } from 'vitest';
import { festivalSeason, seasonParams } from '../../../src/festival/season.js';
import { windowOpen, windowRules } from '../../../src/core/window.js';
import { campaignSay, listCampaigns, zonedTime } from '../../../src/broadcast/campaigns.js';
import { content } from '../../helpers/bot.js';

const cal = content.data.calendar;

describe('festival season', () => {
  it.each([
    ['2026-08-12T01:00:00Z', 7, 2026, true],
    ['2026-08-19T16:59:00Z', 0, 2026, true],
    ['2026-08-19T17:00:00Z', 364, 2027, false],
    ['2026-07-19T16:59:00Z', 31, 2026, false],
    ['2026-07-19T17:00:00Z', 30, 2026, true],
    ['2027-12-31T18:00:00Z', 231, 2028, false],
    ['2028-02-29T05:00:00Z', 172, 2028, false],
  ])('at %s: %i days left to 19/8/%i, in season %s', (iso, daysLeft, festivalYear, inSeason) => {
    expect(festivalSeason(new Date(iso), cal)).toMatchObject({ daysLeft, festivalYear, inSeason });
  });

  it('gives seasonal texts their numbers, picking the countdown sentence', () => {
    expect(seasonParams(new Date('2026-08-19T03:00:00Z'), content.data, 'en')).toMatchObject({
      year: 2026,
      policeYears: 81,
      festivalYears: 21,
      countdown: 'today',
      from: '20/7/2026',
    });
    expect(seasonParams(new Date('2030-08-01T03:00:00Z'), content.data, 'vi')).toMatchObject({ policeYears: 85, daysLeft: 18, countdown: 'days' });
  });
});

describe('campaigns', () => {
  it('turns a local date and time into the instant in Vietnam time', () => {
    expect(zonedTime('2026-08-19', '07:00', 'Asia/Ho_Chi_Minh').toISOString()).toBe('2026-08-19T00:00:00.000Z');
  });

  it('lists the campaigns of content plus one daily slogan a day, the five slogans in turn', () => {
    const all = listCampaigns(content.data.broadcasts, cal.timezone);
    const daily = all.filter((c) => c.topic === 'slogan');
    expect(daily[0]).toMatchObject({ id: 'slogan-2026-07-20', message: 'broadcasts:daily_slogan', params: { slogan: 0 } });
    expect(daily.slice(0, 6).map((c) => c.params?.slogan)).toEqual([0, 1, 2, 3, 4, 0]);
    expect(all.find((c) => c.id === '2026-ngay-hoi')?.at.toISOString()).toBe('2026-08-19T00:00:00.000Z');
  });

  it('fixes a campaign’s numbers at its own date', () => {
    const week = listCampaigns(content.data.broadcasts, cal.timezone).find((c) => c.id === '2026-con-mot-tuan')!;
    expect(campaignSay(week, content.data)).toEqual({ key: 'broadcasts:one_week', params: expect.objectContaining({ daysLeft: 7, policeYears: 81 }) });
  });
});

describe('platform windows', () => {
  const now = new Date('2026-08-01T00:00:00Z');
  const ago = (h: number) => new Date(now.getTime() - h * 3600_000);
  it('Messenger: only within 24 hours of the last message', () => {
    expect(windowOpen('messenger', ago(23.9), now)).toBe(true);
    expect(windowOpen('messenger', ago(24.1), now)).toBe(false);
  });
  it('Zalo: the free 48 hours after the last interaction, 7 days only with a paid window; never without one; never on the web', () => {
    expect(windowOpen('zalo', ago(47.9), now)).toBe(true);
    expect(windowOpen('zalo', ago(48.1), now)).toBe(false);
    const paid = windowRules({ zaloPaidWindow: true });
    expect(windowOpen('zalo', ago(167), now, paid)).toBe(true);
    expect(windowOpen('zalo', ago(169), now, paid)).toBe(false);
    expect(windowOpen('zalo', undefined, now, paid)).toBe(false);
    expect(windowOpen('web', ago(0), now, paid)).toBe(false);
    expect(windowOpen('messenger', ago(24.1), now, paid)).toBe(false);
    expect(windowOpen('zalo', new Date(now.getTime() + 5_000), now)).toBe(true);
  });
});
