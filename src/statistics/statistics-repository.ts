import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { hundredthsOf, type QuarterSums, type Sums } from './figures.ts';

/**
 * Every statistic is an aggregate computed by the database over exact integers (`sum(bigint)` is
 * `numeric`, read back as text): JavaScript never walks certificates. Voided and replaced
 * certificates never count; a replacement counts as the certificate it is.
 *
 * Trade and receipts are read from totals per quarter (`trade_totals`, `trade_totals_by_hs_code`,
 * `receipt_totals`) that database triggers keep in step with every certificate, parcel and receipt
 * written (migration 0007): a year's figures sum a few thousand rows, whatever the number of
 * certificates, and equal the sums over the certificates themselves.
 *
 * Dating: exports and imports are both dated by the certificate's issue date (the one date both
 * sides share, so one participant's exports mirror its partners' imports); confirmations of
 * receipt are dated by the day the importing authority received the shipment.
 */

export type Flow = 'exports' | 'imports';
export type Breakdown = 'total' | 'partner' | 'hs_code' | 'member_state' | 'member_state_partner';

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

interface RawSums {
  carats: string | null;
  value_cents: string | null;
  certificates: number;
}

function sumsOf(row: RawSums): Sums {
  return { carats: hundredthsOf(row.carats), valueCents: hundredthsOf(row.value_cents), certificates: Number(row.certificates) };
}

/**
 * Trade of one year by quarter and breakdown key. `participant` limits to one participant's
 * exports (it issued) or imports (it is the destination); without it, all trade.
 */
export async function tradeByQuarter(
  db: Db,
  { year, flow, participant, breakdown }: { year: number; flow: Flow; participant?: string; breakdown: Breakdown },
): Promise<QuarterSums[]> {
  const conditions: SQL[] = [sql`t.year = ${year}`];
  if (participant) conditions.push(flow === 'exports' ? sql`t.participant_code = ${participant}` : sql`t.importing_participant = ${participant}`);
  const partner = flow === 'exports' ? sql.raw('t.importing_participant') : sql.raw('t.participant_code');
  // Totals by HS code already count a certificate with two parcels of one code once.
  const totals = sql.raw(breakdown === 'hs_code' ? 'trade_totals_by_hs_code' : 'trade_totals');
  const key =
    breakdown === 'hs_code'
      ? sql.raw('t.hs_code')
      : breakdown === 'partner'
        ? partner
        : breakdown === 'member_state'
          ? sql.raw('t.territory_code')
          : breakdown === 'member_state_partner'
            ? sql`t.territory_code || ':' || ${partner}`
            : sql.raw(`''`);
  const rows = rowsOf<RawSums & { quarter: number; key: string }>(
    await db.execute(sql`select t.quarter, ${key} as key, sum(t.carats)::text as carats, sum(t.value_cents)::text as value_cents, sum(t.certificates)::int as certificates
      from ${totals} t where ${sql.join(conditions, sql` and `)} group by 1, 2`),
  );
  return rows.map((row) => ({ quarter: Number(row.quarter), key: row.key, ...sumsOf(row) }));
}

/** Confirmations of receipt by quarter of the receipt date (carats as weighed on arrival). */
export async function receiptsByQuarter(db: Db, { year, participant }: { year: number; participant?: string }): Promise<QuarterSums[]> {
  const conditions: SQL[] = [sql`r.year = ${year}`];
  if (participant) conditions.push(sql`r.participant_code = ${participant}`);
  const rows = rowsOf<RawSums & { quarter: number }>(
    await db.execute(sql`select r.quarter, sum(r.carats)::text as carats, 0::text as value_cents, sum(r.certificates)::int as certificates
      from receipt_totals r where ${sql.join(conditions, sql` and `)} group by 1`),
  );
  return rows.map((row) => ({ quarter: Number(row.quarter), key: '', ...sumsOf(row) }));
}

export interface YearTrade extends Sums {
  year: number;
}

/** All trade per calendar year of issue: the time series. */
export async function tradeByYear(db: Db): Promise<YearTrade[]> {
  const rows = rowsOf<RawSums & { year: number }>(
    await db.execute(sql`select t.year, sum(t.carats)::text as carats, sum(t.value_cents)::text as value_cents, sum(t.certificates)::int as certificates
      from trade_totals t group by 1 order by 1`),
  );
  return rows.map((row) => ({ year: Number(row.year), ...sumsOf(row) }));
}

/** Confirmations of receipt per calendar year of receipt. */
export async function receiptsByYear(db: Db): Promise<YearTrade[]> {
  const rows = rowsOf<RawSums & { year: number }>(
    await db.execute(sql`select r.year, sum(r.carats)::text as carats, 0::text as value_cents, sum(r.certificates)::int as certificates
      from receipt_totals r group by 1 order by 1`),
  );
  return rows.map((row) => ({ year: Number(row.year), ...sumsOf(row) }));
}

