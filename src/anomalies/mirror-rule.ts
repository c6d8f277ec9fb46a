import type { AnomalyThresholds } from '../config.ts';
import { amountText, beyondShare, type CaseCandidate } from './anomaly-case.ts';
import type { MirrorFlow } from './anomaly-repository.ts';

/**
 * Mirror statistics (KPCS Section V; WGS practice): for each exporter X, importer Y and year of
 * issue, the carats and US$ on the certificates X issued to Y against what Y confirmed receiving
 * (carats weighed on arrival; the certificate's value for the shipments confirmed). A difference
 * in carats or in US$ is flagged when it is strictly beyond both the tolerance (a share of what X
 * certified) and the absolute floor. The case is X's, with Y as partner.
 */
export function mirrorCases(flows: MirrorFlow[], thresholds: AnomalyThresholds): CaseCandidate[] {
  const cases: CaseCandidate[] = [];
  for (const flow of flows) {
    const caratDifference = flow.carats - flow.confirmedCarats;
    const valueDifference = flow.valueCents - flow.confirmedValueCents;
    const caratsFlagged = beyondShare(caratDifference, flow.carats, thresholds.mirrorToleranceBasisPoints) && abs(caratDifference) > BigInt(thresholds.mirrorFloorCarats);
    const valueFlagged = beyondShare(valueDifference, flow.valueCents, thresholds.mirrorToleranceBasisPoints) && abs(valueDifference) > BigInt(thresholds.mirrorFloorCents);
    if (!caratsFlagged && !valueFlagged) continue;
    cases.push({
      rule: 'mirror',
      participantCode: flow.exporter,
      partnerCode: flow.importer,
      period: String(flow.year),
      evidence: {
        year: flow.year,
        certified: { certificates: flow.certificates, carats: amountText(flow.carats), valueUsd: amountText(flow.valueCents) },
        confirmed: { certificates: flow.confirmed, carats: amountText(flow.confirmedCarats), valueUsd: amountText(flow.confirmedValueCents) },
        unconfirmedCertificates: flow.certificates - flow.confirmed,
        difference: { carats: amountText(caratDifference), valueUsd: amountText(valueDifference) },
        flagged: [...(caratsFlagged ? ['carats'] : []), ...(valueFlagged ? ['value'] : [])],
        thresholds: {
          toleranceBasisPoints: thresholds.mirrorToleranceBasisPoints,
          floorCarats: amountText(BigInt(thresholds.mirrorFloorCarats)),
          floorUsd: amountText(BigInt(thresholds.mirrorFloorCents)),
        },
      },
    });
  }
  return cases;
}

const abs = (value: bigint) => (value < 0n ? -value : value);
