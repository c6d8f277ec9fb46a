import { formatHundredths, pricePerCaratCents } from '../domain/amounts.ts';

/**
 * Statistical figures as the database sums them: hundredths (centicarats, cents) as bigint, so a
 * sum over millions of certificates stays exact. They become decimal strings only at the edge.
 */
export interface Sums {
  carats: bigint;
  valueCents: bigint;
  certificates: number;
}

export const NO_SUMS: Sums = { carats: 0n, valueCents: 0n, certificates: 0 };

export function addSums(a: Sums, b: Sums): Sums {
  return { carats: a.carats + b.carats, valueCents: a.valueCents + b.valueCents, certificates: a.certificates + b.certificates };
}

/** A sum read from SQL (`sum(...)::text`, null on no rows) as exact hundredths. */
export function hundredthsOf(text: string | null | undefined): bigint {
  return text === null || text === undefined ? 0n : BigInt(text);
}

function safe(units: bigint): number {
  const number = Number(units);
  if (!Number.isSafeInteger(number)) throw new RangeError(`amount beyond exact range: ${units}`);
  return number;
}

/** 123456n → "1234.56" (through the canonical formatter; the guard keeps it exact). */
export function decimal(units: bigint): string {
  return formatHundredths(safe(units));
}

/** US$ per carat rounded half up to the cent, or null when there are no carats to divide by. */
export function usdPerCarat(valueCents: bigint, carats: bigint): string | null {
  if (carats === 0n) return null;
  return formatHundredths(pricePerCaratCents(safe(valueCents), safe(carats)));
}

/** The public shape of one cell of trade: carats, US$, $/ct and the number of certificates. */
export function tradeFigures(sums: Sums) {
  return {
    carats: decimal(sums.carats),
    valueUsd: decimal(sums.valueCents),
    usdPerCarat: usdPerCarat(sums.valueCents, sums.carats),
    certificates: sums.certificates,
  };
}
export type TradeFigures = ReturnType<typeof tradeFigures>;

/** KP trade is reported per quarter; halves and the year are built from the quarters. */
export type Period = `${number}-Q${1 | 2 | 3 | 4}` | `${number}-H${1 | 2}` | `${number}`;

export function periodsOf(year: number): Period[] {
  return [`${year}-Q1`, `${year}-Q2`, `${year}-Q3`, `${year}-Q4`, `${year}-H1`, `${year}-H2`, `${year}`];
}

/** The periods a quarter falls in: the quarter itself, its half-year and the year. */
export function periodsOfQuarter(year: number, quarter: number): Period[] {
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw new RangeError(`not a quarter: ${quarter}`);
  return [`${year}-Q${quarter as 1 | 2 | 3 | 4}`, `${year}-H${quarter <= 2 ? 1 : 2}`, `${year}`];
}

export interface QuarterSums extends Sums {
  quarter: number;
  /** What the row is broken down by (partner, HS code, member state…); '' for totals. */
  key: string;
}

/**
 * Rolls quarterly sums (a handful of rows the database already aggregated) up into quarters,
 * halves and the year, per key. A certificate lies in exactly one quarter, so certificate counts
 * add up like the amounts.
 */
export function rollUp(year: number, rows: QuarterSums[]): Map<Period, Map<string, Sums>> {
  const result = new Map<Period, Map<string, Sums>>(periodsOf(year).map((period) => [period, new Map()]));
  for (const row of rows) {
    for (const period of periodsOfQuarter(year, row.quarter)) {
      const cells = result.get(period)!;
      cells.set(row.key, addSums(cells.get(row.key) ?? NO_SUMS, row));
    }
  }
  return result;
}

/**
 * Flattens a roll-up into table rows: periods in order (Q1–Q4, H1, H2, year), within a period
 * the largest value first, then by key.
 */
export function rowsOf<T>(rolled: Map<Period, Map<string, Sums>>, row: (period: Period, key: string, sums: Sums) => T): T[] {
  const rows: T[] = [];
  for (const [period, cells] of rolled) {
    const ordered = [...cells].sort(([keyA, a], [keyB, b]) => (a.valueCents === b.valueCents ? keyA.localeCompare(keyB) : a.valueCents > b.valueCents ? -1 : 1));
    for (const [key, sums] of ordered) rows.push(row(period, key, sums));
  }
  return rows;
}
