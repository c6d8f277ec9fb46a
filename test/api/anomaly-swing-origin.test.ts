import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, operators } from '../../src/db/schema.ts';
import { storedState } from '../support/state.ts';
import { createTestApp, loginAs, type TestContext } from '../support/test-database.ts';
import { abs, text, units } from '../support/exact-amounts.ts';
import { runOnDays } from '../support/run-on-days.ts';
import { insertReturns } from '../support/production-returns.ts';

/**
 * The period-swing and implausible-origin rules fed through the real API: certificates issued on
 * chosen days from 2024 to 2026 (the clock moved forward), one voided, one replaced; production
 * returns, one corrected, written straight to the table. Every expected case and figure is worked
 * out here from those inputs with the test's own arithmetic, never by calling the engine's code.
 */

// ---- exact arithmetic of the test's own ----
/** n / d in percent, two decimals, half away from zero: floor(x + ½) of |x| = |n|·10 000 / d. */
const percent = (n: bigint, d: bigint) => {
  const rounded = ((abs(n) * 20_000n) / d + 1n) / 2n;
  return text(n < 0n ? -rounded : rounded);
};
/** US$/ct in cents, half up: floor(v/c·100 + ½). */
const price = (valueCents: bigint, carats: bigint) => ((valueCents * 200n) / carats + 1n) / 2n;

const THRESHOLDS = {
  lookbackYears: 2,
  mirrorToleranceBasisPoints: 500,
  mirrorFloorCarats: 10_000,
  mirrorFloorCents: 1_000_000,
  supplyToleranceBasisPoints: 1000,
  valuationMinCertificates: 6,
  valuationThreshold: 3.5,
  swingThresholdBasisPoints: 5000,
  swingFloorCarats: 10_000,
  originToleranceBasisPoints: 1000,
};
const SWING_BP = 5000n;
const FLOOR = 10_000n;
const ORIGIN_TOLERANCE_BP = 1000n;
/** The run: 2026-H1 is under way, so 2025-H2 is the last completed half and 2025 the last ended year. */
const RUN_ON = '2026-03-01';
/** The register's first certificate is in 2024-H1: trade is compared from there to the last completed half. */
const HALVES = ['2024-H1', '2024-H2', '2025-H1', '2025-H2'];
const ENDED_YEARS = [2024, 2025];

// ---- the inputs ----
type Exporter = 'BW' | 'CA' | 'RU' | 'AE' | 'IN' | 'CN' | 'EU';
interface Shipment {
  exporter: Exporter;
  territory?: string;
  importer: string;
  on: string;
  origins: string[];
  carats: string;
  valueUsd: string;
  number?: string;
  counted?: boolean;
}

