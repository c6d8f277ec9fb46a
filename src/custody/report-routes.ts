import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { access } from '../domain/access.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import type { App } from '../http/app.ts';
import { requireActor, today } from '../http/guards.ts';
import { errorResponses, ParticipantCodeSchema } from '../http/schemas.ts';
import { participantExists } from '../participants/participant-repository.ts';
import type { Half } from '../production/production-rules.ts';
import { sendCsv, toCsv } from '../statistics/csv-download.ts';
import {
  ExpiringQuerySchema,
  ExpiringSchema,
  MonthlyRegisterSchema,
  MonthQuerySchema,
  ProductionFiguresSchema,
  ProductionHalfQuerySchema,
  ReconciliationSchema,
  RegisterQuerySchema,
  UnusualSchema,
} from './report-schemas.ts';
import {
  expiringLicences,
  ledgerSnapshot,
  monthlyRegister,
  monthRange,
  productionFigures,
  productionReturnOnRecord,
  reconciliation,
  REGISTER_CSV_COLUMNS,
  REGISTER_FREE_TEXT,
  registerCsvRows,
  spreadsheetSafe,
  UNUSUAL_HISTORY_MONTHS,
  UNUSUAL_MIN_ACTIVE_MONTHS,
  unusualVolumes,
} from './reports.ts';

const codeParams = z.object({ code: ParticipantCodeSchema });
const WHO = 'the participant’s exporting officers, statistics officers, mines officers and administrator';

/**
 * Reports on the custody ledger for the participant's own authority (issue #9): the monthly
 * register per actor, the stock reconciliation, licences running out, unusual volumes and the
 * half-year production figures. Like the ledger itself, readable only by the participant's
 * officials (`access.readCustody`); to anyone else the participant looks absent.
 */
export async function custodyReportRoutes(app: App, deps: Deps): Promise<void> {
  const snapshotFor = async (actor: Actor, code: string) => {
    if (!access.readCustody(actor, code) || !(await participantExists(deps.db, code))) throw new AppError('NOT_FOUND');
    return ledgerSnapshot(deps.db, code);
  };
  const thisMonth = () => today(deps).slice(0, 7);

  app.get(
    '/api/participants/:code/custody/register',
    {
      schema: {
        tags: ['internal controls'],
        summary: `Monthly register per actor: every entry in force of the month, stock per origin at its start and end (${WHO})`,
        description:
          'Month defaults to the current one. `?format=csv` gives one row per entry (`record` = `entry`) and one per stock of an origin (`record` = `stock`); text cells a spreadsheet would run as a formula start with an apostrophe.',
        params: codeParams,
        querystring: RegisterQuerySchema,
        produces: ['application/json', 'text/csv'],
        response: { 200: MonthlyRegisterSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      const snapshot = await snapshotFor(requireActor(request), code);
      const month = request.query.month ?? thisMonth();
      const register = monthlyRegister(snapshot, { participantCode: code, month, operatorId: request.query.operatorId });
      if (request.query.format !== 'csv') return register;
      const rows = registerCsvRows(register).map((row) => ({
        ...row,
        ...Object.fromEntries(REGISTER_FREE_TEXT.map((column) => [column, spreadsheetSafe(row[column])])),
      }));
      return sendCsv(reply, `custody-register-${code}-${month}.csv`, toCsv(rows, REGISTER_CSV_COLUMNS));
    },
  );

  app.get(
    '/api/participants/:code/custody/reconciliation',
    {
      schema: {
        tags: ['internal controls'],
        summary: `Stock reconciliation per actor and origin for a month: opening + in − out = closing, with the corrections recorded (${WHO})`,
        params: codeParams,
        querystring: MonthQuerySchema,
        response: { 200: ReconciliationSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { code } = request.params;
      const snapshot = await snapshotFor(requireActor(request), code);
      const month = request.query.month ?? thisMonth();
      return { participantCode: code, month, ...monthRange(month), lines: reconciliation(snapshot, { month }) };
    },
  );

  app.get(
    '/api/participants/:code/custody/expiring',
    {
      schema: {
        tags: ['internal controls'],
        summary: `Actors and sites whose licence ends within N days, or has ended while stock is still held (${WHO})`,
        description: 'N defaults to CUSTODY_LICENCE_EXPIRY_WARNING_DAYS (60, UNVERIFIED).',
        params: codeParams,
        querystring: ExpiringQuerySchema,
        response: { 200: ExpiringSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { code } = request.params;
      const snapshot = await snapshotFor(requireActor(request), code);
      const days = request.query.days ?? deps.config.custody.licenceExpiryWarningDays;
      return { participantCode: code, today: today(deps), days, licences: expiringLicences(snapshot, { today: today(deps), days }) };
    },
  );

  app.get(
    '/api/participants/:code/custody/unusual',
    {
      schema: {
        tags: ['internal controls'],
        summary: `Actors whose month volume (carats in + out) is beyond CUSTODY_UNUSUAL_VOLUME_FACTOR × the median of their active months among the six before (${WHO})`,
        params: codeParams,
        querystring: MonthQuerySchema,
        response: { 200: UnusualSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { code } = request.params;
      const snapshot = await snapshotFor(requireActor(request), code);
      const month = request.query.month ?? thisMonth();
      const factor = deps.config.custody.unusualVolumeFactor;
      return {
        participantCode: code,
        month,
        factor,
        historyMonths: UNUSUAL_HISTORY_MONTHS,
        minActiveMonths: UNUSUAL_MIN_ACTIVE_MONTHS,
        actors: unusualVolumes(snapshot, { month, factor }),
      };
    },
  );

  app.get(
    '/api/participants/:code/custody/production',
    {
      schema: {
        tags: ['internal controls'],
        summary: `Half-year production from the declarations in force, ASM/LSM, per site and deposit type, beside the return on record (${WHO})`,
        description: '`draft` is shaped as the body of POST /api/participants/:code/production.',
        params: codeParams,
        querystring: ProductionHalfQuerySchema,
        response: { 200: ProductionFiguresSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { code } = request.params;
      const snapshot = await snapshotFor(requireActor(request), code);
      const { year } = request.query;
      const half = request.query.half as Half;
      const returnOnRecord = await productionReturnOnRecord(deps.db, { participantCode: code, year, half });
      return productionFigures(snapshot, { participantCode: code, year, half, returnOnRecord });
    },
  );
}
