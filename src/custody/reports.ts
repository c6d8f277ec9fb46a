import { eq } from 'drizzle-orm';
import { amountText } from '../anomalies/anomaly-case.ts';
import type { Db, Tx } from '../db/database.ts';
import { custodyEntries, operators } from '../db/schema.ts';
import { halfYearEnd, halfYearStart, type Half } from '../production/production-rules.ts';
import { latestReturn, toProductionReturn, type ProductionReturnRow } from '../production/production-repository.ts';
import { certificateNumbers, entriesInForceOf, operatorNames, siteRows, type CustodyEntryRow, type SiteRow } from './custody-repository.ts';
import type { CustodyKind } from './ledger.ts';
import type {
  ActorRegister,
  ExpiringLicence,
  MonthlyRegister,
  ProductionFigures,
  ReconciliationLine,
  RegisterLine,
  StockMovement,
  UnusualVolume,
} from './report-schemas.ts';

type OperatorRow = typeof operators.$inferSelect;

/** Months of history an actor's volume is compared with, and how many of them must have activity. */
export const UNUSUAL_HISTORY_MONTHS = 6;
export const UNUSUAL_MIN_ACTIVE_MONTHS = 3;

/** Hundredths as exact two-decimal text, negatives included ("-12.05"). */
export const text = (units: number): string => amountText(BigInt(units));

