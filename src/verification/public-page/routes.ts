import fs from 'node:fs';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { isAppError } from '../../domain/errors.ts';
import { extractSealFromFile, MAX_FILE_BYTES } from '../extract-seal.ts';
import { verifyRequest } from '../routes.ts';
import { VerifyRequestSchema, type VerifyRequest } from '../schemas.ts';
import { sealTextFrom } from '../verifier.ts';
import { renderVerifyPage, type VerifyPageView } from './render-verify-page.ts';

const STYLE = fs.readFileSync(new URL('./style.css', import.meta.url), 'utf8');

/** A typed-in form is small: the QR text is at most 8,000 characters. */
const FORM_BODY_LIMIT = 64 * 1024;

interface Submitted {
  qr?: string;
  number?: string;
  securityCode?: string;
  file?: { bytes: Buffer; name: string };
}

type Outcome = Pick<VerifyPageView, 'result' | 'problem' | 'typed'>;

/**
 * The public verification page `/verify` (no sign-in): `GET /verify?qr=…` is the link printed in
 * the certificate's QR code and verifies at once; `POST /verify` takes the pasted QR text, an
 * uploaded PDF or photo, or the number and security code. Every result comes from
 * `verifyRequest`, the same path as `POST /api/verify`.
 *
 * Registered as its own plugin so the form parsers (URL-encoded, and multipart up to 10 MB) and
 * the HTML error page apply to these routes only.
 */
export async function verifyPageRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const rateLimit = { max: deps.config.verifyRateLimitPerMinute, timeWindow: '1 minute' };

  await app.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5, parts: 6, fieldSize: FORM_BODY_LIMIT } });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.setErrorHandler((error, request, reply) => {
    const code = isAppError(error) ? error.code : (error as { code?: string }).code;
    const [status, problem] =
      code === 'RATE_LIMITED'
        ? [429, 'rate_limited']
        : code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? [413, 'too_large']
          : (error as { statusCode?: number }).statusCode && (error as { statusCode: number }).statusCode < 500
            ? [400, 'bad_form']
            : [500, 'failed'];
    if (status === 500) request.log.error({ err: error }, 'verification page failed');
    return sendPage(reply.code(status), { language: request.language, problem });
  });

  app.get('/verify/style.css', { schema: { hide: true } }, (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(STYLE),
  );

  app.get('/verify', { schema: { hide: true }, config: { rateLimit } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    if (typeof query.qr !== 'string' || query.qr.trim() === '') return sendPage(reply, { language: request.language });
    // Read the seal from the raw address: a query parser would turn a stray '+' of the Base45 text into a space.
    const qr = sealTextFrom(request.url) ?? query.qr;
    const outcome = await verifySubmitted(deps, request, { qr });
    return sendPage(reply, { language: request.language, ...outcome, typed: undefined, linkQr: qr });
  });

  app.post('/verify', { schema: { hide: true }, config: { rateLimit } }, async (request, reply) => {
    const submitted = request.isMultipart() ? await readMultipart(request) : formFields(request.body);
    return sendPage(reply, { language: request.language, ...(await verifySubmitted(deps, request, submitted)) });
  });
}

function sendPage(reply: FastifyReply, view: VerifyPageView): FastifyReply {
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderVerifyPage(view));
}

function formFields(body: unknown): Submitted {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : undefined);
  return { qr: text('qr'), number: text('number'), securityCode: text('securityCode') };
}

async function readMultipart(request: FastifyRequest): Promise<Submitted> {
  const fields: Record<string, string> = {};
  let file: Submitted['file'];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        // A form sent without choosing a file still carries an empty file part.
        if (bytes.length > 0 || part.filename) file = { bytes, name: part.mimetype && part.mimetype !== 'application/octet-stream' ? part.mimetype : part.filename };
      } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
    }
  } catch (error) {
    // The multipart parser's own errors (a form cut short, a broken part header) carry no status: the form is bad.
    if (typeof (error as { statusCode?: unknown }).statusCode === 'number') throw error;
    throw Object.assign(new Error('unreadable form'), { statusCode: 400 });
  }
  return { ...formFields(fields), file };
}

/** Whichever way the person chose, verified through the one online entry point. */
async function verifySubmitted(deps: Deps, request: FastifyRequest, submitted: Submitted): Promise<Outcome> {
  const presenter = { channel: 'page' as const, ip: request.ip };
  const typed = { qr: submitted.qr, number: submitted.number, securityCode: submitted.securityCode };
  let body: VerifyRequest;
  if (submitted.file) {
    const found = await extractSealFromFile(submitted.file.bytes, submitted.file.name);
    if (!found.ok) return { problem: found.reason, typed };
    body = { qr: found.text };
  } else if (submitted.qr?.trim()) {
    const parsed = VerifyRequestSchema.safeParse({ qr: submitted.qr.trim() });
    if (!parsed.success) return { problem: 'too_long', typed };
    body = parsed.data;
  } else if (submitted.number?.trim() || submitted.securityCode?.trim()) {
    const parsed = VerifyRequestSchema.safeParse({ number: submitted.number?.trim().toUpperCase() ?? '', securityCode: submitted.securityCode?.trim() ?? '' });
    if (!parsed.success) return { problem: 'number_format', typed };
    body = parsed.data;
  } else {
    return { problem: 'empty', typed };
  }
  return { result: await verifyRequest(deps, body, presenter), typed };
}
