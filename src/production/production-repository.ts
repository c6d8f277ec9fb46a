import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { productionReturns, statisticsImports } from '../db/schema.ts';
import { formatHundredths, pricePerCaratCents } from '../domain/amounts.ts';
import type { Figures, ReportType, ReturnSource } from './production-rules.ts';
import type { ProductionReturn, ProductionReturnVersion } from './schemas.ts';

export type ProductionReturnRow = typeof productionReturns.$inferSelect;
type NewProductionReturnRow = typeof productionReturns.$inferInsert;

const part = (carats: number | null, valueCents: number | null) =>
  carats === null || valueCents === null ? null : { carats: formatHundredths(carats), valueUsd: formatHundredths(valueCents) };

export function toProductionReturn(row: ProductionReturnRow): ProductionReturn {
  return {
    participantCode: row.participantCode,
    year: row.year,
    half: row.half,
    version: row.version,
    reportType: row.reportType as ReportType,
    carats: formatHundredths(row.carats),
    valueUsd: formatHundredths(row.valueCents),
    usdPerCarat: row.carats === 0 ? null : formatHundredths(pricePerCaratCents(row.valueCents, row.carats)),
    asm: part(row.asmCarats, row.asmValueCents),
    lsm: part(row.lsmCarats, row.lsmValueCents),
    source: row.source as ReturnSource,
    submittedAt: row.submittedAt.toISOString(),
  };
}

export function toProductionReturnVersion(row: ProductionReturnRow, submittedBy: string | null): ProductionReturnVersion {
  return { ...toProductionReturn(row), note: row.note, submittedBy, importBatchId: row.importBatchId };
}

/** The figures in force: for every (participant, year, half), the row with the highest version. */
export async function figuresInForce(db: Db | Tx, filter: { participantCode?: string; year?: number; half?: number } = {}): Promise<ProductionReturnRow[]> {
  const conditions = [
    sql`${productionReturns.version} = (select max(p2.version) from production_returns p2 where p2.participant_code = ${productionReturns.participantCode} and p2.year = ${productionReturns.year} and p2.half = ${productionReturns.half})`,
  ];
  if (filter.participantCode) conditions.push(eq(productionReturns.participantCode, filter.participantCode));
  if (filter.year !== undefined) conditions.push(eq(productionReturns.year, filter.year));
  if (filter.half !== undefined) conditions.push(eq(productionReturns.half, filter.half));
  return db
    .select()
    .from(productionReturns)
    .where(and(...conditions))
    .orderBy(asc(productionReturns.participantCode), asc(productionReturns.year), asc(productionReturns.half));
}

/** Every version of one half-year's return, oldest first. */
export async function versionsOf(db: Db | Tx, key: { participantCode: string; year: number; half: number }): Promise<ProductionReturnRow[]> {
  return db
    .select()
    .from(productionReturns)
    .where(and(eq(productionReturns.participantCode, key.participantCode), eq(productionReturns.year, key.year), eq(productionReturns.half, key.half)))
    .orderBy(asc(productionReturns.version));
}

/** The figure in force for one half-year, or undefined when none was returned. */
export async function latestReturn(db: Db | Tx, key: { participantCode: string; year: number; half: number }): Promise<ProductionReturnRow | undefined> {
  const [row] = await db
    .select()
    .from(productionReturns)
    .where(and(eq(productionReturns.participantCode, key.participantCode), eq(productionReturns.year, key.year), eq(productionReturns.half, key.half)))
    .orderBy(desc(productionReturns.version))
    .limit(1);
  return row;
}

/** When each participant first returned figures for a half-year (any version, any source). */
export async function firstReturnsFor(db: Db | Tx, year: number, half: number): Promise<Map<string, { submittedAt: Date; source: ReturnSource }>> {
  const rows = await db
    .select({ participantCode: productionReturns.participantCode, submittedAt: productionReturns.submittedAt, source: productionReturns.source })
    .from(productionReturns)
    .where(and(eq(productionReturns.year, year), eq(productionReturns.half, half)))
    .orderBy(asc(productionReturns.version));
  const first = new Map<string, { submittedAt: Date; source: ReturnSource }>();
  for (const row of rows) if (!first.has(row.participantCode)) first.set(row.participantCode, { submittedAt: row.submittedAt, source: row.source as ReturnSource });
  return first;
}

/** A return's figures as stored: the total and the parts, null where a part was not reported. */
export interface ReturnFigures {
  reportType: ReportType;
  total: Figures;
  asm: Figures | null;
  lsm: Figures | null;
}

export function figuresOf(row: ProductionReturnRow): ReturnFigures {
  const figures = (carats: number | null, valueCents: number | null) => (carats === null || valueCents === null ? null : { carats, valueCents });
  return {
    reportType: row.reportType as ReportType,
    total: { carats: row.carats, valueCents: row.valueCents },
    asm: figures(row.asmCarats, row.asmValueCents),
    lsm: figures(row.lsmCarats, row.lsmValueCents),
  };
}

export function sameFigures(a: ReturnFigures, b: ReturnFigures): boolean {
  const eqFigures = (x: Figures | null, y: Figures | null) => (x === null || y === null ? x === y : x.carats === y.carats && x.valueCents === y.valueCents);
  return a.reportType === b.reportType && eqFigures(a.total, b.total) && eqFigures(a.asm, b.asm) && eqFigures(a.lsm, b.lsm);
}

export function returnRow(input: {
  id: string;
  participantCode: string;
  year: number;
  half: number;
  version: number;
  figures: ReturnFigures;
  source: ReturnSource;
  importBatchId?: string | null;
  note?: string | null;
  submittedBy?: string | null;
  submittedAt: Date;
}): NewProductionReturnRow {
  const { figures } = input;
  return {
    id: input.id,
    participantCode: input.participantCode,
    year: input.year,
    half: input.half,
    version: input.version,
    reportType: figures.reportType,
    carats: figures.total.carats,
    valueCents: figures.total.valueCents,
    asmCarats: figures.asm?.carats ?? null,
    asmValueCents: figures.asm?.valueCents ?? null,
    lsmCarats: figures.lsm?.carats ?? null,
    lsmValueCents: figures.lsm?.valueCents ?? null,
    source: input.source,
    importBatchId: input.importBatchId ?? null,
    note: input.note ?? null,
    submittedBy: input.submittedBy ?? null,
    submittedAt: input.submittedAt,
  };
}

const INSERT_BATCH = 500;

/** Inserts returns in batches: a full historic file is some 1 500 rows. */
export async function insertReturns(tx: Tx, rows: NewProductionReturnRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_BATCH) {
    await tx.insert(productionReturns).values(rows.slice(start, start + INSERT_BATCH));
  }
}

export async function insertStatisticsImport(tx: Tx, row: typeof statisticsImports.$inferInsert): Promise<void> {
  await tx.insert(statisticsImports).values(row);
}

/** True when a file with this digest was imported before (used to keep the demo import to the first start). */
export async function importedBefore(db: Db | Tx, sha256: string): Promise<boolean> {
  const [row] = await db.select({ id: statisticsImports.id }).from(statisticsImports).where(eq(statisticsImports.sha256, sha256)).limit(1);
  return row !== undefined;
}
