import { base64BodyLimit } from '../domain/attachments.ts';
import { sendAttachment } from '../http/send-attachment.ts';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { annualReportFiles } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { App } from '../http/app.ts';
import { requireActor } from '../http/guards.ts';
import { errorResponses, IdSchema, ParticipantCodeSchema } from '../http/schemas.ts';
import { participantExists } from '../participants/participant-repository.ts';
import { annualReportOverview, filedAnnualReports } from './annual-report-overview.ts';
import { assertReadsReport, findReport, reportView } from './annual-report-repository.ts';
import { shareAnnualReport, sharedAnnualReports } from './share-annual-report.ts';
import { SharingDraftSchema } from '../domain/observer-sharing.ts';
import { addAnnualReportMessage } from './review-annual-report.ts';
import {
  AnnualReportDraftSchema,
  AnnualReportFileDraftSchema,
  AnnualReportOverviewSchema,
  AnnualReportSchema,
  FiledReportsSchema,
  MessageDraftSchema,
  SharedReportsSchema,
} from './schemas.ts';
import { attachAnnualReportFile, saveAnnualReport, submitAnnualReport } from './write-annual-report.ts';

const YearSchema = z.coerce.number().int().min(2003).max(9999);
const reportParams = z.object({ code: ParticipantCodeSchema, year: YearSchema });
const yearQuery = z.object({ year: YearSchema });
/** Attachments travel base64 inside JSON. */
const fileBodyLimit = (deps: Deps) => base64BodyLimit(deps.config.reportFileMaxBytes);

/** Annual reports (KPCS Section VI §11): drafting, submission, the WGM's review, the dashboard, and the public list of who filed. */
export async function annualReportRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/annual-reports',
    {
      schema: {
        tags: ['governance'],
        summary: 'Dashboard of annual reports for a year: who filed, who is late, open questions (Chair and WGM: every participant; participant staff: their own)',
        querystring: yearQuery,
        response: { 200: AnnualReportOverviewSchema, ...errorResponses },
      },
    },
    async (request) => annualReportOverview(deps, { actor: requireActor(request), year: request.query.year, language: request.language }),
  );

  app.get(
    '/api/annual-reports/filed',
    {
      schema: {
        tags: ['governance'],
        summary: 'Which participants filed their annual report for a year, and when (public; never the content)',
        querystring: yearQuery,
        response: { 200: FiledReportsSchema, ...errorResponses },
      },
    },
    async (request) => filedAnnualReports(deps, { year: request.query.year, language: request.language }),
  );

  app.get(
    '/api/annual-reports/shared',
    {
      schema: {
        tags: ['governance'],
        summary: 'Submitted annual reports shared with observers, newest year first (observers, Chair, WGM)',
        response: { 200: SharedReportsSchema, ...errorResponses },
      },
    },
    async (request) => sharedAnnualReports(deps, { actor: requireActor(request), language: request.language }),
  );

  app.put(
    '/api/participants/:code/annual-reports/:year/sharing',
    {
      schema: {
        tags: ['governance'],
        summary: 'Share a submitted annual report with observers, or mark it KP ONLY (the participant’s administrator, Chair, WGM)',
        params: reportParams,
        body: SharingDraftSchema,
        response: { 200: AnnualReportSchema, ...errorResponses },
      },
    },
    async (request) => shareAnnualReport({ actor: requireActor(request), participantCode: request.params.code, year: request.params.year, draft: request.body }, deps),
  );

  app.get(
    '/api/participants/:code/annual-reports/:year',
    {
      schema: {
        tags: ['governance'],
        summary: 'A participant’s annual report for a year, or the pre-filled template when nothing is saved (its staff, Chair, WGM; observers a submitted report shared with them)',
        params: reportParams,
        response: { 200: AnnualReportSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { code, year } = request.params;
      if (!(await participantExists(deps.db, code))) throw new AppError('NOT_FOUND');
      const report = await findReport(deps.db, code, year);
      assertReadsReport(actor, code, report);
      return reportView(deps, actor, code, year, report);
    },
  );

  app.put(
    '/api/participants/:code/annual-reports/:year',
    {
      schema: {
        tags: ['governance'],
        summary: 'Save the draft of the annual report (the participant’s administrator)',
        params: reportParams,
        body: AnnualReportDraftSchema,
        response: { 200: AnnualReportSchema, ...errorResponses },
      },
    },
    async (request) => saveAnnualReport({ actor: requireActor(request), participantCode: request.params.code, year: request.params.year, content: request.body.content }, deps),
  );

  app.post(
    '/api/participants/:code/annual-reports/:year/submit',
    {
      schema: {
        tags: ['governance'],
        summary: 'Submit the annual report: every section answered; the year’s statistics are frozen into it',
        params: reportParams,
        response: { 200: AnnualReportSchema, ...errorResponses },
      },
    },
    async (request) => submitAnnualReport({ actor: requireActor(request), participantCode: request.params.code, year: request.params.year }, deps),
  );

  app.post(
    '/api/participants/:code/annual-reports/:year/files',
    {
      bodyLimit: fileBodyLimit(deps),
      schema: {
        tags: ['governance'],
        summary: 'Attach a file to a section of the draft (base64; at most REPORT_FILE_MAX_BYTES)',
        params: reportParams,
        body: AnnualReportFileDraftSchema,
        response: { 201: AnnualReportSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await attachAnnualReportFile({ actor: requireActor(request), participantCode: request.params.code, year: request.params.year, file: request.body }, deps)),
  );

  app.get(
    '/api/participants/:code/annual-reports/:year/files/:fileId',
    { schema: { tags: ['governance'], summary: 'Download an attachment of an annual report', params: reportParams.extend({ fileId: IdSchema }) } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { code, year, fileId } = request.params;
      const report = await findReport(deps.db, code, year);
      assertReadsReport(actor, code, report);
      const [file] = report ? await deps.db.select().from(annualReportFiles).where(and(eq(annualReportFiles.id, fileId), eq(annualReportFiles.reportId, report.id))) : [];
      if (!file) throw new AppError('NOT_FOUND');
      return sendAttachment(reply, file);
    },
  );

  app.post(
    '/api/participants/:code/annual-reports/:year/messages',
    {
      schema: {
        tags: ['governance'],
        summary: 'The review: a question (Chair, WGM; submitted reports), an answer to a question (the participant’s administrator), or a comment',
        params: reportParams,
        body: MessageDraftSchema.extend({ kind: z.enum(['question', 'answer', 'comment']), questionId: IdSchema.optional() }).strict(),
        response: { 201: AnnualReportSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await addAnnualReportMessage({ actor: requireActor(request), participantCode: request.params.code, year: request.params.year, ...request.body }, deps),
      ),
  );
}
