import { and, eq, inArray } from 'drizzle-orm';
import { canSeeCertificate, contentOf, findCertificateRow, type CertificateRow } from '../certificates/certificate-repository.ts';
import { formatHundredths, parseHundredths } from '../domain/amounts.ts';
import type { Db, Tx } from '../db/database.ts';
import { compliantZones, custodyEntries, operators } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { access } from '../domain/access.ts';
import { AppError } from '../domain/errors.ts';
import { licenceStateAt, type LicenceType } from '../domain/licence.ts';
import type { Actor } from '../domain/roles.ts';
import { stockDrawsDigest } from './certificate-draws.ts';
import { entriesInForceOf, operatorNames, siteRows, type CustodyEntryRow, type SiteRow } from './custody-repository.ts';
import type { OriginActor, OriginDraw, OriginSite, OriginStep, OriginTrail } from './origin-trail-schema.ts';

/** How far back a trail is followed: chains longer than this, or trails larger, are cut and marked incomplete. */
export const TRAIL_MAX_DEPTH = 8;
export const TRAIL_MAX_STEPS = 200;

type OperatorRow = typeof operators.$inferSelect;

export interface TraceInput {
  /** Entries in force of the participant for the sites traced. */
  entries: readonly CustodyEntryRow[];
  operators: ReadonlyMap<string, OperatorRow>;
  /** Include names, licence numbers, prices and parcel references (custody readers). */
  counterparties: boolean;
}

interface TraceState {
  steps: number;
  cut: boolean;
  untraced: boolean;
  /** Carats of each entry already allocated in this trail, so two branches never claim the same goods. */
  used: Map<string, number>;
}

/**
 * Follows carats held by `holderId` of one site backwards: the holder's incoming entries of that
 * site dated on or before `onOrBefore`, newest first, each taking what it can of `carats`; a sale or
 * transfer then follows its seller the same way, down to production. Pure given its input.
 */
function traceHolding(
  input: TraceInput,
  state: TraceState,
  { holderId, siteId, carats, onOrBefore, depth }: { holderId: string; siteId: string; carats: number; onOrBefore: string; depth: number },
): { steps: OriginStep[]; untraced: number } {
  const incoming = input.entries
    .filter((entry) => entry.toOperatorId === holderId && entry.siteId === siteId && entry.occurredOn <= onOrBefore && entry.kind !== 'export')
    .sort((a, b) => (a.occurredOn === b.occurredOn ? b.recordedAt.getTime() - a.recordedAt.getTime() : a.occurredOn < b.occurredOn ? 1 : -1));
  const steps: OriginStep[] = [];
  let left = carats;
  for (const entry of incoming) {
    if (left === 0) break;
    const free = entry.carats - (state.used.get(entry.id) ?? 0);
    if (free <= 0) continue;
    if (depth > TRAIL_MAX_DEPTH || state.steps >= TRAIL_MAX_STEPS) {
      state.cut = true;
      break;
    }
    const taken = Math.min(free, left);
    state.used.set(entry.id, (state.used.get(entry.id) ?? 0) + taken);
    state.steps += 1;
    left -= taken;
    const before =
      entry.kind === 'production' || !entry.fromOperatorId
        ? { steps: [], untraced: 0 }
        : traceHolding(input, state, { holderId: entry.fromOperatorId, siteId, carats: taken, onOrBefore: entry.occurredOn, depth: depth + 1 });
    steps.push(toStep(input, entry, taken, before));
  }
  if (left > 0 && !state.cut) state.untraced = true;
  return { steps, untraced: left };
}

function toActor(input: TraceInput, operatorId: string | null, day: string): OriginActor {
  const operator = operatorId ? input.operators.get(operatorId) : undefined;
  if (!operator) return { licenceTypes: [], licenceState: 'not_yet_valid' };
  const actor: OriginActor = { licenceTypes: operator.licenceTypes as LicenceType[], licenceState: licenceStateAt(operator, day) };
  if (!input.counterparties) return actor;
  const cooperative = operator.cooperativeId ? input.operators.get(operator.cooperativeId) : undefined;
  return { ...actor, operatorId: operator.id, name: operator.name, licenceNumber: operator.licenceNumber, cooperativeName: cooperative?.name ?? null };
}

function toStep(input: TraceInput, entry: CustodyEntryRow, carats: number, before: { steps: OriginStep[]; untraced: number }): OriginStep {
  const step: OriginStep = {
    kind: entry.kind as OriginStep['kind'],
    occurredOn: entry.occurredOn,
    carats: formatHundredths(carats),
    actor: toActor(input, entry.toOperatorId, entry.occurredOn),
    warranty: entry.warranty,
    sources: before.steps,
    untraced: formatHundredths(before.untraced),
  };
  if (!input.counterparties) return step;
  return { ...step, entryId: entry.id, entryCarats: formatHundredths(entry.carats), valueUsd: formatHundredths(entry.valueCents), parcelReference: entry.parcelReference };
}

export interface TrailInput {
  certificate: CertificateRow;
  /** The certificate's export entries as written at issue (released ones included). */
  exports: readonly CustodyEntryRow[];
  /** Entries in force of the issuing participant for the sites drawn. */
  entries: readonly CustodyEntryRow[];
  sites: ReadonlyMap<string, SiteRow>;
  zones: ReadonlyMap<string, string>;
  operators: ReadonlyMap<string, OperatorRow>;
  counterparties: boolean;
}

