import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type RawServerDefault } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { resolveActor, SESSION_COOKIE } from '../auth/resolve-actor.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { isLanguage, languageFromHeader, type Language } from '../i18n/languages.ts';
import { newId } from '../domain/ids.ts';
import { sendError } from './errors.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { refuseNulCharacters } from './nul-characters.ts';
import { registerRoutes } from './routes.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    language: Language;
  }
}

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

export const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export interface BuildOptions {
  deps: Deps;
  /** pino options, or false to keep tests quiet. */
  logger?: boolean | Record<string, unknown>;
  webRoot?: string;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Keys never written to logs, wherever they appear. */
export const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.sessionToken',
];

/**
 * Assembles the Kimberlite HTTP server: JSON API with zod contracts and OpenAPI, session and
 * token authentication, security headers, metrics, and the staff SPA on `/`.
 */
export async function buildApp({ deps, logger = false, webRoot = WEB_ROOT }: BuildOptions): Promise<{ app: App; metrics: Metrics }> {
  const metrics = createMetrics();
  const app = Fastify({
    logger: logger === false ? false : { level: deps.config.logLevel, redact: LOG_REDACT, ...(typeof logger === 'object' ? logger : {}) },
    bodyLimit: deps.config.bodyLimitBytes,
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : newId();
    },
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>();
  const depsWithMetrics: Deps = { ...deps, now: () => deps.now(), observeTransaction: (seconds) => metrics.database.observe(seconds) };

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  app.decorateRequest('actor', null);
  app.decorateRequest('language', 'en');

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        // Upgrading to HTTPS would break a plain-HTTP install on a ministry LAN; on with COOKIE_SECURE.
        upgradeInsecureRequests: deps.config.cookieSecure ? [] : null,
      },
    },
    strictTransportSecurity: deps.config.cookieSecure,
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new AppError('RATE_LIMITED', { seconds: Math.ceil(context.ttl / 1000) }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kimberlite API',
        version: '0.1.0',
        description:
          'Electronic Kimberley Process Certification Scheme. Errors are `{code, message, details?}`; messages follow `Accept-Language` or `?lang=` (en, fr, es, ru, zh, ar).',
      },
      components: {
        securitySchemes: {
          sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          apiToken: { type: 'http', scheme: 'bearer', description: 'API token of a national system: `klt_<id>.<secret>`' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    transformStaticCSP: (header) => (deps.config.cookieSecure ? header : header.replace(/\s*upgrade-insecure-requests;?/, '')),
  });

  // Machine clients present a bearer token on every request: one address gets so many a minute,
  // whether its tokens are valid or guessed (TOKEN_RATE_LIMIT_PER_MINUTE).
  const tokenRateLimit = app.rateLimit({ max: deps.config.tokenRateLimitPerMinute, timeWindow: '1 minute', keyGenerator: (request) => `bearer:${request.ip}` });
  app.addHook('onRequest', async function limitTokenUse(request, reply) {
    if (request.headers.authorization !== undefined && request.url.startsWith('/api/')) await tokenRateLimit.call(this, request, reply);
  });

  app.addHook('onRequest', async (request) => {
    const query = request.query as Record<string, unknown> | undefined;
    const fromQuery = query?.lang;
    request.language = isLanguage(fromQuery) ? fromQuery : (languageFromHeader(request.headers['accept-language']) ?? (isLanguage(deps.config.defaultLanguage) ? deps.config.defaultLanguage : 'en'));
    if (!request.url.startsWith('/api/')) return;
    if (UNSAFE_METHODS.has(request.method)) {
      const origin = request.headers.origin;
      const fetchSite = request.headers['sec-fetch-site'];
      const originHost = origin ? safeHost(origin) : null;
      if ((origin !== undefined && originHost !== request.headers.host) || fetchSite === 'cross-site') {
        throw new AppError('CROSS_SITE_REQUEST');
      }
    }
    request.actor = await resolveActor(
      { authorization: request.headers.authorization, sessionToken: request.cookies[SESSION_COOKIE] },
      depsWithMetrics,
    );
    if (request.actor && !isLanguage(fromQuery) && !request.headers['accept-language'] && isLanguage(request.actor.language)) {
      request.language = request.actor.language;
    }
  });

  app.addHook('preValidation', async (request) => {
    if (request.url.startsWith('/api/')) refuseNulCharacters(request);
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id);
    if (reply.statusCode >= 400 && typeof payload === 'string' && payload.startsWith('{"code"')) {
      const code = /"code":"([A-Z_]+)"/.exec(payload)?.[1] ?? 'UNKNOWN';
      metrics.errors.inc({ code, status: String(reply.statusCode) });
    }
    return payload;
  });

  await registerRoutes(app, depsWithMetrics, metrics);

  const indexHtml = path.join(webRoot, 'index.html');
  const sendIndex = (reply: FastifyReply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(fs.createReadStream(indexHtml));
  if (fs.existsSync(indexHtml)) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', index: false, wildcard: true, maxAge: '1h' });
    app.get('/', { schema: { hide: true } }, (_request, reply) => sendIndex(reply));
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && !request.url.startsWith('/api/') && fs.existsSync(indexHtml)) return sendIndex(reply);
    return sendError(new AppError('NOT_FOUND'), request, reply);
  });

  await app.ready();
  return { app, metrics };
}

function safeHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
