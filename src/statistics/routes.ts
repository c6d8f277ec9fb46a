import { z } from 'zod';
import type { Deps } from '../deps.ts';
import type { App } from '../http/app.ts';
import { requireActor } from '../http/guards.ts';
import { errorResponses, LanguageSchema, ParticipantCodeSchema } from '../http/schemas.ts';
import { columnsOf, downloadFormat, XLSX_TYPE } from './csv-download.ts';
import { getGlobalStatistics } from './get-global-statistics.ts';
import { getMemberStateStatistics } from './get-member-state-statistics.ts';
import { getParticipantStatistics } from './get-participant-statistics.ts';
import { rankParticipants } from './rank-participants.ts';
import {
  FormatSchema,
  GlobalStatisticsSchema,
  HsCodeRowSchema,
  MemberStatePartnerRowSchema,
  MemberStateRowSchema,
  MemberStateStatisticsSchema,
  ParticipantRankSchema,
  ParticipantStatisticsSchema,
  PartnerRowSchema,
  ProductionRowSchema,
  RankingRowSchema,
  RankingsSchema,
  ReceivedRowSchema,
  TotalRowSchema,
  YearQuerySchema,
  YearSummarySchema,
} from './schemas.ts';
import { RANKING_MEASURES } from './statistics-repository.ts';
import { sendTable } from './send-table.ts';

const PRODUCES = ['application/json', 'text/csv', XLSX_TYPE];
const LANG = LanguageSchema.optional().meta({ description: 'Language of participant and member-state names (else Accept-Language)' });
const CSV_NOTE = ' Each table is also available as CSV (`?format=csv` or `Accept: text/csv`) and as XLSX (`?format=xlsx`), the table chosen with `table`.';

const tableParam = <T extends readonly [string, ...string[]]>(tables: T) =>
  z
    .enum(tables)
    .optional()
    .meta({ description: `Which table to download as CSV or XLSX (default \`${tables[0]}\`); ignored for JSON` });

const GLOBAL_TABLES = ['summary', 'series'] as const;
const PARTICIPANT_TABLES = [
  'production',
  'exports_totals',
  'exports_by_partner',
  'exports_by_hs_code',
  'imports_totals',
  'imports_by_partner',
  'imports_by_hs_code',
  'imports_received',
  'rankings',
] as const;
const MEMBER_STATE_TABLES = ['by_member_state', 'by_member_state_and_partner'] as const;

/**
 * Public KP statistics (Section V): the annual global summary, one participant's figures, and
 * rankings, as JSON or CSV. Commercially sensitive detail (operators, single certificates) is
 * never part of them; the EU member-state breakdown is restricted.
 */