/** First and last day of a month `YYYY-MM`. */
export function monthRange(month: string): { from: string; to: string } {
  const [year, number] = month.split('-').map(Number);
  const last = new Date(Date.UTC(year, number, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** `YYYY-MM` moved by `count` months (negative: back). */
export function addMonths(month: string, count: number): string {
  const [year, number] = month.split('-').map(Number);
  const moved = new Date(Date.UTC(year, number - 1 + count, 1));
  return moved.toISOString().slice(0, 7);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Everything the reports read about one participant's ledger, rows mapped by id. */
export interface LedgerSnapshot {
  /** Entries in force (not superseded, not cancelled), oldest first. */
  entries: CustodyEntryRow[];
  /** Corrections and cancellations (entries that supersede another), with the entry each replaced. */
  corrections: { row: CustodyEntryRow; replaced: CustodyEntryRow | null }[];
  operators: Map<string, OperatorRow>;
  sites: Map<string, SiteRow>;
  certificates: Map<string, string>;
}

export async function ledgerSnapshot(db: Db | Tx, participantCode: string): Promise<LedgerSnapshot> {
  const entries = await entriesInForceOf(db, participantCode);
  const all = await db.select().from(custodyEntries).where(eq(custodyEntries.participantCode, participantCode));
  const byId = new Map(all.map((row) => [row.id, row]));
  const corrections = all.filter((row) => row.supersedes !== null).map((row) => ({ row, replaced: byId.get(row.supersedes!) ?? null }));
  const certificateIds = [...new Set(entries.flatMap((row) => (row.certificateId ? [row.certificateId] : [])))];
  return {
    entries,
    corrections,
    operators: await operatorNames(db, participantCode),
    sites: new Map((await siteRows(db, participantCode)).map((row) => [row.id, row])),
    certificates: await certificateNumbers(db, certificateIds),
  };
}

interface Movements {
  opening: number;
  in: number;
  out: number;
  /** Every movement up to the month's end, summed on its own (the reconciliation compares it). */
  closing: number;
  negativeOn: string | null;
}

/** Each actor's stock of each origin over a month, from the entries in force. Key: `operatorId|siteId`. */
function movementsOver(entries: readonly CustodyEntryRow[], { from, to }: { from: string; to: string }): Map<string, Movements & { operatorId: string; siteId: string }> {
  const result = new Map<string, Movements & { operatorId: string; siteId: string }>();
  const byKey = new Map<string, { on: string; delta: number }[]>();
  const add = (operatorId: string | null, siteId: string, on: string, delta: number) => {
    if (!operatorId || on > to) return;
    const key = `${operatorId}|${siteId}`;
    const line = result.get(key) ?? { operatorId, siteId, opening: 0, in: 0, out: 0, closing: 0, negativeOn: null };
    if (on < from) line.opening += delta;
    else if (delta > 0) line.in += delta;
    else line.out -= delta;
    line.closing += delta;
    result.set(key, line);
    byKey.set(key, [...(byKey.get(key) ?? []), { on, delta }]);
  };
  for (const entry of entries) {
    add(entry.toOperatorId, entry.siteId, entry.occurredOn, entry.carats);
    add(entry.fromOperatorId, entry.siteId, entry.occurredOn, -entry.carats);
  }
  // The running stock within the month, incoming before outgoing on one day (as the ledger checks it).
  for (const [key, line] of result) {
    const moves = byKey.get(key)!.sort((a, b) => (a.on === b.on ? b.delta - a.delta : a.on < b.on ? -1 : 1));
    // a stock already below zero when the month opens is below zero on its first day
    if (line.opening < 0) line.negativeOn = from;
    let running = 0;
    for (const move of moves) {
      running += move.delta;
      if (line.negativeOn === null && move.on >= from && running < 0) line.negativeOn = move.on;
    }
  }
  return result;
}

const actorOf = (operators: LedgerSnapshot['operators'], id: string) => ({
  operatorId: id,
  operatorName: operators.get(id)?.name ?? id,
  licenceNumber: operators.get(id)?.licenceNumber ?? '',
});

const siteOf = (sites: LedgerSnapshot['sites'], id: string) => ({ siteId: id, siteName: sites.get(id)?.name ?? id, siteLicence: sites.get(id)?.licenceNumber ?? '' });

function stockMovement(sites: LedgerSnapshot['sites'], line: Movements & { siteId: string }): StockMovement {
  return { ...siteOf(sites, line.siteId), opening: text(line.opening), in: text(line.in), out: text(line.out), closing: text(line.opening + line.in - line.out) };
}

const byName = <T extends { operatorName: string; licenceNumber: string }>(a: T, b: T) => a.operatorName.localeCompare(b.operatorName) || a.licenceNumber.localeCompare(b.licenceNumber);

/**
 * The monthly register the national regulations ask of each actor (Zimbabwe: date, parties,
 * certificate, nature and mass, US$ value; UAE: trade and stock): every entry in force of the
 * month the actor is a party to, and its stock per origin at the start and the end of the month.
 * Only actors with an entry in the month appear.
 *
 * @example
 * monthlyRegister(snapshot, { participantCode: 'BW', month: '2026-05' }).actors[0].stocks[0].closing; // '120.00'
 */
export function monthlyRegister(snapshot: LedgerSnapshot, { participantCode, month, operatorId }: { participantCode: string; month: string; operatorId?: string }): MonthlyRegister {
  const range = monthRange(month);
  const inMonth = snapshot.entries.filter((entry) => entry.occurredOn >= range.from && entry.occurredOn <= range.to);
  const movements = movementsOver(snapshot.entries, range);
  const actors = new Map<string, ActorRegister>();
  const lineFor = (entry: CustodyEntryRow, direction: 'in' | 'out'): RegisterLine => {
    const counterpartyId = direction === 'in' ? entry.fromOperatorId : entry.toOperatorId;
    const counterparty = counterpartyId ? snapshot.operators.get(counterpartyId) : undefined;
    return {
      entryId: entry.id,
      occurredOn: entry.occurredOn,
      kind: entry.kind as CustodyKind,
      direction,
      counterpartyId,
      counterpartyName: counterparty?.name ?? null,
      counterpartyLicence: counterparty?.licenceNumber ?? null,
      ...siteOf(snapshot.sites, entry.siteId),
      carats: text(entry.carats),
      valueUsd: text(entry.valueCents),
      parcelReference: entry.parcelReference,
      certificateNumber: entry.certificateId ? (snapshot.certificates.get(entry.certificateId) ?? null) : null,
      warranty: entry.warranty,
    };
  };
  for (const entry of inMonth) {
    for (const [id, direction] of [
      [entry.toOperatorId, 'in'],
      [entry.fromOperatorId, 'out'],
    ] as const) {
      if (!id || (operatorId && id !== operatorId)) continue;
      const actor = actors.get(id) ?? { ...actorOf(snapshot.operators, id), lines: [], stocks: [] };
      actor.lines.push(lineFor(entry, direction));
      actors.set(id, actor);
    }
  }
  for (const line of movements.values()) {
    const actor = actors.get(line.operatorId);
    if (actor && (line.opening !== 0 || line.in !== 0 || line.out !== 0)) actor.stocks.push(stockMovement(snapshot.sites, line));
  }
  for (const actor of actors.values()) actor.stocks.sort((a, b) => a.siteName.localeCompare(b.siteName));
  return { participantCode, month, ...range, actors: [...actors.values()].sort(byName) };
}

/** The register as CSV rows: one per entry line, then one per stock of an origin (`record` says which). */
export function registerCsvRows(register: MonthlyRegister): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  for (const actor of register.actors) {
    const who = { month: register.month, operatorLicence: actor.licenceNumber, operatorName: actor.operatorName };
    for (const line of actor.lines) {
      rows.push({
        record: 'entry',
        ...who,
        date: line.occurredOn,
        kind: line.kind,
        direction: line.direction,
        counterpartyName: line.counterpartyName ?? '',
        counterpartyLicence: line.counterpartyLicence ?? '',
        siteName: line.siteName,
        siteLicence: line.siteLicence,
        carats: line.carats,
        valueUsd: line.valueUsd,
        parcelReference: line.parcelReference ?? '',
        certificateNumber: line.certificateNumber ?? '',
        warranty: line.warranty ? 'yes' : 'no',
        opening: '',
        in: '',
        out: '',
        closing: '',
      });
    }
    for (const stock of actor.stocks) {
      rows.push({
        record: 'stock',
        ...who,
        date: register.to,
        kind: '',
        direction: '',
        counterpartyName: '',
        counterpartyLicence: '',
        siteName: stock.siteName,
        siteLicence: stock.siteLicence,
        carats: '',
        valueUsd: '',
        parcelReference: '',
        certificateNumber: '',
        warranty: '',
        opening: stock.opening,
        in: stock.in,
        out: stock.out,
        closing: stock.closing,
      });
    }
  }
  return rows;
}

export const REGISTER_CSV_COLUMNS = Object.keys(
  registerCsvRows({
    participantCode: '',
    month: '',
    from: '',
    to: '',
    actors: [{ operatorId: '', operatorName: '', licenceNumber: '', lines: [], stocks: [{ siteId: '', siteName: '', siteLicence: '', opening: '', in: '', out: '', closing: '' }] }],
  })[0],
);

/** Text a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe. */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Columns whose text comes from people (names, references), not from the ledger's figures. */
export const REGISTER_FREE_TEXT = ['operatorName', 'operatorLicence', 'counterpartyName', 'counterpartyLicence', 'siteName', 'siteLicence', 'parcelReference', 'certificateNumber'];

/**
 * Per actor and origin: opening + in − out against the closing stock summed from the ledger on
 * its own, whether the stock ran below zero during the month, and the corrections recorded in the
 * month that touched it. Lines with neither stock nor movement nor correction are left out.
 */
export function reconciliation(snapshot: LedgerSnapshot, { month }: { month: string }): ReconciliationLine[] {
  const range = monthRange(month);
  const movements = movementsOver(snapshot.entries, range);
  const corrections = new Map<string, number>();
  for (const { row, replaced } of snapshot.corrections) {
    const day = row.recordedAt.toISOString().slice(0, 10);
    if (day < range.from || day > range.to) continue;
    const keys = new Set(
      [row, replaced].flatMap((entry) => (entry ? [entry.fromOperatorId, entry.toOperatorId].flatMap((id) => (id ? [`${id}|${entry.siteId}`] : [])) : [])),
    );
    for (const key of keys) corrections.set(key, (corrections.get(key) ?? 0) + 1);
  }
  for (const key of corrections.keys()) {
    if (movements.has(key)) continue;
    const [operatorId, siteId] = key.split('|');
    movements.set(key, { operatorId, siteId, opening: 0, in: 0, out: 0, closing: 0, negativeOn: null });
  }
  return [...movements.entries()]
    .filter(([key, line]) => line.opening !== 0 || line.in !== 0 || line.out !== 0 || line.closing !== 0 || corrections.has(key))
    .map(([key, line]) => {
      const balanced = line.closing === line.opening + line.in - line.out;
      return {
        ...actorOf(snapshot.operators, line.operatorId),
        ...stockMovement(snapshot.sites, line),
        closing: text(line.closing),
        balanced,
        negativeOn: line.negativeOn,
        check: !balanced || line.negativeOn !== null,
        corrections: corrections.get(key) ?? 0,
      };
    })
    .sort((a, b) => byName(a, b) || a.siteName.localeCompare(b.siteName));
}

/**
 * Actors and sites whose licence ends within `days` of `today`, and those already expired while
 * the actor (or anyone, for a site's origin) still holds stock.
 */
export function expiringLicences(snapshot: LedgerSnapshot, { today, days }: { today: string; days: number }): ExpiringLicence[] {
  const byActor = new Map<string, number>();
  const bySite = new Map<string, number>();
  for (const entry of snapshot.entries) {
    if (entry.toOperatorId) byActor.set(entry.toOperatorId, (byActor.get(entry.toOperatorId) ?? 0) + entry.carats);
    if (entry.fromOperatorId) byActor.set(entry.fromOperatorId, (byActor.get(entry.fromOperatorId) ?? 0) - entry.carats);
    // a site's origin leaves the country only by export: production minus exports is what is held
    if (entry.kind === 'production') bySite.set(entry.siteId, (bySite.get(entry.siteId) ?? 0) + entry.carats);
    if (entry.kind === 'export') bySite.set(entry.siteId, (bySite.get(entry.siteId) ?? 0) - entry.carats);
  }
  const judge = (subject: 'operator' | 'site', row: { id: string; name: string; licenceNumber: string; validUntil: string }, stock: number): ExpiringLicence[] => {
    const daysLeft = daysBetween(today, row.validUntil);
    if (daysLeft > days || (daysLeft < 0 && stock <= 0)) return [];
    return [{ subject, id: row.id, name: row.name, licenceNumber: row.licenceNumber, validUntil: row.validUntil, daysLeft, state: daysLeft < 0 ? 'expired' : 'expiring', stock: text(stock) }];
  };
  return [
    ...[...snapshot.operators.values()].flatMap((row) => judge('operator', row, byActor.get(row.id) ?? 0)),
    ...[...snapshot.sites.values()].flatMap((row) => judge('site', row, bySite.get(row.id) ?? 0)),
  ].sort((a, b) => a.daysLeft - b.daysLeft || a.name.localeCompare(b.name));
}

/** Median of integers, doubled so it stays an integer (the mean of the two middle values of an even count). */
function doubledMedian(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? 2 * sorted[middle] : sorted[middle - 1] + sorted[middle];
}

/** `numerator / denominator` with two decimals, rounded half up (both positive integers). */
function ratioText(numerator: number, denominator: number): string {
  return text(Math.floor((2 * numerator * 100 + denominator) / (2 * denominator)));
}

/**
 * Actors whose volume in the month (carats in + out) is beyond `factor` × the median of their
 * months with activity among the `UNUSUAL_HISTORY_MONTHS` calendar months before; an actor with
 * fewer than `UNUSUAL_MIN_ACTIVE_MONTHS` such months is not judged.
 */
export function unusualVolumes(snapshot: LedgerSnapshot, { month, factor }: { month: string; factor: number }): UnusualVolume[] {
  const volumes = new Map<string, Map<string, { in: number; out: number }>>();
  const add = (operatorId: string | null, on: string, field: 'in' | 'out', carats: number) => {
    if (!operatorId) return;
    const months = volumes.get(operatorId) ?? volumes.set(operatorId, new Map()).get(operatorId)!;
    const figures = months.get(on.slice(0, 7)) ?? months.set(on.slice(0, 7), { in: 0, out: 0 }).get(on.slice(0, 7))!;
    figures[field] += carats;
  };
  for (const entry of snapshot.entries) {
    add(entry.toOperatorId, entry.occurredOn, 'in', entry.carats);
    add(entry.fromOperatorId, entry.occurredOn, 'out', entry.carats);
  }
  const factorHundredths = Math.round(factor * 100);
  const found: UnusualVolume[] = [];
  for (const [operatorId, months] of volumes) {
    const current = months.get(month);
    if (!current) continue;
    const volume = current.in + current.out;
    const history = Array.from({ length: UNUSUAL_HISTORY_MONTHS }, (_, index) => addMonths(month, index - UNUSUAL_HISTORY_MONTHS))
      .map((earlier) => ({ month: earlier, volume: (months.get(earlier)?.in ?? 0) + (months.get(earlier)?.out ?? 0) }))
      .filter((earlier) => earlier.volume > 0);
    if (history.length < UNUSUAL_MIN_ACTIVE_MONTHS) continue;
    const median2 = doubledMedian(history.map((earlier) => earlier.volume));
    // volume > factor × median, in integers: volume × 2 × 100 > factor × 100 × (2 × median)
    if (volume * 200 <= factorHundredths * median2) continue;
    found.push({
      ...actorOf(snapshot.operators, operatorId),
      in: text(current.in),
      out: text(current.out),
      volume: text(volume),
      // rounded half up to the hundredth (the mean of two middle values can end in a half)
      median: text(Math.floor((median2 + 1) / 2)),
      ratio: ratioText(2 * volume, median2),
      history: history.map((earlier) => ({ month: earlier.month, volume: text(earlier.volume) })),
    });
  }
  return found.sort(byName);
}

const figures = (carats: number, valueCents: number) => ({ carats: text(carats), valueUsd: text(valueCents) });

/**
 * The half-year's production from the declarations in force, split as the KP return asks
 * (artisanal sites: ASM; the others: LSM), per site and per deposit type, beside the return on
 * record; `draft` is the return the ledger's figures would make.
 */
export function productionFigures(
  snapshot: LedgerSnapshot,
  { participantCode, year, half, returnOnRecord }: { participantCode: string; year: number; half: Half; returnOnRecord: ProductionReturnRow | null },
): ProductionFigures {
  const range = { from: halfYearStart(year, half), to: halfYearEnd(year, half) };
  const declared = snapshot.entries.filter((entry) => entry.kind === 'production' && entry.occurredOn >= range.from && entry.occurredOn <= range.to);
  const sites = new Map<string, { carats: number; valueCents: number; entries: number }>();
  for (const entry of declared) {
    const line = sites.get(entry.siteId) ?? { carats: 0, valueCents: 0, entries: 0 };
    line.carats += entry.carats;
    line.valueCents += entry.valueCents;
    line.entries++;
    sites.set(entry.siteId, line);
  }
  const total = { carats: 0, valueCents: 0 };
  const asm = { carats: 0, valueCents: 0 };
  const lsm = { carats: 0, valueCents: 0 };
  const deposits = new Map<string, { carats: number; valueCents: number }>();
  const bySite = [...sites.entries()].map(([siteId, line]) => {
    const site = snapshot.sites.get(siteId)!;
    for (const sum of [total, site.artisanal ? asm : lsm, deposits.get(site.depositType) ?? deposits.set(site.depositType, { carats: 0, valueCents: 0 }).get(site.depositType)!]) {
      sum.carats += line.carats;
      sum.valueCents += line.valueCents;
    }
    return {
      ...siteOf(snapshot.sites, siteId),
      depositType: site.depositType as ProductionFigures['bySite'][number]['depositType'],
      artisanal: site.artisanal,
      entries: line.entries,
      ...figures(line.carats, line.valueCents),
    };
  });
  const onRecord = returnOnRecord ? toProductionReturn(returnOnRecord) : null;
  const partDifference = (ledger: { carats: number; valueCents: number }, carats: number | null, valueCents: number | null) =>
    carats === null || valueCents === null ? null : figures(ledger.carats - carats, ledger.valueCents - valueCents);
  return {
    participantCode,
    year,
    half,
    ...range,
    ...figures(total.carats, total.valueCents),
    asm: figures(asm.carats, asm.valueCents),
    lsm: figures(lsm.carats, lsm.valueCents),
    bySite: bySite.sort((a, b) => a.siteName.localeCompare(b.siteName)),
    byDepositType: [...deposits.entries()].map(([depositType, sum]) => ({ depositType: depositType as ProductionFigures['byDepositType'][number]['depositType'], ...figures(sum.carats, sum.valueCents) })),
    returnOnRecord: onRecord,
    difference: returnOnRecord
      ? {
          ...figures(total.carats - returnOnRecord.carats, total.valueCents - returnOnRecord.valueCents),
          asm: partDifference(asm, returnOnRecord.asmCarats, returnOnRecord.asmValueCents),
          lsm: partDifference(lsm, returnOnRecord.lsmCarats, returnOnRecord.lsmValueCents),
        }
      : null,
    draft:
      total.carats === 0
        ? { year, half, reportType: 'no_production', carats: '0.00', valueUsd: '0.00' }
        : {
            year,
            half,
            reportType: 'production',
            ...figures(total.carats, total.valueCents),
            asm: figures(asm.carats, asm.valueCents),
            lsm: figures(lsm.carats, lsm.valueCents),
          },
  };
}

/** The return in force for the half-year, if any. */
export async function productionReturnOnRecord(db: Db | Tx, key: { participantCode: string; year: number; half: Half }): Promise<ProductionReturnRow | null> {
  return (await latestReturn(db, key)) ?? null;
}
