import { z } from 'zod';
import { CertificateNumberSchema } from '../certificates/routes.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { App } from '../http/app.ts';
import { requireActor } from '../http/guards.ts';
import { errorResponses, IdSchema, ParticipantCodeSchema } from '../http/schemas.ts';
import { sendAttachment } from '../http/send-attachment.ts';
import { isLanguage } from '../i18n/languages.ts';
import { footprintArea, findFootprintPhoto, listFootprintRequirements, listLatestFootprints } from './footprint-repository.ts';
import { getCertificateFootprints } from './get-certificate-footprints.ts';
import { addFootprintVersion } from './add-footprint-version.ts';
import { recordFootprint } from './record-footprint.ts';
import { recordParcelProfile } from './record-parcel-profile.ts';
import { renderFootprintReportPdf } from './render-footprint-report-pdf.ts';
import {
  CertificateFootprintsSchema,
  FootprintAreaSchema,
  FootprintDraftSchema,
  FootprintRequirementDraftSchema,
  FootprintRequirementSchema,
  FootprintSchema,
  FootprintVersionDraftSchema,
  ParcelProfileDraftSchema,
  ParcelProfileSchema,
} from './schemas.ts';
import { base64BodyLimit } from '../domain/attachments.ts';
import { removeFootprintRequirement } from './remove-footprint-requirement.ts';
import { setFootprintRequirement } from './set-footprint-requirement.ts';

const ParcelParams = z.object({ number: CertificateNumberSchema, position: z.coerce.number().int().min(1).max(1000) });

/** Footprints (issue #7): the WGDE's library, the list of origins that must attach profiles, parcel profiles and comparisons. */
/** Photos travel base64 inside JSON: room for three photos of the largest size allowed (REPORT_FILE_MAX_BYTES) per measurement. */
const photosBodyLimit = (deps: Deps) => base64BodyLimit(deps.config.reportFileMaxBytes, 3);

export async function footprintRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/footprints',
    {
      bodyLimit: photosBodyLimit(deps),
      schema: {
        tags: ['footprints'],
        summary: 'The footprint library: the latest version of every producing area (signed-in users)',
        response: { 200: z.array(FootprintSchema), ...errorResponses },
      },
    },
    async (request) => {
      requireActor(request);
      return listLatestFootprints(deps.db);
    },
  );

  app.post(
    '/api/footprints',
    {
      schema: {
        tags: ['footprints'],
        summary: 'Record a footprint of a producing area, its first version (WGDE)',
        body: FootprintDraftSchema,
        response: { 201: FootprintAreaSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await recordFootprint({ actor: requireActor(request), draft: request.body }, deps)),
  );

  app.get(
    '/api/footprints/:areaId',
    {
      schema: {
        tags: ['footprints'],
        summary: 'One footprint area with every version, newest first (signed-in users)',
        params: z.object({ areaId: IdSchema }),
        response: { 200: FootprintAreaSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireActor(request);
      const area = await footprintArea(deps.db, request.params.areaId);
      if (!area) throw new AppError('NOT_FOUND');
      return area;
    },
  );

  app.post(
    '/api/footprints/:areaId/versions',
    {
      bodyLimit: photosBodyLimit(deps),
      schema: {
        tags: ['footprints'],
        summary: 'Add a new measurement of a footprint area; earlier versions stay (WGDE)',
        params: z.object({ areaId: IdSchema }),
        body: FootprintVersionDraftSchema,
        response: { 201: FootprintAreaSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addFootprintVersion({ actor: requireActor(request), areaId: request.params.areaId, draft: request.body }, deps)),
  );

  app.get(
    '/api/footprint-photos/:id',
    {
      schema: { tags: ['footprints'], summary: 'A photo of a footprint sample (signed-in users)', params: z.object({ id: IdSchema }) },
    },
    async (request, reply) => {
      requireActor(request);
      const photo = await findFootprintPhoto(deps.db, request.params.id);
      if (!photo) throw new AppError('NOT_FOUND');
      return sendAttachment(reply, photo);
    },
  );

  app.get(
    '/api/footprint-requirements',
    {
      schema: {
        tags: ['footprints'],
        summary: 'Origins whose exports must carry a size-frequency profile per parcel (signed-in users)',
        response: { 200: z.array(FootprintRequirementSchema), ...errorResponses },
      },
    },
    async (request) => {
      requireActor(request);
      return listFootprintRequirements(deps.db);
    },
  );

  app.put(
    '/api/footprint-requirements/:code',
    {
      schema: {
        tags: ['footprints'],
        summary: 'List an origin that must attach profiles, or change its note (WGDE)',
        params: z.object({ code: ParticipantCodeSchema }),
        body: FootprintRequirementDraftSchema,
        response: { 200: FootprintRequirementSchema, ...errorResponses },
      },
    },
    async (request) => setFootprintRequirement({ actor: requireActor(request), participantCode: request.params.code, note: request.body.note ?? null }, deps),
  );

  app.delete(
    '/api/footprint-requirements/:code',
    {
      schema: {
        tags: ['footprints'],
        summary: 'Take an origin off the list (WGDE)',
        params: z.object({ code: ParticipantCodeSchema }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeFootprintRequirement({ actor: requireActor(request), participantCode: request.params.code }, deps);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/certificates/:number/parcels/:position/profile',
    {
      schema: {
        tags: ['footprints'],
        summary: 'Attach the size-frequency profile of a parcel, numbered from 1 (exporting officer of the issuing participant, before receipt)',
        params: ParcelParams,
        body: ParcelProfileDraftSchema,
        response: { 201: ParcelProfileSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await recordParcelProfile({ actor: requireActor(request), number: request.params.number, position: request.params.position, source: 'exporter', draft: request.body }, deps)),
  );

  app.post(
    '/api/certificates/:number/parcels/:position/arrival-profile',
    {
      schema: {
        tags: ['footprints'],
        summary: 'Record the profile of a parcel as measured on arrival (importing officer of the destination)',
        params: ParcelParams,
        body: ParcelProfileDraftSchema,
        response: { 201: ParcelProfileSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await recordParcelProfile({ actor: requireActor(request), number: request.params.number, position: request.params.position, source: 'importer', draft: request.body }, deps)),
  );

  app.get(
    '/api/certificates/:number/footprints',
    {
      schema: {
        tags: ['footprints'],
        summary: 'Each parcel profile compared with the declared origin’s footprint and the whole library (issuer, destination, Chair, WGM, WGDE)',
        params: z.object({ number: CertificateNumberSchema }),
        response: { 200: CertificateFootprintsSchema, ...errorResponses },
      },
    },
    async (request) => getCertificateFootprints({ actor: requireActor(request), number: request.params.number }, deps),
  );

  app.get(
    '/api/certificates/:number/footprint-report.pdf',
    {
      schema: {
        tags: ['footprints'],
        summary: 'The footprint comparison as a printable PDF, in the reader’s language',
        params: z.object({ number: CertificateNumberSchema }),
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const report = await getCertificateFootprints({ actor, number: request.params.number }, deps);
      const language = isLanguage(actor.language) ? actor.language : 'en';
      const pdf = await renderFootprintReportPdf({ report, language, generatedAt: deps.now().toISOString() });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${report.certificateNumber}-footprints.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );
}
