import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { footprintPhotos, footprintRequirements, footprints, parcelProfiles } from '../db/schema.ts';
import { formatHundredths } from '../domain/amounts.ts';
import type { SeriesId } from './size-classes.ts';
import { profileFromClasses, type SizeProfile } from './size-profile.ts';
import type { Footprint, FootprintRequirement, ParcelProfile } from './schemas.ts';

export type FootprintRow = typeof footprints.$inferSelect;
export type ParcelProfileRow = typeof parcelProfiles.$inferSelect;
type PhotoRow = Pick<typeof footprintPhotos.$inferSelect, 'id' | 'footprintId' | 'fileName' | 'mediaType' | 'size' | 'sha256'>;

/** A stored class: carats as an exact two-decimal string. */
export interface StoredClass {
  code: string;
  stones: number;
  carats: string;
}

/** "12.3" → 1230 hundredths. */
export function caratHundredths(carats: string): number {
  const [whole, fraction = ''] = carats.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Stored classes in canonical form ("12.30"), zero-stone classes dropped. */
export function canonicalClasses(classes: StoredClass[]): StoredClass[] {
  return classes.filter((entry) => entry.stones > 0).map((entry) => ({ code: entry.code, stones: entry.stones, carats: formatHundredths(caratHundredths(entry.carats)) }));
}

/** The statistics' view of stored classes (carats as floats). Stored classes were checked on the way in. */
export function sizeProfileOf(series: SeriesId, classes: StoredClass[]): SizeProfile {
  const read = profileFromClasses(
    series,
    classes.map((entry) => ({ code: entry.code, stones: entry.stones, carats: caratHundredths(entry.carats) / 100 })),
  );
  if (!('profile' in read)) throw new Error(`stored profile is invalid: ${read.problem}`);
  return read.profile;
}

export function toFootprint(row: FootprintRow, photos: PhotoRow[]): Footprint {
  return {
    id: row.id,
    areaId: row.areaId,
    version: row.version,
    participantCode: row.participantCode,
    region: row.region,
    depositType: row.depositType as Footprint['depositType'],
    series: row.series as SeriesId,
    classes: row.classes as StoredClass[],
    morphology: (row.morphology as Record<string, number> | null) ?? null,
    colour: (row.colour as Record<string, number> | null) ?? null,
    sampleStones: row.sampleStones,
    sampleCarats: formatHundredths(row.sampleCarats),
    sampledOn: row.sampledOn,
    measuredBy: row.measuredBy,
    synthetic: row.synthetic,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    photos: photos.filter((photo) => photo.footprintId === row.id).map(({ id, fileName, mediaType, size, sha256 }) => ({ id, fileName, mediaType, size, sha256 })),
  };
}

async function photosOf(db: Db | Tx, footprintIds: string[]): Promise<PhotoRow[]> {
  if (footprintIds.length === 0) return [];
  return db
    .select({ id: footprintPhotos.id, footprintId: footprintPhotos.footprintId, fileName: footprintPhotos.fileName, mediaType: footprintPhotos.mediaType, size: footprintPhotos.size, sha256: footprintPhotos.sha256 })
    .from(footprintPhotos)
    .where(inArray(footprintPhotos.footprintId, footprintIds))
    .orderBy(asc(footprintPhotos.uploadedAt));
}

/** The latest version of every footprint area, by participant and region. */
export async function latestFootprintRows(db: Db | Tx): Promise<FootprintRow[]> {
  const rows = await db.select().from(footprints).orderBy(asc(footprints.participantCode), asc(footprints.region), desc(footprints.version));
  const latest = new Map<string, FootprintRow>();
  for (const row of rows) if (!latest.has(row.areaId)) latest.set(row.areaId, row);
  return [...latest.values()];
}

export async function listLatestFootprints(db: Db | Tx): Promise<Footprint[]> {
  const rows = await latestFootprintRows(db);
  const photos = await photosOf(db, rows.map((row) => row.id));
  return rows.map((row) => toFootprint(row, photos));
}

/** Every version of one area, newest first (empty when there is no such area). */
export async function areaVersionRows(db: Db | Tx, areaId: string): Promise<FootprintRow[]> {
  return db.select().from(footprints).where(eq(footprints.areaId, areaId)).orderBy(desc(footprints.version));
}

export async function footprintArea(db: Db | Tx, areaId: string): Promise<{ latest: Footprint; versions: Footprint[] } | null> {
  const rows = await areaVersionRows(db, areaId);
  if (rows.length === 0) return null;
  const photos = await photosOf(db, rows.map((row) => row.id));
  const versions = rows.map((row) => toFootprint(row, photos));
  return { latest: versions[0], versions };
}

export async function findFootprintPhoto(db: Db | Tx, id: string) {
  const [row] = await db.select().from(footprintPhotos).where(eq(footprintPhotos.id, id));
  return row;
}

export function toFootprintRequirement(row: typeof footprintRequirements.$inferSelect): FootprintRequirement {
  return { participantCode: row.participantCode, note: row.note, recordedAt: row.recordedAt.toISOString() };
}

export async function listFootprintRequirements(db: Db | Tx): Promise<FootprintRequirement[]> {
  return (await db.select().from(footprintRequirements).orderBy(asc(footprintRequirements.participantCode))).map(toFootprintRequirement);
}

export async function requiredOrigins(db: Db | Tx, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await db.select({ code: footprintRequirements.participantCode }).from(footprintRequirements).where(inArray(footprintRequirements.participantCode, codes));
  return rows.map((row) => row.code);
}

export function toParcelProfile(row: ParcelProfileRow): ParcelProfile {
  return {
    id: row.id,
    position: row.position,
    source: row.source as ParcelProfile['source'],
    series: row.series as SeriesId,
    classes: row.classes as StoredClass[],
    declaredAreaId: row.declaredAreaId,
    note: row.note,
    recordedAt: row.recordedAt.toISOString(),
  };
}

export async function parcelProfileRows(db: Db | Tx, certificateId: string): Promise<ParcelProfileRow[]> {
  return db.select().from(parcelProfiles).where(eq(parcelProfiles.certificateId, certificateId)).orderBy(asc(parcelProfiles.position), asc(parcelProfiles.source));
}

export async function findParcelProfileRow(db: Db | Tx, certificateId: string, position: number, source: string): Promise<ParcelProfileRow | undefined> {
  const [row] = await db
    .select()
    .from(parcelProfiles)
    .where(and(eq(parcelProfiles.certificateId, certificateId), eq(parcelProfiles.position, position), eq(parcelProfiles.source, source)));
  return row;
}
