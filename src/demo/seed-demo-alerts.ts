import { and, desc, eq, sql } from 'drizzle-orm';
import { closeReport, createReport } from '../alerts/reports.ts';
import { toActor } from '../users/user-repository.ts';
import { certificateReports, certificates, users } from '../db/schema.ts';
import type { Deps } from '../deps.ts';

async function actor(deps: Deps, email: string) {
  const [row] = await deps.db.select().from(users).where(eq(users.email, email));
  return row ? toActor(row, 'session') : null;
}

/**
 * Two alerts for the demo, through the same use cases officials use: an open doubt from the UAE
 * about a recent Botswana certificate, and a number offered in Mumbai that Botswana never
 * issued, confirmed fraudulent by the Chair — it fails verification everywhere.
 */
export async function seedDemoAlerts(deps: Deps): Promise<void> {
  const [{ existing }] = await deps.db.select({ existing: sql<number>`count(*)::int` }).from(certificateReports);
  if (existing > 0) return;
  const importerAe = await actor(deps, 'importer.ae@demo.test');
  const importerIn = await actor(deps, 'importer.in@demo.test');
  const chair = await actor(deps, 'chair@demo.test');
  if (!importerAe || !importerIn || !chair) return;
  const [recent] = await deps.db
    .select()
    .from(certificates)
    .where(and(eq(certificates.participantCode, 'BW'), eq(certificates.importingParticipant, 'AE'), eq(certificates.status, 'issued')))
    .orderBy(desc(certificates.issueDate))
    .limit(1);
  if (recent) {
    await createReport(
      {
        actor: importerAe,
        draft: {
          certificateNumber: recent.number,
          kind: 'suspicious',
          description: 'The seal number on the container differs from the one on the certificate; shipment held at the Dubai Diamond Exchange pending confirmation by the Botswana authority.',
          files: [],
        },
      },
      deps,
    );
  }
  const year = deps.now().getUTCFullYear();
  const fake = await createReport(
    {
      actor: importerIn,
      draft: {
        certificateNumber: `BW-${year - 1}-094117`,
        kind: 'fraudulent',
        description: 'Certificate presented at Mumbai customs: number from a range Botswana never reached; layout differs from the specimen; no valid QR seal.',
        files: [],
      },
    },
    deps,
  );
  await closeReport({ actor: chair, id: fake.id, outcome: 'confirmed_fraudulent', note: 'Botswana confirms it never issued this number. Circulated to all Participants.' }, deps);
}
