import { z } from 'zod';
import type { App } from '../http/app.ts';
import { requireActor } from '../http/guards.ts';
import { errorResponses } from '../http/schemas.ts';
import type { Deps } from '../deps.ts';
import { participantName } from '../participants/country-names.ts';
import { RoleSchema } from '../users/schemas.ts';
import { logIn } from './log-in.ts';
import { logOut } from './log-out.ts';
import { SESSION_COOKIE } from './resolve-actor.ts';
import { changeOwnPassword } from './change-own-password.ts';

export const MeSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    roles: z.array(RoleSchema),
    participant: z.object({ code: z.string(), name: z.string() }).nullable(),
    observerCode: z.string().nullable(),
    language: z.string(),
    via: z.enum(['session', 'token']),
  })
  .meta({ id: 'Me' });

export const LoginSchema = z
  .object({ email: z.string().trim().min(3).max(200), password: z.string().min(1).max(200) })
  .strict()
  .meta({ id: 'Login' });

export async function authRoutes(app: App, deps: Deps): Promise<void> {
  const me = (request: Parameters<typeof requireActor>[0]) => {
    const actor = requireActor(request);
    return {
      id: actor.userId,
      email: actor.email,
      name: actor.name,
      roles: actor.roles,
      participant: actor.participantCode ? { code: actor.participantCode, name: participantName(actor.participantCode, request.language) } : null,
      observerCode: actor.observerCode,
      language: actor.language,
      via: actor.via,
    };
  };

  app.post(
    '/api/auth/login',
    {
      config: { rateLimit: { max: deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Log in with e-mail and password; sets an httpOnly SameSite=Strict session cookie',
        body: LoginSchema,
        response: { 200: MeSchema, ...errorResponses, 423: errorResponses[401] },
      },
    },
    async (request, reply) => {
      const result = await logIn(request.body, deps);
      reply.setCookie(SESSION_COOKIE, result.sessionToken, {
        httpOnly: true,
        sameSite: 'strict',
        secure: deps.config.cookieSecure,
        path: '/',
        expires: result.expiresAt,
      });
      request.actor = result.actor;
      return me(request);
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the session', response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const token = request.cookies[SESSION_COOKIE];
      if (token) await logOut({ actor, sessionToken: token }, deps);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    { schema: { tags: ['auth'], summary: 'The signed-in account', response: { 200: MeSchema, ...errorResponses } } },
    async (request) => me(request),
  );

  app.post(
    '/api/auth/password',
    {
      config: { rateLimit: { max: deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Change one’s own password (ends other sessions)',
        body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().max(200) }).strict(),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await changeOwnPassword({ actor, ...request.body, keepSessionToken: request.cookies[SESSION_COOKIE] }, deps);
      return reply.code(204).send(null);
    },
  );
}
