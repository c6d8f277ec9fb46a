import { createHash } from 'node:crypto';
import { canonicalBytes } from '../certificates/credential.ts';
import type { CertificateContent } from '../certificates/certificate-content.ts';
import type { Tx } from '../db/database.ts';
import { AppError } from '../domain/errors.ts';
import { areaVersionRows, requiredOrigins, type ParcelProfileRow, type StoredClass } from './footprint-repository.ts';
import { checkedClasses } from './record-footprint.ts';
import { SIZE_SERIES } from './size-classes.ts';
import type { SizeProfileInput } from './schemas.ts';

/** A parcel's profile as the exporter declares it with the certificate, checked and in canonical form. */
export interface DeclaredProfile {
  /** Parcel number on the certificate, from 1. */
  position: number;
  series: SizeProfileInput['series'];
  classes: StoredClass[];
  declaredAreaId: string | null;
  note: string | null;
}

/**
 * SHA-256 (base64url) of the declared profiles in canonical JSON (RFC 8785) — position, series,
 * classes (in the series' order, carats as two-decimal strings) and declared area of each, in
 * parcel order. The certificate signs this digest, so a stored profile changed after issue no
 * longer matches it (docs/footprints.md, "Profiles declared with the certificate, signed").
 *
 * @example sizeProfilesDigest([{ position: 1, series: 'sieve', classes: [{ code: '+9', stones: 120, carats: '14.35' }], declaredAreaId: null }])
 */
export function sizeProfilesDigest(profiles: Pick<DeclaredProfile, 'position' | 'series' | 'classes' | 'declaredAreaId'>[]): string {
  const canonical = [...profiles]
    .sort((a, b) => a.position - b.position)
    .map(({ position, series, classes, declaredAreaId }) => {
      const order = SIZE_SERIES[series].classes.map((sizeClass) => sizeClass.code);
      const inSeriesOrder = [...classes].sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code)).map(({ code, stones, carats }) => ({ code, stones, carats }));
      return { position, series, classes: inSeriesOrder, declaredAreaId };
    });
  return createHash('sha256').update(canonicalBytes(canonical)).digest('base64url');
}

/**
 * Reads the profiles an exporter entered with the parcels of a certificate draft, refusing a
 * malformed one (`FOOTPRINT_PROFILE_INVALID`) and — when `requireListed` and an origin is on the
 * WGDE's list — a draft that leaves any parcel without one (`FOOTPRINT_PROFILE_REQUIRED_AT_ISSUE`).
 */
export async function declaredProfiles(
  tx: Tx,
  draft: { originCountries: string[]; parcels: { sizeProfile?: (SizeProfileInput & { declaredAreaId?: string | null; note?: string | null }) | undefined }[] },
  requireListed: boolean,
): Promise<DeclaredProfile[]> {
  const declared: DeclaredProfile[] = [];
  for (const [index, parcel] of draft.parcels.entries()) {
    const profile = parcel.sizeProfile;
    if (!profile) continue;
    const declaredAreaId = profile.declaredAreaId ?? null;
    if (declaredAreaId !== null && (await areaVersionRows(tx, declaredAreaId)).length === 0) {
      throw new AppError('FOOTPRINT_PROFILE_INVALID', { problem: 'unknown_footprint' }, { problem: 'unknown_footprint', parcel: index + 1 });
    }
    declared.push({ position: index + 1, series: profile.series, classes: classesOfParcel(profile, index + 1), declaredAreaId, note: profile.note ?? null });
  }
  if (requireListed && (await requiredOrigins(tx, draft.originCountries)).length > 0) {
    const lacking = draft.parcels.map((_, index) => index + 1).filter((position) => !declared.some((profile) => profile.position === position));
    if (lacking.length > 0) throw new AppError('FOOTPRINT_PROFILE_REQUIRED_AT_ISSUE', { parcels: lacking.join(', ') }, { parcels: lacking });
  }
  return declared;
}

/** The checked classes of one parcel's profile; a refusal names the parcel (numbered from 1) as well as the class. */
function classesOfParcel(profile: SizeProfileInput, parcel: number): StoredClass[] {
  try {
    return checkedClasses(profile.series, profile.classes);
  } catch (error) {
    if (error instanceof AppError && error.code === 'FOOTPRINT_PROFILE_INVALID') {
      throw new AppError('FOOTPRINT_PROFILE_INVALID', error.params, { ...(error.details as Record<string, unknown>), parcel });
    }
    throw error;
  }
}

/** What the signature says about the exporter's stored profiles: none signed, signed and intact, or changed since issue. */
export type SignedProfilesState = { state: 'not_signed' } | { state: 'intact' | 'altered'; parcels: number[]; digest: string };

export function signedProfilesState(content: CertificateContent, stored: ParcelProfileRow[]): SignedProfilesState {
  const signed = content.sizeProfiles;
  if (!signed) return { state: 'not_signed' };
  const exporterProfiles = stored
    .filter((row) => row.source === 'exporter' && signed.parcels.includes(row.position))
    .map((row) => ({ position: row.position, series: row.series as SizeProfileInput['series'], classes: row.classes as StoredClass[], declaredAreaId: row.declaredAreaId }));
  const intact = exporterProfiles.length === signed.parcels.length && sizeProfilesDigest(exporterProfiles) === signed.digest;
  return { state: intact ? 'intact' : 'altered', parcels: signed.parcels, digest: signed.digest };
}
