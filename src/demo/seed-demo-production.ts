import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Deps } from '../deps.ts';
import { REFERENCE_DIR } from '../participants/seed-register.ts';
import { importStatistics } from '../production/import-statistics.ts';
import { importedBefore } from '../production/production-repository.ts';

export const DEMO_PRODUCTION_FILE = path.join(REFERENCE_DIR, 'kp-production', 'production_semiannual_kpdb.csv');

/**
 * The KP's real half-year production figures 2003–2024 for the demo, loaded once through the same
 * import officials use (actor `system:demo`). A later start finds the file's digest and does nothing.
 */
export async function seedDemoProduction(deps: Deps): Promise<void> {
  const content = fs.readFileSync(DEMO_PRODUCTION_FILE);
  if (await importedBefore(deps.db, createHash('sha256').update(content).digest('hex'))) return;
  await importStatistics({ actor: 'system:demo', fileName: path.basename(DEMO_PRODUCTION_FILE), content }, deps);
}