export async function statisticsRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/statistics/global',
    {
      schema: {
        tags: ['statistics'],
        summary: 'Annual global summary (public): production, exports, imports, with the time series of every year',
        description:
          'Production: half-yearly returns in force (highest version), both halves. Trade: KP certificates by issue date, voided and replaced ones excluded; worldwide, exports equal imports. Received: confirmations of receipt by day of receipt.' +
          CSV_NOTE,
        querystring: z.object({ year: YearQuerySchema, format: FormatSchema, lang: LANG, table: tableParam(GLOBAL_TABLES) }),
        produces: PRODUCES,
        response: { 200: GlobalStatisticsSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { year, format, table = 'summary' } = request.query;
      const statistics = await getGlobalStatistics({ year }, deps);
      const download = downloadFormat(request, format);
      if (download === 'json') return statistics;
      const rows = table === 'summary' ? [statistics.summary] : statistics.series;
      return sendTable(reply, download, { fileName: `kp-statistics-global-${year}-${table}`, sheet: table, rows, columns: columnsOf(YearSummarySchema) });
    },
  );

  app.get(
    '/api/statistics/participants/EU/member-states',
    {
      schema: {
        tags: ['statistics'],
        summary: 'EU exports by issuing member state (EU staff, Chair, WGS, WGM only)',
        description: 'Per quarter, half-year and year; by member state, and by member state and partner.' + CSV_NOTE,
        querystring: z.object({ year: YearQuerySchema, format: FormatSchema, lang: LANG, table: tableParam(MEMBER_STATE_TABLES) }),
        produces: PRODUCES,
        response: { 200: MemberStateStatisticsSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { year, format, table = 'by_member_state' } = request.query;
      const statistics = await getMemberStateStatistics({ actor: requireActor(request), year, language: request.language }, deps);
      const download = downloadFormat(request, format);
      reply.header('cache-control', 'private, no-store');
      if (download === 'json') return reply.send(statistics);
      const [rows, schema] =
        table === 'by_member_state'
          ? [statistics.byMemberState, MemberStateRowSchema]
          : [statistics.byMemberStateAndPartner, MemberStatePartnerRowSchema];
      return sendTable(reply, download, { fileName: `kp-statistics-EU-member-states-${year}-${table}`, sheet: table, rows, columns: columnsOf(schema) });
    },
  );

  app.get(
    '/api/statistics/participants/:code',
    {
      schema: {
        tags: ['statistics'],
        summary: 'One participant’s statistics for a year (public): production per half, exports and imports per quarter by partner and HS code, rankings',
        description: 'Trade is dated by issue date for both flows; `imports.received` by day of receipt. The EU appears as one participant.' + CSV_NOTE,
        params: z.object({ code: ParticipantCodeSchema }),
        querystring: z.object({ year: YearQuerySchema, format: FormatSchema, lang: LANG, table: tableParam(PARTICIPANT_TABLES) }),
        produces: PRODUCES,
        response: { 200: ParticipantStatisticsSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { year, format, table = 'production' } = request.query;
      const statistics = await getParticipantStatistics({ code: request.params.code, year, language: request.language }, deps);
      const download = downloadFormat(request, format);
      if (download === 'json') return statistics;
      const tables = {
        production: [statistics.production, ProductionRowSchema],
        exports_totals: [statistics.exports.totals, TotalRowSchema],
        exports_by_partner: [statistics.exports.byPartner, PartnerRowSchema],
        exports_by_hs_code: [statistics.exports.byHsCode, HsCodeRowSchema],
        imports_totals: [statistics.imports.totals, TotalRowSchema],
        imports_by_partner: [statistics.imports.byPartner, PartnerRowSchema],
        imports_by_hs_code: [statistics.imports.byHsCode, HsCodeRowSchema],
        imports_received: [statistics.imports.received, ReceivedRowSchema],
        rankings: [statistics.rankings, ParticipantRankSchema],
      } satisfies Record<(typeof PARTICIPANT_TABLES)[number], [Record<string, unknown>[], z.ZodObject]>;
      const [rows, schema] = tables[table];
      return sendTable(reply, download, { fileName: `kp-statistics-${statistics.participant.code}-${year}-${table}`, sheet: table, rows, columns: columnsOf(schema) });
    },
  );

  app.get(
    '/api/statistics/rankings',
    {
      schema: {
        tags: ['statistics'],
        summary: 'All participants ranked on production (carats or US$), exports or imports (US$) for a year (public)',
        description: 'Equal figures share a rank (1, 2, 2, 4). Only participants with a figure are ranked: a production return in force, or a certificate.' + CSV_NOTE,
        querystring: z.object({
          year: YearQuerySchema,
          measure: z.enum(RANKING_MEASURES).meta({ description: 'What participants are ranked on' }),
          format: FormatSchema,
          lang: LANG,
          table: tableParam(['rankings'] as const),
        }),
        produces: PRODUCES,
        response: { 200: RankingsSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { year, measure, format } = request.query;
      const rankings = await rankParticipants({ year, measure, language: request.language }, deps);
      const download = downloadFormat(request, format);
      if (download === 'json') return rankings;
      return sendTable(reply, download, { fileName: `kp-statistics-rankings-${measure}-${year}`, sheet: measure, rows: rankings.rows, columns: columnsOf(RankingRowSchema) });
    },
  );
}
