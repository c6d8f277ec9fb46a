import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { Tx } from '../db/database.ts';
import { authorities, certificateCounters, certificateParcels, certificates, operators, parcelProfiles, territories } from '../db/schema.ts';
import { declaredProfiles, sizeProfilesDigest } from '../footprints/declared-profiles.ts';
import { isUniqueViolation } from '../db/transaction.ts';
import { transact, type Deps } from '../deps.ts';
import { formatHundredths } from '../domain/amounts.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { licenceStateOn, todayUtc } from '../domain/licence.ts';
import { isInGoodStanding } from '../domain/participant-status.ts';
import { settleDueDecisions } from '../decisions/settle-due-decisions.ts';
import { actsFor, type Actor } from '../domain/roles.ts';
import { participantName } from '../participants/country-names.ts';
import { participantStatusOn } from '../participants/participant-repository.ts';
import { KPCS_STATEMENT, type CertificateContent } from './certificate-content.ts';
import { activeEmbargo, certificateSettings, certificateDetailOf, type CertificateRow } from './certificate-repository.ts';
import { checkExpiry, checkParcels } from './certificate-rules.ts';
import { buildCredential, canonicalBytes, signCredential } from './credential.ts';
import { signingKeyFor } from './key-repository.ts';
import { invalidateTrustList } from '../verification/verify-online.ts';
import type { CertificateDetail, CertificateDraft } from './schemas.ts';
import { makeSeal } from './seal.ts';
import { checkZoneRestriction } from '../zones/zone-restriction.ts';
import { SEAL_MAX_LENGTH } from './seal-payload.ts';
import { planStockDraws, stockDrawsDigest, writeStockDraws } from '../custody/certificate-draws.ts';
import { loadMasterKey } from './signing-keys.ts';
import countries from 'i18n-iso-countries';

export function certificateNumber(participantCode: string, year: number, serial: number): string {
  return `${participantCode}-${year}-${String(serial).padStart(6, '0')}`;
}

/** Next serial for (participant, year), taken inside the issuing transaction: a rollback gives it back. */
async function nextSerial(tx: Tx, participantCode: string, year: number): Promise<number> {
  const [row] = await tx
    .insert(certificateCounters)
    .values({ participantCode, year, lastSerial: 1 })
    .onConflictDoUpdate({ target: [certificateCounters.participantCode, certificateCounters.year], set: { lastSerial: sql`${certificateCounters.lastSerial} + 1` } })
    .returning();
  return row.lastSerial;
}

export interface IssueOptions {
  actor: Actor;
  draft: CertificateDraft;
  idempotencyKey?: string;
  /** For replacements: the number this certificate replaces (checked by the caller). */
  replaces?: string | null;
}

