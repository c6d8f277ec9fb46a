import { z } from 'zod';
import { CertificateNumberSchema } from '../certificates/routes.ts';
import { CertificateDetailSchema } from '../certificates/schemas.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { App } from '../http/app.ts';
import { requireActor, today } from '../http/guards.ts';
import { errorResponses, ParticipantCodeSchema } from '../http/schemas.ts';
import { participantExists } from '../participants/participant-repository.ts';
import { decideShipmentApproval } from './decide-shipment-approval.ts';
import { endZoneCompliance } from './end-zone-compliance.ts';
import { listCompliantZone } from './list-compliant-zone.ts';
import { listShipmentQueue } from './list-shipment-queue.ts';
import {
  CompliantZoneDraftSchema,
  CompliantZoneSchema,
  EndZoneComplianceSchema,
  ShipmentApprovalDraftSchema,
  ShipmentQueueItemSchema,
  ShipmentQueueQuerySchema,
} from './schemas.ts';
import { listZoneRows, toCompliantZone } from './zone-repository.ts';

/** Compliant zones of zone-restricted participants and the monitoring teams' approvals of shipments. */
export async function zoneRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/participants/:code/zones',
    {
      schema: {
        tags: ['zones'],
        summary: 'Compliant zones of a participant, with dates and legal basis (public, as the KP publishes them)',
        params: z.object({ code: ParticipantCodeSchema }),
        response: { 200: z.array(CompliantZoneSchema), ...errorResponses },
      },
    },
    async (request) => {
      if (!(await participantExists(deps.db, request.params.code))) throw new AppError('NOT_FOUND');
      const day = today(deps);
      return (await listZoneRows(deps.db, request.params.code)).map((row) => toCompliantZone(row, day));
    },
  );

  app.post(
    '/api/participants/:code/zones',
    {
      schema: {
        tags: ['zones'],
        summary: 'List a compliant zone on a legal basis (KP Chair)',
        params: z.object({ code: ParticipantCodeSchema }),
        body: CompliantZoneDraftSchema,
        response: { 201: CompliantZoneSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await listCompliantZone({ actor: requireActor(request), participantCode: request.params.code, draft: request.body }, deps)),
  );

  app.post(
    '/api/participants/:code/zones/:id/end',
    {
      schema: {
        tags: ['zones'],
        summary: 'End a zone’s compliance on a legal basis: compliantUntil is its last day (KP Chair)',
        params: z.object({ code: ParticipantCodeSchema, id: z.uuid() }),
        body: EndZoneComplianceSchema,
        response: { 200: CompliantZoneSchema, ...errorResponses },
      },
    },
    async (request) =>
      endZoneCompliance({ actor: requireActor(request), participantCode: request.params.code, zoneId: request.params.id, end: request.body }, deps),
  );

  app.post(
    '/api/certificates/:number/approval',
    {
      schema: {
        tags: ['zones'],
        summary: 'Approve or refuse a zone-restricted shipment, once (a member of the monitoring team named on the certificate). Refused: the certificate is voided.',
        params: z.object({ number: CertificateNumberSchema }),
        body: ShipmentApprovalDraftSchema,
        response: { 200: CertificateDetailSchema, ...errorResponses },
      },
    },
    async (request) => decideShipmentApproval({ actor: requireActor(request), number: request.params.number, draft: request.body }, deps),
  );

  app.get(
    '/api/shipment-approvals',
    {
      schema: {
        tags: ['zones'],
        summary: 'Shipments awaiting (or decided by) the monitoring teams the caller sits on; empty for anyone else',
        querystring: ShipmentQueueQuerySchema,
        response: { 200: z.array(ShipmentQueueItemSchema), ...errorResponses },
      },
    },
    async (request) => listShipmentQueue({ actor: requireActor(request), status: request.query.status }, deps),
  );
}
