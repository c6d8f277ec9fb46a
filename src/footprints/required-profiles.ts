import { contentOf, type CertificateRow } from '../certificates/certificate-repository.ts';
import type { Db, Tx } from '../db/database.ts';
import { parcelProfileRows, requiredOrigins } from './footprint-repository.ts';

/**
 * The parcels (numbered from 1) that still lack the exporting authority's size-frequency profile
 * although an origin of the certificate is on the WGDE's list of origins that must attach one.
 * Empty when no origin is listed or every parcel has its profile. The list is read as it stands
 * now, not as it stood at issue: the WGDE's word applies to shipments still on their way.
 *
 * @example await parcelsLackingRequiredProfile(tx, certificate) // [2]: parcel 2 has no exporter profile
 */
export async function parcelsLackingRequiredProfile(db: Db | Tx, certificate: CertificateRow): Promise<number[]> {
  const content = contentOf(certificate);
  if ((await requiredOrigins(db, content.origin.countries)).length === 0) return [];
  const profiled = new Set((await parcelProfileRows(db, certificate.id)).filter((profile) => profile.source === 'exporter').map((profile) => profile.position));
  return content.parcels.map((_, index) => index + 1).filter((position) => !profiled.has(position));
}