const SHIPMENTS: Shipment[] = [
  // 0–7 BW → AE. Exports 1000 → 1500 ct: exactly +50 %, not flagged; → 3001 ct (2000 + the replacement 1001): flagged.
  { exporter: 'BW', importer: 'AE', on: '2024-03-10', origins: ['BW'], carats: '1000.00', valueUsd: '100000.00' },
  { exporter: 'BW', importer: 'AE', on: '2024-09-10', origins: ['BW'], carats: '1500.00', valueUsd: '150000.00' },
  { exporter: 'BW', importer: 'AE', on: '2025-02-10', origins: ['BW'], carats: '2000.00', valueUsd: '200000.00' },
  // 3: replaced by 4. Counted, it would add 5000 ct and an origin nobody produces (KE).
  { exporter: 'BW', importer: 'AE', on: '2025-03-10', origins: ['KE'], carats: '5000.00', valueUsd: '500000.00' },
  { exporter: 'BW', importer: 'AE', on: '2025-03-12', origins: ['BW'], carats: '1001.00', valueUsd: '100100.00' },
  // 5: 3001 → 1600 ct is −46.68 % (not flagged), but US$100/ct → US$400/ct is +300 %.
  { exporter: 'BW', importer: 'AE', on: '2025-08-10', origins: ['BW'], carats: '1600.00', valueUsd: '640000.00' },
  // 6: voided. Counted, it would swing 2025-H2 and raise a KE origin case for BW.
  { exporter: 'BW', importer: 'AE', on: '2025-09-01', origins: ['KE'], carats: '9999.00', valueUsd: '99990.00' },
  // 7: in the half (and year) still under way: neither compared nor judged.
  { exporter: 'BW', importer: 'AE', on: '2026-02-01', origins: ['KE'], carats: '100.00', valueUsd: '10000.00' },
  // 8, 9 CA → US: 50 → 120 ct is +140 % but only 70 ct, under the 100 ct floor; then nothing in 2025 (−100 %, flagged).
  // CA's own origin is plausible in 2024 through its 2023 production (the year before).
  { exporter: 'CA', importer: 'US', on: '2024-03-15', origins: ['CA'], carats: '50.00', valueUsd: '5000.00' },
  { exporter: 'CA', importer: 'US', on: '2024-09-15', origins: ['CA'], carats: '120.00', valueUsd: '12000.00' },
  // 10 RU → CN: exports from zero in 2025-H1 (flagged, no %), back to zero in 2025-H2.
  { exporter: 'RU', importer: 'CN', on: '2025-04-01', origins: ['RU'], carats: '500.00', valueUsd: '50000.00' },
  // 11–15 AE → IN. 11: ZA origin 5060 ct = ZA's 2024–2025 production 4600 × 110 %: at the tolerance, not flagged.
  { exporter: 'AE', importer: 'IN', on: '2025-10-01', origins: ['ZA'], carats: '5060.00', valueUsd: '506000.00' },
  // 12: mixed ZA + BW: ZA's share is unknown, so it does not count against ZA's production.
  { exporter: 'AE', importer: 'IN', on: '2025-10-02', origins: ['ZA', 'BW'], carats: '3000.00', valueUsd: '300000.00' },
  // 13, 14: EU member states (Finland, Sweden): the EU's production, 50 ct, against 60 ct exported: beyond 10 %.
  { exporter: 'AE', importer: 'IN', on: '2025-10-03', origins: ['FI'], carats: '40.00', valueUsd: '4000.00' },
  { exporter: 'AE', importer: 'IN', on: '2025-10-04', origins: ['SE'], carats: '20.00', valueUsd: '2000.00' },
  // 15: Canadian origin, but CA produced only in 2023: nothing in 2024 or 2025.
  { exporter: 'AE', importer: 'IN', on: '2025-10-05', origins: ['CA'], carats: '10.00', valueUsd: '1000.00' },
  // 16–18 IN → CN. 16: RU origin 900 ct against RU's 800 ct (2024 no production, 2025 800): beyond 10 %.
  { exporter: 'IN', importer: 'CN', on: '2025-11-01', origins: ['RU'], carats: '900.00', valueUsd: '90000.00' },
  // 17: mixed RU + KE (not a participant): reported beside RU, not counted; KE is an unproduced origin.
  { exporter: 'IN', importer: 'CN', on: '2025-11-02', origins: ['RU', 'KE'], carats: '50.00', valueUsd: '5000.00' },
  { exporter: 'IN', importer: 'CN', on: '2025-11-03', origins: ['KE'], carats: '30.00', valueUsd: '3000.00' },
  // 19 CN → US: Angolan origin; Angola (a participant) returned no production. 80 ct from zero: under the floor.
  { exporter: 'CN', importer: 'US', on: '2025-12-01', origins: ['AO'], carats: '80.00', valueUsd: '8000.00' },
  // 20 EU (from Belgium) → CN: Finnish origin is the EU's own production (exports_above_supply's business);
  // 100 ct from zero is exactly the floor, not beyond it.
  { exporter: 'EU', territory: 'BE', importer: 'CN', on: '2025-12-02', origins: ['FI'], carats: '100.00', valueUsd: '10000.00' },
];
const REPLACED = 3;
const REPLACEMENT = 4;
const VOIDED = 6;

