import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { amount } from '../certificates/certificate-rules.ts';
import { canonicalBytes } from '../certificates/credential.ts';
import type { Tx } from '../db/database.ts';
import { custodyEntries } from '../db/schema.ts';
import { formatHundredths } from '../domain/amounts.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { Actor } from '../domain/roles.ts';
import { asLedgerEntry, entriesInForceOf, findSite, internalControlsOf, openingStocks } from './custody-repository.ts';
import { shortfallCausedBy, stockKeyOf, stockOn, type LedgerEntry, type StockKey } from './ledger.ts';
import { describeShortfallFor } from './shortfall.ts';

export interface ParcelDraws {
  /** The parcel's number on the certificate, from 0. */
  position: number;
  /** Hundredths of a carat and cents, as checked by the certificate rules. */
  carats: number;
  valueCents: number;
  stockDraws?: { siteId: string; carats: string }[];
}

export interface PlannedDraw {
  position: number;
  siteId: string;
  carats: number;
  valueCents: number;
}

/** The digest signed with the certificate: parcels, sites and carats in canonical JSON (SHA-256, base64url). */
export function stockDrawsDigest(draws: Pick<PlannedDraw, 'position' | 'siteId' | 'carats'>[]): string {
  const canonical = [...draws]
    .sort((a, b) => a.position - b.position || (a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : 0))
    .map(({ position, siteId, carats }) => ({ parcel: position + 1, siteId, carats: formatHundredths(carats) }));
  return createHash('sha256').update(canonicalBytes(canonical)).digest('base64url');
}

/**
 * With internal controls on, every parcel names the exporter's stock it is drawn from (per origin
 * site, adding up to the parcel's carats) and the exporter must hold that stock on the issue date.
 * Without them, draws are refused (nothing would back them). Returns the draws to write, or [].
 */
export async function planStockDraws(
  tx: Tx,
  {
    issuer,
    exporterId,
    issueDate,
    parcels,
    zoneId = null,
  }: { issuer: string; exporterId: string; issueDate: string; parcels: ParcelDraws[]; /** The compliant zone the certificate names (zone restriction). */ zoneId?: string | null },
): Promise<PlannedDraw[]> {
  const controls = await internalControlsOf(tx, issuer);
  const named = parcels.filter((parcel) => parcel.stockDraws && parcel.stockDraws.length > 0);
  if (!controls.enabled) {
    if (named.length > 0) throw new AppError('INTERNAL_CONTROLS_OFF', { code: issuer });
    return [];
  }
  const missing = parcels.filter((parcel) => !parcel.stockDraws || parcel.stockDraws.length === 0).map((parcel) => parcel.position + 1);
  if (missing.length > 0) throw new AppError('STOCK_DRAWS_REQUIRED', { parcels: missing.join(', ') });
  const planned: PlannedDraw[] = [];
  for (const parcel of parcels) {
    const draws = parcel.stockDraws!.map((draw) => ({ siteId: draw.siteId, carats: amount(draw.carats, 'stockDraws.carats', parcel.position) }));
    const sum = draws.reduce((total, draw) => total + draw.carats, 0);
    if (sum !== parcel.carats) {
      throw new AppError('STOCK_DRAWS_MISMATCH', { parcel: parcel.position + 1, drawn: formatHundredths(sum), carats: formatHundredths(parcel.carats) });
    }
    if (new Set(draws.map((draw) => draw.siteId)).size !== draws.length) {
      throw new AppError('VALIDATION_FAILED', {}, [{ path: ['parcels', parcel.position, 'stockDraws'], message: 'each site once per parcel' }]);
    }
    let valueLeft = parcel.valueCents;
    draws.forEach((draw, index) => {
      // Value shared by carats; the last draw takes the remainder so the parts add up exactly.
      const share = index === draws.length - 1 ? valueLeft : Math.floor((parcel.valueCents * draw.carats) / parcel.carats);
      valueLeft -= share;
      planned.push({ position: parcel.position, siteId: draw.siteId, carats: draw.carats, valueCents: share });
    });
  }
  const siteIds = [...new Set(planned.map((draw) => draw.siteId))];
  for (const siteId of siteIds) {
    const site = await findSite(tx, siteId);
    if (!site || site.participantCode !== issuer) {
      throw new AppError('VALIDATION_FAILED', {}, [{ path: ['parcels', 'stockDraws', 'siteId'], message: 'not a site in this register' }]);
    }
    // Under zone restriction the goods must come from sites inside the compliant zone the certificate names.
    if (zoneId && site.zoneId !== zoneId) throw new AppError('STOCK_DRAWS_OUTSIDE_ZONE', { site: `${site.name} (${site.licenceNumber})` });
  }
  const keys = siteIds.map((siteId) => ({ operatorId: exporterId, siteId }));
  const current = (await entriesInForceOf(tx, issuer, siteIds, issueDate)).map(asLedgerEntry);
  const openings = await openingStocks(tx, issuer, keys, issueDate);
  const exports: LedgerEntry[] = planned.map((draw) => ({
    id: newId(),
    kind: 'export',
    occurredOn: issueDate,
    siteId: draw.siteId,
    fromOperatorId: exporterId,
    toOperatorId: null,
    carats: draw.carats,
    supersedes: null,
    cancelled: false,
  }));
  const shortfall = shortfallCausedBy(current, exports, keys, openings);
  const opening = (key: StockKey) => openings.get(stockKeyOf(key)) ?? 0;
  if (shortfall) {
    const needed = planned.filter((draw) => draw.siteId === shortfall.siteId).reduce((sum, draw) => sum + draw.carats, 0);
    throw new AppError('STOCK_INSUFFICIENT', {
      ...(await describeShortfallFor(tx, shortfall)),
      available: formatHundredths(Math.max(0, opening(shortfall) + stockOn(current, shortfall, issueDate))),
      requested: formatHundredths(needed),
    });
  }
  return planned;
}

