import { and, asc, eq, gte, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { certificates, custodyEntries, internalControls, miningSites, operators } from '../db/schema.ts';
import { formatHundredths } from '../domain/amounts.ts';
import { licenceStateAt, licenceStateOn } from '../domain/licence.ts';
import { stockKeyOf, type LedgerEntry, type StockKey } from './ledger.ts';
import type { CustodyEntryDto, InternalControlsDto, PartyWarning, SiteDto } from './schemas.ts';

export type SiteRow = typeof miningSites.$inferSelect;
export type CustodyEntryRow = typeof custodyEntries.$inferSelect;
type OperatorRow = typeof operators.$inferSelect;

export function toSiteDto(row: SiteRow, today: string, holderName: string | null): SiteDto {
  return {
    id: row.id,
    participantCode: row.participantCode,
    name: row.name,
    licenceNumber: row.licenceNumber,
    holderOperatorId: row.holderOperatorId,
    holderName,
    depositType: row.depositType as SiteDto['depositType'],
    artisanal: row.artisanal,
    region: row.region,
    zoneId: row.zoneId,
    latitude: row.latitude,
    longitude: row.longitude,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    licenceState: licenceStateOn(row, today),
    suspendedAt: row.suspendedAt?.toISOString() ?? null,
    suspensionReason: row.suspensionReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function siteRows(db: Db | Tx, participantCode: string): Promise<SiteRow[]> {
  return db.select().from(miningSites).where(eq(miningSites.participantCode, participantCode)).orderBy(asc(miningSites.name));
}

export async function findSite(db: Db | Tx, id: string): Promise<SiteRow | undefined> {
  const [row] = await db.select().from(miningSites).where(eq(miningSites.id, id));
  return row;
}

export async function operatorNames(db: Db | Tx, participantCode: string): Promise<Map<string, OperatorRow>> {
  const rows = await db.select().from(operators).where(eq(operators.participantCode, participantCode));
  return new Map(rows.map((row) => [row.id, row]));
}

export function asLedgerEntry(row: CustodyEntryRow): LedgerEntry {
  return {
    id: row.id,
    kind: row.kind as LedgerEntry['kind'],
    occurredOn: row.occurredOn,
    siteId: row.siteId,
    fromOperatorId: row.fromOperatorId,
    toOperatorId: row.toOperatorId,
    carats: row.carats,
    supersedes: row.supersedes,
    cancelled: row.cancelled,
  };
}

/**
 * Entries in force (not superseded, not cancellations) of a participant, optionally for some sites
 * only and from a day on.
 */
export async function entriesInForceOf(db: Db | Tx, participantCode: string, siteIds?: string[], fromDay?: string): Promise<CustodyEntryRow[]> {
  if (siteIds && siteIds.length === 0) return [];
  const superseding = sql`exists (select 1 from custody_entries later where later.supersedes = ${custodyEntries.id})`;
  return db
    .select()
    .from(custodyEntries)
    .where(
      and(
        eq(custodyEntries.participantCode, participantCode),
        eq(custodyEntries.cancelled, false),
        sql`not ${superseding}`,
        siteIds ? inArray(custodyEntries.siteId, siteIds) : undefined,
        fromDay ? gte(custodyEntries.occurredOn, fromDay) : undefined,
      ),
    )
    .orderBy(asc(custodyEntries.occurredOn), asc(custodyEntries.recordedAt));
}

/**
 * Each key's stock carried in from before `day`, summed in the database over the entries in force,
 * so the stock check reads only the entries from `day` on whatever the length of a site's history.
 */
export async function openingStocks(db: Db | Tx, participantCode: string, keys: StockKey[], day: string): Promise<Map<string, number>> {
  const openings = new Map<string, number>();
  for (const key of keys) {
    if (openings.has(stockKeyOf(key))) continue;
    const { rows } = (await db.execute(sql`
      select coalesce(sum(case when e.to_operator_id = ${key.operatorId} then e.carats else -e.carats end), 0)::bigint as stock
      from custody_entries e
      where e.participant_code = ${participantCode} and e.site_id = ${key.siteId} and e.occurred_on < ${day}
        and (e.to_operator_id = ${key.operatorId} or e.from_operator_id = ${key.operatorId})
        and not e.cancelled
        and not exists (select 1 from custody_entries later where later.supersedes = e.id)`)) as unknown as { rows: { stock: string | number }[] };
    openings.set(stockKeyOf(key), Number(rows[0]?.stock ?? 0));
  }
  return openings;
}

/** `2026-12` → `2027-01-01`: the first day after a month. */
function firstDayAfter(month: string): string {
  const [year, number] = month.split('-').map(Number);
  return new Date(Date.UTC(year, number, 1)).toISOString().slice(0, 10);
}

/** Every entry of a participant (corrections and the entries they replaced included), oldest first. */
export async function allEntriesOf(
  db: Db | Tx,
  participantCode: string,
  { month, siteId, operatorId }: { month?: string; siteId?: string; operatorId?: string } = {},
): Promise<CustodyEntryRow[]> {
  return db
    .select()
    .from(custodyEntries)
    .where(
      and(
        eq(custodyEntries.participantCode, participantCode),
        month ? and(gte(custodyEntries.occurredOn, `${month}-01`), lt(custodyEntries.occurredOn, firstDayAfter(month))) : undefined,
        siteId ? eq(custodyEntries.siteId, siteId) : undefined,
        operatorId ? or(eq(custodyEntries.fromOperatorId, operatorId), eq(custodyEntries.toOperatorId, operatorId)) : undefined,
      ),
    )
    .orderBy(asc(custodyEntries.occurredOn), asc(custodyEntries.recordedAt));
}

/** Which entry supersedes which: for the entries `of` when given, else for the whole ledger. */
export async function supersededIds(db: Db | Tx, participantCode: string, of?: string[]): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: custodyEntries.id, supersedes: custodyEntries.supersedes })
    .from(custodyEntries)
    .where(and(eq(custodyEntries.participantCode, participantCode), of ? inArray(custodyEntries.supersedes, of) : isNotNull(custodyEntries.supersedes)));
  return new Map(rows.map((row) => [row.supersedes!, row.id]));
}

