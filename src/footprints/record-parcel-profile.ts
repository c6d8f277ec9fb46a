import { recordAudit } from '../audit/record-audit.ts';
import { canSeeCertificate, contentOf, findCertificateRow } from '../certificates/certificate-repository.ts';
import { parcelProfiles } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { actsFor, type Actor } from '../domain/roles.ts';
import { areaVersionRows, findParcelProfileRow, toParcelProfile } from './footprint-repository.ts';
import { checkedClasses } from './record-footprint.ts';
import type { ParcelProfile, ParcelProfileDraft } from './schemas.ts';

/**
 * Attaches a size-frequency profile to one parcel of a certificate: the exporting officer of the
 * issuing participant declares it (`exporter`) while the certificate is issued and not yet
 * received; the importing officer of the destination records what it measured on arrival
 * (`importer`) while the certificate is issued or received. One profile per parcel and source,
 * never changed: a correction is a matter for the anomaly case, not an overwrite.
 */
export async function recordParcelProfile(
  { actor, number, position, source, draft }: { actor: Actor; number: string; position: number; source: ParcelProfile['source']; draft: ParcelProfileDraft },
  deps: Deps,
): Promise<ParcelProfile> {
  const row = await transact(deps, async (tx) => {
    const certificate = await findCertificateRow(tx, number);
    if (!certificate || !canSeeCertificate(actor, certificate)) throw new AppError('NOT_FOUND');
    const may =
      source === 'exporter'
        ? actsFor(actor, certificate.participantCode, 'exporting_officer')
        : actsFor(actor, certificate.importingParticipant, 'importing_officer');
    if (!may) throw new AppError('FORBIDDEN');
    const parcelCount = contentOf(certificate).parcels.length;
    if (position < 1 || position > parcelCount) throw new AppError('NOT_FOUND');
    const open = source === 'exporter' ? certificate.status === 'issued' : certificate.status === 'issued' || certificate.status === 'received';
    if (!open) throw new AppError('PARCEL_PROFILE_CLOSED', { status: certificate.status });
    if (await findParcelProfileRow(tx, certificate.id, position, source)) throw new AppError('PARCEL_PROFILE_EXISTS', { position });
    const declaredAreaId = source === 'exporter' ? (draft.declaredAreaId ?? null) : null;
    if (declaredAreaId !== null && (await areaVersionRows(tx, declaredAreaId)).length === 0) throw new AppError('FOOTPRINT_PROFILE_INVALID', { problem: 'unknown_footprint' }, { problem: 'unknown_footprint' });
    const classes = checkedClasses(draft.series, draft.classes);
    const [saved] = await tx
      .insert(parcelProfiles)
      .values({ id: newId(), certificateId: certificate.id, position, source, series: draft.series, classes, declaredAreaId, note: draft.note ?? null, recordedBy: actor.userId, recordedAt: deps.now() })
      .returning();
    await recordAudit(tx, {
      actor,
      action: source === 'exporter' ? 'parcel_profile.declared' : 'parcel_profile.measured',
      entityType: 'certificate',
      entityId: certificate.number,
      participantCode: source === 'exporter' ? certificate.participantCode : certificate.importingParticipant,
      data: { position, source, series: draft.series, classes, declaredAreaId },
    });
    return saved;
  });
  return toParcelProfile(row);
}
