import { seededRandom } from '../domain/seeded-random.ts';
import { and, eq, sql } from 'drizzle-orm';
import { writeCertificate } from '../certificates/issue-certificate.ts';
import { contentOf, type CertificateRow } from '../certificates/certificate-repository.ts';
import { recordReceipt } from '../receipts/record-receipt.ts';
import type { CertificateDraft } from '../certificates/schemas.ts';
import { certificates, operators, users } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { isAppError } from '../domain/errors.ts';
import { formatHundredths } from '../domain/amounts.ts';
import { toActor } from '../users/user-repository.ts';

/**
 * About two years of certificates between the demo participants, so statistics and lists look
 * real. Magnitudes follow public KP figures: a shipment of a few thousand carats, $/ct by
 * origin (Botswana ~150, Russia ~90, Canada ~130, Angola ~150, Central African Republic ~250,
 * industrial goods ~15). Generated with a fixed seed: the same demo every time.
 */
interface Lane {
  from: string;
  to: string;
  perMonth: number;
  origins: string[];
  usdPerCarat: number;
  meanCarats: number;
  territory?: string;
  since?: string;
}

const LANES: Lane[] = [
  { from: 'BW', to: 'AE', perMonth: 3, origins: ['BW'], usdPerCarat: 150, meanCarats: 6000 },
  { from: 'BW', to: 'IN', perMonth: 2, origins: ['BW'], usdPerCarat: 140, meanCarats: 5000 },
  { from: 'BW', to: 'EU', perMonth: 3, origins: ['BW'], usdPerCarat: 165, meanCarats: 7000 },
  { from: 'RU', to: 'AE', perMonth: 2, origins: ['RU'], usdPerCarat: 90, meanCarats: 9000 },
  { from: 'RU', to: 'IN', perMonth: 2, origins: ['RU'], usdPerCarat: 85, meanCarats: 8000 },
  { from: 'RU', to: 'CN', perMonth: 1, origins: ['RU'], usdPerCarat: 95, meanCarats: 6000 },
  { from: 'CA', to: 'EU', perMonth: 2, origins: ['CA'], usdPerCarat: 130, meanCarats: 5000 },
  { from: 'CA', to: 'IN', perMonth: 1, origins: ['CA'], usdPerCarat: 120, meanCarats: 4000 },
  { from: 'ZA', to: 'EU', perMonth: 2, origins: ['ZA'], usdPerCarat: 120, meanCarats: 3500 },
  { from: 'ZA', to: 'AE', perMonth: 1, origins: ['ZA'], usdPerCarat: 115, meanCarats: 3000 },
  { from: 'AO', to: 'AE', perMonth: 2, origins: ['AO'], usdPerCarat: 150, meanCarats: 4500 },
  { from: 'AE', to: 'IN', perMonth: 4, origins: ['BW', 'RU', 'AO'], usdPerCarat: 120, meanCarats: 4000 },
  { from: 'AE', to: 'EU', perMonth: 2, origins: ['BW', 'ZA', 'AO'], usdPerCarat: 160, meanCarats: 2500 },
  { from: 'EU', to: 'IN', perMonth: 4, origins: ['BW', 'CA', 'ZA'], usdPerCarat: 170, meanCarats: 3000, territory: 'BE' },
  { from: 'EU', to: 'AE', perMonth: 2, origins: ['BW', 'CA'], usdPerCarat: 180, meanCarats: 2000, territory: 'BE' },
  { from: 'EU', to: 'US', perMonth: 1, origins: ['BW', 'CA'], usdPerCarat: 260, meanCarats: 800, territory: 'BE' },
  { from: 'IN', to: 'AE', perMonth: 1, origins: ['BW', 'RU'], usdPerCarat: 110, meanCarats: 1500 },
  { from: 'CN', to: 'AE', perMonth: 1, origins: ['RU'], usdPerCarat: 100, meanCarats: 1200 },
  { from: 'US', to: 'EU', perMonth: 1, origins: ['CA'], usdPerCarat: 300, meanCarats: 300 },
  { from: 'CF', to: 'AE', perMonth: 1, origins: ['CF'], usdPerCarat: 250, meanCarats: 600, since: '2025-01-01' },
  { from: 'CF', to: 'EU', perMonth: 1, origins: ['CF'], usdPerCarat: 280, meanCarats: 400, since: '2025-01-01' },
];

function logNormal(next: () => number, mean: number, sigma: number): number {
  const u = Math.max(next(), 1e-9);
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  return mean * Math.exp(sigma * z - (sigma * sigma) / 2);
}

export interface DemoCertificateOptions {
  /** Months of history ending this month (default 24). */
  months?: number;
  /** Scale the number of certificates per lane and month (tests use a small one). */
  volume?: number;
}

/** Issues the demo history once (does nothing when certificates already exist). */
/**
 * The importing authority confirms most shipments 2–10 days after dispatch; about 2 % are never
 * confirmed (they show as unconfirmed once overdue) and about 4 % arrive with a discrepancy.
 */
