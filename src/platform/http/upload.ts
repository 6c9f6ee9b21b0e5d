/**
 * The one file of a multipart upload, read whole up to `maxBytes`. Anything else — not
 * multipart, no file, a file over the limit (refused, never cut short), a broken stream — is the
 * caller's own `refused()` error, so that each module answers in its words.
 */
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../errors.js';

export async function uploadedFile(req: FastifyRequest, maxBytes: number, refused: () => DomainError): Promise<{ data: Buffer; name: string }> {
  try {
    const file = req.isMultipart() ? await req.file({ limits: { fileSize: maxBytes } }) : undefined;
    if (!file) throw refused();
    const data = await file.toBuffer();
    if (file.file.truncated) throw refused();
    return { data, name: file.filename };
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw refused();
  }
}
