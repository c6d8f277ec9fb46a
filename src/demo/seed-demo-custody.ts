import { eq } from 'drizzle-orm';
import { issueCertificate } from '../certificates/issue-certificate.ts';
import { registerSite, setInternalControls } from '../custody/manage-sites.ts';
import { recordEntry } from '../custody/record-entry.ts';
import { miningSites, operators, users } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { formatHundredths } from '../domain/amounts.ts';
import { addDays } from '../certificates/certificate-rules.ts';
import { todayUtc } from '../domain/licence.ts';
import { seededRandom } from '../domain/seeded-random.ts';
import { registerOperator } from '../operators/register-operator.ts';
import { toActor } from '../users/user-repository.ts';

const CODE = 'AO';

/**
 * Demo internal controls for Angola (issue #9): artisanal diggers of a cooperative on two alluvial
 * sites of Lunda Norte and an industrial kimberlite pit, two buying houses and an exporter, five
 * months of production, sales and transfers recorded through the same service the field officers
 * use, then internal controls turned on and one certificate drawn from the exporter's stock.
 * Every actor and site is fictional (marked "demo"). The story holds three things for the anomaly
 * engine and the reports to find: a digger selling on an expired card, a buyer whose licence ends
 * within weeks, and a month in which the Lucapa site declares four times its usual production.
 */