type Return = { participant: string; year: number; half: number; version: number; reportType: 'production' | 'no_production'; carats: string; valueUsd: string };
const RETURNS: Return[] = [
  // BW: 100 000 → 100 000 → 150 000 ct (exactly +50 %), US$100/ct throughout; no 2025-H2 return (not compared).
  { participant: 'BW', year: 2024, half: 1, version: 1, reportType: 'production', carats: '100000.00', valueUsd: '10000000.00' },
  { participant: 'BW', year: 2024, half: 2, version: 1, reportType: 'production', carats: '100000.00', valueUsd: '10000000.00' },
  { participant: 'BW', year: 2025, half: 1, version: 1, reportType: 'production', carats: '150000.00', valueUsd: '15000000.00' },
  // ZA: 1000 → 1400 ct (+40 %) corrected to 1600 ct (+60 %, flagged); 1600 → 5000 corrected to 2000 ct (+25 %).
  { participant: 'ZA', year: 2024, half: 2, version: 1, reportType: 'production', carats: '1000.00', valueUsd: '100000.00' },
  { participant: 'ZA', year: 2025, half: 1, version: 1, reportType: 'production', carats: '1400.00', valueUsd: '140000.00' },
  { participant: 'ZA', year: 2025, half: 1, version: 2, reportType: 'production', carats: '1600.00', valueUsd: '160000.00' },
  { participant: 'ZA', year: 2025, half: 2, version: 1, reportType: 'production', carats: '5000.00', valueUsd: '500000.00' },
  { participant: 'ZA', year: 2025, half: 2, version: 2, reportType: 'production', carats: '2000.00', valueUsd: '200000.00' },
  // RU: no production, then 800 ct: a swing from zero.
  { participant: 'RU', year: 2024, half: 2, version: 1, reportType: 'no_production', carats: '0.00', valueUsd: '0.00' },
  { participant: 'RU', year: 2025, half: 1, version: 1, reportType: 'production', carats: '800.00', valueUsd: '80000.00' },
  { participant: 'CA', year: 2023, half: 2, version: 1, reportType: 'production', carats: '500.00', valueUsd: '50000.00' },
  { participant: 'EU', year: 2024, half: 1, version: 1, reportType: 'production', carats: '50.00', valueUsd: '5000.00' },
  { participant: 'AO', year: 2025, half: 1, version: 1, reportType: 'no_production', carats: '0.00', valueUsd: '0.00' },
];

const EU_MEMBERS = ['AT', 'BE', 'DE', 'FI', 'FR', 'NL', 'SE'];
/** The participant that would have produced an origin: KE is no participant; a member state is the EU. */
const producerOf = (origin: string) => (origin === 'KE' ? null : EU_MEMBERS.includes(origin) ? 'EU' : origin);

let ctx: TestContext;
const cookies: Record<string, string> = {};
const LICENCES: Record<Exporter, string> = {
  BW: 'BW-DL-2024-0117',
  CA: 'CA-KP-2021-0088',
  RU: 'RU-EX-2022-0031',
  AE: 'AE-DMCC-2024-5531',
  IN: 'IN-KP-2020-9921',
  CN: 'CN-SDE-2023-0415',
  EU: 'BE-DIA-2024-3300',
};

const at = (day: string) => {
  ctx.deps.now = () => new Date(`${day}T10:00:00Z`);
};
const request = (method: 'GET' | 'POST', url: string, who: string, payload?: object) =>
  ctx.app.inject({ method, url, headers: { cookie: cookies[who] }, ...(payload && { payload }) });

async function draftOf(shipment: Shipment) {
  const [operator] = await ctx.deps.db.select().from(operators).where(eq(operators.licenceNumber, LICENCES[shipment.exporter]));
  return {
    importingParticipant: shipment.importer,
    exporterId: operator.id,
    importer: { name: `Importer in ${shipment.importer}`, address: 'Somewhere', licence: 'LIC-1' },
    originCountries: shipment.origins,
    parcels: [{ hsCode: '7102.31', carats: shipment.carats, valueUsd: shipment.valueUsd }],
    ...(shipment.territory && { territory: shipment.territory }),
  };
}

async function issue(index: number) {
  const shipment = SHIPMENTS[index];
  const who = `exporter.${shipment.exporter.toLowerCase()}`;
  const response =
    index === REPLACEMENT
      ? await request('POST', `/api/certificates/${SHIPMENTS[REPLACED].number}/replace`, who, { reason: 'wrong origin', draft: await draftOf(shipment) })
      : await request('POST', '/api/certificates', who, await draftOf(shipment));
  if (response.statusCode !== 201) throw new Error(`issue ${index}: ${response.statusCode} ${response.body}`);
  shipment.number = response.json().number;
}

