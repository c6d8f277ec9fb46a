import type { AnomalyThresholds } from '../config.ts';
import type { ProductionReturnRow } from '../production/production-repository.ts';
import { amountText, beyondShare, percentText, type CaseCandidate } from './anomaly-case.ts';
import type { ParticipantHalfTrade } from './anomaly-repository.ts';

/** The figures compared, in the order a case lists them. */
export const SWING_MEASURES = ['production_carats', 'production_usd_per_carat', 'exports_carats', 'exports_usd_per_carat', 'imports_carats'] as const;
export type SwingMeasure = (typeof SWING_MEASURES)[number];

/** One half-year's figure of a participant: a production return in force, or the certificates of the half. */
interface HalfFigure {
  carats: bigint;
  valueCents: bigint;
  certificates?: number;
  version?: number;
  reportType?: string;
}

/** Half-years as consecutive integers: 2025-H1 → 4050, 2025-H2 → 4051. */
const halfIndex = (year: number, half: number) => year * 2 + (half - 1);
const periodOf = (index: number) => `${Math.floor(index / 2)}-H${(index % 2) + 1}`;
const abs = (value: bigint) => (value < 0n ? -value : value);

/**
 * Period swing (the Data Anomaly Questionnaire: "compared with the previous period"): for a
 * participant, a half-year figure against the one of the half before it. Only completed halves
 * are compared (the later half ends before the run date's half). Measures:
 *
 * - production carats: the returns in force (highest version; `no_production` is zero). A pair is
 *   compared only when both halves have a return: a missing return is not a swing.
 * - exports and imports carats: counted certificates by half of issue. A half without
 *   certificates is zero, from the half of the register's first counted certificate on (before
 *   it the register holds no trade, so nothing is compared).
 * - production and exports US$/ct: compared only when both halves have carats above the floor and
 *   a value above zero (a price over a handful of carats is noise).
 *
 * A carat measure is flagged when |change| > floor and |change| × 10 000 > previous × threshold;
 * from zero (previous 0, current above the floor) it is always flagged and its change in % is
 * null. A US$/ct measure is flagged when the price changes by more than the threshold (exactly,
 * over the cross-multiplied fractions). At the threshold is not beyond it. One case per
 * participant and later half (`YYYY-H1` / `YYYY-H2`), listing every measure that swung.
 */
export function periodSwingCases(
  input: {
    production: ProductionReturnRow[];
    exports: ParticipantHalfTrade[];
    imports: ParticipantHalfTrade[];
    /** The half of the register's first counted certificate, or null when it holds none. */
    firstTrade: { year: number; half: 1 | 2 } | null;
    before: { year: number; half: 1 | 2 };
  },
  thresholds: AnomalyThresholds,
): CaseCandidate[] {
  const before = halfIndex(input.before.year, input.before.half);
  const floor = BigInt(thresholds.swingFloorCarats);
  const swings = new Map<string, Record<string, unknown>[]>();
  const flag = (participant: string, index: number, swing: Record<string, unknown>) => {
    const key = `${participant}|${index}`;
    swings.set(key, [...(swings.get(key) ?? []), swing]);
  };

  const production = byParticipant(input.production.map((row) => ({ participant: row.participantCode, index: halfIndex(row.year, row.half), figure: { carats: BigInt(row.carats), valueCents: BigInt(row.valueCents), version: row.version, reportType: row.reportType } })));
  for (const [participant, halves] of production) {
    for (const [index, current] of halves) {
      const previous = halves.get(index - 1);
      if (index >= before || !previous) continue;
      const carats = caratSwing(previous, current, floor, thresholds.swingThresholdBasisPoints);
      if (carats) flag(participant, index, { measure: 'production_carats', ...describe(index, previous, current), ...carats });
      const price = priceSwing(previous, current, floor, thresholds.swingThresholdBasisPoints);
      if (price) flag(participant, index, { measure: 'production_usd_per_carat', ...describe(index, previous, current), ...price });
    }
  }

  const start = input.firstTrade ? halfIndex(input.firstTrade.year, input.firstTrade.half) : before;
  for (const [flow, rows] of [['exports', input.exports], ['imports', input.imports]] as const) {
    const byHalf = byParticipant(rows.map((row) => ({ participant: row.participant, index: halfIndex(row.year, row.half), figure: { carats: row.carats, valueCents: row.valueCents, certificates: row.certificates } })));
    for (const [participant, halves] of byHalf) {
      for (let index = start + 1; index < before; index++) {
        const previous = halves.get(index - 1) ?? NO_TRADE;
        const current = halves.get(index) ?? NO_TRADE;
        const carats = caratSwing(previous, current, floor, thresholds.swingThresholdBasisPoints);
        if (carats) flag(participant, index, { measure: `${flow}_carats`, ...describe(index, previous, current), ...carats });
        if (flow === 'imports') continue;
        const price = priceSwing(previous, current, floor, thresholds.swingThresholdBasisPoints);
        if (price) flag(participant, index, { measure: 'exports_usd_per_carat', ...describe(index, previous, current), ...price });
      }
    }
  }

  return [...swings].map(([key, list]) => {
    const [participantCode, index] = key.split('|');
    return {
      rule: 'period_swing' as const,
      participantCode,
      partnerCode: null,
      period: periodOf(Number(index)),
      evidence: {
        period: periodOf(Number(index)),
        previousPeriod: periodOf(Number(index) - 1),
        swings: list.sort((a, b) => SWING_MEASURES.indexOf(a.measure as SwingMeasure) - SWING_MEASURES.indexOf(b.measure as SwingMeasure)),
        thresholds: { swingBasisPoints: thresholds.swingThresholdBasisPoints, floorCarats: amountText(floor) },
      },
    };
  });
}

