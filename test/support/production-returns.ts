import { productionReturns } from '../../src/db/schema.ts';
import { newId } from '../../src/domain/ids.ts';
import { units } from './exact-amounts.ts';
import type { TestContext } from './test-database.ts';

/** A half-year production return as a test writes it: amounts as two-decimal text, no value when the test does not need one. */
export interface TestReturn {
  participant: string;
  year: number;
  half: number;
  version: number;
  reportType: string;
  carats: string;
  valueUsd?: string;
}

/** Writes returns straight to the table (as submitted returns, dated now), bypassing the API's checks. */
export async function insertReturns(ctx: TestContext, rows: readonly TestReturn[]): Promise<void> {
  await ctx.deps.db.insert(productionReturns).values(
    rows.map((row) => ({
      id: newId(),
      participantCode: row.participant,
      year: row.year,
      half: row.half,
      version: row.version,
      reportType: row.reportType,
      carats: Number(units(row.carats)),
      valueCents: row.valueUsd === undefined ? 0 : Number(units(row.valueUsd)),
      source: 'submission',
      submittedAt: new Date(),
    })),
  );
}
