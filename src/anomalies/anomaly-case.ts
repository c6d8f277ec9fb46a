/**
 * What the anomaly engine raises: a case for one participant (and partner, for mirror
 * statistics) and one period, with the figures behind it. Cases are never public.
 */
export const ANOMALY_RULES = [
  'mirror',
  'exports_above_supply',
  'valuation',
  'unconfirmed',
  'period_swing',
  'origin_implausible',
  'footprint_inconsistent',
  // Internal controls (issue #9): the custody ledger.
  'custody_unlicensed_party',
  'custody_negative_stock',
  'custody_site_above_history',
] as const;
export type AnomalyRule = (typeof ANOMALY_RULES)[number];

export const ANOMALY_CASE_STATUSES = ['open', 'answered', 'closed_explained', 'escalated'] as const;
export type AnomalyCaseStatus = (typeof ANOMALY_CASE_STATUSES)[number];

export const ANOMALY_EVENT_KINDS = ['created', 'answered', 'commented', 'closed', 'escalated'] as const;
export type AnomalyEventKind = (typeof ANOMALY_EVENT_KINDS)[number];

/** A case a rule would raise; the engine stores it unless its fingerprint is already there. */
export interface CaseCandidate {
  rule: AnomalyRule;
  participantCode: string;
  partnerCode: string | null;
  /** '2025', '2025-H1', '2025-Q3' or '2025-07'. */
  period: string;
  /** What within the period the case is about, when a rule raises several (a ledger entry, a site). */
  subject?: string;
  evidence: Record<string, unknown>;
}

/** One case per rule, participant, partner, period (and subject): the key that makes re-running harmless. */
export function fingerprintOf(candidate: Pick<CaseCandidate, 'rule' | 'participantCode' | 'partnerCode' | 'period' | 'subject'>): string {
  const key = [candidate.rule, candidate.participantCode, candidate.partnerCode ?? '', candidate.period];
  return (candidate.subject ? [...key, candidate.subject] : key).join('|');
}

/** |difference| strictly beyond `basisPoints` of `base` (exact: integers only). At the threshold is not beyond. */
export function beyondShare(difference: bigint, base: bigint, basisPoints: number): boolean {
  const magnitude = difference < 0n ? -difference : difference;
  return magnitude * 10_000n > base * BigInt(basisPoints);
}

/**
 * `numerator / denominator` as a percentage with two decimals, rounded half away from zero
 * (exact: integers only; `denominator` > 0). percentText(-1n, 3n) = "-33.33".
 */
export function percentText(numerator: bigint, denominator: bigint): string {
  const magnitude = numerator < 0n ? -numerator : numerator;
  const basisPoints = (2n * magnitude * 10_000n + denominator) / (2n * denominator);
  return amountText(numerator < 0n ? -basisPoints : basisPoints);
}

/** Hundredths as the canonical two-decimal text ("-12.05" for negatives). */
export function amountText(units: bigint): string {
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  return `${negative ? '-' : ''}${magnitude / 100n}.${(magnitude % 100n).toString().padStart(2, '0')}`;
}
