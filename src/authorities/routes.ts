import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { access } from '../domain/access.ts';
import { AppError } from '../domain/errors.ts';
import type { App } from '../http/app.ts';
import { requireActor } from '../http/guards.ts';
import { errorResponses, IdSchema, ParticipantCodeSchema } from '../http/schemas.ts';
import { participantExists } from '../participants/participant-repository.ts';
import { listAuthorities } from './authority-repository.ts';
import { registerAuthority } from './register-authority.ts';
import { AuthorityDraftSchema, AuthoritySchema, AuthorityUpdateSchema } from './schemas.ts';
import { updateAuthority } from './update-authority.ts';

export async function authorityRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/participants/:code/authorities',
    {
      schema: {
        tags: ['authorities'],
        summary: 'Exporting and importing authorities of a participant (signed-in officials)',
        params: z.object({ code: ParticipantCodeSchema }),
        response: { 200: z.array(AuthoritySchema), ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!access.readAuthorities(actor) || !(await participantExists(deps.db, request.params.code))) throw new AppError('NOT_FOUND');
      return listAuthorities(deps.db, request.params.code);
    },
  );

  app.post(
    '/api/participants/:code/authorities',
    {
      schema: {
        tags: ['authorities'],
        summary: 'Designate an authority (participant administrator)',
        params: z.object({ code: ParticipantCodeSchema }),
        body: AuthorityDraftSchema,
        response: { 201: AuthoritySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const authority = await registerAuthority({ actor: requireActor(request), participantCode: request.params.code, draft: request.body }, deps);
      return reply.code(201).send(authority);
    },
  );

  app.patch(
    '/api/authorities/:id',
    {
      schema: {
        tags: ['authorities'],
        summary: 'Change an authority’s details (participant administrator)',
        params: z.object({ id: IdSchema }),
        body: AuthorityUpdateSchema,
        response: { 200: AuthoritySchema, ...errorResponses },
      },
    },
    async (request) => updateAuthority({ actor: requireActor(request), authorityId: request.params.id, update: request.body }, deps),
  );
}