const NO_TRADE: HalfFigure = { carats: 0n, valueCents: 0n, certificates: 0 };

function byParticipant(rows: { participant: string; index: number; figure: HalfFigure }[]): Map<string, Map<number, HalfFigure>> {
  const map = new Map<string, Map<number, HalfFigure>>();
  for (const row of rows) {
    if (!map.has(row.participant)) map.set(row.participant, new Map());
    map.get(row.participant)!.set(row.index, row.figure);
  }
  return map;
}

function caratSwing(previous: HalfFigure, current: HalfFigure, floor: bigint, basisPoints: number) {
  const change = current.carats - previous.carats;
  if (abs(change) <= floor) return null;
  if (previous.carats !== 0n && !beyondShare(change, previous.carats, basisPoints)) return null;
  return { change: amountText(change), changePercent: previous.carats === 0n ? null : percentText(change, previous.carats) };
}

/** (v₂/c₂ − v₁/c₁) / (v₁/c₁) = (v₂·c₁ − v₁·c₂) / (v₁·c₂): exact over integers. */
function priceSwing(previous: HalfFigure, current: HalfFigure, floor: bigint, basisPoints: number) {
  if (previous.carats <= floor || current.carats <= floor || previous.valueCents === 0n || current.valueCents === 0n) return null;
  const numerator = current.valueCents * previous.carats - previous.valueCents * current.carats;
  const denominator = previous.valueCents * current.carats;
  if (!beyondShare(numerator, denominator, basisPoints)) return null;
  return { change: amountText(priceOf(current) - priceOf(previous)), changePercent: percentText(numerator, denominator) };
}

/** US$ per carat in cents, rounded half up (as `pricePerCaratCents`, without leaving bigint). */
const priceOf = (figure: HalfFigure) => (2n * figure.valueCents * 100n + figure.carats) / (2n * figure.carats);

function describe(index: number, previous: HalfFigure, current: HalfFigure) {
  const text = (period: string, figure: HalfFigure) => ({
    period,
    ...(figure.reportType !== undefined && { reportType: figure.reportType, version: figure.version }),
    ...(figure.certificates !== undefined && { certificates: figure.certificates }),
    carats: amountText(figure.carats),
    valueUsd: amountText(figure.valueCents),
    usdPerCarat: figure.carats === 0n ? null : amountText(priceOf(figure)),
  });
  return { previous: text(periodOf(index - 1), previous), current: text(periodOf(index), current) };
}
