import { z } from 'zod';
import { FIRST_STATISTICS_YEAR, REPORT_TYPES, RETURN_SOURCES } from './production-rules.ts';

const amount = (description: string) => z.string().max(24).meta({ example: '1234.56', description: `${description}, two decimals` });

const PartDraftSchema = z.object({ carats: amount('Carats'), valueUsd: amount('US$') }).strict();

/** A half-year production return as the participant's statistics officer enters it (KPCS Annex III). */
export const ProductionReturnDraftSchema = z
  .object({
    year: z.number().int().min(1900).max(9999),
    half: z.union([z.literal(1), z.literal(2)]),
    reportType: z.enum(REPORT_TYPES),
    carats: amount('Carats produced in the half-year'),
    valueUsd: amount('Value in US$'),
    asm: PartDraftSchema.optional().meta({ description: 'Artisanal and alluvial (small-scale) part' }),
    lsm: PartDraftSchema.optional().meta({ description: 'Industrial / kimberlite (large-scale) part' }),
    note: z.string().trim().min(1).max(2000).optional().meta({ description: 'Required for a correction: why the figures change' }),
  })
  .strict()
  .meta({ id: 'ProductionReturnDraft' });
export type ProductionReturnDraft = z.infer<typeof ProductionReturnDraftSchema>;

const PartSchema = z.object({ carats: z.string(), valueUsd: z.string() });

/** The figure in force for one half-year (the highest version), public. */
export const ProductionReturnSchema = z
  .object({
    participantCode: z.string(),
    year: z.number(),
    half: z.number(),
    version: z.number(),
    reportType: z.enum(REPORT_TYPES),
    carats: z.string(),
    valueUsd: z.string(),
    /** Null when no carats were reported. */
    usdPerCarat: z.string().nullable(),
    asm: PartSchema.nullable(),
    lsm: PartSchema.nullable(),
    source: z.enum(RETURN_SOURCES),
    submittedAt: z.string(),
  })
  .meta({ id: 'ProductionReturn' });
export type ProductionReturn = z.infer<typeof ProductionReturnSchema>;

/** One version of a return with who entered it and why (the participant, Chair, WGS, WGM). */
export const ProductionReturnVersionSchema = ProductionReturnSchema.extend({
  note: z.string().nullable(),
  submittedBy: z.string().nullable(),
  importBatchId: z.string().nullable(),
}).meta({ id: 'ProductionReturnVersion' });
export type ProductionReturnVersion = z.infer<typeof ProductionReturnVersionSchema>;

export const ProductionListSchema = z
  .object({ participantCode: z.string(), returns: z.array(ProductionReturnSchema) })
  .meta({ id: 'ProductionList' });

export const ProductionHistorySchema = z
  .object({ participantCode: z.string(), year: z.number(), half: z.number(), versions: z.array(ProductionReturnVersionSchema) })
  .meta({ id: 'ProductionHistory' });

export const HalfYearQuerySchema = z.object({
  year: z.coerce.number().int().min(FIRST_STATISTICS_YEAR).max(9999),
  half: z.coerce.number().int().min(1).max(2),
});

export const MissingReturnsSchema = z
  .object({
    year: z.number(),
    half: z.number(),
    deadline: z.string().meta({ description: 'Last day a return is on time (UNVERIFIED: a setting, PRODUCTION_DEADLINE_DAYS after the half-year ends)' }),
    deadlinePassed: z.boolean(),
    /** Participants in good standing during the half-year without a return by the deadline; empty until the deadline has passed. */
    missing: z.array(z.object({ participantCode: z.string(), name: z.string(), returnedLateOn: z.string().nullable() })),
  })
  .meta({ id: 'MissingProductionReturns' });
export type MissingReturns = z.infer<typeof MissingReturnsSchema>;

export const StatisticsImportRequestSchema = z
  .object({
    fileName: z.string().trim().min(1).max(255).regex(/\.(csv|xlsx)$/i, 'ends in .csv or .xlsx'),
    /** CSV text as it is. */
    csv: z.string().optional(),
    /** An XLSX workbook, base64. */
    xlsxBase64: z.string().optional(),
    dryRun: z.boolean().default(false),
  })
  .strict()
  .refine((body) => (body.csv === undefined) !== (body.xlsxBase64 === undefined), { message: 'give exactly one of csv and xlsxBase64' })
  .meta({ id: 'StatisticsImportRequest' });

export const IMPORT_ROW_PROBLEMS = [
  'missing_column',
  'unknown_participant',
  'bad_year',
  'bad_half',
  'future_half_year',
  'bad_report_type',
  'bad_production_type',
  'not_a_number',
  'negative',
  'too_precise',
  'too_large',
  'no_production_not_zero',
  'conflicting_duplicate',
] as const;
export type ImportRowProblem = (typeof IMPORT_ROW_PROBLEMS)[number];

export const ImportRowErrorSchema = z.object({
  line: z.number().meta({ description: '1-based line of the file (the header is line 1; for XLSX, the sheet row)' }),
  reason: z.enum(IMPORT_ROW_PROBLEMS),
  column: z.string().nullable(),
  value: z.string().nullable(),
  /** For a conflicting duplicate: the line it conflicts with. */
  otherLine: z.number().optional(),
});
export type ImportRowError = z.infer<typeof ImportRowErrorSchema>;

export const StatisticsImportSummarySchema = z
  .object({
    importId: z.string().nullable().meta({ description: 'Null on a dry run or when nothing new was stored' }),
    fileName: z.string(),
    sha256: z.string(),
    dryRun: z.boolean(),
    rows: z.number(),
    /** Half-year returns the rows make up (LSM and ASM rows of one half-year are one return). */
    returns: z.number(),
    /** Returns stored (or, on a dry run, that would be stored): new half-years and changed figures. */
    stored: z.number(),
    /** Of those, corrections of a figure already in force. */
    corrections: z.number(),
    /** Returns equal to the figure in force, left alone. */
    skipped: z.number(),
    /** Rows that repeat another row exactly and were counted once. */
    identicalDuplicates: z.number(),
    /**
     * Lines with nil returns of former Participants the register keeps only as territories of
     * another (Croatia, Romania, Slovenia before joining the EU): not stored, nothing to add up.
     */
    formerParticipantNilRows: z.array(z.number()),
    years: z.object({ from: z.number(), to: z.number() }).nullable(),
    participants: z.number(),
  })
  .meta({ id: 'StatisticsImportSummary' });
export type StatisticsImportSummary = z.infer<typeof StatisticsImportSummarySchema>;
