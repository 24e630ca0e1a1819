/**
 * A tiny RFC 4180 CSV writer for the supervisors' export (no dependency: the need is one function).
 * UTF-8 with a byte-order mark so Excel opens Vietnamese correctly; every cell in Unicode NFC; cells
 * with a comma, quote, CR or LF are quoted with doubled quotes; cells that a spreadsheet would run as
 * a formula (`= + - @`, tab, CR) get a leading apostrophe (OWASP CSV injection).
 */

export const BOM = '\uFEFF';

const DIGITS = Symbol('digits kept as text');
/** A number Excel must keep as text (see `asText`). */
export interface TextDigits {
  [DIGITS]: string;
}

/**
 * A phone number that Excel keeps as text, its leading 0 included: the cell `="0978123456"` (the one
 * formula written on purpose, and only ever over digits with an optional leading +). Anything else
 * is returned as it is and written as plain, neutralised text.
 */
export function asText(value: string | undefined): TextDigits | string {
  return value && /^\+?\d{1,20}$/.test(value) ? { [DIGITS]: value } : (value ?? '');
}

/** One cell: NFC, formula-neutralised, quoted when needed. */
export function csvCell(value: unknown): string {
  if (typeof value === 'object' && value !== null && DIGITS in value) return `"=""${(value as TextDigits)[DIGITS]}"""`;
  let s = value === undefined || value === null ? '' : String(value).normalize('NFC');
  // Spreadsheets run cells that start with these (also after spaces, also fullwidth) as formulas.
  if (/^[\s=+\-@＝＋－＠]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The whole file: BOM, then one CRLF-terminated line per row. */
export function toCsv(rows: readonly (readonly unknown[])[]): string {
  return BOM + rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}