function toSite(site: SiteRow, input: TrailInput): OriginSite {
  const dto: OriginSite = {
    id: site.id,
    name: site.name,
    region: site.region,
    depositType: site.depositType as OriginSite['depositType'],
    artisanal: site.artisanal,
    zoneName: site.zoneId ? (input.zones.get(site.zoneId) ?? null) : null,
  };
  if (!input.counterparties) return dto;
  const holder = site.holderOperatorId ? input.operators.get(site.holderOperatorId) : undefined;
  return { ...dto, licenceNumber: site.licenceNumber, holderName: holder?.name ?? null };
}

/**
 * The origin trail of one certificate from its stored draws and the ledger in force. Pure: the
 * route loads, this decides. Whether the origin is backed, and whether the stored draws are still
 * the ones signed with the certificate, come before the chains.
 */
export function buildOriginTrail(input: TrailInput): OriginTrail {
  const { certificate, exports } = input;
  const content = contentOf(certificate);
  const signed = content.stockDraws ?? null;
  const storedDigest = exports.length > 0 ? stockDrawsDigest(exports.map((entry) => ({ position: entry.parcelPosition ?? -1, siteId: entry.siteId, carats: entry.carats }))) : null;
  const integrity: OriginTrail['integrity'] = signed === null ? 'not_signed' : storedDigest === signed.digest ? 'intact' : 'altered';
  const state: TraceState = { steps: 0, cut: false, untraced: false, used: new Map() };
  const parcels = content.parcels.map((parcel, position) => {
    const draws: OriginDraw[] = exports
      .filter((entry) => entry.parcelPosition === position)
      .sort((a, b) => input.sites.get(a.siteId)!.name.localeCompare(input.sites.get(b.siteId)!.name))
      .map((entry) => {
        const traced = traceHolding(input, state, {
          holderId: entry.fromOperatorId!,
          siteId: entry.siteId,
          carats: entry.carats,
          onOrBefore: entry.occurredOn,
          depth: 1,
        });
        return { site: toSite(input.sites.get(entry.siteId)!, input), carats: formatHundredths(entry.carats), steps: traced.steps, untraced: formatHundredths(traced.untraced) };
      });
    const drawn = exports.filter((entry) => entry.parcelPosition === position).reduce((sum, entry) => sum + entry.carats, 0);
    return { position: position + 1, hsCode: parcel.hsCode, carats: parcel.carats, drawn: formatHundredths(drawn), draws };
  });
  const fullyDrawn = content.parcels.every((parcel, position) => {
    const carats = parseHundredths(parcel.carats);
    const drawn = exports.filter((entry) => entry.parcelPosition === position).reduce((sum, entry) => sum + entry.carats, 0);
    return 'units' in carats && carats.units === drawn;
  });
  let reason: OriginTrail['reason'] = null;
  if (signed === null) reason = exports.length === 0 ? 'no_internal_controls' : 'not_signed';
  else if (integrity === 'altered') reason = 'altered';
  else if (!fullyDrawn) reason = 'not_fully_drawn';
  return {
    certificateNumber: certificate.number,
    certificateStatus: certificate.status as OriginTrail['certificateStatus'],
    issueDate: certificate.issueDate,
    backed: reason === null,
    reason,
    integrity,
    signedDigest: signed?.digest ?? null,
    storedDigest,
    released: certificate.status === 'voided' || certificate.status === 'replaced',
    complete: exports.length > 0 && !state.cut && !state.untraced,
    counterparties: input.counterparties,
    sites: new Set(exports.map((entry) => entry.siteId)).size,
    parcels,
  };
}

/** Loads a certificate's draws and the ledger behind them, and builds the trail. */
export async function originTrailOf(db: Db | Tx, certificate: CertificateRow, counterparties: boolean): Promise<OriginTrail> {
  const exports = await db
    .select()
    .from(custodyEntries)
    .where(and(eq(custodyEntries.certificateId, certificate.id), eq(custodyEntries.kind, 'export'), eq(custodyEntries.cancelled, false)));
  const siteIds = [...new Set(exports.map((entry) => entry.siteId))];
  const sites = new Map((await siteRows(db, certificate.participantCode)).filter((site) => siteIds.includes(site.id)).map((site) => [site.id, site]));
  const zoneIds = [...new Set([...sites.values()].flatMap((site) => (site.zoneId ? [site.zoneId] : [])))];
  const zones =
    zoneIds.length === 0
      ? new Map<string, string>()
      : new Map((await db.select({ id: compliantZones.id, name: compliantZones.name }).from(compliantZones).where(inArray(compliantZones.id, zoneIds))).map((zone) => [zone.id, zone.name]));
  return buildOriginTrail({
    certificate,
    exports,
    entries: await entriesInForceOf(db, certificate.participantCode, siteIds),
    sites,
    zones,
    operators: await operatorNames(db, certificate.participantCode),
    counterparties,
  });
}

/**
 * The origin trail of a certificate, for whoever may see the certificate (issuer's and importer's
 * staff, KP Chair, WGM). Counterparties, prices and references only for those who may read the
 * issuing participant's custody ledger.
 *
 * @example
 * const trail = await getOriginTrail({ actor, number: 'BW-2026-000042' }, deps);
 * trail.backed; // true when every parcel is drawn from recorded stock as signed
 */
export async function getOriginTrail({ actor, number }: { actor: Actor; number: string }, deps: Deps): Promise<OriginTrail> {
  const certificate = await findCertificateRow(deps.db, number);
  if (!certificate || !canSeeCertificate(actor, certificate)) throw new AppError('NOT_FOUND');
  return originTrailOf(deps.db, certificate, access.readCustody(actor, certificate.participantCode));
}
