/** Random codes that people read and type back (report and sign-up codes), from an alphabet without look-alikes. */
import { randomInt } from 'node:crypto';

/** Digits and capitals without 0, 1, I, L and O, which are easily mistaken for one another. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** `length` random characters of CODE_ALPHABET. */
export function randomCode(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}
