/**
 * Photos sent with a report: downloaded at once (platform URLs expire), re-encoded with sharp so
 * EXIF, GPS and camera data are dropped, size-capped, and stored sealed with the report.
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

/**
 * Downloads a photo over HTTPS from an allowed host only (the platforms' CDNs; never a redirect, never
 * another scheme), refusing anything over `maxBytes` or slower than `timeoutMs` in total.
 */
export async function downloadImage(url: string, opts: PhotoOptions): Promise<Buffer> {
  const u = new URL(url);
  const host = u.hostname.toLowerCase();
  if (u.protocol !== 'https:') throw new Error('photo URL must be https');
  if (!opts.hosts.some((h) => host === h || host.endsWith(`.${h}`))) throw new Error('photo host not allowed');
  const res = await axios.get<ArrayBuffer>(url, {
    responseType: 'arraybuffer',
    timeout: opts.timeoutMs,
    signal: AbortSignal.timeout(opts.timeoutMs),
    maxContentLength: opts.maxBytes,
    maxRedirects: 0,
  });
  return Buffer.from(res.data);
}
