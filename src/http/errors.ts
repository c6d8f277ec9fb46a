import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, ERROR_STATUS, type ErrorCode } from '../domain/errors.ts';
import type { Language } from '../i18n/languages.ts';
import { translate } from '../i18n/translate.ts';

/** Framework errors that reach us with their own codes, mapped to ours. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_JSON',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((issue) => ({
      path: issue.instancePath.split('/').filter(Boolean),
      where: error.validationContext,
      message: issue.message,
      ...(issue.params && 'keys' in (issue.params as object) ? { keys: (issue.params as { keys?: unknown }).keys } : {}),
    }));
    return new AppError('VALIDATION_FAILED', {}, details);
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.statusCode === 429) return new AppError('RATE_LIMITED');
  if (fastifyError.code && FASTIFY_CODES[fastifyError.code]) return new AppError(FASTIFY_CODES[fastifyError.code]);
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_TYPE' || (fastifyError as { type?: string }).type === 'entity.parse.failed') {
    return new AppError('MALFORMED_JSON');
  }
  // A path the router cannot place (e.g. a parameter over its length limit) falls through to the
  // static files, which refuse it as a forbidden or missing file: for the caller it is not found.
  if (fastifyError.statusCode === 404 || fastifyError.code === 'FST_STATIC_FORBIDDEN_PATH') return new AppError('NOT_FOUND');
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode === 400 && !isResponseSerializationError(error)) {
    return new AppError('MALFORMED_JSON');
  }
  return new AppError('INTERNAL_ERROR');
}

/** Status and reason codes inside a message are shown in the reader's language too. */
export function translatedParams(language: Language, params: Record<string, string | number>): Record<string, string | number> {
  const result = { ...params };
  if (typeof params.status === 'string') result.status = translate(language, `params.statuses.${params.status}`);
  if (typeof params.reason === 'string') result.reason = translate(language, `params.reasons.${params.reason}`);
  if (typeof params.state === 'string') result.state = translate(language, `params.states.${params.state}`);
  if (typeof params.problem === 'string') result.problem = translate(language, `params.problems.${params.problem}`);
  return result;
}

/** The one place errors become HTTP: `{ code, message, details? }`, message in the caller's language. */
export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const appError = toAppError(error);
  if (appError.code === 'INTERNAL_ERROR') {
    request.log.error({ err: error }, 'unexpected error');
  } else {
    request.log.info({ code: appError.code }, 'request refused');
  }
  return reply
    .code(ERROR_STATUS[appError.code])
    .type('application/json; charset=utf-8')
    .send({
      code: appError.code,
      message: translate(request.language, `errors.${appError.code}`, translatedParams(request.language, appError.params)),
      ...(appError.details !== undefined && { details: appError.details }),
    });
}
