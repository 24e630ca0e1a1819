/** Coded errors for surprises; expected outcomes are values, not throws. */

export type ErrorCode = 'STORE_UNAVAILABLE' | 'USER_BUSY' | 'CONTENT_INVALID' | 'CHANNEL_API';

/** Base class: a string code for the one error handler to act on, and no personal data in the message. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

/** True when the error means "storage is unreachable": callers answer 503 so platforms retry. */
export function isUnavailable(err: unknown): boolean {
  return err instanceof AppError && (err.code === 'STORE_UNAVAILABLE' || err.code === 'USER_BUSY');
}
