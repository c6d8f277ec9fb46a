import { z } from 'zod';
import { IsoDateSchema } from '../http/schemas.ts';
import { ProductionReturnDraftSchema, ProductionReturnSchema } from '../production/schemas.ts';
import { CUSTODY_KINDS } from './ledger.ts';
import { DEPOSIT_TYPES } from './schemas.ts';

const MonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM')
  .meta({ example: '2026-05' });
/** Carats or US$ as exact two-decimal text; a stock can be negative only in imported data. */
const amount = z.string().meta({ example: '120.50' });

export const RegisterQuerySchema = z
  .object({ month: MonthSchema.optional(), operatorId: z.uuid().optional(), format: z.enum(['json', 'csv']).optional() })
  .strict();
export const MonthQuerySchema = z.object({ month: MonthSchema.optional() }).strict();
export const ExpiringQuerySchema = z.object({ days: z.coerce.number().int().min(0).max(3650).optional() }).strict();
export const ProductionHalfQuerySchema = z
  .object({ year: z.coerce.number().int().min(2003).max(9999), half: z.coerce.number().int().min(1).max(2) })
  .strict();

/** One entry of the register as the actor sees it: what came in or went out, from or to whom. */
export const RegisterLineSchema = z
  .object({
    entryId: z.string(),
    occurredOn: IsoDateSchema,
    kind: z.enum(CUSTODY_KINDS),
    direction: z.enum(['in', 'out']),
    counterpartyId: z.string().nullable(),
    counterpartyName: z.string().nullable(),
    counterpartyLicence: z.string().nullable(),
    siteId: z.string(),
    siteName: z.string(),
    siteLicence: z.string(),
    carats: amount,
    valueUsd: amount,
    parcelReference: z.string().nullable(),
    certificateNumber: z.string().nullable(),
    warranty: z.boolean(),
  })
  .meta({ id: 'CustodyRegisterLine' });
export type RegisterLine = z.infer<typeof RegisterLineSchema>;

/** An actor's stock of one origin over the month: opening + in − out = closing. */
export const StockMovementSchema = z
  .object({
    siteId: z.string(),
    siteName: z.string(),
    siteLicence: z.string(),
    opening: amount,
    in: amount,
    out: amount,
    closing: amount,
  })
  .meta({ id: 'CustodyStockMovement' });
export type StockMovement = z.infer<typeof StockMovementSchema>;

export const ActorRegisterSchema = z
  .object({
    operatorId: z.string(),
    operatorName: z.string(),
    licenceNumber: z.string(),
    lines: z.array(RegisterLineSchema),
    stocks: z.array(StockMovementSchema),
  })
  .meta({ id: 'CustodyActorRegister' });
export type ActorRegister = z.infer<typeof ActorRegisterSchema>;

export const MonthlyRegisterSchema = z
  .object({ participantCode: z.string(), month: z.string(), from: IsoDateSchema, to: IsoDateSchema, actors: z.array(ActorRegisterSchema) })
  .meta({ id: 'CustodyMonthlyRegister' });
export type MonthlyRegister = z.infer<typeof MonthlyRegisterSchema>;

export const ReconciliationLineSchema = StockMovementSchema.extend({
  operatorId: z.string(),
  operatorName: z.string(),
  licenceNumber: z.string(),
  /** The closing stock computed from every movement up to the month's end, against opening + in − out. */
  balanced: z.boolean(),
  /** First day of the month the stock ran below zero (only data recorded before the stock check can do that). */
  negativeOn: IsoDateSchema.nullable(),
  check: z.boolean().meta({ description: 'Needs a look: not balanced, or negative during the month' }),
  corrections: z.number().meta({ description: 'Corrections and cancellations recorded in the month touching this stock' }),
}).meta({ id: 'CustodyReconciliationLine' });
export type ReconciliationLine = z.infer<typeof ReconciliationLineSchema>;

export const ReconciliationSchema = z
  .object({ participantCode: z.string(), month: z.string(), from: IsoDateSchema, to: IsoDateSchema, lines: z.array(ReconciliationLineSchema) })
  .meta({ id: 'CustodyReconciliation' });
export type Reconciliation = z.infer<typeof ReconciliationSchema>;

export const ExpiringLicenceSchema = z
  .object({
    subject: z.enum(['operator', 'site']),
    id: z.string(),
    name: z.string(),
    licenceNumber: z.string(),
    validUntil: IsoDateSchema,
    /** Negative once expired. */
    daysLeft: z.number(),
    state: z.enum(['expiring', 'expired']),
    /** The actor's stock (all origins), or for a site the stock of its origin anyone holds. */
    stock: amount,
  })
  .meta({ id: 'CustodyExpiringLicence' });
export type ExpiringLicence = z.infer<typeof ExpiringLicenceSchema>;

export const ExpiringSchema = z
  .object({ participantCode: z.string(), today: IsoDateSchema, days: z.number(), licences: z.array(ExpiringLicenceSchema) })
  .meta({ id: 'CustodyExpiringLicences' });
export type Expiring = z.infer<typeof ExpiringSchema>;

export const UnusualVolumeSchema = z
  .object({
    operatorId: z.string(),
    operatorName: z.string(),
    licenceNumber: z.string(),
    in: amount,
    out: amount,
    volume: amount,
    median: amount,
    /** Volume ÷ median, two decimals. */
    ratio: z.string(),
    history: z.array(z.object({ month: z.string(), volume: amount })),
  })
  .meta({ id: 'CustodyUnusualVolume' });
export type UnusualVolume = z.infer<typeof UnusualVolumeSchema>;

export const UnusualSchema = z
  .object({
    participantCode: z.string(),
    month: z.string(),
    factor: z.number(),
    historyMonths: z.number(),
    minActiveMonths: z.number(),
    actors: z.array(UnusualVolumeSchema),
  })
  .meta({ id: 'CustodyUnusualVolumes' });
export type Unusual = z.infer<typeof UnusualSchema>;

const FiguresSchema = z.object({ carats: amount, valueUsd: amount });

export const ProductionFiguresSchema = z
  .object({
    participantCode: z.string(),
    year: z.number(),
    half: z.number(),
    from: IsoDateSchema,
    to: IsoDateSchema,
    carats: amount,
    valueUsd: amount,
    asm: FiguresSchema.meta({ description: 'Artisanal sites' }),
    lsm: FiguresSchema.meta({ description: 'Industrial sites' }),
    bySite: z.array(
      FiguresSchema.extend({ siteId: z.string(), siteName: z.string(), siteLicence: z.string(), depositType: z.enum(DEPOSIT_TYPES), artisanal: z.boolean(), entries: z.number() }),
    ),
    byDepositType: z.array(FiguresSchema.extend({ depositType: z.enum(DEPOSIT_TYPES) })),
    /** The return in force for the half-year, if any. */
    returnOnRecord: ProductionReturnSchema.nullable(),
    /** Ledger minus return, when there is a return (parts only where the return has them). */
    difference: z
      .object({ carats: amount, valueUsd: amount, asm: FiguresSchema.nullable(), lsm: FiguresSchema.nullable() })
      .nullable(),
    /** The ledger's figures shaped as the half-year production return (POST /api/participants/:code/production). */
    draft: ProductionReturnDraftSchema,
  })
  .meta({ id: 'CustodyProductionFigures' });
export type ProductionFigures = z.infer<typeof ProductionFiguresSchema>;
