/** HTTP helpers for supertest. */
import type { Response } from 'superagent';

/** A supertest parser that keeps the body as raw bytes (`.buffer(true).parse(rawBytes)`): CSVs are checked byte for byte (the BOM). */
export function rawBytes(res: Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}
