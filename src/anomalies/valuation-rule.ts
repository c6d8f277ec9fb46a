import type { AnomalyThresholds } from '../config.ts';
import { pricePerCaratCents } from '../domain/amounts.ts';
import { amountText, type CaseCandidate } from './anomaly-case.ts';
import type { ValuedParcels } from './anomaly-repository.ts';
import { MAD_SCALE, median, medianAbsoluteDeviation } from './robust-statistics.ts';

/**
 * Unusual US$ per carat (Lesotho 2007: $723/ct against a world average of $72/ct). Each
 * certificate's parcels of one HS code are one observation x = US$ / carats, grouped by origin
 * (the certificate's origin countries; a mixed origin is its own group), HS code and year of
 * issue. A group with at least `valuationMinCertificates` observations is judged: x is an
 * outlier, over- or under-valued, when |x − median| / (1.4826 · MAD) > k. A group whose MAD is
 * zero (more than half the prices identical) has no spread to judge against and is skipped.
 * One case per exporting participant and year lists its outlying certificates.
 * Median, MAD and score are floating point (rounded in the evidence); prices are exact cents.
 */
export function valuationCases(observations: ValuedParcels[], thresholds: AnomalyThresholds): CaseCandidate[] {
  const groups = new Map<string, ValuedParcels[]>();
  for (const observation of observations) {
    if (observation.carats === 0n) continue;
    const key = `${observation.origin}|${observation.hsCode}|${observation.year}`;
    groups.set(key, [...(groups.get(key) ?? []), observation]);
  }

  const outliers = new Map<string, Record<string, unknown>[]>();
  for (const group of groups.values()) {
    if (group.length < thresholds.valuationMinCertificates) continue;
    const prices = group.map((observation) => Number(observation.valueCents) / Number(observation.carats));
    const centre = median(prices);
    const mad = medianAbsoluteDeviation(prices, centre);
    if (mad === 0) continue;
    group.forEach((observation, index) => {
      const score = (prices[index] - centre) / (MAD_SCALE * mad);
      if (Math.abs(score) <= thresholds.valuationThreshold) return;
      const key = `${observation.exporter}|${observation.year}`;
      outliers.set(key, [
        ...(outliers.get(key) ?? []),
        {
          certificateNumber: observation.number,
          origin: observation.origin,
          hsCode: observation.hsCode,
          carats: amountText(observation.carats),
          valueUsd: amountText(observation.valueCents),
          usdPerCarat: amountText(BigInt(pricePerCaratCents(Number(observation.valueCents), Number(observation.carats)))),
          groupMedianUsdPerCarat: round(centre, 2),
          groupMadUsdPerCarat: round(mad, 2),
          groupSize: group.length,
          score: round(score, 2),
          direction: score > 0 ? 'over' : 'under',
        },
      ]);
    });
  }

  return [...outliers].map(([key, certificates]) => {
    const [participantCode, year] = key.split('|');
    return {
      rule: 'valuation' as const,
      participantCode,
      partnerCode: null,
      period: year,
      evidence: {
        year: Number(year),
        certificates,
        thresholds: { minCertificates: thresholds.valuationMinCertificates, threshold: thresholds.valuationThreshold, madScale: MAD_SCALE },
      },
    };
  });
}

const round = (value: number, decimals: number) => Number(value.toFixed(decimals));