/**
 * The production return in force for each (participant, year, half): the highest version.
 * A `no_production` return is a reported zero.
 */
const IN_FORCE = sql.raw(`select distinct on (participant_code, year, half) participant_code, year, half, version, report_type, carats, value_cents
  from production_returns order by participant_code, year, half, version desc`);

export interface YearProduction {
  year: number;
  carats: bigint;
  valueCents: bigint;
  /** Participants with a return in force for the year (either half), production or not. */
  reportingParticipants: number;
  /** Participants whose returns in force for the year add up to more than zero carats. */
  producingParticipants: number;
}

export async function productionByYear(db: Db): Promise<YearProduction[]> {
  const rows = rowsOf<{ year: number; carats: string; value_cents: string; reporting: number; producing: number }>(
    await db.execute(sql`with in_force as (${IN_FORCE}),
      per_participant as (select participant_code, year, sum(carats) as carats, sum(value_cents) as value_cents from in_force group by 1, 2)
      select year, sum(carats)::text as carats, sum(value_cents)::text as value_cents, count(*)::int as reporting, (count(*) filter (where carats > 0))::int as producing
      from per_participant group by year order by year`),
  );
  return rows.map((row) => ({
    year: Number(row.year),
    carats: hundredthsOf(row.carats),
    valueCents: hundredthsOf(row.value_cents),
    reportingParticipants: Number(row.reporting),
    producingParticipants: Number(row.producing),
  }));
}

export interface HalfProduction {
  half: 1 | 2;
  version: number;
  reportType: 'production' | 'no_production';
  carats: bigint;
  valueCents: bigint;
}

/** One participant's returns in force for a year (zero, one or two halves). */
export async function productionOf(db: Db, { participant, year }: { participant: string; year: number }): Promise<HalfProduction[]> {
  const rows = rowsOf<{ half: number; version: number; report_type: string; carats: string; value_cents: string }>(
    await db.execute(sql`select distinct on (half) half, version, report_type, carats::text as carats, value_cents::text as value_cents
      from production_returns where participant_code = ${participant} and year = ${year} order by half, version desc`),
  );
  return rows.map((row) => ({
    half: Number(row.half) as 1 | 2,
    version: Number(row.version),
    reportType: row.report_type as HalfProduction['reportType'],
    carats: hundredthsOf(row.carats),
    valueCents: hundredthsOf(row.value_cents),
  }));
}

export const RANKING_MEASURES = ['production_carats', 'production_usd', 'exports_usd', 'imports_usd'] as const;
export type RankingMeasure = (typeof RANKING_MEASURES)[number];

export interface RankedRow {
  rank: number;
  participant: string;
  carats: bigint;
  valueCents: bigint;
  /** Null for production, which is not counted in certificates. */
  certificates: number | null;
}

/**
 * Participants ranked on one measure for a year, largest first. Equal figures share a rank and
 * the next rank is skipped (1, 2, 2, 4). Only participants with a figure are ranked: a return in
 * force for production, at least one certificate for trade.
 */
export async function rankParticipantsOn(db: Db, { year, measure }: { year: number; measure: RankingMeasure }): Promise<RankedRow[]> {
  let figures: SQL;
  if (measure === 'production_carats' || measure === 'production_usd') {
    figures = sql`select participant_code as participant, sum(carats) as carats, sum(value_cents) as value_cents, null::int as certificates
      from (${IN_FORCE}) in_force where year = ${year} group by 1`;
  } else {
    const who = sql.raw(measure === 'exports_usd' ? 't.participant_code' : 't.importing_participant');
    figures = sql`select ${who} as participant, sum(t.carats) as carats, sum(t.value_cents) as value_cents, sum(t.certificates)::int as certificates
      from trade_totals t where t.year = ${year} group by 1`;
  }
  const orderBy = sql.raw(measure === 'production_carats' ? 'carats' : 'value_cents');
  const rows = rowsOf<{ rank: number; participant: string; carats: string; value_cents: string; certificates: number | null }>(
    await db.execute(sql`select rank() over (order by ${orderBy} desc)::int as rank, participant, carats::text as carats, value_cents::text as value_cents, certificates
      from (${figures}) figures order by rank, participant`),
  );
  return rows.map((row) => ({
    rank: Number(row.rank),
    participant: row.participant,
    carats: hundredthsOf(row.carats),
    valueCents: hundredthsOf(row.value_cents),
    certificates: row.certificates === null ? null : Number(row.certificates),
  }));
}
