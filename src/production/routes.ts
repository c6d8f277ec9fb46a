import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { hasRole } from '../domain/roles.ts';
import type { App } from '../http/app.ts';
import { requireActor } from '../http/guards.ts';
import { errorResponses, LanguageSchema, ParticipantCodeSchema } from '../http/schemas.ts';
import { downloadFormat, XLSX_TYPE } from '../statistics/csv-download.ts';
import { FormatSchema } from '../statistics/schemas.ts';
import { sendTable } from '../statistics/send-table.ts';
import { listProduction, productionHistory } from './find-production.ts';
import { importStatistics } from './import-statistics.ts';
import { listMissingReturns } from './list-missing-returns.ts';
import type { Half } from './production-rules.ts';
import {
  HalfYearQuerySchema,
  MissingReturnsSchema,
  ProductionHistorySchema,
  ProductionListSchema,
  ProductionReturnDraftSchema,
  ProductionReturnSchema,
  StatisticsImportRequestSchema,
  StatisticsImportSummarySchema,
} from './schemas.ts';
import { submitProductionReturn } from './submit-production-return.ts';

/** A whole KP database export as base64 XLSX is a few hundred kilobytes; 20 MB leaves room for decades of rows. */
const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;

export async function productionRoutes(app: App, deps: Deps): Promise<void> {
  app.post(
    '/api/participants/:code/production',
    {
      schema: {
        tags: ['statistics'],
        summary:
          'Return half-year production (statistics officer or participant administrator of the participant). The half-year must have ended; a second return for the same half-year is a correction (new version) and needs a note.',
        params: z.object({ code: ParticipantCodeSchema }),
        body: ProductionReturnDraftSchema,
        response: { 201: ProductionReturnSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await submitProductionReturn({ actor: requireActor(request), participantCode: request.params.code, draft: request.body }, deps)),
  );

  app.get(
    '/api/participants/:code/production',
    {
      schema: {
        tags: ['statistics'],
        summary: 'Production figures in force per half-year, with version, source and US$ per carat (public)',
        params: z.object({ code: ParticipantCodeSchema }),
        querystring: z.object({ year: z.coerce.number().int().min(1900).max(9999).optional() }),
        response: { 200: ProductionListSchema, ...errorResponses },
      },
    },
    async (request) => listProduction(deps, { participantCode: request.params.code, year: request.query.year }),
  );

  app.get(
    '/api/participants/:code/production/:year/:half/history',
    {
      schema: {
        tags: ['statistics'],
        summary: 'Every version of a half-year return, with who entered it, when and why (the participant, Chair, WGS, WGM)',
        params: z.object({ code: ParticipantCodeSchema, year: z.coerce.number().int().min(1900).max(9999), half: z.coerce.number().int().min(1).max(2) }),
        response: { 200: ProductionHistorySchema, ...errorResponses },
      },
    },
    async (request) => productionHistory(deps, { actor: requireActor(request), participantCode: request.params.code, year: request.params.year, half: request.params.half }),
  );

  app.get(
    '/api/production/missing',
    {
      schema: {
        tags: ['statistics'],
        summary: 'Participants in good standing during the half-year with no production return by the deadline, once it has passed (public)',
        description: 'The list is also available as CSV (`?format=csv`) and XLSX (`?format=xlsx`): one row per participant, names in `lang`.',
        querystring: HalfYearQuerySchema.extend({ format: FormatSchema, lang: LanguageSchema.optional(), table: z.enum(['missing']).optional() }),
        produces: ['application/json', 'text/csv', XLSX_TYPE],
        response: { 200: MissingReturnsSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { year, half, format } = request.query;
      const missing = await listMissingReturns(deps, { year, half: half as Half, language: request.language });
      const download = downloadFormat(request, format);
      if (download === 'json') return missing;
      const rows = missing.missing.map((row) => ({ year, half, deadline: missing.deadline, ...row }));
      const columns = ['year', 'half', 'deadline', 'participantCode', 'name', 'returnedLateOn'];
      return sendTable(reply, download, { fileName: `kp-production-returns-missing-${year}-H${half}`, sheet: 'missing', rows, columns });
    },
  );

  app.post(
    '/api/statistics/imports',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['statistics'],
        summary:
          'Import historic production from a KP statistics database export, CSV text or base64 XLSX (Chair or WGS). Every row is checked first: one bad row and nothing is stored (422 with each bad line). Figures equal to those in force are skipped.',
        body: StatisticsImportRequestSchema,
        response: { 200: StatisticsImportSummarySchema, 201: StatisticsImportSummarySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!hasRole(actor, 'kp_chair', 'wgs')) throw new AppError('FORBIDDEN');
      const { fileName, csv, xlsxBase64, dryRun } = request.body;
      const content = csv !== undefined ? Buffer.from(csv, 'utf8') : Buffer.from(xlsxBase64!, 'base64');
      const summary = await importStatistics({ actor, fileName, content, dryRun }, deps);
      return reply.code(dryRun ? 200 : 201).send(summary);
    },
  );
}
