import type { AnomalyThresholds } from '../config.ts';
import type { ProductionReturnRow } from '../production/production-repository.ts';
import { amountText, type CaseCandidate } from './anomaly-case.ts';
import type { CertificateOrigin, ExportsOfProducer } from './anomaly-repository.ts';

/**
 * Implausible origin, for an exporting participant and a year that has ended. An origin is read
 * as its producing participant: the participant of that code, or the one whose territory it is
 * (an EU member state is the EU). Production is the returns in force (highest version) of that
 * year and the year before: diamonds mined late in one year are exported in the next.
 *
 * (a) unproduced origin: a certificate declares an origin whose producing participant has no
 *     return in force with carats above zero for any half of those two years, or an origin that
 *     is no participant's country. Listed certificate by certificate, mixed origins included
 *     (each origin is judged on its own).
 * (b) exports above the origin's production: the carats a participant exported with origin X
 *     (certificates whose every origin is X's producing participant, which is not the exporter)
 *     in the year, against X's production of the two years: flagged when
 *     exports × 10 000 > production × (10 000 + tolerance). At the tolerance is not flagged.
 *     Mixed-origin certificates naming X are reported but not counted: X's share is unknown.
 *     Each exporter is judged alone (summing over exporters would count a parcel again at
 *     every hub it is re-exported from); the producer's own exports are `exports_above_supply`.
 *     An origin with no production at all is (a) and not repeated here.
 *
 * One case per exporting participant and year (`YYYY`) holding both findings.
 */
export function originImplausibleCases(
  input: { origins: CertificateOrigin[]; exportsByProducer: ExportsOfProducer[]; production: ProductionReturnRow[]; beforeYear: number },
  thresholds: AnomalyThresholds,
): CaseCandidate[] {
  const produced = new Map<string, bigint>();
  for (const row of input.production) {
    const key = `${row.participantCode}|${row.year}`;
    produced.set(key, (produced.get(key) ?? 0n) + BigInt(row.carats));
  }
  const productionOf = (participant: string, year: number) => (produced.get(`${participant}|${year - 1}`) ?? 0n) + (produced.get(`${participant}|${year}`) ?? 0n);
  const findings = new Map<string, { unproduced: Map<string, CertificateOrigin[]>; aboveProduction: Record<string, unknown>[] }>();
  const findingsOf = (exporter: string, year: number) => {
    const key = `${exporter}|${year}`;
    if (!findings.has(key)) findings.set(key, { unproduced: new Map(), aboveProduction: [] });
    return findings.get(key)!;
  };

  for (const declared of input.origins) {
    if (declared.year >= input.beforeYear) continue;
    if (declared.producer !== null && productionOf(declared.producer, declared.year) > 0n) continue;
    const { unproduced } = findingsOf(declared.exporter, declared.year);
    unproduced.set(declared.origin, [...(unproduced.get(declared.origin) ?? []), declared]);
  }

  for (const exported of input.exportsByProducer) {
    if (exported.year >= input.beforeYear || exported.certificates === 0) continue;
    const production = productionOf(exported.producer, exported.year);
    if (production === 0n) continue;
    if (exported.carats * 10_000n <= production * BigInt(10_000 + thresholds.originToleranceBasisPoints)) continue;
    findingsOf(exported.exporter, exported.year).aboveProduction.push({
      producingParticipant: exported.producer,
      origins: exported.origins.split('+'),
      exports: { certificates: exported.certificates, carats: amountText(exported.carats) },
      production: {
        carats: amountText(production),
        byYear: Object.fromEntries([exported.year - 1, exported.year].map((year) => [String(year), amountText(produced.get(`${exported.producer}|${year}`) ?? 0n)])),
      },
      excess: amountText(exported.carats - production),
      mixedOrigin: { certificates: exported.mixedCertificates, carats: amountText(exported.mixedCarats) },
    });
  }

  return [...findings].map(([key, found]) => {
    const [participantCode, year] = key.split('|');
    return {
      rule: 'origin_implausible' as const,
      participantCode,
      partnerCode: null,
      period: year,
      evidence: {
        year: Number(year),
        productionYears: [Number(year) - 1, Number(year)],
        unproducedOrigins: [...found.unproduced].map(([origin, certificates]) => ({
          origin,
          producingParticipant: certificates[0].producer,
          certificates: certificates.map((certificate) => ({
            certificateNumber: certificate.number,
            issueDate: certificate.issueDate,
            origins: certificate.origins.split('+'),
            carats: amountText(certificate.carats),
          })),
          carats: amountText(certificates.reduce((sum, certificate) => sum + certificate.carats, 0n)),
        })),
        exportsAboveProduction: found.aboveProduction,
        thresholds: { toleranceBasisPoints: thresholds.originToleranceBasisPoints },
      },
    };
  });
}
