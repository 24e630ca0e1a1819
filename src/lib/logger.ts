/**
 * One logger for the process (pino). Messages never carry tokens, raw user ids or message texts;
 * the redact list is a second line of defence for fields that should never have been logged.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-zevent-signature"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.access_token',
  '*.refresh_token',
  '*.token',
  '*.text',
  '*.userId',
];

/**
 * Errors are logged by type, message, code and stack only: an HTTP client error carries its request
 * (URL parameters, headers, body), which may hold tokens or a user's text.
 */
export function safeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const out: Record<string, unknown> = { type: err.name, message: err.message, stack: err.stack };
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  const status = (err as { response?: { status?: unknown } }).response?.status;
  if (typeof status === 'number') out.status = status;
  if (err.cause !== undefined) out.cause = safeError(err.cause);
  return out;
}

/** Creates the process logger at the given level (use `silent` in tests), to stdout or to `destination` (a test reading the logs). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'antq-bot' }, serializers: { err: safeError } };
  return destination ? pino(options, destination) : pino(options);
}
