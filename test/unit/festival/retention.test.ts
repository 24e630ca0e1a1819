/** The variables texts use for what the deployment keeps and whom it may write to, from the settings in force. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { retentionTexts } from '../../../src/festival/retention.js';
import { content } from '../../helpers/bot.js';
import { ZALO_ENV } from '../../helpers/zalo.js';

const SECRET = 'retention-test-secret-retention-test-secret';

describe('retention and window texts', () => {
  it('names the Zalo window in force: 2 days free, 7 days with a paid window', () => {
    const free = retentionTexts(loadConfig({ APP_SECRET: SECRET, ...ZALO_ENV }), content.data);
    const paid = retentionTexts(loadConfig({ APP_SECRET: SECRET, ...ZALO_ENV, ZALO_PAID_WINDOW: 'true' }), content.data);
    expect(free.zaloWindowDays).toBe(2);
    expect(paid.zaloWindowDays).toBe(7);
  });
});
