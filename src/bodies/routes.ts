import { z } from 'zod';
import type { Deps } from '../deps.ts';
import type { App } from '../http/app.ts';
import { requireActor } from '../http/guards.ts';
import { errorResponses, IdSchema } from '../http/schemas.ts';
import { appointBodyMember } from './appoint-body-member.ts';
import { createMonitoringTeam } from './create-monitoring-team.ts';
import { endBodyMembership } from './end-body-membership.ts';
import { getBody, listBodies, listCandidates } from './find-bodies.ts';
import { listChairmanships } from './find-chairmanships.ts';
import { recordChairmanship } from './record-chairmanship.ts';
import {
  AppointmentDraftSchema,
  BodyCodeSchema,
  BodySchema,
  BodySummarySchema,
  CandidateSchema,
  ChairmanshipDraftSchema,
  ChairmanshipSchema,
  MembershipEndSchema,
  MonitoringTeamDraftSchema,
} from './schemas.ts';

const bodyParams = z.object({ code: BodyCodeSchema });
const chairmanships = z.object({ items: z.array(ChairmanshipSchema) });

/** The Chair and Vice-Chair by year, the working groups, committees and monitoring teams with their members. */
export async function bodyRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/chairmanships',
    {
      schema: {
        tags: ['governance'],
        summary: 'The KP Chair and Vice-Chair of each recorded year, newest first (public)',
        response: { 200: chairmanships, ...errorResponses },
      },
    },
    async () => ({ items: await listChairmanships(deps.db) }),
  );

  app.put(
    '/api/chairmanships/:year',
    {
      schema: {
        tags: ['governance'],
        summary: 'Record a year’s Chair and the Vice-Chair chosen by the Plenary (Chair)',
        description:
          'The Vice-Chair of a year becomes the Chair of the next: recording one creates the next year with them as Chair. A year whose Chair is not given takes the previous year’s Vice-Chair. Contradictions are refused.',
        params: z.object({ year: z.coerce.number().int() }),
        body: ChairmanshipDraftSchema,
        response: { 200: chairmanships, ...errorResponses },
      },
    },
    async (request) => ({ items: await recordChairmanship({ actor: requireActor(request), year: request.params.year, draft: request.body }, deps) }),
  );

  app.get(
    '/api/bodies',
    {
      schema: {
        tags: ['governance'],
        summary: 'The Chair’s office, working groups, committees and monitoring teams, with the members sitting today (signed-in users)',
        response: { 200: z.object({ items: z.array(BodySummarySchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireActor(request);
      return { items: await listBodies(deps) };
    },
  );

  app.post(
    '/api/bodies',
    {
      schema: {
        tags: ['governance'],
        summary: 'Set up a monitoring team for a participant (Chair)',
        body: MonitoringTeamDraftSchema,
        response: { 201: BodySchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createMonitoringTeam({ actor: requireActor(request), draft: request.body }, deps)),
  );

  app.get(
    '/api/bodies/:code',
    {
      schema: {
        tags: ['governance'],
        summary: 'One body with its members past, present and future (signed-in users)',
        params: bodyParams,
        response: { 200: BodySchema, ...errorResponses },
      },
    },
    async (request) => getBody(deps, { actor: requireActor(request), code: request.params.code }),
  );

  app.get(
    '/api/bodies/:code/candidates',
    {
      schema: {
        tags: ['governance'],
        summary: 'People who may be appointed to the body (the Chair, or the body’s own chair)',
        params: bodyParams,
        response: { 200: z.object({ items: z.array(CandidateSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listCandidates(deps, { actor: requireActor(request), code: request.params.code }) }),
  );

  app.post(
    '/api/bodies/:code/members',
    {
      schema: {
        tags: ['governance'],
        summary: 'Appoint a member, chair or vice-chair (the Chair, or the body’s own chair)',
        description:
          'Members are active people of a participant or an observer organisation, never a national system’s account. While the membership runs, its holder acts with the body’s KP role (WGM, WGS, WGDE, WGAAP, CPC, Chair).',
        params: bodyParams,
        body: AppointmentDraftSchema,
        response: { 201: BodySchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await appointBodyMember({ actor: requireActor(request), code: request.params.code, draft: request.body }, deps)),
  );

  app.post(
    '/api/bodies/:code/members/:id/end',
    {
      schema: {
        tags: ['governance'],
        summary: 'End a membership on a given last day (the Chair, or the body’s own chair)',
        params: z.object({ code: BodyCodeSchema, id: IdSchema }),
        body: MembershipEndSchema,
        response: { 200: BodySchema, ...errorResponses },
      },
    },
    async (request) => endBodyMembership({ actor: requireActor(request), code: request.params.code, id: request.params.id, endsOn: request.body.endsOn }, deps),
  );
}
