/**
 * Masks personal details in free text before it is kept anywhere: e-mail addresses, report and
 * sign-up codes and secret keys (`TG-…`, `DK-…`, mixed letter-and-digit tokens of the codes' alphabet),
 * Vietnamese number plates, phone numbers and other long digit runs (ID cards, bank accounts). Short
 * numbers stay: dates, times, hotlines such as 113. Every pattern starts at a word or digit boundary,
 * so the work grows with the text's length, not its square.
 */

/** Starts only where a run of its characters starts: tried at every letter, a long word would cost its length squared. */
const EMAIL = String.raw`(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+`;
/** A report or sign-up code, with or without its prefix's dash. */
const CODE = String.raw`\b(?:TG|DK)[\s_.–-]*[0-9A-Z]{6}\b`;
/** A code or secret key typed without its prefix: 6 to 12 of the codes' alphabet, with a letter and a digit. */
const BARE_CODE = String.raw`\b(?=[2-9A-Z]*\d)(?=[2-9A-Z]*[A-Z])[2-9A-HJKMNP-Z]{6,12}\b`;
/** Plates such as 98B1-123.45, 29A-12345, 30E 123.45, 98-B1 234 56. */
const PLATE = String.raw`\b\d{2}[\s-]?[A-Z]{1,2}\d?[\s.-]{0,3}\d{3}[.\s]?\d{1,2}\b`;
/** Digits with single spaces, dots or dashes between them (phone numbers are written 0912 345 678). */
const DIGITS = String.raw`\+?\d(?:[ .-]?\d)*`;

const PATTERN = new RegExp([EMAIL, CODE, BARE_CODE, PLATE, DIGITS].join('|'), 'giu');

/** True for a digit run worth masking: 8 digits or more, or 5 or more written without separators. */
function longDigits(match: string): boolean {
  const digits = match.replace(/\D/g, '').length;
  return digits >= 8 || (digits >= 5 && /^\+?\d+$/.test(match));
}

/** Replaces each personal detail in `text` with `mark`; everything else is left as it was. */
export function redactPersonal(text: string, mark = '#'): string {
  return text.normalize('NFC').replace(PATTERN, (m) => (/^\+?\d/.test(m) && /^[\d .+-]+$/.test(m) && !longDigits(m) ? m : mark));
}