type Case = { id: string; rule: string; participantCode: string; partnerCode: string | null; period: string; status: string; evidence: Record<string, any> };
const casesOf = async (rule: string): Promise<Case[]> => {
  const response = await request('GET', `/api/anomalies/cases?rule=${rule}`, 'wgs');
  if (response.statusCode !== 200) throw new Error(`list: ${response.statusCode} ${response.body}`);
  return response.json().items;
};
const keyOf = (c: { rule: string; participantCode: string; period: string }) => `${c.rule} ${c.participantCode} ${c.period}`;

let firstRun: { created: number; rules: { rule: string; flagged: number; created: number }[] };

beforeAll(async () => {
  ctx = await createTestApp({ anomaly: THRESHOLDS });
  for (const who of ['exporter.bw', 'exporter.ca', 'exporter.ru', 'exporter.ae', 'exporter.in', 'exporter.cn', 'exporter.eu', 'wgs', 'chair']) {
    cookies[who] = await loginAs(ctx.app, `${who}@demo.test`);
  }
  await runOnDays(ctx, [
    ...SHIPMENTS.map((shipment, index) => ({ on: shipment.on, run: () => issue(index) })),
    {
      on: '2025-09-02',
      run: async () => {
        const response = await request('POST', `/api/certificates/${SHIPMENTS[VOIDED].number}/void`, 'exporter.bw', { reason: 'shipment cancelled' });
        if (response.statusCode !== 200) throw new Error(`void: ${response.body}`);
      },
    },
  ]);
  for (const [index, shipment] of SHIPMENTS.entries()) shipment.counted = index !== VOIDED && index !== REPLACED;
  await insertReturns(ctx, RETURNS);
  at(RUN_ON);
  const run = await request('POST', '/api/anomalies/run', 'wgs');
  if (run.statusCode !== 200) throw new Error(`run: ${run.statusCode} ${run.body}`);
  firstRun = run.json();
});
afterAll(async () => ctx?.close());

// ---- expectations, worked out from the inputs ----
const counted = () => SHIPMENTS.filter((shipment) => shipment.counted);
const halfOf = (day: string) => `${day.slice(0, 4)}-H${Number(day.slice(5, 7)) <= 6 ? 1 : 2}`;
const inForce = (participant: string, year: number, half: number) =>
  RETURNS.filter((r) => r.participant === participant && r.year === year && r.half === half).sort((a, b) => b.version - a.version)[0];

interface Figure {
  carats: bigint;
  value: bigint;
}
interface ExpectedSwing {
  measure: string;
  previous: Record<string, unknown>;
  current: Record<string, unknown>;
  change: string;
  changePercent: string | null;
}

function caratSwing(measure: string, previous: Figure, current: Figure): ExpectedSwing | null {
  const change = current.carats - previous.carats;
  if (abs(change) <= FLOOR) return null;
  if (previous.carats > 0n && abs(change) * 10_000n <= previous.carats * SWING_BP) return null;
  return {
    measure,
    previous: { carats: text(previous.carats) },
    current: { carats: text(current.carats) },
    change: text(change),
    changePercent: previous.carats === 0n ? null : percent(change, previous.carats),
  };
}

function priceSwing(measure: string, previous: Figure, current: Figure): ExpectedSwing | null {
  if (previous.carats <= FLOOR || current.carats <= FLOOR || previous.value === 0n || current.value === 0n) return null;
  // Relative price change p₂/p₁ − 1 with p = value / carats, over a common denominator.
  const numerator = current.value * previous.carats - previous.value * current.carats;
  const denominator = previous.value * current.carats;
  if (abs(numerator) * 10_000n <= denominator * SWING_BP) return null;
  const before = price(previous.value, previous.carats);
  const after = price(current.value, current.carats);
  return {
    measure,
    previous: { usdPerCarat: text(before) },
    current: { usdPerCarat: text(after) },
    change: text(after - before),
    changePercent: percent(numerator, denominator),
  };
}