export async function certificateNumbers(db: Db | Tx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: certificates.id, number: certificates.number }).from(certificates).where(inArray(certificates.id, ids));
  return new Map(rows.map((row) => [row.id, row.number]));
}

/** Licence requirements of the parties to an entry, on the day it happened: what the anomaly engine flags. */
export function partyWarnings(
  entry: Pick<CustodyEntryRow, 'kind' | 'occurredOn' | 'fromOperatorId' | 'toOperatorId'>,
  site: SiteRow,
  byId: Map<string, OperatorRow>,
): PartyWarning[] {
  const warnings: PartyWarning[] = [];
  const check = (party: PartyWarning['party'], operatorId: string | null, types: string[]) => {
    if (!operatorId) return;
    const operator = byId.get(operatorId);
    if (!operator) return;
    const state = licenceStateAt(operator, entry.occurredOn);
    if (state !== 'valid') warnings.push({ party, operatorId, state });
    else if (!operator.licenceTypes.some((type) => types.includes(type))) warnings.push({ party, operatorId, state: 'wrong_licence_type' });
  };
  const siteState = licenceStateAt(site, entry.occurredOn);
  if (entry.kind === 'production' && siteState !== 'valid') warnings.push({ party: 'site', operatorId: null, state: siteState });
  if (entry.kind === 'production') check('producer', entry.toOperatorId, ['miner', 'artisanal_miner', 'cooperative']);
  if (entry.kind === 'sale' || entry.kind === 'transfer') {
    check('seller', entry.fromOperatorId, ['miner', 'artisanal_miner', 'cooperative', 'dealer', 'exporter']);
    check('buyer', entry.toOperatorId, ['dealer', 'exporter']);
  }
  return warnings;
}

export interface EntryContext {
  sites: Map<string, SiteRow>;
  operators: Map<string, OperatorRow>;
  supersededBy: Map<string, string>;
  certificates: Map<string, string>;
}

export async function entryContext(db: Db | Tx, participantCode: string, rows: CustodyEntryRow[]): Promise<EntryContext> {
  const sites = new Map((await siteRows(db, participantCode)).map((row) => [row.id, row]));
  const certificateIds = [...new Set(rows.flatMap((row) => (row.certificateId ? [row.certificateId] : [])))];
  return {
    sites,
    operators: await operatorNames(db, participantCode),
    // A few rows (an entry just recorded) look up only their own successors, not the whole ledger's.
    supersededBy: await supersededIds(db, participantCode, rows.length <= 500 ? rows.map((row) => row.id) : undefined),
    certificates: await certificateNumbers(db, certificateIds),
  };
}

export function toEntryDto(row: CustodyEntryRow, context: EntryContext): CustodyEntryDto {
  const site = context.sites.get(row.siteId)!;
  const supersededBy = context.supersededBy.get(row.id) ?? null;
  return {
    id: row.id,
    participantCode: row.participantCode,
    kind: row.kind as CustodyEntryDto['kind'],
    occurredOn: row.occurredOn,
    siteId: row.siteId,
    siteName: site.name,
    fromOperatorId: row.fromOperatorId,
    fromName: row.fromOperatorId ? (context.operators.get(row.fromOperatorId)?.name ?? null) : null,
    toOperatorId: row.toOperatorId,
    toName: row.toOperatorId ? (context.operators.get(row.toOperatorId)?.name ?? null) : null,
    carats: formatHundredths(row.carats),
    valueUsd: formatHundredths(row.valueCents),
    parcelReference: row.parcelReference,
    warranty: row.warranty,
    certificateId: row.certificateId,
    certificateNumber: row.certificateId ? (context.certificates.get(row.certificateId) ?? null) : null,
    supersedes: row.supersedes,
    supersededBy,
    cancelled: row.cancelled,
    inForce: supersededBy === null && !row.cancelled,
    reason: row.reason,
    note: row.note,
    clientRef: row.clientRef,
    recordedAt: row.recordedAt.toISOString(),
    warnings: row.cancelled ? [] : partyWarnings(row, site, context.operators),
  };
}

export async function internalControlsOf(db: Db | Tx, participantCode: string): Promise<InternalControlsDto> {
  const [row] = await db.select().from(internalControls).where(eq(internalControls.participantCode, participantCode));
  return { participantCode, enabled: row?.enabled ?? false, since: row?.enabled ? row.since : null };
}
