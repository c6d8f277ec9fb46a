import { base64BodyLimit } from '../domain/attachments.ts';
import { sendAttachment } from '../http/send-attachment.ts';
import { z } from 'zod';
import type { Deps } from '../deps.ts';
import type { App } from '../http/app.ts';
import { requireActor } from '../http/guards.ts';
import { errorResponses, IdSchema } from '../http/schemas.ts';
import { closeReport, commentOnReport, createReport, getReport, listAttempts, listReports, reportFile } from './reports.ts';
import {
  AttemptListQuerySchema,
  AttemptSchema,
  CloseReportSchema,
  CommentDraftSchema,
  ReportDraftSchema,
  ReportListQuerySchema,
  ReportSchema,
  ReportSummarySchema,
} from './schemas.ts';

/** Evidence travels base64 inside JSON: allow five files of the configured size. */
const evidenceBodyLimit = (deps: Deps) => base64BodyLimit(deps.config.reportFileMaxBytes, 5);

export async function alertRoutes(app: App, deps: Deps): Promise<void> {
  app.post(
    '/api/reports',
    {
      bodyLimit: evidenceBodyLimit(deps),
      schema: {
        tags: ['alerts'],
        summary: 'Report a suspicious or fraudulent certificate, or a refused shipment, with evidence; the issuing authority, the Chair and the WGM are alerted',
        body: ReportDraftSchema,
        response: { 201: ReportSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createReport({ actor: requireActor(request), draft: request.body }, deps)),
  );

  app.get(
    '/api/reports',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Alerts: reports about the caller’s certificates or filed by its participant (Chair and WGM: all)',
        querystring: ReportListQuerySchema,
        response: { 200: z.object({ items: z.array(ReportSummarySchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listReports(deps, requireActor(request), request.query.status) }),
  );

  app.get(
    '/api/reports/:id',
    { schema: { tags: ['alerts'], params: z.object({ id: IdSchema }), response: { 200: ReportSchema, ...errorResponses } } },
    async (request) => getReport(deps, requireActor(request), request.params.id),
  );

  app.get(
    '/api/reports/:id/files/:fileId',
    { schema: { tags: ['alerts'], summary: 'Download an evidence file', params: z.object({ id: IdSchema, fileId: IdSchema }) } },
    async (request, reply) => {
      const file = await reportFile(deps, requireActor(request), request.params.id, request.params.fileId);
      return sendAttachment(reply, file);
    },
  );

  app.post(
    '/api/reports/:id/comments',
    {
      bodyLimit: evidenceBodyLimit(deps),
      schema: { tags: ['alerts'], summary: 'Comment on an open report (with optional evidence)', params: z.object({ id: IdSchema }), body: CommentDraftSchema, response: { 200: ReportSchema, ...errorResponses } },
    },
    async (request) => commentOnReport({ actor: requireActor(request), id: request.params.id, body: request.body.body, files: request.body.files }, deps),
  );

  app.post(
    '/api/reports/:id/close',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Close a report (Chair, WGM, or the issuing authority); confirmed_fraudulent makes the number fail verification everywhere',
        params: z.object({ id: IdSchema }),
        body: CloseReportSchema,
        response: { 200: ReportSchema, ...errorResponses },
      },
    },
    async (request) => closeReport({ actor: requireActor(request), id: request.params.id, ...request.body }, deps),
  );

  app.get(
    '/api/verification-attempts',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Failed verifications of a participant’s certificate numbers (its staff; Chair and WGM for any participant)',
        querystring: AttemptListQuerySchema,
        response: { 200: z.object({ items: z.array(AttemptSchema), total: z.number() }), ...errorResponses },
      },
    },
    async (request) => listAttempts(deps, requireActor(request), request.query),
  );
}