/** Writes the export entries of a certificate just issued (same transaction). */
export async function writeStockDraws(
  tx: Tx,
  { issuer, exporterId, certificateId, issueDate, draws, actor, now }: { issuer: string; exporterId: string; certificateId: string; issueDate: string; draws: PlannedDraw[]; actor: Actor; now: Date },
): Promise<void> {
  if (draws.length === 0) return;
  await tx.insert(custodyEntries).values(
    draws.map((draw) => ({
      id: newId(),
      participantCode: issuer,
      kind: 'export',
      occurredOn: issueDate,
      siteId: draw.siteId,
      fromOperatorId: exporterId,
      toOperatorId: null,
      carats: draw.carats,
      valueCents: draw.valueCents,
      certificateId,
      parcelPosition: draw.position,
      recordedBy: actor.userId,
      recordedAt: now,
    })),
  );
}

/** A voided or replaced certificate gives its draws back to the exporter's stock: cancellations, never deletions. */
export async function releaseStockDraws(tx: Tx, { certificateId, actor, now, reason }: { certificateId: string; actor: Actor; now: Date; reason: string }): Promise<number> {
  const draws = await tx
    .select()
    .from(custodyEntries)
    .where(and(eq(custodyEntries.certificateId, certificateId), eq(custodyEntries.kind, 'export'), eq(custodyEntries.cancelled, false)));
  if (draws.length === 0) return 0;
  await tx.insert(custodyEntries).values(
    draws.map((draw) => ({
      ...draw,
      id: newId(),
      supersedes: draw.id,
      cancelled: true,
      reason,
      clientRef: null,
      requestHash: null,
      recordedBy: actor.userId,
      recordedAt: now,
    })),
  );
  await recordAudit(tx, {
    actor,
    action: 'custody.export_released',
    entityType: 'certificate',
    entityId: certificateId,
    participantCode: draws[0].participantCode,
    data: { entries: draws.length, carats: formatHundredths(draws.reduce((sum, draw) => sum + draw.carats, 0)) },
  });
  return draws.length;
}

