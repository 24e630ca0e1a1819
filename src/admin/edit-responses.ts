/**
 * What the dashboard's editing routes share: who edits (an organiser's parks), the version the editor
 * saw (`If-Match`), and the answer to each failed edit: 400 naming every field with its rule (the page
 * words them in the staff's language), 404, 403, or 409 when the document changed meanwhile, exists
 * already or belongs to a cancelled event.
 */
import type { Request, Response } from 'express';
import type { Editor } from '../edits/service.js';
import type { EditResult } from '../edits/types.js';
import { sendError } from '../lib/responses.js';
import type { StaffIdentity } from './types.js';

/** The editor a staff member is: a supervisor edits every park's events, an organiser only their own. */
export const editorOf = (staff: StaffIdentity): Editor => ({ username: staff.username, kcns: staff.role === 'supervisor' ? undefined : staff.kcns });

/** The version in `If-Match` (`"3"` or `3`), when the client sent one; NaN when it is not a version. */
export function ifMatch(req: Request): number | undefined {
  const header = req.get('if-match');
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  return m ? Number(m[1]) : Number.NaN;
}

const FAILURES = {
  not_found: [404, 'not_found', 'no such document'],
  forbidden: [403, 'forbidden', 'this event belongs to a park you do not organise'],
  conflict: [409, 'conflict', 'it was changed meanwhile: reload it, then change it again'],
  exists: [409, 'exists', 'this id is taken'],
  cancelled: [409, 'event_cancelled', 'the event is cancelled'],
} as const;

/** Answers a failed edit; returns true when it did (the handler then returns). */
export function sentEditError<T>(res: Response, result: EditResult<T>): result is Exclude<EditResult<T>, { ok: true }> {
  if (result.ok) return false;
  if (result.error === 'invalid') {
    const first = result.problems[0];
    sendError(res, 400, 'invalid_request', result.problems.map((p) => p.message).join('; '), { field: first?.field, problems: result.problems });
  } else {
    const [status, code, message] = FAILURES[result.error];
    sendError(res, status, code, message);
  }
  return true;
}
