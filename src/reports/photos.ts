/**
 * Photos sent with a report: downloaded at once (platform URLs expire), re-encoded with sharp so
 * EXIF, GPS and camera data are dropped, size-capped, and stored sealed with the report. Zalo's photo
 * CDN links are often plain http: those hosts may be fetched over http when https does not answer.
 */
import axios from 'axios';
import sharp from 'sharp';

export interface CleanPhoto {
  contentType: 'image/jpeg';
  data: Buffer;
}

export interface PhotoOptions {
  maxBytes: number;
  timeoutMs: number;
  /** Hosts photos may come from (platform CDNs); a host matches itself and its subdomains. */
  hosts: readonly string[];
  /**
   * Hosts (each also in `hosts`) whose photo links may be plain http: Zalo's photo CDN sends
   * `http://f6.photo.talk.zdn.vn/...`. Such a link is tried over https on the same host first.
   */
  httpHosts?: readonly string[];
}

/** Re-encodes an image as JPEG without any metadata, at most 1600 px on its longest side. */
export async function cleanImage(input: Buffer): Promise<CleanPhoto> {
  const data = await sharp(input, { failOn: 'error', limitInputPixels: 40_000_000 })
    .rotate()
    .resize({ width: 1600, height: 1600, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 82, mozjpeg: true })
    .toBuffer();
  return { contentType: 'image/jpeg', data };
}

const matches = (host: string, list: readonly string[]) => list.some((h) => host === h || host.endsWith(`.${h}`));

/** One GET: no redirect followed, at most `maxBytes`, `timeoutMs` in total. */
async function fetchBytes(url: string, opts: PhotoOptions): Promise<Buffer> {
  const res = await axios.get<ArrayBuffer>(url, {
    responseType: 'arraybuffer',
    timeout: opts.timeoutMs,
    signal: AbortSignal.timeout(opts.timeoutMs),
    maxContentLength: opts.maxBytes,
    maxRedirects: 0,
  });
  return Buffer.from(res.data);
}

/**
 * Downloads a photo from an allowed host only (the platforms' CDNs; never a redirect, never another
 * scheme), refusing anything over `maxBytes` or slower than `timeoutMs` a try. An http link is
 * accepted only for `httpHosts`, and tried over https on the same host first; the plain http try
 * comes only when https could not answer (not when the photo was too big).
 */
export async function downloadImage(url: string, opts: PhotoOptions): Promise<Buffer> {
  const u = new URL(url);
  const host = u.hostname.toLowerCase();
  if (!matches(host, opts.hosts)) throw new Error('photo host not allowed');
  if (u.protocol === 'https:') return fetchBytes(u.href, opts);
  if (u.protocol !== 'http:' || !matches(host, opts.httpHosts ?? [])) throw new Error('photo URL must be https');
  const secure = new URL(u.href);
  secure.protocol = 'https:';
  secure.port = '';
  try {
    return await fetchBytes(secure.href, opts);
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(String((err as Error).message))) throw err;
    return fetchBytes(u.href, opts);
  }
}
