import type { FastifyReply } from 'fastify';

/** `type/subtype` with optional parameters, nothing a header cannot carry. */
const MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+(\s*;\s*[a-z0-9_-]+=("[^"\r\n]*"|[a-z0-9_.+-]+))*$/i;

/**
 * The `content-disposition` of a download: an ASCII `filename` for old clients and the real name
 * (Arabic, Chinese, emoji…) percent-encoded in `filename*` (RFC 6266), since a header holds Latin-1 only.
 */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName.replace(/(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/g, '\uFFFD')).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/**
 * A stored attachment as a download: its own media type (when it is one a header can carry),
 * never sniffed or cached, under its file name made safe for the header.
 */
export function sendAttachment(reply: FastifyReply, file: { fileName: string; mediaType: string; contentBase64: string }): FastifyReply {
  return reply
    .type(MEDIA_TYPE.test(file.mediaType) ? file.mediaType : 'application/octet-stream')
    .header('content-disposition', attachmentDisposition(file.fileName))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(file.contentBase64, 'base64'));
}
