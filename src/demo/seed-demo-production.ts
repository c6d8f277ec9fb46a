import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { recordAudit } from '../audit/record-audit.ts';
import { addDays } from '../certificates/certificate-rules.ts';
import { transact, type Deps } from '../deps.ts';
import { newId } from '../domain/ids.ts';
import { todayUtc } from '../domain/licence.ts';
import { REFERENCE_DIR } from '../participants/seed-register.ts';
import { importStatistics } from '../production/import-statistics.ts';
import { figuresInForce, figuresOf, importedBefore, insertReturns, returnRow, type ReturnFigures } from '../production/production-repository.ts';
import { halfYearEnd, halfYearEnded, returnDeadline, type Figures, type Half } from '../production/production-rules.ts';

export const DEMO_PRODUCTION_FILE = path.join(REFERENCE_DIR, 'kp-production', 'production_semiannual_kpdb.csv');

/** The half-years after the end of the KP file that the demo fills with synthetic returns. */
export const SYNTHETIC_HALF_YEARS: { year: number; half: Half }[] = [
  { year: 2025, half: 1 },
  { year: 2025, half: 2 },
  { year: 2026, half: 1 },
];

/** Written on every synthetic return, so no one mistakes it for a KP figure. */
export const SYNTHETIC_NOTE = 'Synthetic demo figures derived from the 2024 KP return with a deterministic variation; not KP data.';

/**
 * Left without a 2025 H2 return on purpose, so the demo's missing-returns list names a producer
 * (the register's other non-submitters are participants that filed nothing for 2024 either).
 */
export const DEMO_NON_SUBMITTER = { participantCode: 'ZA', year: 2025, half: 2 as Half };

/** Returns its 2025 H1 figures after the deadline, so the demo shows a late return. */
export const DEMO_LATE_SUBMITTER = { participantCode: 'ZW', year: 2025, half: 1 as Half };

const DEMO_ACTOR = 'system:demo';

/** A number in [0, 1) fixed by the text: the same demo on every start and every machine. */
function unit(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;
}

const scaled = (figures: Figures, caratFactor: number, priceFactor: number): Figures => ({
  carats: Math.round(figures.carats * caratFactor),
  valueCents: Math.round(figures.valueCents * caratFactor * priceFactor),
});

/**
 * A plausible return for a later half-year: carats within ±15 % of the 2024 figure and the price
 * per carat within ±8 %; when both parts (artisanal, industrial) are known each varies on its own
 * and the total is their sum.
 */
export function syntheticFigures(base: ReturnFigures, participantCode: string, year: number, half: Half): ReturnFigures {
  if (base.reportType === 'no_production') return base;
  const factors = (part: string): [number, number] => [
    0.85 + 0.3 * unit(`${participantCode}:${year}:H${half}:${part}:carats`),
    0.92 + 0.16 * unit(`${participantCode}:${year}:H${half}:${part}:price`),
  ];
  if (base.asm && base.lsm) {
    const asm = scaled(base.asm, ...factors('asm'));
    const lsm = scaled(base.lsm, ...factors('lsm'));
    return { reportType: 'production', total: { carats: asm.carats + lsm.carats, valueCents: asm.valueCents + lsm.valueCents }, asm, lsm };
  }
  // A single reported part moves with the total, so it never exceeds it.
  const [caratFactor, priceFactor] = factors('total');
  const total = scaled(base.total, caratFactor, priceFactor);
  const asm = base.asm && scaled(base.asm, caratFactor, priceFactor);
  const lsm = base.lsm && scaled(base.lsm, caratFactor, priceFactor);
  return { reportType: 'production', total, asm, lsm };
}

/** When the synthetic return reached the KP: some weeks after the half-year, before the deadline (but one late). */
function submittedAt(participantCode: string, year: number, half: Half, deadlineDays: number, now: Date): Date {
  const late = participantCode === DEMO_LATE_SUBMITTER.participantCode && year === DEMO_LATE_SUBMITTER.year && half === DEMO_LATE_SUBMITTER.half;
  const day = late
    ? addDays(returnDeadline(year, half, deadlineDays), 12)
    : addDays(halfYearEnd(year, half), 14 + Math.floor(unit(`${participantCode}:${year}:H${half}:day`) * Math.max(1, deadlineDays - 20)));
  const at = new Date(`${day}T10:00:00Z`);
  return at < now ? at : now;
}

/**
 * Synthetic returns for the half-years after the KP file (2025 H1, 2025 H2, 2026 H1) once each
 * has ended, for every participant with a 2024 return, marked as demo figures. A half-year that
 * already holds any return is left alone, so a restart adds nothing and never overrides a return
 * someone entered.
 */
async function seedSyntheticReturns(deps: Deps): Promise<void> {
  const now = deps.now();
  const base2024 = new Map<string, Map<number, ReturnFigures>>();
  for (const row of await figuresInForce(deps.db, { year: 2024 })) {
    const halves = base2024.get(row.participantCode) ?? new Map<number, ReturnFigures>();
    halves.set(row.half, figuresOf(row));
    base2024.set(row.participantCode, halves);
  }
  for (const { year, half } of SYNTHETIC_HALF_YEARS) {
    if (!halfYearEnded(year, half, todayUtc(now))) continue;
    if ((await figuresInForce(deps.db, { year, half })).length > 0) continue;
    const returns = [...base2024.entries()]
      .filter(([code]) => !(code === DEMO_NON_SUBMITTER.participantCode && year === DEMO_NON_SUBMITTER.year && half === DEMO_NON_SUBMITTER.half))
      .map(([participantCode, halves]) => {
        const base = (halves.get(half) ?? halves.get(half === 1 ? 2 : 1))!;
        const figures = syntheticFigures(base, participantCode, year, half);
        return returnRow({
          id: newId(),
          participantCode,
          year,
          half,
          version: 1,
          figures,
          source: 'submission',
          note: SYNTHETIC_NOTE,
          submittedAt: submittedAt(participantCode, year, half, deps.config.productionDeadlineDays, now),
        });
      });
    await transact(deps, async (tx) => {
      await insertReturns(tx, returns);
      await recordAudit(tx, {
        actor: DEMO_ACTOR,
        action: 'production.demo_seeded',
        entityType: 'production_return',
        entityId: `demo-${year}-H${half}`,
        data: { year, half, returns: returns.length, participants: returns.map((row) => row.participantCode), note: SYNTHETIC_NOTE },
      });
    });
  }
}

/**
 * The KP's real half-year production figures 2003–2024 for the demo, loaded once through the same
 * import officials use (actor `system:demo`), then synthetic returns for the half-years since
 * (see `seedSyntheticReturns`). A later start finds the file's digest and the half-years filled
 * and does nothing.
 */
export async function seedDemoProduction(deps: Deps): Promise<void> {
  const content = fs.readFileSync(DEMO_PRODUCTION_FILE);
  if (!(await importedBefore(deps.db, createHash('sha256').update(content).digest('hex')))) {
    await importStatistics({ actor: DEMO_ACTOR, fileName: path.basename(DEMO_PRODUCTION_FILE), content }, deps);
  }
  await seedSyntheticReturns(deps);
}
