import { desc, eq, inArray, sql } from 'drizzle-orm';
import { contentOf } from '../certificates/certificate-repository.ts';
import { certificates, footprints, users } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { toActor } from '../users/user-repository.ts';
import { recordFootprint } from './record-footprint.ts';
import { recordParcelProfile } from './record-parcel-profile.ts';
import { setFootprintRequirement } from './set-footprint-requirement.ts';
import { classesOfProfile } from './size-profile.ts';
import { SYNTHETIC_AREAS, syntheticProfile, type SyntheticArea } from './synthetic-model.ts';

const NOTE = 'SYNTHETIC demo footprint: stones drawn (seeded) from a log-normal size model with invented parameters (docs/footprints.md). Not a measurement.';

async function demoActor(deps: Deps, email: string) {
  const [row] = await deps.db.select().from(users).where(eq(users.email, email));
  return row ? toActor(row, 'session') : null;
}

function classesOf(area: Pick<SyntheticArea, 'medianCarats' | 'sigma'>, stones: number, seed: number) {
  return classesOfProfile(syntheticProfile(area, { stones, series: 'sieve', seed })).map((entry) => ({ code: entry.code, stones: entry.stones, carats: entry.carats.toFixed(2) }));
}

/**
 * Demo footprints (issue #7), through the same use cases the WGDE uses: a SYNTHETIC footprint for
 * every area of the synthetic model (clearly labelled), the Central African Republic on the list of
 * origins that must attach profiles, and profiles on a few recent demo certificates — exporters'
 * profiles drawn from the declared origin's model (consistent) and importers' measurements drawn
 * from another area (inconsistent). Runs once.
 */
export async function seedDemoFootprints(deps: Deps): Promise<void> {
  const [{ existing }] = await deps.db.select({ existing: sql<number>`count(*)::int` }).from(footprints);
  if (existing > 0) return;
  const wgde = await demoActor(deps, 'wgde@demo.test');
  if (!wgde) return;
  const areaIds = new Map<string, string>();
  for (const [index, area] of SYNTHETIC_AREAS.entries()) {
    const recorded = await recordFootprint(
      {
        actor: wgde,
        draft: {
          participantCode: area.participantCode,
          region: area.region,
          depositType: area.depositType,
          series: 'sieve',
          classes: classesOf(area, 5000, 9000 + index),
          morphology: area.depositType === 'alluvial' ? { dodecahedron: 45, octahedron: 25, macle: 10, irregular: 20 } : { octahedron: 40, dodecahedron: 20, macle: 15, irregular: 25 },
          colour: { white: 60, yellow: 25, brown: 15 },
          sampledOn: `${deps.now().getUTCFullYear() - 1}-06-30`,
          measuredBy: 'WGDE (demo)',
          synthetic: true,
          note: NOTE,
        },
      },
      deps,
    );
    areaIds.set(area.key, recorded.latest.areaId);
  }
  await setFootprintRequirement({ actor: wgde, participantCode: 'CF', note: 'Demo: UNGA 69/136 §21 welcomed the updated CAR footprint.' }, deps);

  const recent = await deps.db
    .select()
    .from(certificates)
    .where(inArray(certificates.status, ['issued']))
    .orderBy(desc(certificates.issueDate))
    .limit(300);
  let matching = 0;
  let mismatching = 0;
  for (const certificate of recent) {
    if (matching >= 3 && mismatching >= 2) break;
    const origin = contentOf(certificate).origin.countries;
    const area = SYNTHETIC_AREAS.find((each) => origin.length === 1 && each.participantCode === origin[0]);
    if (!area) continue;
    const exporter = await demoActor(deps, `exporter.${certificate.participantCode.toLowerCase()}@demo.test`);
    const importer = await demoActor(deps, `importer.${certificate.importingParticipant.toLowerCase()}@demo.test`);
    if (!exporter || !importer) continue;
    const seed = matching * 31 + mismatching * 17 + 5;
    if (matching < 3) {
      await recordParcelProfile(
        { actor: exporter, number: certificate.number, position: 1, source: 'exporter', draft: { series: 'sieve', classes: classesOf(area, 600, seed), declaredAreaId: areaIds.get(area.key) ?? null, note: 'Demo: drawn from the declared area’s synthetic model (matches).' } },
        deps,
      );
      matching += 1;
    } else {
      const other = SYNTHETIC_AREAS.find((each) => each.participantCode !== area.participantCode && each.depositType !== area.depositType)!;
      await recordParcelProfile(
        { actor: importer, number: certificate.number, position: 1, source: 'importer', draft: { series: 'sieve', classes: classesOf(other, 500, seed), note: `Demo: drawn from ${other.key} (does not match the declared origin).` } },
        deps,
      );
      mismatching += 1;
    }
  }
}
