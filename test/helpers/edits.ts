/** What the tests of content edited in the dashboard share: a new event as the pinned API takes it, and the audit log as entries. */
import type { Redis } from '../../src/store/redis/client.js';

/** An event as content/events.yaml holds one (the pinned API's body). */
export const newEvent = {
  id: 'dt-giao-luu-2027',
  title: { vi: 'Giao lưu văn nghệ công nhân KCN Đình Trám', en: 'Workers’ arts exchange, Dinh Tram park' },
  kind: 'culture',
  kcn: 'dinh-tram',
  enterprise: 'Công ty TNHH Điện tử Minh Anh',
  startsAt: '2027-07-20T19:00:00+07:00',
  endsAt: '2027-07-20T21:00:00+07:00',
  signupDeadline: '2027-07-18T17:00:00+07:00',
  place: { vi: 'Nhà văn hóa công nhân, KCN Đình Trám', en: 'Workers’ cultural house, Dinh Tram park' },
  capacity: 2,
  description: { vi: 'Văn nghệ và giao lưu giữa các tổ sản xuất.', en: 'Performances and exchange between production teams.' },
};

/** The newest audit log entries (up to 200) of a bot's prefix, as plain objects (actor, action, detail…). */
export async function auditEntries(bot: { redis: Redis; config: { redisKeyPrefix: string } }): Promise<Record<string, string>[]> {
  const entries = await bot.redis.xrevrange(`${bot.config.redisKeyPrefix}:staff:audit`, '+', '-', 'COUNT', 200);
  return entries.map(([, fields]) => {
    const out: Record<string, string> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) out[fields[i]!] = fields[i + 1]!;
    return out;
  });
}
