/** Small HTTP helpers shared by the admin routes: JSON errors, zod validation, result-code mapping. */
import type { Response } from 'express';
import type { z } from 'zod';
import type { ReportError } from '../reports/types.js';

/** Sends `{"error": {"code", "message", ...extra}}` with a status. */
export function sendError(res: Response, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
  res.status(status).json({ error: { code, message, ...extra } });
}

/**
 * Parses a body or query with zod; on failure answers 400 naming the first bad field and returns
 * undefined, so a handler just returns.
 */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, res: Response): z.infer<S> | undefined {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? 'body');
  sendError(res, 400, 'invalid_request', `${field} ${issue.message}`, { field });
  return undefined;
}

const REPORT_ERRORS: Record<ReportError, { status: number; message: string }> = {
  not_found: { status: 404, message: 'no such report' },
  already_claimed: { status: 409, message: 'the report is already claimed by another officer' },
  not_claimed_by_you: { status: 409, message: 'claim the report first' },
  closed: { status: 409, message: 'the report is closed' },
  thread_closed: { status: 409, message: 'the reporter can no longer be reached (retention period over)' },
  invalid_status: { status: 422, message: 'that status change is not allowed' },
  link_not_allowed: { status: 422, message: 'no links in questions to the reporter: tapping one would reveal their IP address; describe it in words' },
};

/** Answers a ReportService error code with its HTTP status (404, 409 or 422). */
export function sendReportError(res: Response, error: ReportError): void {
  const { status, message } = REPORT_ERRORS[error];
  sendError(res, status, error, message);
}
