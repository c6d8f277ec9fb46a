import { publicUrlOf } from '../config.ts';
import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { App } from '../http/app.ts';
import { requireActor, today } from '../http/guards.ts';
import { errorResponses, ParticipantCodeSchema } from '../http/schemas.ts';
import { asc } from 'drizzle-orm';
import { embargoMeasures } from '../db/schema.ts';
import { participantExists } from '../participants/participant-repository.ts';
import { CertificateSettingsSchema, EmbargoDraftSchema, EmbargoLiftSchema, EmbargoSchema, registerEmbargo, toEmbargo, updateCertificateSettings } from './certificate-settings.ts';
import { liftEmbargo } from './lift-embargo.ts';
import {
  canSeeCertificate,
  certificateDetailOf,
  certificateSettings,
  contentOf,
  findCertificateRow,
  listCertificateRows,
  receiptsOf,
  toCertificateSummary,
} from './certificate-repository.ts';
import { renderCertificatePdf } from './render-certificate-pdf.ts';
import { issueCertificate } from './issue-certificate.ts';
import { replaceCertificate } from './replace-certificate.ts';
import {
  CertificateDetailSchema,
  CertificateDraftSchema,
  CertificateListQuerySchema,
  CertificateSummarySchema,
  ReplaceCertificateSchema,
  VoidCertificateSchema,
} from './schemas.ts';
import { buildTrustList } from './trust-list.ts';
import { voidCertificate } from './void-certificate.ts';

export const CertificateNumberSchema = z.string().regex(/^[A-Z]{2}-\d{4}-\d{6}$/, 'a certificate number such as BW-2026-000042');

