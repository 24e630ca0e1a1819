/** The admin routes' answers for report results: each ReportService error code with its HTTP status. */
import type { Response } from 'express';
import { sendError } from '../lib/responses.js';
import type { ReportError } from '../reports/types.js';

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