export async function seedDemoCustody(deps: Deps): Promise<boolean> {
  const [seeded] = await deps.db.select({ id: miningSites.id }).from(miningSites).where(eq(miningSites.participantCode, CODE));
  if (seeded) return false;
  const userRow = async (email: string) => {
    const [row] = await deps.db.select().from(users).where(eq(users.email, email));
    return row ? toActor(row, 'session') : null;
  };
  const mines = await userRow('mines.ao@demo.test');
  const admin = await userRow('admin.ao@demo.test');
  const exporting = await userRow('exporter.ao@demo.test');
  if (!mines || !admin || !exporting) return false;
  const [industrialMiner] = await deps.db.select().from(operators).where(eq(operators.licenceNumber, 'AO-MIREMPET-2021-0071'));
  const today = todayUtc(deps.now());
  const next = seededRandom(20260901);
  const license = (name: string, licenceNumber: string, licenceTypes: ('artisanal_miner' | 'cooperative' | 'dealer' | 'exporter')[], extra: Record<string, unknown> = {}) =>
    registerOperator(
      {
        actor: mines,
        participantCode: CODE,
        draft: { name, address: 'Lunda Norte, Angola', licenceNumber, licenceTypes, validFrom: '2024-01-01', validUntil: '2028-12-31', ...extra },
      },
      deps,
    );

  const cooperative = await license('Cooperativa Mineira do Cuango (demo)', 'AO-COOP-LN-0031', ['cooperative']);
  const diggers = await Promise.all(
    [
      ['Manuel Kassoma (demo)', 'AO-CART-LN-01187', '2028-12-31'],
      ['Teresa Muacasso (demo)', 'AO-CART-LN-01204', '2028-12-31'],
      ['João Tchissola (demo)', 'AO-CART-LN-01342', '2028-12-31'],
      // His card ran out two months ago; he kept selling: the anomaly engine raises it.
      ['Domingos Camuanga (demo)', 'AO-CART-LN-00955', addDays(today, -60)],
    ].map(([name, card, validUntil]) =>
      license(name, card, ['artisanal_miner'], { registrationCard: card, cooperativeId: cooperative.id, validUntil }),
    ),
  );
  const cafunfoBuyer = await license('Casa de Compra Cafunfo (demo)', 'AO-CC-2024-0112', ['dealer']);
  // Licence ends within the warning window: the authority's "licences about to expire" report lists it.
  const lucapaBuyer = await license('Comprador Autorizado Lucapa (demo)', 'AO-CC-2023-0087', ['dealer'], { validUntil: addDays(today, 20) });
  const exporter = await license('Kwango Rough Export Lda (demo)', 'AO-EXP-2022-0019', ['dealer', 'exporter']);

  const site = (name: string, licenceNumber: string, holder: string, depositType: 'alluvial' | 'kimberlite', artisanal: boolean, latitude: string, longitude: string) =>
    registerSite(
      {
        actor: mines,
        participantCode: CODE,
        draft: { name, licenceNumber, holderOperatorId: holder, depositType, artisanal, region: 'Lunda Norte', latitude, longitude, validFrom: '2024-01-01', validUntil: '2029-12-31' },
      },
      deps,
    );
  const cafunfo = await site('Cuango river banks, Cafunfo (demo)', 'AO-ZA-LN-014', cooperative.id, 'alluvial', true, '-8.7833', '17.9833');
  const lucapa = await site('Chicapa terraces, Lucapa (demo)', 'AO-ZA-LN-022', cooperative.id, 'alluvial', true, '-8.4167', '20.7333');
  const pit = await site('Kimberlite pipe K-7, Lunda Norte (demo)', 'AO-ML-LN-0007', industrialMiner.id, 'kimberlite', false, '-9.4000', '20.3000');

  const record = (draft: Parameters<typeof recordEntry>[0]['draft']) => recordEntry({ actor: mines, participantCode: CODE, draft }, deps);
  const ct = (from: number, to: number) => Math.round((from + next() * (to - from)) * 100);
  const months = 5;
  const thisMonth = today.slice(0, 8) + '01';
  const monthStart = (offset: number) => {
    const date = new Date(`${thisMonth}T00:00:00Z`);
    date.setUTCMonth(date.getUTCMonth() - offset);
    return date.toISOString().slice(0, 10);
  };
  for (let offset = months; offset >= 1; offset--) {
    const start = monthStart(offset);
    const spike = offset === 1; // last complete month: Lucapa declares far above its history
    const held = new Map<string, number>();
    for (const [index, digger] of diggers.entries()) {
      for (const week of [2, 12, 21]) {
        const at = index % 2 === 0 ? cafunfo : lucapa;
        const produced = ct(15, 90) * (spike && at.id === lucapa.id ? 4 : 1);
        const day = addDays(start, week + index);
        await record({ kind: 'production', occurredOn: day, siteId: at.id, toOperatorId: digger.id, carats: formatHundredths(produced), valueUsd: '0' });
        const buyer = at.id === cafunfo.id ? cafunfoBuyer : lucapaBuyer;
        const sold = Math.floor(produced * (0.85 + next() * 0.15));
        const price = Math.round((sold / 100) * (180 + next() * 140) * 100);
        await record({
          kind: 'sale',
          occurredOn: addDays(day, 2),
          siteId: at.id,
          fromOperatorId: digger.id,
          toOperatorId: buyer.id,
          carats: formatHundredths(sold),
          valueUsd: formatHundredths(price),
          warranty: true,
          parcelReference: `${buyer.licenceNumber.slice(-4)}-${start.slice(0, 7)}-${index + 1}${week}`,
        });
        held.set(`${buyer.id}|${at.id}`, (held.get(`${buyer.id}|${at.id}`) ?? 0) + sold);
      }
    }
    // Buying houses sell on to the exporter at month end; the industrial mine sells its run.
    for (const [key, carats] of held) {
      const [buyerId, siteId] = key.split('|');
      const onward = Math.floor(carats * (0.8 + next() * 0.15));
      await record({
        kind: 'sale',
        occurredOn: addDays(start, 26),
        siteId,
        fromOperatorId: buyerId,
        toOperatorId: exporter.id,
        carats: formatHundredths(onward),
        valueUsd: formatHundredths(Math.round((onward / 100) * (260 + next() * 120) * 100)),
        warranty: true,
      });
    }
    const run = ct(5200, 7800);
    await record({ kind: 'production', occurredOn: addDays(start, 27), siteId: pit.id, toOperatorId: industrialMiner.id, carats: formatHundredths(run), valueUsd: formatHundredths(Math.round((run / 100) * 95 * 100)) });
    const toExporter = Math.floor(run * 0.6);
    await record({
      kind: 'sale',
      occurredOn: addDays(start, 27),
      siteId: pit.id,
      fromOperatorId: industrialMiner.id,
      toOperatorId: exporter.id,
      carats: formatHundredths(toExporter),
      valueUsd: formatHundredths(Math.round((toExporter / 100) * 110 * 100)),
      warranty: true,
    });
  }

  await setInternalControls({ actor: admin, participantCode: CODE, enabled: true }, deps);

  // One export drawn from the exporter's stock of all three origins, for the origin trail.
  const [importer] = await deps.db.select().from(operators).where(eq(operators.participantCode, 'AE'));
  const artisanalFromCafunfo = 12000;
  const artisanalFromLucapa = 8050;
  const industrial = 250000;
  await issueCertificate(
    {
      actor: exporting,
      draft: {
        importingParticipant: 'AE',
        exporterId: exporter.id,
        importer: { name: importer.name, address: importer.address, licence: importer.licenceNumber },
        originCountries: [CODE],
        mixedOrigin: false,
        parcels: [
          {
            hsCode: '7102.10',
            carats: formatHundredths(artisanalFromCafunfo + artisanalFromLucapa),
            valueUsd: '64160.00',
            stockDraws: [
              { siteId: cafunfo.id, carats: formatHundredths(artisanalFromCafunfo) },
              { siteId: lucapa.id, carats: formatHundredths(artisanalFromLucapa) },
            ],
          },
          { hsCode: '7102.21', carats: formatHundredths(industrial), valueUsd: '287500.00', stockDraws: [{ siteId: pit.id, carats: formatHundredths(industrial) }] },
        ],
        seals: ['AO-SEAL-558201'],
        transitCountries: [],
        purpose: 'commercial',
      },
    },
    deps,
  );
  return true;
}
