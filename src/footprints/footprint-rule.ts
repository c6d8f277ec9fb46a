import { and, gte, inArray, ne } from 'drizzle-orm';
import type { CaseCandidate } from '../anomalies/anomaly-case.ts';
import { contentOf } from '../certificates/certificate-repository.ts';
import type { FootprintThresholds } from '../config.ts';
import type { Tx } from '../db/database.ts';
import { certificates, parcelProfiles } from '../db/schema.ts';
import { compareCertificateParcels, loadFootprintLibrary } from './get-certificate-footprints.ts';
import { requiredOrigins } from './footprint-repository.ts';

/**
 * Footprint inconsistent (issue #7): a parcel profile — declared by the exporter or measured on
 * arrival — that is inconsistent with the footprint of the declared origin (docs/footprints.md).
 * One case per exporting participant, importing participant and issue date, listing every such
 * parcel; the profiles recorded after the case was raised do not reopen it (the case is keyed by
 * its fingerprint, as every other rule's).
 */
export async function footprintInconsistentCases(tx: Tx, { since }: { since: string }, thresholds: FootprintThresholds): Promise<CaseCandidate[]> {
  const profiles = await tx.select().from(parcelProfiles);
  if (profiles.length === 0) return [];
  const ids = [...new Set(profiles.map((profile) => profile.certificateId))];
  const rows = await tx
    .select()
    .from(certificates)
    .where(and(inArray(certificates.id, ids), gte(certificates.issueDate, since), ne(certificates.status, 'voided')));
  const library = await loadFootprintLibrary(tx);
  const byKey = new Map<string, CaseCandidate>();
  for (const certificate of rows) {
    const own = profiles.filter((profile) => profile.certificateId === certificate.id);
    const required = (await requiredOrigins(tx, contentOf(certificate).origin.countries)).length > 0;
    const result = compareCertificateParcels({ certificate, profiles: own, library, required, thresholds });
    for (const parcel of result.parcels) {
      for (const comparison of parcel.comparisons) {
        const declared = comparison.declaredOrigin;
        if (declared?.verdict !== 'inconsistent') continue;
        const key = `${certificate.participantCode}|${certificate.importingParticipant}|${certificate.issueDate}`;
        const candidate =
          byKey.get(key) ??
          byKey
            .set(key, {
              rule: 'footprint_inconsistent',
              participantCode: certificate.participantCode,
              partnerCode: certificate.importingParticipant,
              period: certificate.issueDate,
              evidence: { issueDate: certificate.issueDate, certificates: [] as Record<string, unknown>[] },
            })
            .get(key)!;
        (candidate.evidence.certificates as Record<string, unknown>[]).push({
          certificateNumber: certificate.number,
          exportingParticipant: certificate.participantCode,
          issueDate: certificate.issueDate,
          parcel: parcel.position,
          source: comparison.profile.source,
          footprint: `${declared.participantCode} — ${declared.region} (${declared.depositType}, v${declared.version})${declared.synthetic ? ' SYNTHETIC' : ''}`,
          parcelStones: declared.parcelStones,
          pValue: Number(declared.pValue?.toPrecision(3)),
          kolmogorovSmirnov: Number(declared.kolmogorovSmirnov.toFixed(3)),
          hellinger: Number(declared.hellinger.toFixed(3)),
          mostSimilar: comparison.ranking[0] ? `${comparison.ranking[0].participantCode} — ${comparison.ranking[0].region}` : null,
        });
      }
    }
  }
  return [...byKey.values()];
}