/** Everything checked before any write: the KP's refusals, each with its own code. */
async function prepare(tx: Tx, { actor, draft, replaces = null }: IssueOptions, deps: Deps, now: Date) {
  const issuer = actor.participantCode;
  if (!issuer || !actsFor(actor, issuer, 'exporting_officer')) throw new AppError('FORBIDDEN');
  const issueDate = todayUtc(now);

  const issuerStatus = await participantStatusOn(tx, issuer, issueDate);
  const zoneRestricted = issuerStatus === 'zone_restricted';
  if (!zoneRestricted && !isInGoodStanding(issuerStatus ?? null)) throw new AppError('ISSUER_NOT_IN_GOOD_STANDING', { status: issuerStatus ?? 'none' });
  if (!zoneRestricted && draft.originZoneId) throw new AppError('ZONE_NOT_APPLICABLE', { code: issuer });
  if (draft.importingParticipant === issuer) throw new AppError('SAME_PARTICIPANT', { code: issuer });
  const destinationStatus = await participantStatusOn(tx, draft.importingParticipant, issueDate);
  if (destinationStatus === undefined) throw new AppError('DESTINATION_NOT_A_PARTICIPANT', { code: draft.importingParticipant });
  const destinationMayImport = isInGoodStanding(destinationStatus) || (destinationStatus === 'zone_restricted' && deps.config.zoneRestrictedMayImport);
  if (!destinationMayImport) {
    throw new AppError('DESTINATION_NOT_IN_GOOD_STANDING', { code: draft.importingParticipant, status: destinationStatus ?? 'none' });
  }

  let territory: string | null = null;
  const territoryRows = await tx.select().from(territories).where(eq(territories.participantCode, issuer));
  if (territoryRows.length > 0) {
    if (!draft.territory || !territoryRows.some((row) => row.code === draft.territory)) throw new AppError('TERRITORY_REQUIRED', { code: issuer });
    territory = draft.territory;
  } else if (draft.territory) {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: ['territory'], message: 'only a regional participant (the EU) names a territory' }]);
  }

  const [exporter] = await tx.select().from(operators).where(and(eq(operators.id, draft.exporterId), eq(operators.participantCode, issuer)));
  if (!exporter) throw new AppError('EXPORTER_NOT_LICENSED', { state: 'not_registered' });
  const licence = licenceStateOn(exporter, issueDate);
  if (!exporter.licenceTypes.includes('exporter') || licence !== 'valid') {
    throw new AppError('EXPORTER_NOT_LICENSED', { state: exporter.licenceTypes.includes('exporter') ? licence : 'no_exporter_licence' });
  }

  for (const origin of draft.originCountries) {
    if (origin !== 'EU' && !countries.isValid(origin)) throw new AppError('UNKNOWN_ORIGIN', { code: origin });
    const embargo = await activeEmbargo(tx, origin, issueDate);
    if (embargo) throw new AppError('ORIGIN_UNDER_EMBARGO', { code: origin, legalBasis: embargo.legalBasis });
  }

  const restriction = zoneRestricted
    ? await checkZoneRestriction(tx, { issuer, originZoneId: draft.originZoneId, originCountries: draft.originCountries, issueDate })
    : null;

  const { parcels, totalCarats, totalValueCents } = checkParcels(draft.parcels, draft.declaredTotals);
  const profiles = await declaredProfiles(tx, draft, deps.config.footprintProfileAtIssue);
  const stockDraws = await planStockDraws(tx, {
    issuer,
    exporterId: exporter.id,
    issueDate,
    zoneId: restriction?.zone.id ?? null,
    parcels: parcels.map((parcel, position) => ({ position, carats: parcel.carats, valueCents: parcel.valueCents, stockDraws: draft.parcels[position].stockDraws })),
  });
  if (stockDraws.length > 0 && !draft.originCountries.includes(issuer)) throw new AppError('STOCK_DRAWS_ORIGIN', { code: issuer });
  const settings = await certificateSettings(tx, issuer, deps.config.certificateDefaultValidityDays);
  const expiryDate = checkExpiry(issueDate, draft.expiryDate, settings.validityDays, deps.config.certificateMaxValidityDays);

  const authorityRows = await tx.select().from(authorities).where(and(eq(authorities.participantCode, issuer), eq(authorities.role, 'exporting')));
  const authority = authorityRows.find((row) => row.territoryCode === territory) ?? authorityRows[0];

  const content: Omit<CertificateContent, 'number'> = {
    title: 'Kimberley Process Certificate',
    statement: KPCS_STATEMENT,
    issuingParticipant: issuer,
    issuingTerritory: territory,
    importingParticipant: draft.importingParticipant,
    issuingAuthority: authority
      ? { name: authority.name, address: authority.address }
      : { name: `Exporting authority of ${participantName(issuer, 'en')}`, address: participantName(issuer, 'en') },
    exporter: { name: exporter.name, address: exporter.address, licence: exporter.licenceNumber },
    importer: { ...draft.importer },
    origin: { countries: [...draft.originCountries], mixed: draft.mixedOrigin || (settings.mixedOriginWording && draft.originCountries.length > 1) },
    issueDate,
    expiryDate,
    parcels: parcels.map((parcel) => ({ hsCode: parcel.hsCode, carats: formatHundredths(parcel.carats), valueUsd: formatHundredths(parcel.valueCents) })),
    parcelCount: parcels.length,
    totals: { carats: formatHundredths(totalCarats), valueUsd: formatHundredths(totalValueCents) },
    seals: draft.seals,
    transitCountries: draft.transitCountries,
    purpose: draft.purpose,
    validatedBy: actor.name,
    replaces,
    ...(restriction && { originZone: { name: restriction.zone.name, monitoringTeam: restriction.monitoringTeam.code } }),
    ...(profiles.length > 0 && { sizeProfiles: { parcels: profiles.map((profile) => profile.position), digest: sizeProfilesDigest(profiles) } }),
    ...(stockDraws.length > 0 && { stockDraws: { sites: new Set(stockDraws.map((draw) => draw.siteId)).size, digest: stockDrawsDigest(stockDraws) } }),
  };
  return { issuer, territory, exporter, parcels, totalCarats, totalValueCents, content, issueDate, expiryDate, restriction, profiles, stockDraws };
}

