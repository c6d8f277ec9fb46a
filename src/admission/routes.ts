import { base64BodyLimit } from '../domain/attachments.ts';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { admissionApplicationFiles } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { App } from '../http/app.ts';
import { requireActor } from '../http/guards.ts';
import { errorResponses, IdSchema } from '../http/schemas.ts';
import { sendAttachment } from '../http/send-attachment.ts';
import { addApplicationMessage } from './add-application-message.ts';
import { applicationView, visibleApplication } from './admission-repository.ts';
import { recommendOnApplication, recordFindings, startAssessment } from './assess-application.ts';
import { listApplications, publicApplications } from './list-applications.ts';
import { openApplication } from './open-application.ts';
import {
  AdmissionApplicationSchema,
  ApplicationDraftSchema,
  ApplicationFileDraftSchema,
  ApplicationListSchema,
  ApplicationMessageDraftSchema,
  AssessmentDraftSchema,
  OpenApplicationSchema,
  PublicApplicationListQuerySchema,
  PublicApplicationSchema,
  RecommendationDraftSchema,
  WithdrawApplicationSchema,
} from './schemas.ts';
import { withdrawApplication } from './withdraw-application.ts';
import { attachApplicationFile, saveApplication, submitApplication } from './write-application.ts';

const params = z.object({ id: IdSchema });
/** Attachments travel base64 inside JSON. */
const fileBodyLimit = (deps: Deps) => base64BodyLimit(deps.config.reportFileMaxBytes);
const tags = ['governance'];

/** Admission to the KP (KPCS-DOMAIN §6): the applicant's file, the CPC's assessment, the public list. Admission itself is a decision (/api/decisions). */
export async function admissionRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/admission/applications/public',
    {
      schema: {
        tags,
        summary: 'Submitted admission applications: applicant, submission date, stage and outcome (public; never the content)',
        querystring: PublicApplicationListQuerySchema,
        response: { 200: z.object({ items: z.array(PublicApplicationSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await publicApplications(deps, { language: request.language, participant: request.query.participant }) }),
  );

  app.get(
    '/api/admission/applications',
    {
      schema: {
        tags,
        summary: 'Admission applications with counts per stage (CPC and Chair: every submitted one; an applicant’s staff: its own)',
        response: { 200: ApplicationListSchema, ...errorResponses },
      },
    },
    async (request) => listApplications(deps, { actor: requireActor(request), language: request.language }),
  );

  app.post(
    '/api/admission/applications',
    {
      schema: {
        tags,
        summary: 'Open the draft of an application (the applicant’s administrator; the Chair for an applicant without an account)',
        body: OpenApplicationSchema,
        response: { 201: AdmissionApplicationSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await openApplication({ actor: requireActor(request), applicantCode: request.body.applicantCode }, deps)),
  );

  app.get(
    '/api/admission/applications/:id',
    { schema: { tags, summary: 'One application with its documents, questions and answers, and what the caller may do', params, response: { 200: AdmissionApplicationSchema, ...errorResponses } } },
    async (request) => {
      const actor = requireActor(request);
      const { row, chairFiles } = await visibleApplication(deps.db, actor, request.params.id);
      return applicationView(deps.db, actor, row, chairFiles);
    },
  );

  app.put(
    '/api/admission/applications/:id',
    { schema: { tags, summary: 'Save the draft (all of its text)', params, body: ApplicationDraftSchema, response: { 200: AdmissionApplicationSchema, ...errorResponses } } },
    async (request) => saveApplication({ actor: requireActor(request), id: request.params.id, content: request.body.content }, deps),
  );

  app.post(
    '/api/admission/applications/:id/files',
    {
      bodyLimit: fileBodyLimit(deps),
      schema: {
        tags,
        summary: 'Attach a document to the draft: legislation, the certificate specimen, authorities, other (base64; at most REPORT_FILE_MAX_BYTES)',
        params,
        body: ApplicationFileDraftSchema,
        response: { 201: AdmissionApplicationSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await attachApplicationFile({ actor: requireActor(request), id: request.params.id, file: request.body }, deps)),
  );

  app.get(
    '/api/admission/applications/:id/files/:fileId',
    { schema: { tags, summary: 'Download a document of an application', params: params.extend({ fileId: IdSchema }) } },
    async (request, reply) => {
      const { row } = await visibleApplication(deps.db, requireActor(request), request.params.id);
      const [file] = await deps.db
        .select()
        .from(admissionApplicationFiles)
        .where(and(eq(admissionApplicationFiles.id, request.params.fileId), eq(admissionApplicationFiles.applicationId, row.id)));
      if (!file) throw new AppError('NOT_FOUND');
      return sendAttachment(reply, file);
    },
  );

  app.post(
    '/api/admission/applications/:id/submit',
    { schema: { tags, summary: 'Submit the application once complete; the CPC and the Chair are told', params, response: { 200: AdmissionApplicationSchema, ...errorResponses } } },
    async (request) => submitApplication({ actor: requireActor(request), id: request.params.id }, deps),
  );

  app.post(
    '/api/admission/applications/:id/withdraw',
    { schema: { tags, summary: 'Withdraw the application before the KP decides (the applicant)', params, body: WithdrawApplicationSchema, response: { 200: AdmissionApplicationSchema, ...errorResponses } } },
    async (request) => withdrawApplication({ actor: requireActor(request), id: request.params.id, note: request.body.note }, deps),
  );

  app.post(
    '/api/admission/applications/:id/assessment/start',
    { schema: { tags, summary: 'The CPC takes up a submitted application', params, response: { 200: AdmissionApplicationSchema, ...errorResponses } } },
    async (request) => startAssessment({ actor: requireActor(request), id: request.params.id }, deps),
  );

  app.put(
    '/api/admission/applications/:id/assessment',
    { schema: { tags, summary: 'The CPC’s findings per criterion (met, not met, needs information; with a note)', params, body: AssessmentDraftSchema, response: { 200: AdmissionApplicationSchema, ...errorResponses } } },
    async (request) => recordFindings({ actor: requireActor(request), id: request.params.id, findings: request.body.findings }, deps),
  );

  app.post(
    '/api/admission/applications/:id/recommendation',
    {
      schema: {
        tags,
        summary: 'The CPC recommends admitting or not admitting the applicant (every criterion settled; admission only when all are met)',
        params,
        body: RecommendationDraftSchema,
        response: { 200: AdmissionApplicationSchema, ...errorResponses },
      },
    },
    async (request) => recommendOnApplication({ actor: requireActor(request), id: request.params.id, ...request.body }, deps),
  );

  app.post(
    '/api/admission/applications/:id/messages',
    {
      schema: {
        tags,
        summary: 'A question (CPC), an answer to one (the applicant) or a comment (the applicant, CPC, Chair)',
        params,
        body: ApplicationMessageDraftSchema,
        response: { 201: AdmissionApplicationSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await addApplicationMessage({ actor: requireActor(request), id: request.params.id, draft: request.body }, deps)),
  );
}
