/** JSON read from outside (a request body, a stored value) that may be broken: undefined instead of a throw. */
import type { z } from 'zod';

/** The parsed value, or undefined when `text` is not JSON. */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A stored JSON value checked against `schema`; undefined when absent, not JSON or not of that shape. */
export function parseStored<T>(schema: z.ZodType<T>, raw: string | null | undefined): T | undefined {
  if (!raw) return undefined;
  const parsed = schema.safeParse(tryParseJson(raw));
  return parsed.success ? parsed.data : undefined;
}