function expectedSwings(): Map<string, ExpectedSwing[]> {
  const cases = new Map<string, ExpectedSwing[]>();
  const add = (participant: string, period: string, swing: ExpectedSwing | null) => {
    if (!swing) return;
    const key = `period_swing ${participant} ${period}`;
    cases.set(key, [...(cases.get(key) ?? []), swing]);
  };
  const order = ['production_carats', 'production_usd_per_carat', 'exports_carats', 'exports_usd_per_carat', 'imports_carats'];

  for (const participant of [...new Set(RETURNS.map((r) => r.participant))]) {
    for (let i = 1; i < HALVES.length; i++) {
      const [previous, current] = [HALVES[i - 1], HALVES[i]].map((period) => inForce(participant, Number(period.slice(0, 4)), Number(period.slice(6))));
      if (!previous || !current) continue;
      const [p, c] = [previous, current].map((r) => ({ carats: units(r.carats), value: units(r.valueUsd) }));
      add(participant, HALVES[i], caratSwing('production_carats', p, c));
      add(participant, HALVES[i], priceSwing('production_usd_per_carat', p, c));
    }
  }
  for (const side of ['exporter', 'importer'] as const) {
    const measure = side === 'exporter' ? 'exports' : 'imports';
    for (const participant of [...new Set(counted().map((s) => s[side]))]) {
      const figureOf = (period: string) =>
        counted()
          .filter((s) => s[side] === participant && halfOf(s.on) === period)
          .reduce((sum, s) => ({ carats: sum.carats + units(s.carats), value: sum.value + units(s.valueUsd) }), { carats: 0n, value: 0n });
      for (let i = 1; i < HALVES.length; i++) {
        const [p, c] = [figureOf(HALVES[i - 1]), figureOf(HALVES[i])];
        add(participant, HALVES[i], caratSwing(`${measure}_carats`, p, c));
        if (side === 'exporter') add(participant, HALVES[i], priceSwing('exports_usd_per_carat', p, c));
      }
    }
  }
  for (const list of cases.values()) list.sort((a, b) => order.indexOf(a.measure) - order.indexOf(b.measure));
  return cases;
}

/** Carats in force for a participant over a year and the year before. */
const productionOf = (participant: string, year: number) =>
  [year - 1, year].flatMap((y) => [1, 2].map((half) => inForce(participant, y, half))).reduce((sum, r) => sum + (r ? units(r.carats) : 0n), 0n);

function expectedOrigins() {
  const cases = new Map<string, { unproduced: Map<string, string[]>; above: Map<string, { certificates: number; carats: bigint; mixed: number; mixedCarats: bigint; origins: Set<string> }> }>();
  const caseOf = (exporter: string, year: number) => {
    const key = `origin_implausible ${exporter} ${year}`;
    if (!cases.has(key)) cases.set(key, { unproduced: new Map(), above: new Map() });
    return cases.get(key)!;
  };
  const totals = new Map<string, { certificates: number; carats: bigint; mixed: number; mixedCarats: bigint; origins: Set<string> }>();
  for (const shipment of counted()) {
    const year = Number(shipment.on.slice(0, 4));
    if (!ENDED_YEARS.includes(year)) continue;
    for (const origin of shipment.origins) {
      const producer = producerOf(origin);
      if (producer !== null && productionOf(producer, year) > 0n) continue;
      const found = caseOf(shipment.exporter, year).unproduced;
      found.set(origin, [...(found.get(origin) ?? []), shipment.number!]);
    }
    const producers = new Set(shipment.origins.map((origin) => producerOf(origin) ?? `?${origin}`));
    for (const producer of producers) {
      if (producer.startsWith('?') || producer === shipment.exporter) continue;
      const key = `${shipment.exporter}|${year}|${producer}`;
      const total = totals.get(key) ?? { certificates: 0, carats: 0n, mixed: 0, mixedCarats: 0n, origins: new Set<string>() };
      if (producers.size === 1) {
        total.certificates++;
        total.carats += units(shipment.carats);
        shipment.origins.forEach((origin) => total.origins.add(origin));
      } else {
        total.mixed++;
        total.mixedCarats += units(shipment.carats);
      }
      totals.set(key, total);
    }
  }
  for (const [key, total] of totals) {
    const [exporter, year, producer] = key.split('|');
    const production = productionOf(producer, Number(year));
    if (total.certificates === 0 || production === 0n || total.carats * 10_000n <= production * (10_000n + ORIGIN_TOLERANCE_BP)) continue;
    caseOf(exporter, Number(year)).above.set(producer, total);
  }
  for (const [key, found] of cases) if (found.unproduced.size === 0 && found.above.size === 0) cases.delete(key);
  return cases;
}