/** Writes one certificate (number, signature, seal, parcels, audit) inside `tx`. */
export async function writeCertificate(tx: Tx, options: IssueOptions, deps: Deps, requestHash: string | null): Promise<CertificateRow> {
  const now = deps.now();
  const prepared = await prepare(tx, options, deps, now);
  const year = Number(prepared.issueDate.slice(0, 4));
  const serial = await nextSerial(tx, prepared.issuer, year);
  const number = certificateNumber(prepared.issuer, year, serial);
  const content: CertificateContent = { number, ...prepared.content };
  const { row: key, privateKey } = await signingKeyFor(tx, { owner: prepared.issuer, actor: options.actor, masterKey: loadMasterKey(deps.config), now });
  // A participant's first key was just made: verifiers must not wait for the trust list to expire.
  if (key.validFrom.getTime() === now.getTime()) invalidateTrustList(deps);
  const credential = signCredential(buildCredential(content, participantName(prepared.issuer, 'en')), { kid: key.kid, privateKey, created: now });
  const seal = makeSeal(content, key.kid, privateKey);
  if (seal.length > SEAL_MAX_LENGTH) throw new AppError('SEAL_TOO_LARGE', { length: seal.length, max: SEAL_MAX_LENGTH });
  const id = newId();
  const [row] = await tx
    .insert(certificates)
    .values({
      id,
      number,
      participantCode: prepared.issuer,
      year,
      serial,
      territoryCode: prepared.territory,
      importingParticipant: content.importingParticipant,
      status: 'issued',
      issueDate: prepared.issueDate,
      expiryDate: prepared.expiryDate,
      exporterOperatorId: prepared.exporter.id,
      totalCarats: prepared.totalCarats,
      totalValueCents: prepared.totalValueCents,
      parcelCount: prepared.parcels.length,
      document: credential,
      seal,
      kid: key.kid,
      issuedBy: options.actor.userId,
      issuedAt: now,
      replacesNumber: options.replaces ?? null,
      idempotencyKey: options.idempotencyKey ?? null,
      requestHash,
      originZoneId: prepared.restriction?.zone.id ?? null,
      approvalBodyCode: prepared.restriction?.monitoringTeam.code ?? null,
    })
    .returning();
  await tx.insert(certificateParcels).values(
    prepared.parcels.map((parcel, position) => ({ certificateId: id, position, hsCode: parcel.hsCode, carats: parcel.carats, valueCents: parcel.valueCents })),
  );
  if (prepared.profiles.length > 0) {
    await tx.insert(parcelProfiles).values(
      prepared.profiles.map((profile) => ({ id: newId(), certificateId: id, source: 'exporter', ...profile, recordedBy: options.actor.userId, recordedAt: now })),
    );
  }
  await writeStockDraws(tx, {
    issuer: prepared.issuer,
    exporterId: prepared.exporter.id,
    certificateId: id,
    issueDate: prepared.issueDate,
    draws: prepared.stockDraws,
    actor: options.actor,
    now,
  });
  await recordAudit(tx, {
    actor: options.actor,
    action: 'certificate.issued',
    entityType: 'certificate',
    entityId: number,
    participantCode: prepared.issuer,
    data: {
      importingParticipant: content.importingParticipant,
      kid: key.kid,
      totals: content.totals,
      parcelCount: content.parcelCount,
      replaces: options.replaces ?? null,
      ...(prepared.restriction && { originZone: prepared.restriction.zone, awaitsApprovalBy: prepared.restriction.monitoringTeam.code }),
      ...(content.sizeProfiles && { sizeProfiles: content.sizeProfiles }),
      ...(content.stockDraws && { stockDraws: content.stockDraws }),
    },
  });
  return row;
}

export function requestHashOf(draft: CertificateDraft): string {
  return createHash('sha256').update(canonicalBytes(draft)).digest('hex');
}

/**
 * An exporting authority officer issues a signed certificate. With an idempotency key, a
 * retried request returns the certificate already issued instead of issuing twice.
 */
export async function issueCertificate(options: IssueOptions, deps: Deps): Promise<{ certificate: CertificateDetail; replayed: boolean }> {
  const requestHash = requestHashOf(options.draft);
  const replay = async () => {
    if (!options.idempotencyKey || !options.actor.participantCode) return null;
    const [existing] = await deps.db
      .select()
      .from(certificates)
      .where(and(eq(certificates.participantCode, options.actor.participantCode), eq(certificates.idempotencyKey, options.idempotencyKey)));
    if (!existing) return null;
    if (existing.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    return { certificate: await certificateDetailOf(deps, existing), replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  // A written procedure past its deadline may change who is in good standing today.
  await settleDueDecisions(deps);
  try {
    const row = await transact(deps, (tx) => writeCertificate(tx, options, deps, requestHash));
    return { certificate: await certificateDetailOf(deps, row), replayed: false };
  } catch (error) {
    if (isUniqueViolation(error, 'certificates_idempotency_unique')) {
      const again = await replay();
      if (again) return again;
    }
    throw error;
  }
}

