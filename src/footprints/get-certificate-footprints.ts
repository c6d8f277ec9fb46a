import type { FootprintThresholds } from '../config.ts';
import { canSeeCertificate, contentOf, findCertificateRow, type CertificateRow } from '../certificates/certificate-repository.ts';
import type { Db, Tx } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { hasRole, type Actor } from '../domain/roles.ts';
import { rankFootprints, type RankedFootprint } from './compare-parcel.ts';
import { latestFootprintRows, parcelProfileRows, requiredOrigins, sizeProfileOf, toParcelProfile, type FootprintRow, type ParcelProfileRow, type StoredClass } from './footprint-repository.ts';
import { signedProfilesState } from './declared-profiles.ts';
import type { SeriesId } from './size-classes.ts';
import type { SizeProfile } from './size-profile.ts';
import type { CertificateFootprints, ComparisonResult, ParcelFootprintState } from './schemas.ts';

/** How many of the most similar footprints a comparison lists. */
export const RANKING_SHOWN = 5;

/** Worst first: what a certificate's or parcel's state is when its parts disagree. */
const SEVERITY: ParcelFootprintState[] = ['inconsistent', 'no_profile', 'insufficient_data', 'no_footprint', 'consistent'];
const worst = (states: ParcelFootprintState[]): ParcelFootprintState => SEVERITY.find((state) => states.includes(state)) ?? 'no_profile';

export interface FootprintLibrary {
  rows: FootprintRow[];
  entries: { key: FootprintRow; profile: SizeProfile }[];
}

/** The latest version of every footprint, ready to compare. */
export async function loadFootprintLibrary(db: Db | Tx): Promise<FootprintLibrary> {
  const rows = await latestFootprintRows(db);
  return { rows, entries: rows.map((row) => ({ key: row, profile: sizeProfileOf(row.series as SeriesId, row.classes as StoredClass[]) })) };
}

function toComparisonResult({ key, rank, comparison }: RankedFootprint<FootprintRow>): ComparisonResult {
  return {
    footprintId: key.id,
    areaId: key.areaId,
    version: key.version,
    participantCode: key.participantCode,
    region: key.region,
    depositType: key.depositType as ComparisonResult['depositType'],
    synthetic: key.synthetic,
    rank,
    ...comparison,
  };
}

/**
 * Every profile of a certificate's parcels compared with the declared origin's footprints (or the
 * area the exporter named) and with the whole library. Pure given its inputs; the anomaly rule
 * and the read route share it.
 */
export function compareCertificateParcels(
  { certificate, profiles, library, required, thresholds }: { certificate: CertificateRow; profiles: ParcelProfileRow[]; library: FootprintLibrary; required: boolean; thresholds: FootprintThresholds },
): CertificateFootprints {
  const content = contentOf(certificate);
  const origins = content.origin.countries;
  const signed = signedProfilesState(content, profiles);
  const signedParcels = signed.state === 'not_signed' ? [] : signed.parcels;
  const parcels = content.parcels.map((parcel, index) => {
    const position = index + 1;
    const comparisons = profiles
      .filter((profile) => profile.position === position)
      .map((profile) => {
        const ranking = rankFootprints(sizeProfileOf(profile.series as SeriesId, profile.classes as StoredClass[]), library.entries, thresholds);
        const declaredAreaId = profile.declaredAreaId;
        const declared = ranking.find(({ key }) => (declaredAreaId ? key.areaId === declaredAreaId : origins.includes(key.participantCode)));
        return {
          profile: toParcelProfile(profile),
          signedWithCertificate: profile.source === 'exporter' && signedParcels.includes(position),
          declaredOrigin: declared ? toComparisonResult(declared) : null,
          ranking: ranking.slice(0, RANKING_SHOWN).map(toComparisonResult),
        };
      });
    const state: ParcelFootprintState =
      comparisons.length === 0 ? 'no_profile' : worst(comparisons.map((comparison) => comparison.declaredOrigin?.verdict ?? 'no_footprint'));
    return { position, hsCode: parcel.hsCode, carats: parcel.carats, state, comparisons };
  });
  const parcelStates = parcels.map((parcel) => parcel.state);
  const counted = required ? parcelStates : parcelStates.filter((state) => state !== 'no_profile');
  return {
    certificateNumber: certificate.number,
    originCountries: origins,
    profileRequired: required,
    signedProfiles: signed.state === 'not_signed' ? { state: 'not_signed', parcels: [], digest: null } : signed,
    state: counted.length === 0 ? 'no_profile' : worst(counted),
    parcels,
  };
}

/** Loads what {@link compareCertificateParcels} needs for one certificate. */
export async function certificateFootprints(db: Db | Tx, certificate: CertificateRow, thresholds: FootprintThresholds, library?: FootprintLibrary): Promise<CertificateFootprints> {
  const profiles = await parcelProfileRows(db, certificate.id);
  const required = (await requiredOrigins(db, contentOf(certificate).origin.countries)).length > 0;
  return compareCertificateParcels({ certificate, profiles, library: library ?? (await loadFootprintLibrary(db)), required, thresholds });
}

/** Who may read a certificate's footprint comparison: whoever sees the certificate, and the WGDE. */
export function canSeeFootprintComparison(actor: Actor | null, certificate: CertificateRow): boolean {
  return canSeeCertificate(actor, certificate) || hasRole(actor, 'wgde');
}

/** The footprint comparison of a certificate's parcels (issuer, destination, Chair, WGM, WGDE). */
export async function getCertificateFootprints({ actor, number }: { actor: Actor; number: string }, deps: Deps): Promise<CertificateFootprints> {
  const certificate = await findCertificateRow(deps.db, number);
  if (!certificate || !canSeeFootprintComparison(actor, certificate)) throw new AppError('NOT_FOUND');
  return certificateFootprints(deps.db, certificate, deps.config.footprint);
}
