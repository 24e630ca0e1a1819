/**
 * One logger for the process (pino). Messages never carry tokens, raw user ids or message texts;
 * the redact list is a second line of defence for fields that should never have been logged.
 */
import { pino, type Logger } from 'pino';

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

/** Creates the process logger at the given level (use `silent` in tests). */
export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'antq-bot' } });
}
