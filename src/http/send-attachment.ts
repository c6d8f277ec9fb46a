import type { FastifyReply } from 'fastify';

/**
 * A stored attachment as a download: its own media type, never sniffed or cached, under a file
 * name stripped of characters that could break the header.
 */
export function sendAttachment(reply: FastifyReply, file: { fileName: string; mediaType: string; contentBase64: string }): FastifyReply {
  return reply
    .type(file.mediaType)
    .header('content-disposition', `attachment; filename="${file.fileName.replace(/["\\\r\n]/g, '_')}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(file.contentBase64, 'base64'));
}