describe('period swing', () => {
  it('raises exactly the cases the inputs call for', async () => {
    const cases = await casesOf('period_swing');
    const expected = [...expectedSwings().keys()].sort();
    expect(cases.map(keyOf).sort()).toEqual(expected);
    // The same list, spelt out, so a slip in the test's own arithmetic cannot hide a wrong engine.
    expect(expected).toEqual(
      [
        'period_swing AE 2025-H1', // imports 1500 → 3001
        'period_swing AE 2025-H2', // exports from zero
        'period_swing BW 2025-H1', // exports 1500 → 3001
        'period_swing BW 2025-H2', // exports US$/ct 100 → 400
        'period_swing CA 2025-H1', // exports 120 → 0
        'period_swing CN 2025-H1', // imports from zero
        'period_swing CN 2025-H2', // imports 500 → 1080
        'period_swing IN 2025-H2', // exports and imports from zero
        'period_swing RU 2025-H1', // production and exports from zero
        'period_swing RU 2025-H2', // exports 500 → 0
        'period_swing US 2025-H1', // imports 120 → 0
        'period_swing ZA 2025-H1', // production 1000 → 1600 (the correction)
      ].sort(),
    );
    expect(firstRun.rules.find((rule) => rule.rule === 'period_swing')).toEqual({ rule: 'period_swing', flagged: expected.length, created: expected.length });
  });

  it('gives every swing its measure, both figures, the change and the change in %', async () => {
    const cases = await casesOf('period_swing');
    for (const [key, swings] of expectedSwings()) {
      const found = cases.find((c) => keyOf(c) === key)!;
      const period = key.split(' ')[2];
      const previousPeriod = period.endsWith('H2') ? `${period.slice(0, 4)}-H1` : `${Number(period.slice(0, 4)) - 1}-H2`;
      expect(found.partnerCode).toBeNull();
      expect(found.evidence).toMatchObject({ period, previousPeriod, thresholds: { swingBasisPoints: 5000, floorCarats: '100.00' } });
      expect(found.evidence.swings.length).toBe(swings.length);
      swings.forEach((swing, index) =>
        expect(found.evidence.swings[index]).toMatchObject({ ...swing, previous: { period: previousPeriod, ...swing.previous }, current: { period, ...swing.current } }),
      );
    }
  });

  it('spells out the figures: a rise, a drop to zero, a rise from zero and a price swing', async () => {
    const cases = await casesOf('period_swing');
    const swingsOf = (key: string) => cases.find((c) => keyOf(c) === key)!.evidence.swings;
    expect(swingsOf('period_swing BW 2025-H1')).toEqual([
      {
        measure: 'exports_carats',
        previous: { period: '2024-H2', certificates: 1, carats: '1500.00', valueUsd: '150000.00', usdPerCarat: '100.00' },
        current: { period: '2025-H1', certificates: 2, carats: '3001.00', valueUsd: '300100.00', usdPerCarat: '100.00' },
        change: '1501.00',
        changePercent: '100.07',
      },
    ]);
    expect(swingsOf('period_swing BW 2025-H2')).toMatchObject([{ measure: 'exports_usd_per_carat', change: '300.00', changePercent: '300.00' }]);
    expect(swingsOf('period_swing CA 2025-H1')).toMatchObject([{ measure: 'exports_carats', current: { certificates: 0, carats: '0.00', usdPerCarat: null }, change: '-120.00', changePercent: '-100.00' }]);
    expect(swingsOf('period_swing RU 2025-H1')).toMatchObject([
      { measure: 'production_carats', previous: { reportType: 'no_production', carats: '0.00' }, current: { reportType: 'production', carats: '800.00' }, change: '800.00', changePercent: null },
      { measure: 'exports_carats', previous: { carats: '0.00' }, current: { carats: '500.00' }, change: '500.00', changePercent: null },
    ]);
  });

  it('compares the corrected production return in force (the highest version), not the first one', async () => {
    const za = (await casesOf('period_swing')).filter((c) => c.participantCode === 'ZA');
    expect(za.map(keyOf)).toEqual(['period_swing ZA 2025-H1']);
    expect(za[0].evidence.swings).toEqual([
      {
        measure: 'production_carats',
        previous: { period: '2024-H2', reportType: 'production', version: 1, carats: '1000.00', valueUsd: '100000.00', usdPerCarat: '100.00' },
        current: { period: '2025-H1', reportType: 'production', version: 2, carats: '1600.00', valueUsd: '160000.00', usdPerCarat: '100.00' },
        change: '600.00',
        changePercent: '60.00',
      },
    ]);
  });

  it('flags nothing exactly at the threshold, at or under the floor, in the half under way, or for a half without a return', async () => {
    const keys = (await casesOf('period_swing')).map(keyOf);
    // BW exports and AE imports 1000 → 1500, BW production 100 000 → 150 000: exactly +50 %.
    expect(keys).not.toContain('period_swing BW 2024-H2');
    expect(keys).not.toContain('period_swing AE 2024-H2');
    // CA 50 → 120 ct (+140 %, 70 ct), CN exports 0 → 80 ct, EU exports 0 → 100 ct (the floor itself).
    for (const key of ['period_swing CA 2024-H2', 'period_swing US 2024-H2', 'period_swing US 2025-H2', 'period_swing EU 2025-H2']) expect(keys).not.toContain(key);
    expect(keys.filter((key) => key.includes('2026'))).toEqual([]);
    // BW and ZA production: no 2025-H2 / 2024-H1 return; the voided 9999 ct would have swung BW 2025-H2 exports.
    const bw = (await casesOf('period_swing')).find((c) => keyOf(c) === 'period_swing BW 2025-H2')!;
    expect(bw.evidence.swings.map((swing: { measure: string }) => swing.measure)).toEqual(['exports_usd_per_carat']);
    expect(bw.evidence.swings[0].current).toMatchObject({ certificates: 1, carats: '1600.00' });
  });
});