export async function certificateRoutes(app: App, deps: Deps): Promise<void> {
  const publicUrl = () => publicUrlOf(deps.config);

  app.post(
    '/api/certificates',
    {
      schema: {
        tags: ['certificates'],
        summary: 'Issue a signed KP certificate (exporting officer). Send an Idempotency-Key header so a retry cannot issue twice.',
        headers: z.object({ 'idempotency-key': z.string().min(8).max(100).regex(/^[A-Za-z0-9_.:-]+$/).optional() }),
        body: CertificateDraftSchema,
        response: { 200: CertificateDetailSchema, 201: CertificateDetailSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { certificate, replayed } = await issueCertificate(
        { actor: requireActor(request), draft: request.body, idempotencyKey: request.headers['idempotency-key'] },
        deps,
      );
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(replayed ? 200 : 201).header('location', certificate.links.self).send(certificate);
    },
  );

  app.get(
    '/api/certificates',
    {
      schema: {
        tags: ['certificates'],
        summary: 'Certificates the caller may see (issuing or importing participant; Chair, WGM), newest first',
        querystring: CertificateListQuerySchema,
        response: { 200: z.object({ items: z.array(CertificateSummarySchema), total: z.number(), page: z.number(), pageSize: z.number() }), ...errorResponses },
      },
    },
    async (request) => {
      const context = { today: today(deps), confirmationDays: deps.config.receiptConfirmationDays };
      const { rows, total } = await listCertificateRows(deps.db, requireActor(request), request.query, context);
      const receipts = await receiptsOf(deps.db, rows.map((row) => row.id));
      return {
        items: rows.map((row) => toCertificateSummary(row, { ...context, receipt: receipts.get(row.id) ?? null })),
        total,
        page: request.query.page,
        pageSize: request.query.pageSize,
      };
    },
  );

  app.get(
    '/api/certificates/:number',
    { schema: { tags: ['certificates'], params: z.object({ number: CertificateNumberSchema }), response: { 200: CertificateDetailSchema, ...errorResponses } } },
    async (request) => {
      const actor = requireActor(request);
      const row = await findCertificateRow(deps.db, request.params.number);
      if (!row || !canSeeCertificate(actor, row)) throw new AppError('NOT_FOUND');
      return certificateDetailOf(deps, row);
    },
  );

  app.get(
    '/api/certificates/:number/pdf',
    {
      schema: {
        tags: ['certificates'],
        summary: 'The certificate as an A4 PDF: English and the participant’s language, vector QR seal',
        params: z.object({ number: CertificateNumberSchema }),
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const row = await findCertificateRow(deps.db, request.params.number);
      if (!row || !canSeeCertificate(actor, row)) throw new AppError('NOT_FOUND');
      const settings = await certificateSettings(deps.db, row.participantCode, deps.config.certificateDefaultValidityDays);
      const pdf = await renderCertificatePdf({
        content: contentOf(row),
        seal: row.seal,
        verifyUrl: `${publicUrl()}/verify`,
        secondLanguage: settings.language,
        state: row.status as 'issued' | 'voided' | 'replaced' | 'received',
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${row.number}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );

  app.post(
    '/api/certificates/:number/void',
    {
      schema: {
        tags: ['certificates'],
        summary: 'Void a certificate (issuing exporting officer)',
        params: z.object({ number: CertificateNumberSchema }),
        body: VoidCertificateSchema,
        response: { 200: CertificateDetailSchema, ...errorResponses },
      },
    },
    async (request) => voidCertificate({ actor: requireActor(request), number: request.params.number, reason: request.body.reason }, deps),
  );

  app.post(
    '/api/certificates/:number/replace',
    {
      schema: {
        tags: ['certificates'],
        summary: 'Amend: issue a replacement with a new number; the old certificate is marked replaced',
        params: z.object({ number: CertificateNumberSchema }),
        body: ReplaceCertificateSchema,
        response: { 201: CertificateDetailSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const replacement = await replaceCertificate({ actor: requireActor(request), number: request.params.number, ...request.body }, deps);
      return reply.code(201).send(replacement);
    },
  );

  app.get(
    '/api/participants/:code/certificate-settings',
    {
      schema: {
        tags: ['certificates'],
        summary: 'Certificate validity, language and origin wording of a participant (public)',
        params: z.object({ code: ParticipantCodeSchema }),
        response: { 200: CertificateSettingsSchema, ...errorResponses },
      },
    },
    async (request) => {
      if (!(await participantExists(deps.db, request.params.code))) throw new AppError('NOT_FOUND');
      const settings = await certificateSettings(deps.db, request.params.code, deps.config.certificateDefaultValidityDays);
      return { validityDays: settings.validityDays, language: settings.language, mixedOriginWording: settings.mixedOriginWording };
    },
  );

  app.put(
    '/api/participants/:code/certificate-settings',
    {
      schema: {
        tags: ['certificates'],
        summary: 'Set certificate validity (within the KP-wide maximum), language and origin wording (participant administrator)',
        params: z.object({ code: ParticipantCodeSchema }),
        body: CertificateSettingsSchema,
        response: { 200: CertificateSettingsSchema, ...errorResponses },
      },
    },
    async (request) => updateCertificateSettings({ actor: requireActor(request), participantCode: request.params.code, settings: request.body }, deps),
  );

  app.get(
    '/api/embargoes',
    { schema: { tags: ['certificates'], summary: 'Embargo measures on rough diamonds by origin (public)', response: { 200: z.array(EmbargoSchema) } } },
    async () => {
      const rows = await deps.db.select().from(embargoMeasures).orderBy(asc(embargoMeasures.startsOn));
      return rows.map(toEmbargo);
    },
  );

  app.post(
    '/api/embargoes',
    {
      schema: { tags: ['certificates'], summary: 'Record an embargo measure (KP Chair)', body: EmbargoDraftSchema, response: { 201: EmbargoSchema, ...errorResponses } },
    },
    async (request, reply) => reply.code(201).send(await registerEmbargo({ actor: requireActor(request), draft: request.body }, deps)),
  );

  app.post(
    '/api/embargoes/:id/lift',
    {
      schema: {
        tags: ['certificates'],
        summary: 'End an embargo measure on a legal basis: endsOn is its last day (KP Chair)',
        params: z.object({ id: z.uuid() }),
        body: EmbargoLiftSchema,
        response: { 200: EmbargoSchema, ...errorResponses },
      },
    },
    async (request) => liftEmbargo({ actor: requireActor(request), id: request.params.id, lift: request.body }, deps),
  );

  app.get(
    '/api/trust-list',
    {
      schema: {
        tags: ['certificates'],
        summary: 'The KP trust list (public): every authority signing key with validity and revocation, participant status histories; signed by the register key',
      },
    },
    async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(await buildTrustList(deps)),
  );
}
