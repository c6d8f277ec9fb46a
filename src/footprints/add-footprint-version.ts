import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { hasRole, type Actor } from '../domain/roles.ts';
import { areaVersionRows, footprintArea } from './footprint-repository.ts';
import { insertFootprintVersion } from './record-footprint.ts';
import type { FootprintArea, FootprintVersionDraft } from './schemas.ts';

/** The WGDE adds a new measurement of an existing area; earlier versions stay as they were. */
export async function addFootprintVersion({ actor, areaId, draft }: { actor: Actor; areaId: string; draft: FootprintVersionDraft }, deps: Deps): Promise<FootprintArea> {
  if (!hasRole(actor, 'wgde')) throw new AppError('FORBIDDEN');
  await transact(deps, async (tx) => {
    const [latest] = await areaVersionRows(tx, areaId);
    if (!latest) throw new AppError('NOT_FOUND');
    if (latest.version !== draft.basedOnVersion) throw new AppError('FOOTPRINT_VERSION_CONFLICT', { latestVersion: latest.version }, { latestVersion: latest.version });
    await insertFootprintVersion(tx, { actor, area: latest, version: latest.version + 1, measurement: draft, now: deps.now() }, deps.config.reportFileMaxBytes);
  });
  return (await footprintArea(deps.db, areaId))!;
}
