/**
 * Links in officers' questions. A reporter who taps a link opens it in a browser, which tells the
 * link's server the reporter's IP address (and often their phone model): enough to identify them.
 * Officers' questions with anything that a chat app turns into a link are refused.
 */

/** Top-level domains a chat app is likely to turn into a link when written bare (`abc.vn`, `bit.ly/x`). */
const TLDS = 'vn|com|net|org|info|biz|me|io|co|ly|gl|app|dev|link|site|online|top|xyz|click|gov|edu|ru|cn|tk|ml|to|cc|tv|us|uk';
const LINK = new RegExp(
  [
    String.raw`\b[a-z][a-z0-9+.-]*:\/\/`, // any scheme: https://, http://, zalo://
    String.raw`\bwww\.`,
    String.raw`\b(?:[a-z0-9-]+\.)+(?:${TLDS})\b`, // a bare domain: example.vn, bit.ly
    String.raw`\b\d{1,3}(?:\.\d{1,3}){3}\b`, // an IPv4 address
  ].join('|'),
  'i',
);

/** True when `text` holds a link, a bare domain or an IP address that a chat app could make tappable. */
export function containsLink(text: string): boolean {
  return LINK.test(text.normalize('NFKC'));
}
