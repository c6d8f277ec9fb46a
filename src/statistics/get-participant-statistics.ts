import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { Language } from '../i18n/languages.ts';
import { participantName } from '../participants/country-names.ts';
import { participantExists } from '../participants/participant-repository.ts';
import { decimal, rollUp, rowsOf, tradeFigures, usdPerCarat } from './figures.ts';
import { rankParticipant } from './rank-participants.ts';
import type { ParticipantStatistics } from './schemas.ts';
import { productionOf, RANKING_MEASURES, receiptsByQuarter, tradeByQuarter, type Flow, type HalfProduction } from './statistics-repository.ts';

/**
 * One participant's statistics for a year: production per half and year, exports and imports
 * per quarter, half and year (totals, by partner, by HS code), receipts, and where it ranks.
 * Public: partners are participants, never operators.
 *
 * @example
 *   const stats = await getParticipantStatistics({ code: 'BW', year: 2025, language: 'en' }, deps);
 *   stats.exports.byPartner.find((row) => row.period === '2025' && row.partner === 'AE');
 */
export async function getParticipantStatistics(
  { code, year, language }: { code: string; year: number; language: Language },
  deps: Deps,
): Promise<ParticipantStatistics> {
  if (!(await participantExists(deps.db, code))) throw new AppError('NOT_FOUND');
  const [production, exports, imports, received, rankings] = await Promise.all([
    productionOf(deps.db, { participant: code, year }),
    flowTables(deps, { code, year, flow: 'exports', language }),
    flowTables(deps, { code, year, flow: 'imports', language }),
    receiptsByQuarter(deps.db, { year, participant: code }),
    Promise.all(RANKING_MEASURES.map((measure) => rankParticipant({ code, year, measure }, deps))),
  ]);
  return {
    participant: { code, name: participantName(code, language) },
    year,
    production: productionRows(year, production),
    exports,
    imports: {
      ...imports,
      received: rowsOf(rollUp(year, withTotals(received)), (period, _key, sums) => ({ period, certificates: sums.certificates, carats: decimal(sums.carats) })),
    },
    rankings,
  };
}

/** Totals appear for every period, even an empty one, so quarters line up. */
function withTotals<T extends { key: string }>(rows: T[]) {
  return [...rows, ...[1, 2, 3, 4].map((quarter) => ({ quarter, key: '', carats: 0n, valueCents: 0n, certificates: 0 }))];
}

async function flowTables(deps: Deps, { code, year, flow, language }: { code: string; year: number; flow: Flow; language: Language }) {
  const [totals, byPartner, byHsCode] = await Promise.all([
    tradeByQuarter(deps.db, { year, flow, participant: code, breakdown: 'total' }),
    tradeByQuarter(deps.db, { year, flow, participant: code, breakdown: 'partner' }),
    tradeByQuarter(deps.db, { year, flow, participant: code, breakdown: 'hs_code' }),
  ]);
  return {
    totals: rowsOf(rollUp(year, withTotals(totals)), (period, _key, sums) => ({ period, ...tradeFigures(sums) })),
    byPartner: rowsOf(rollUp(year, byPartner), (period, partner, sums) => ({ period, partner, partnerName: participantName(partner, language), ...tradeFigures(sums) })),
    byHsCode: rowsOf(rollUp(year, byHsCode), (period, hsCode, sums) => ({ period, hsCode, ...tradeFigures(sums) })),
  };
}

function productionRows(year: number, halves: HalfProduction[]): ParticipantStatistics['production'] {
  const rows: ParticipantStatistics['production'] = ([1, 2] as const).map((half) => {
    const inForce = halves.find((row) => row.half === half);
    return {
      period: `${year}-H${half}`,
      reportType: inForce?.reportType ?? null,
      version: inForce?.version ?? null,
      carats: inForce ? decimal(inForce.carats) : null,
      valueUsd: inForce ? decimal(inForce.valueCents) : null,
      usdPerCarat: inForce ? usdPerCarat(inForce.valueCents, inForce.carats) : null,
    };
  });
  const carats = halves.reduce((sum, row) => sum + row.carats, 0n);
  const valueCents = halves.reduce((sum, row) => sum + row.valueCents, 0n);
  rows.push({
    period: `${year}`,
    reportType: halves.length === 0 ? null : halves.some((row) => row.reportType === 'production') ? 'production' : 'no_production',
    version: null,
    carats: halves.length === 0 ? null : decimal(carats),
    valueUsd: halves.length === 0 ? null : decimal(valueCents),
    usdPerCarat: halves.length === 0 ? null : usdPerCarat(valueCents, carats),
  });
  return rows;
}