describe('implausible origin', () => {
  it('raises exactly the cases the inputs call for', async () => {
    const cases = await casesOf('origin_implausible');
    const expected = [...expectedOrigins().keys()].sort();
    expect(cases.map(keyOf).sort()).toEqual(expected);
    expect(expected).toEqual(['origin_implausible AE 2025', 'origin_implausible CN 2025', 'origin_implausible IN 2025']);
    expect(firstRun.rules.find((rule) => rule.rule === 'origin_implausible')).toEqual({ rule: 'origin_implausible', flagged: 3, created: 3 });
  });

  it('lists the certificates of every unproduced origin and sums what exceeds another producer’s production', async () => {
    const cases = await casesOf('origin_implausible');
    for (const [key, found] of expectedOrigins()) {
      const evidence = cases.find((c) => keyOf(c) === key)!.evidence;
      expect(evidence.productionYears).toEqual([2024, 2025]);
      expect(evidence.thresholds).toEqual({ toleranceBasisPoints: 1000 });
      expect(
        Object.fromEntries(evidence.unproducedOrigins.map((o: { origin: string; certificates: { certificateNumber: string }[] }) => [o.origin, o.certificates.map((c) => c.certificateNumber).sort()])),
      ).toEqual(Object.fromEntries([...found.unproduced].map(([origin, numbers]) => [origin, [...numbers].sort()])));
      expect(evidence.exportsAboveProduction.map((o: { producingParticipant: string }) => o.producingParticipant)).toEqual([...found.above.keys()]);
      for (const above of evidence.exportsAboveProduction) {
        const total = found.above.get(above.producingParticipant)!;
        const production = productionOf(above.producingParticipant, 2025);
        expect(above).toMatchObject({
          origins: [...total.origins].sort(),
          exports: { certificates: total.certificates, carats: text(total.carats) },
          production: { carats: text(production) },
          excess: text(total.carats - production),
          mixedOrigin: { certificates: total.mixed, carats: text(total.mixedCarats) },
        });
      }
    }
  });

  it('reads EU member-state origins as the EU, and leaves a participant’s own origin to its own rule', async () => {
    const ae = (await casesOf('origin_implausible')).find((c) => c.participantCode === 'AE')!;
    expect(ae.evidence.exportsAboveProduction).toEqual([
      {
        producingParticipant: 'EU',
        origins: ['FI', 'SE'],
        exports: { certificates: 2, carats: '60.00' },
        production: { carats: '50.00', byYear: { '2024': '50.00', '2025': '0.00' } },
        excess: '10.00',
        mixedOrigin: { certificates: 0, carats: '0.00' },
      },
    ]);
    // Only two years count: CA's 2023 production does not make a 2025 Canadian origin plausible.
    expect(ae.evidence.unproducedOrigins).toEqual([
      { origin: 'CA', producingParticipant: 'CA', certificates: [{ certificateNumber: SHIPMENTS[15].number, issueDate: '2025-10-05', origins: ['CA'], carats: '10.00' }], carats: '10.00' },
    ]);
    // ZA: 5060 ct single origin is exactly 110 % of 4600 ct, and the mixed ZA + BW certificate does not count.
    expect(ae.evidence.exportsAboveProduction.some((o: { producingParticipant: string }) => o.producingParticipant === 'ZA')).toBe(false);
    // The EU exporting Finnish goods is judged by exports_above_supply, not here.
    expect((await casesOf('origin_implausible')).some((c) => c.participantCode === 'EU')).toBe(false);
  });

  it('judges each origin of a mixed certificate, and reports mixed carats beside the producer without counting them', async () => {
    const india = (await casesOf('origin_implausible')).find((c) => c.participantCode === 'IN')!;
    expect(india.evidence.unproducedOrigins).toEqual([
      {
        origin: 'KE',
        producingParticipant: null,
        certificates: [
          { certificateNumber: SHIPMENTS[17].number, issueDate: '2025-11-02', origins: ['KE', 'RU'], carats: '50.00' },
          { certificateNumber: SHIPMENTS[18].number, issueDate: '2025-11-03', origins: ['KE'], carats: '30.00' },
        ],
        carats: '80.00',
      },
    ]);
    expect(india.evidence.exportsAboveProduction).toEqual([
      {
        producingParticipant: 'RU',
        origins: ['RU'],
        exports: { certificates: 1, carats: '900.00' },
        production: { carats: '800.00', byYear: { '2024': '0.00', '2025': '800.00' } },
        excess: '100.00',
        mixedOrigin: { certificates: 1, carats: '50.00' },
      },
    ]);
    const china = (await casesOf('origin_implausible')).find((c) => c.participantCode === 'CN')!;
    expect(china.evidence.unproducedOrigins.map((o: { origin: string; producingParticipant: string }) => [o.origin, o.producingParticipant])).toEqual([['AO', 'AO']]);
  });

  it('never counts voided or replaced certificates, nor judges the year under way', async () => {
    const cases = await casesOf('origin_implausible');
    expect(cases.some((c) => c.participantCode === 'BW')).toBe(false);
    expect(cases.some((c) => c.period === '2026')).toBe(false);
    const numbers = cases.flatMap((c) => c.evidence.unproducedOrigins.flatMap((o: { certificates: { certificateNumber: string }[] }) => o.certificates.map((x) => x.certificateNumber)));
    for (const index of [REPLACED, VOIDED, 7]) expect(numbers).not.toContain(SHIPMENTS[index].number);
  });
});

describe('re-running', () => {
  it('creates nothing and changes no case', async () => {
    const before = await storedState(ctx.deps.db);
    at(RUN_ON);
    const run = await request('POST', '/api/anomalies/run', 'chair');
    expect(run.statusCode).toBe(200);
    expect(run.json().created).toBe(0);
    expect(run.json().rules.filter((rule: { rule: string }) => ['period_swing', 'origin_implausible'].includes(rule.rule))).toEqual([
      { rule: 'period_swing', flagged: 12, created: 0 },
      { rule: 'origin_implausible', flagged: 3, created: 0 },
    ]);
    const after = await storedState(ctx.deps.db);
    expect(after.anomaly_cases).toEqual(before.anomaly_cases);
    expect(after.anomaly_case_events).toEqual(before.anomaly_case_events);
    const runs = await ctx.deps.db.select().from(auditLog).where(eq(auditLog.action, 'anomaly_engine.ran'));
    expect(runs.length).toBe(2);
  });
});
