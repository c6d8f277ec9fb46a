import type { Deps } from '../deps.ts';
import { decimal, NO_SUMS, tradeFigures, usdPerCarat } from './figures.ts';
import type { GlobalStatistics, YearSummary } from './schemas.ts';
import { productionByYear, receiptsByYear, tradeByYear, type YearProduction, type YearTrade } from './statistics-repository.ts';

/**
 * The annual global summary and its time series: production from the returns in force, trade
 * from certificates. Any year from 2003 may be asked for; a year without data reads as zero
 * trade and no production reported.
 *
 * @example
 *   const { summary } = await getGlobalStatistics({ year: 2025 }, deps);
 *   summary.exports.valueUsd; // "12345678.90"
 */
export async function getGlobalStatistics({ year }: { year: number }, deps: Deps): Promise<GlobalStatistics> {
  const [production, trade, receipts] = await Promise.all([productionByYear(deps.db), tradeByYear(deps.db), receiptsByYear(deps.db)]);
  const byYear = <T extends { year: number }>(rows: T[]) => new Map(rows.map((row) => [row.year, row]));
  const productionOf = byYear(production);
  const tradeOf = byYear(trade);
  const receiptsOf = byYear(receipts);
  const years = [...new Set([...productionOf.keys(), ...tradeOf.keys()])].sort((a, b) => a - b);
  const summaryOf = (y: number) => yearSummary(y, productionOf.get(y), tradeOf.get(y), receiptsOf.get(y));
  return { year, summary: summaryOf(year), series: years.map(summaryOf) };
}

function yearSummary(year: number, production: YearProduction | undefined, trade: YearTrade | undefined, receipts: YearTrade | undefined): YearSummary {
  // Every certificate is one participant's export and another's import: worldwide the two agree.
  const certificates = tradeFigures(trade ?? NO_SUMS);
  return {
    year,
    production: {
      carats: production ? decimal(production.carats) : null,
      valueUsd: production ? decimal(production.valueCents) : null,
      usdPerCarat: production ? usdPerCarat(production.valueCents, production.carats) : null,
      producingParticipants: production?.producingParticipants ?? 0,
      reportingParticipants: production?.reportingParticipants ?? 0,
    },
    exports: certificates,
    imports: { ...certificates },
    received: { certificates: receipts?.certificates ?? 0, carats: decimal(receipts?.carats ?? 0n) },
  };
}
