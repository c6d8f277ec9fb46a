import { createHash } from 'node:crypto';
import { AppError } from './errors.ts';

/** A file sent inside JSON: name, media type and base64 content. */
export interface Attachment {
  fileName: string;
  mediaType: string;
  contentBase64: string;
}

/**
 * The request body limit for a JSON body carrying `files` base64 files of at most `maxBytes` each
 * (base64 grows a file by a third; the rest is room for the other fields), so that a file just
 * under the per-file limit is refused by that check, with its own message, and not by the server's
 * general body limit.
 */
export function base64BodyLimit(maxBytes: number, files = 1, otherFields = 64 * 1024): number {
  return Math.ceil(maxBytes * 1.4) * files + otherFields;
}

/**
 * The bytes of an attached file, checked: valid base64, not empty, at most `maxBytes`; with the
 * SHA-256 kept beside it so anyone can show later that a file is the one that was filed.
 */
export function decodeAttachment(file: Attachment, maxBytes: number): { bytes: Buffer; sha256: string } {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(file.contentBase64)) throw new AppError('EVIDENCE_FILE_INVALID', { fileName: file.fileName });
  const bytes = Buffer.from(file.contentBase64, 'base64');
  if (bytes.length > maxBytes) throw new AppError('EVIDENCE_FILE_TOO_LARGE', { fileName: file.fileName, maxBytes });
  if (bytes.length === 0) throw new AppError('EVIDENCE_FILE_INVALID', { fileName: file.fileName });
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** The columns every attachment table shares, from a checked file: name, type, size, hash, content, who and when. */
export function attachmentRow(file: Attachment, maxBytes: number, { userId, at }: { userId: string; at: Date }) {
  const { bytes, sha256 } = decodeAttachment(file, maxBytes);
  return {
    fileName: file.fileName,
    mediaType: file.mediaType,
    size: bytes.length,
    sha256,
    contentBase64: bytes.toString('base64'),
    uploadedBy: userId,
    uploadedAt: at,
  };
}
