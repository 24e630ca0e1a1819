/**
 * Images for Zalo replies, as a media template. A public `http(s)` URL is referenced as is; a file
 * shipped with the project (a path relative to its root) is uploaded once to
 * `/v2.0/oa/upload/image` and its `attachment_id` reused until shortly before Zalo expires it (~7 days).
 */
import { readFile } from 'node:fs/promises';
import { basename, extname, resolve, sep } from 'node:path';
import type { ApiResult, ZaloClient } from './client.js';

/** Zalo forgets uploaded attachments after about 7 days; re-upload after 6. */
const UPLOAD_REUSE_MS = 6 * 24 * 3600 * 1000;
const MIME: Record<string, string> = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png' };

/** The `message` of a CS send that shows one image. */
export interface MediaMessage {
  attachment: {
    type: 'template';
    payload: { template_type: 'media'; elements: [{ media_type: 'image'; url: string } | { media_type: 'image'; attachment_id: string }] };
  };
}

const media = (element: MediaMessage['attachment']['payload']['elements'][0]): MediaMessage => ({
  attachment: { type: 'template', payload: { template_type: 'media', elements: [element] } },
});

/** Turns an image reference into a media message, uploading project files; failures are values. */
export function createZaloImages(deps: { client: ZaloClient; root: string; now?: () => number }) {
  const now = deps.now ?? Date.now;
  const uploaded = new Map<string, { id: string; at: number }>();

  async function upload(path: string): Promise<ApiResult> {
    const full = resolve(deps.root, path);
    const mime = MIME[extname(full).toLowerCase()];
    if (!full.startsWith(deps.root + sep) || !mime) return { ok: false, failure: 'rejected', code: 'unsupported_image' };
    let bytes: Buffer;
    try {
      bytes = await readFile(full);
    } catch {
      return { ok: false, failure: 'rejected', code: 'image_not_found' };
    }
    return deps.client.postForm('/v2.0/oa/upload/image', () => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)], { type: mime }), basename(full));
      return form;
    });
  }

  return {
    /** A media message for `image`, or the failure that prevented it. */
    async message(image: string): Promise<{ ok: true; message: MediaMessage } | Extract<ApiResult, { ok: false }>> {
      if (/^https?:\/\//i.test(image)) return { ok: true, message: media({ media_type: 'image', url: image }) };
      const cached = uploaded.get(image);
      if (cached && now() - cached.at < UPLOAD_REUSE_MS) return { ok: true, message: media({ media_type: 'image', attachment_id: cached.id }) };
      const result = await upload(image);
      if (!result.ok) return result;
      const id = (result.data as { attachment_id?: unknown } | undefined)?.attachment_id;
      if (typeof id !== 'string' || !id) return { ok: false, failure: 'transient', code: 'bad_body' };
      uploaded.set(image, { id, at: now() });
      return { ok: true, message: media({ media_type: 'image', attachment_id: id }) };
    },
  };
}

export type ZaloImages = ReturnType<typeof createZaloImages>;
