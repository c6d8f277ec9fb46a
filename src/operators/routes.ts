import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { access } from '../domain/access.ts';
import { AppError } from '../domain/errors.ts';
import type { App } from '../http/app.ts';
import { requireActor, today } from '../http/guards.ts';
import { errorResponses, IdSchema, ParticipantCodeSchema } from '../http/schemas.ts';
import { participantExists } from '../participants/participant-repository.ts';
import { reinstateOperator, suspendOperator, updateOperator } from './change-operator.ts';
import { findOperatorRow, listOperatorRows, toOperatorDto } from './operator-repository.ts';
import { registerOperator } from './register-operator.ts';
import { OperatorDraftSchema, OperatorSchema, OperatorUpdateSchema, ReinstateOperatorSchema, SuspendOperatorSchema } from './schemas.ts';

export async function operatorRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/participants/:code/operators',
    {
      schema: {
        tags: ['operators'],
        summary: 'Licensed operators of a participant (its own officials; KP Chair and WGM)',
        params: z.object({ code: ParticipantCodeSchema }),
        response: { 200: z.array(OperatorSchema), ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { code } = request.params;
      if (!access.readOperators(actor, code) || !(await participantExists(deps.db, code))) throw new AppError('NOT_FOUND');
      const rows = await listOperatorRows(deps.db, code);
      return rows.map((row) => toOperatorDto(row, today(deps)));
    },
  );

  app.post(
    '/api/participants/:code/operators',
    {
      schema: {
        tags: ['operators'],
        summary: 'License an operator (exporting officer or participant administrator)',
        params: z.object({ code: ParticipantCodeSchema }),
        body: OperatorDraftSchema,
        response: { 201: OperatorSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const operator = await registerOperator({ actor: requireActor(request), participantCode: request.params.code, draft: request.body }, deps);
      return reply.code(201).send(operator);
    },
  );

  app.get(
    '/api/operators/:id',
    { schema: { tags: ['operators'], params: z.object({ id: IdSchema }), response: { 200: OperatorSchema, ...errorResponses } } },
    async (request) => {
      const actor = requireActor(request);
      const row = await findOperatorRow(deps.db, request.params.id);
      if (!row || !access.readOperators(actor, row.participantCode)) throw new AppError('NOT_FOUND');
      return toOperatorDto(row, today(deps));
    },
  );

  app.patch(
    '/api/operators/:id',
    {
      schema: { tags: ['operators'], params: z.object({ id: IdSchema }), body: OperatorUpdateSchema, response: { 200: OperatorSchema, ...errorResponses } },
    },
    async (request) => updateOperator({ actor: requireActor(request), operatorId: request.params.id, update: request.body }, deps),
  );

  app.post(
    '/api/operators/:id/suspend',
    {
      schema: {
        tags: ['operators'],
        summary: 'Suspend an operator’s licence',
        params: z.object({ id: IdSchema }),
        body: SuspendOperatorSchema,
        response: { 200: OperatorSchema, ...errorResponses },
      },
    },
    async (request) => suspendOperator({ actor: requireActor(request), operatorId: request.params.id, reason: request.body.reason }, deps),
  );

  app.post(
    '/api/operators/:id/reinstate',
    {
      schema: {
        tags: ['operators'],
        summary: 'Lift a licence suspension',
        params: z.object({ id: IdSchema }),
        body: ReinstateOperatorSchema,
        response: { 200: OperatorSchema, ...errorResponses },
      },
    },
    async (request) => reinstateOperator({ actor: requireActor(request), operatorId: request.params.id, note: request.body.note }, deps),
  );
}
