import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { App } from '../http/app.ts';
import { requireActor, today } from '../http/guards.ts';
import { errorResponses, LanguageSchema, ParticipantCodeSchema } from '../http/schemas.ts';
import { findParticipant, listObservers, listParticipants } from './participant-repository.ts';
import { recordStatusChange } from './record-status-change.ts';
import { ObserverSchema, ParticipantDetailSchema, ParticipantSummarySchema, RecordStatusChangeSchema } from './schemas.ts';

export async function participantRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/participants',
    {
      schema: {
        tags: ['participants'],
        summary: 'The KP participant register (public): code, name, current status and since when',
        querystring: z.object({ lang: LanguageSchema.optional() }),
        response: { 200: z.array(ParticipantSummarySchema) },
      },
    },
    async (request) => listParticipants(deps.db, { today: today(deps), language: request.language }),
  );

  app.get(
    '/api/participants/:code',
    {
      schema: {
        tags: ['participants'],
        summary: 'One participant with its dated status history, territories, notes and sources (public)',
        params: z.object({ code: ParticipantCodeSchema }),
        querystring: z.object({ lang: LanguageSchema.optional() }),
        response: { 200: ParticipantDetailSchema, ...errorResponses },
      },
    },
    async (request) => {
      const participant = await findParticipant(deps.db, { code: request.params.code, today: today(deps), language: request.language });
      if (!participant) throw new AppError('NOT_FOUND');
      return participant;
    },
  );

  app.post(
    '/api/participants/:code/status-events',
    {
      schema: {
        tags: ['participants'],
        summary: 'Record a status change (KP Chair / secretariat)',
        params: z.object({ code: ParticipantCodeSchema }),
        body: RecordStatusChangeSchema,
        response: { 201: z.object({ id: z.string() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await recordStatusChange({ actor: requireActor(request), participantCode: request.params.code, change: request.body }, deps);
      return reply.code(201).send(result);
    },
  );

  app.get(
    '/api/observers',
    { schema: { tags: ['participants'], summary: 'KP Observers (public)', response: { 200: z.array(ObserverSchema) } } },
    async () => listObservers(deps.db),
  );
}