async function confirmDemoReceipt(deps: Deps, row: CertificateRow, next: () => number, end: Date): Promise<void> {
  const roll = next();
  const receivedAt = new Date(row.issuedAt.getTime() + (2 + Math.floor(next() * 9)) * 86_400_000);
  if (roll < 0.02 || receivedAt > end) return;
  const [importer] = await deps.db.select().from(users).where(eq(users.email, `importer.${row.importingParticipant.toLowerCase()}@demo.test`));
  if (!importer) return;
  const content = contentOf(row);
  const discrepancy = roll > 0.96;
  const carats = discrepancy ? Math.round(row.totalCarats * (0.9 + next() * 0.05)) : row.totalCarats;
  await recordReceipt(
    {
      actor: toActor(importer, 'session'),
      number: row.number,
      draft: {
        receivedOn: receivedAt.toISOString().slice(0, 10),
        parcelCount: row.parcelCount,
        carats: formatHundredths(carats),
        importerName: content.importer.name,
        exporterName: content.exporter.name,
        sealIntact: !(discrepancy && next() < 0.5),
        notes: discrepancy ? 'Reweighed at the importing authority in the presence of the importer.' : undefined,
      },
    },
    { ...deps, now: () => receivedAt },
  );
}

export async function seedDemoCertificates(deps: Deps, { months = 24, volume = 1 }: DemoCertificateOptions = {}): Promise<number> {
  const [{ existing }] = await deps.db.select({ existing: sql<number>`count(*)::int` }).from(certificates);
  if (existing > 0) return 0;
  const next = seededRandom(20031105);
  const end = deps.now();
  const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - months + 1, 1));

  const exporterOf = async (code: string) => {
    const rows = await deps.db.select().from(operators).where(eq(operators.participantCode, code));
    return rows.filter((row) => row.licenceTypes.includes('exporter') && !row.suspendedAt);
  };
  const importerOf = async (code: string) => {
    const rows = await deps.db.select().from(operators).where(eq(operators.participantCode, code));
    return rows.find((row) => row.licenceTypes.includes('importer')) ?? rows[0];
  };
  const officerOf = async (code: string) => {
    const [row] = await deps.db.select().from(users).where(and(eq(users.email, `exporter.${code.toLowerCase()}@demo.test`)));
    return row ? toActor(row, 'session') : null;
  };

  let issued = 0;
  for (let month = 0; month < months; month++) {
    const monthStart = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + month, 1));
    const days = new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 1, 0)).getUTCDate();
    const jobs: { lane: Lane; at: Date }[] = [];
    for (const lane of LANES) {
      const count = Math.round(lane.perMonth * volume * (0.6 + next() * 0.8));
      for (let i = 0; i < count; i++) {
        const day = 1 + Math.floor(next() * days);
        const at = new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth(), day, 8 + Math.floor(next() * 9), Math.floor(next() * 60)));
        if (at <= end && !(lane.since && at.toISOString().slice(0, 10) < lane.since)) jobs.push({ lane, at });
      }
    }
    // Numbers follow issuing order, as at a real authority.
    jobs.sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const { lane, at } of jobs) {
      const day = at.toISOString().slice(0, 10);
      const actor = await officerOf(lane.from);
      const exporters = (await exporterOf(lane.from)).filter((row) => row.validFrom <= day && row.validUntil >= day);
      const importer = await importerOf(lane.to);
      if (!actor || exporters.length === 0 || !importer) continue;
      const parcelCount = 1 + Math.floor(next() * 3);
      const parcels = Array.from({ length: parcelCount }, () => {
        const industrial = next() < 0.12;
        const carats = Math.max(1, Math.round(logNormal(next, lane.meanCarats / parcelCount, 0.6) * 100));
        const perCarat = industrial ? 10 + next() * 15 : logNormal(next, lane.usdPerCarat, 0.25);
        return {
          hsCode: industrial ? '7102.21' : next() < 0.15 ? '7102.10' : '7102.31',
          carats: formatHundredths(carats),
          valueUsd: formatHundredths(Math.max(1, Math.round((carats / 100) * perCarat * 100))),
        };
      });
      const origins = lane.origins.length > 1 ? lane.origins.filter(() => next() < 0.7) : lane.origins;
      const draft: CertificateDraft = {
        importingParticipant: lane.to,
        exporterId: exporters[Math.floor(next() * exporters.length)].id,
        importer: { name: importer.name, address: importer.address, licence: importer.licenceNumber },
        originCountries: origins.length > 0 ? origins : lane.origins.slice(0, 1),
        mixedOrigin: lane.origins.length > 1 && next() < 0.3,
        territory: lane.territory ?? null,
        parcels,
        seals: [`${lane.from}-SEAL-${Math.floor(next() * 900000 + 100000)}`],
        transitCountries: [],
        purpose: 'commercial',
      };
      try {
        const row = await transact(deps, (tx) => writeCertificate(tx, { actor, draft }, { ...deps, now: () => at }, null));
        issued++;
        await confirmDemoReceipt(deps, row, next, end);
      } catch (error) {
        // A lane closed on that date (participant not in good standing, licence lapsed) issues nothing, as in life.
        if (!isAppError(error)) throw error;
      }
    }
  }
  return issued;
}
