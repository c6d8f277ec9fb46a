import { z } from 'zod';
import type { Deps } from '../deps.ts';
import type { App } from '../http/app.ts';
import { requireActor } from '../http/guards.ts';
import { errorResponses, IdSchema } from '../http/schemas.ts';
import { commentOnDecision } from './comment-on-decision.ts';
import { createDecision } from './create-decision.ts';
import { getDecision, listDecisions } from './find-decisions.ts';
import {
  DecisionCommentDraftSchema,
  DecisionDraftSchema,
  DecisionListQuerySchema,
  DecisionSchema,
  DecisionSummarySchema,
  PositionDraftSchema,
} from './schemas.ts';
import { takePosition } from './take-position.ts';
import { withdrawDecision } from './withdraw-decision.ts';
import { shareDecision } from './share-decision.ts';
import { SharingDraftSchema } from '../domain/observer-sharing.ts';

const params = z.object({ id: IdSchema });

/** KP decisions: plenary decisions and written procedures, with their effects on participants' status. */
export async function decisionRoutes(app: App, deps: Deps): Promise<void> {
  app.post(
    '/api/decisions',
    {
      schema: {
        tags: ['governance'],
        summary: 'Record a plenary decision, or circulate a draft for written procedure (Chair)',
        description:
          'A plenary decision is adopted as recorded and its effects apply from `effectiveOn`. A written procedure circulates to the participants in good standing until `deadline`; any objection blocks it, and it needs the configured support (WRITTEN_PROCEDURE_SUPPORT_PERCENT).',
        body: DecisionDraftSchema,
        response: { 201: DecisionSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createDecision({ actor: requireActor(request), draft: request.body }, deps)),
  );

  app.get(
    '/api/decisions',
    {
      schema: {
        tags: ['governance'],
        summary: 'Decisions, newest first: adopted ones for everyone (public), all of them for KP members',
        querystring: DecisionListQuerySchema,
        response: { 200: z.object({ items: z.array(DecisionSummarySchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listDecisions(deps, { actor: request.actor ?? null, ...request.query }) }),
  );

  app.get(
    '/api/decisions/:id',
    {
      schema: {
        tags: ['governance'],
        summary: 'One decision: text, effects, the count; positions and comments for KP members only',
        params,
        response: { 200: DecisionSchema, ...errorResponses },
      },
    },
    async (request) => getDecision(deps, { actor: request.actor ?? null, id: request.params.id }),
  );

  app.post(
    '/api/decisions/:id/positions',
    {
      schema: {
        tags: ['governance'],
        summary: 'Support or object to a circulating written procedure, for the caller’s own participant (participant administrator)',
        params,
        body: PositionDraftSchema,
        response: { 201: DecisionSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await takePosition({ actor: requireActor(request), id: request.params.id, draft: request.body }, deps)),
  );

  app.post(
    '/api/decisions/:id/comments',
    {
      schema: {
        tags: ['governance'],
        summary: 'Comment on a circulating written procedure (participant administrators, observers, Chair, working groups)',
        params,
        body: DecisionCommentDraftSchema,
        response: { 201: DecisionSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await commentOnDecision({ actor: requireActor(request), id: request.params.id, draft: request.body }, deps)),
  );

  app.post(
    '/api/decisions/:id/withdraw',
    {
      schema: {
        tags: ['governance'],
        summary: 'Withdraw a written procedure before its deadline (Chair)',
        params,
        body: z.object({ note: z.string().trim().min(1).max(2000) }).strict(),
        response: { 200: DecisionSchema, ...errorResponses },
      },
    },
    async (request) => withdrawDecision({ actor: requireActor(request), id: request.params.id, note: request.body.note }, deps),
  );

  app.put(
    '/api/decisions/:id/sharing',
    {
      schema: {
        tags: ['governance'],
        summary: 'Share a decision with observers, or mark it KP ONLY (Chair)',
        params,
        body: SharingDraftSchema,
        response: { 200: DecisionSchema, ...errorResponses },
      },
    },
    async (request) => shareDecision({ actor: requireActor(request), id: request.params.id, draft: request.body }, deps),
  );
}
