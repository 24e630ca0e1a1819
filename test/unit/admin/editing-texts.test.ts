/** The editing pages' texts: every rule an edit can break, every status and kind, and a title per role, in both languages. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../src/admin/types.js';
import { EDIT_ACTIONS, EVENT_STATUSES } from '../../../src/edits/types.js';
import { content } from '../../helpers/bot.js';
import { missingAdminTexts } from '../../helpers/texts.js';

const SRC = new URL('../../../src', import.meta.url).pathname;

/** Every `rule: '…'` the editor and the checks can give, and the rules of the zod issues. */
function rules(): Set<string> {
  const out = new Set(['required', 'type', 'too_small', 'too_long', 'format', 'choice', 'unknown_field', 'invalid']);
  for (const file of readdirSync(join(SRC, 'edits'))) {
    const source = readFileSync(join(SRC, 'edits', file), 'utf8');
    for (const m of source.matchAll(/rule: '([a-z_]+)'/g)) out.add(m[1]!);
    for (const m of source.matchAll(/'(quote_[a-z_]+)'/g)) out.add(m[1]!);
    for (const m of source.matchAll(/: '([a-z_]+)', (?:signupDeadline|team):/g)) out.add(m[1]!);
  }
  for (const m of readFileSync(join(SRC, 'edits', 'validate.ts'), 'utf8').matchAll(/(\w+): '([a-z_]+)'/g)) if (m[2]!.includes('_')) out.add(m[2]!);
  return out;
}

describe('editing texts', () => {
  it('words every rule, status, kind, version action and role title in both languages', () => {
    const used = new Set<string>();
    for (const r of rules()) used.add(`rules.${r}`);
    for (const s of EVENT_STATUSES) used.add(`events.statuses.${s}`);
    for (const s of ['confirmed', 'waitlisted', 'cancelled']) used.add(`signups.statuses.${s}`);
    for (const k of ['ceremony', 'culture', 'sports', 'exchange', 'conference']) used.add(`eventForm.kinds.${k}`);
    for (const a of EDIT_ACTIONS) used.add(`history.actions.${a}`);
    for (const r of ROLES) used.add(`titles.roles.${r}`);
    for (const e of ['conflict', 'exists', 'event_cancelled', 'outside_event_day', 'not_waiting', 'already_cancelled']) used.add(`errors.${e}`);
    expect(used).toContain('rules.quote_not_in_plan');
    expect(used).toContain('rules.ends_before_start');
    expect(missingAdminTexts(used)).toEqual({ vi: [], en: [] });
  });

  it('never titles an organiser’s pages "Tố giác"', () => {
    expect(content.resources.vi.admin?.titles).toMatchObject({ roles: { organizer: expect.not.stringContaining('Tố giác') } });
  });
});
