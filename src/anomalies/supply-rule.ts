import type { AnomalyThresholds } from '../config.ts';
import type { ProductionReturnRow } from '../production/production-repository.ts';
import { amountText, type CaseCandidate } from './anomaly-case.ts';
import type { ParticipantYearTrade } from './anomaly-repository.ts';

/**
 * Exports above supply (the Congo 2004 check): for a participant and a year that has ended,
 * exports (carats on the certificates it issued) against production in force (both half-year
 * returns, highest version; a `no_production` return or a missing one counts zero) plus imports
 * (carats on the certificates destined to it, received or not). Flagged when
 * exports × 10 000 > (production + imports) × (10 000 + tolerance in basis points): exactly at
 * the tolerance is not flagged.
 */
export function exportsAboveSupplyCases(
  input: { exports: ParticipantYearTrade[]; imports: ParticipantYearTrade[]; production: ProductionReturnRow[]; beforeYear: number },
  thresholds: AnomalyThresholds,
): CaseCandidate[] {
  const key = (participant: string, year: number) => `${participant}|${year}`;
  const imports = new Map(input.imports.map((row) => [key(row.participant, row.year), row]));
  const production = new Map<string, ProductionReturnRow[]>();
  for (const row of input.production) production.set(key(row.participantCode, row.year), [...(production.get(key(row.participantCode, row.year)) ?? []), row]);

  const cases: CaseCandidate[] = [];
  for (const exported of input.exports) {
    if (exported.year >= input.beforeYear) continue;
    const halves = production.get(key(exported.participant, exported.year)) ?? [];
    const produced = halves.reduce((sum, row) => sum + BigInt(row.carats), 0n);
    const imported = imports.get(key(exported.participant, exported.year));
    const importedCarats = imported?.carats ?? 0n;
    const supply = produced + importedCarats;
    if (exported.carats * 10_000n <= supply * BigInt(10_000 + thresholds.supplyToleranceBasisPoints)) continue;
    cases.push({
      rule: 'exports_above_supply',
      participantCode: exported.participant,
      partnerCode: null,
      period: String(exported.year),
      evidence: {
        year: exported.year,
        exports: { certificates: exported.certificates, carats: amountText(exported.carats) },
        production: {
          carats: amountText(produced),
          returns: halves.map((row) => ({ half: row.half, version: row.version, reportType: row.reportType, carats: amountText(BigInt(row.carats)) })),
          missingHalves: [1, 2].filter((half) => !halves.some((row) => row.half === half)),
        },
        imports: { certificates: imported?.certificates ?? 0, carats: amountText(importedCarats) },
        supply: amountText(supply),
        excess: amountText(exported.carats - supply),
        thresholds: { toleranceBasisPoints: thresholds.supplyToleranceBasisPoints },
      },
    });
  }
  return cases;
}
