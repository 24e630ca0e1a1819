/** JSON error answers and zod validation for express routes (the admin API and the features' staff routes). */
import type { Response } from 'express';
import type { z } from 'zod';

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
