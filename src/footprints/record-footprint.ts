import { recordAudit } from '../audit/record-audit.ts';
import { footprintPhotos, footprints } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import type { Tx } from '../db/database.ts';
import { attachmentRow } from '../domain/attachments.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { hasRole, type Actor } from '../domain/roles.ts';
import { participantExists } from '../participants/participant-repository.ts';
import { canonicalClasses, caratHundredths, footprintArea, type FootprintRow } from './footprint-repository.ts';
import { profileFromClasses } from './size-profile.ts';
import type { FootprintArea, FootprintDraft, FootprintVersionDraft } from './schemas.ts';

type Measurement = Omit<FootprintVersionDraft, 'basedOnVersion'>;

/** Checks a profile as entered; a refusal names the class and the problem. */
export function checkedClasses(series: Measurement['series'], classes: Measurement['classes']) {
  const read = profileFromClasses(
    series,
    classes.map((entry) => ({ code: entry.code, stones: entry.stones, carats: caratHundredths(entry.carats) / 100 })),
  );
  if (!('profile' in read)) throw new AppError('FOOTPRINT_PROFILE_INVALID', { ...read }, read);
  return canonicalClasses(classes);
}

/** Shares are per cent of one sample, so those of one field (morphology or colour) cannot add up to more than 100. */
function checkShares(measurement: Pick<Measurement, 'morphology' | 'colour'>): void {
  for (const field of ['morphology', 'colour'] as const) {
    const total = Object.values(measurement[field] ?? {}).reduce((sum, share) => sum + share, 0);
    // a little slack for decimal shares that do not add up exactly in binary (33.3 + 33.3 + 33.4)
    if (total > 100 + 1e-9) {
      const shown = Math.round(total * 100) / 100;
      throw new AppError('FOOTPRINT_SHARES_OVER_100', { field, total: shown }, { field, total: shown });
    }
  }
}

/** Inserts one version with its photos and the audit entry, inside the caller's transaction. */
export async function insertFootprintVersion(
  tx: Tx,
  { actor, area, version, measurement, now }: { actor: Actor; area: Pick<FootprintRow, 'areaId' | 'participantCode' | 'region' | 'depositType'>; version: number; measurement: Measurement; now: Date },
  maxPhotoBytes: number,
): Promise<string> {
  const classes = checkedClasses(measurement.series, measurement.classes);
  checkShares(measurement);
  const id = newId();
  await tx.insert(footprints).values({
    id,
    areaId: area.areaId,
    version,
    participantCode: area.participantCode,
    region: area.region,
    depositType: area.depositType,
    series: measurement.series,
    classes,
    morphology: measurement.morphology ?? null,
    colour: measurement.colour ?? null,
    sampleStones: classes.reduce((sum, entry) => sum + entry.stones, 0),
    sampleCarats: classes.reduce((sum, entry) => sum + caratHundredths(entry.carats), 0),
    sampledOn: measurement.sampledOn,
    measuredBy: measurement.measuredBy,
    synthetic: measurement.synthetic,
    note: measurement.note ?? null,
    createdBy: actor.userId,
    createdAt: now,
  });
  const photos = (measurement.photos ?? []).map((photo) => ({ id: newId(), footprintId: id, ...attachmentRow(photo, maxPhotoBytes, { userId: actor.userId, at: now }) }));
  if (photos.length > 0) await tx.insert(footprintPhotos).values(photos);
  await recordAudit(tx, {
    actor,
    action: version === 1 ? 'footprint.created' : 'footprint.version_added',
    entityType: 'footprint',
    entityId: id,
    participantCode: area.participantCode,
    data: { areaId: area.areaId, version, region: area.region, depositType: area.depositType, series: measurement.series, classes, synthetic: measurement.synthetic, photos: photos.map((photo) => photo.sha256) },
  });
  return id;
}

/**
 * The WGDE records a new footprint area with its first version.
 *
 * @example recordFootprint({ actor: wgde, draft: { participantCode: 'GH', region: 'Akwatia', depositType: 'alluvial', series: 'sieve', classes, sampledOn: '2026-05-01', measuredBy: 'WGDE' } }, deps)
 */
export async function recordFootprint({ actor, draft }: { actor: Actor; draft: FootprintDraft }, deps: Deps): Promise<FootprintArea> {
  if (!hasRole(actor, 'wgde')) throw new AppError('FORBIDDEN');
  const areaId = await transact(deps, async (tx) => {
    if (!(await participantExists(tx, draft.participantCode))) throw new AppError('UNKNOWN_PARTICIPANT', { code: draft.participantCode });
    const area = { areaId: newId(), participantCode: draft.participantCode, region: draft.region, depositType: draft.depositType };
    await insertFootprintVersion(tx, { actor, area, version: 1, measurement: draft, now: deps.now() }, deps.config.reportFileMaxBytes);
    return area.areaId;
  });
  return (await footprintArea(deps.db, areaId))!;
}
