import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { access } from '../domain/access.ts';
import { AppError } from '../domain/errors.ts';
import { hasRole } from '../domain/roles.ts';
import type { App } from '../http/app.ts';
import { requireActor } from '../http/guards.ts';
import { errorResponses, IdSchema, ParticipantCodeSchema } from '../http/schemas.ts';
import { issueApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';
import { createUser } from './create-user.ts';
import { ApiTokenDraftSchema, ApiTokenSchema, IssuedApiTokenSchema, UserDraftSchema, UserSchema, UserUpdateSchema } from './schemas.ts';
import { updateUser } from './update-user.ts';
import { findUserById, listUserRows, toUserDto } from './user-repository.ts';

export async function userRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Accounts: a participant administrator sees its participant’s; the system administrator all',
        querystring: z.object({ participant: ParticipantCodeSchema.optional() }),
        response: { 200: z.array(UserSchema), ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      let scope: string | undefined;
      if (hasRole(actor, 'system_admin')) scope = request.query.participant;
      else if (actor.participantCode && access.manageUsersOf(actor, actor.participantCode)) scope = actor.participantCode;
      else throw new AppError('FORBIDDEN');
      const rows = await listUserRows(deps.db, scope);
      return rows.map((row) => toUserDto(row, deps.now()));
    },
  );

  app.post(
    '/api/users',
    { schema: { tags: ['users'], summary: 'Create an account', body: UserDraftSchema, response: { 201: UserSchema, ...errorResponses } } },
    async (request, reply) => {
      const user = await createUser({ actor: requireActor(request), draft: request.body }, deps);
      return reply.code(201).send(user);
    },
  );

  app.get(
    '/api/users/:id',
    { schema: { tags: ['users'], params: z.object({ id: IdSchema }), response: { 200: UserSchema, ...errorResponses } } },
    async (request) => {
      const actor = requireActor(request);
      const row = await findUserById(deps.db, request.params.id);
      if (!row || (row.id !== actor.userId && !access.manageUsersOf(actor, row.participantCode))) throw new AppError('NOT_FOUND');
      return toUserDto(row, deps.now());
    },
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change roles, name or language; disable; unlock; set a password',
        params: z.object({ id: IdSchema }),
        body: UserUpdateSchema,
        response: { 200: UserSchema, ...errorResponses },
      },
    },
    async (request) => updateUser({ actor: requireActor(request), userId: request.params.id, update: request.body }, deps),
  );

  app.get(
    '/api/users/:id/tokens',
    { schema: { tags: ['users'], params: z.object({ id: IdSchema }), response: { 200: z.array(ApiTokenSchema), ...errorResponses } } },
    async (request) => listApiTokens({ actor: requireActor(request), userId: request.params.id }, deps),
  );

  app.post(
    '/api/users/:id/tokens',
    {
      schema: {
        tags: ['users'],
        summary: 'Issue an API token (the secret is shown once)',
        params: z.object({ id: IdSchema }),
        body: ApiTokenDraftSchema,
        response: { 201: IssuedApiTokenSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const issued = await issueApiToken({ actor: requireActor(request), userId: request.params.id, ...request.body }, deps);
      return reply.code(201).send(issued);
    },
  );

  app.post(
    '/api/tokens/:id/revoke',
    { schema: { tags: ['users'], summary: 'Revoke an API token', params: z.object({ id: IdSchema }), response: { 200: ApiTokenSchema, ...errorResponses } } },
    async (request) => revokeApiToken({ actor: requireActor(request), tokenId: request.params.id }, deps),
  );
}
