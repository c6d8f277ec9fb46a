import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, operators } from '../../src/db/schema.ts';
import { newId } from '../../src/domain/ids.ts';
import { storedState } from '../support/state.ts';
import { createTestApp, loginAs, type TestContext } from '../support/test-database.ts';
import { abs, text, units } from '../support/exact-amounts.ts';
import { runOnDays } from '../support/run-on-days.ts';
import { insertReturns } from '../support/production-returns.ts';

/**
 * The anomaly engine fed through the real API: certificates issued on chosen days (the clock
 * moved forward), one voided, one replaced, receipts confirmed by the importers; production
 * returns written straight to the table. Every expected case and figure is worked out here, in
 * the test, from those inputs, never by calling the engine's code.
 */

const THRESHOLDS = {
  lookbackYears: 2,
  mirrorToleranceBasisPoints: 500,
  mirrorFloorCarats: 10_000,
  mirrorFloorCents: 1_000_000,
  supplyToleranceBasisPoints: 1000,
  valuationMinCertificates: 6,
  valuationThreshold: 3.5,
  // Period swings have their own test (anomaly-swing-origin.test.ts): a 10 million ct floor keeps them out of this one.
  swingThresholdBasisPoints: 5000,
  swingFloorCarats: 1_000_000_000,
  originToleranceBasisPoints: 0,
};
const CONFIRMATION_DAYS = 30;
/** The day the engine runs: 2025 is over and its certificates are all past their deadline. */
const RUN_ON = '2026-03-01';

// ---- the inputs ----
type Exporter = 'BW' | 'ZA' | 'EU' | 'RU' | 'CA';
interface Shipment {
  exporter: Exporter;
  territory?: string;
  importer: string;
  on: string;
  origin: string;
  hsCode: string;
  carats: string;
  valueUsd: string;
  received?: { on: string; carats: string };
  number?: string;
  issueDate?: string;
  counted?: boolean;
}

const SHIPMENTS: Shipment[] = [
  // 0, 1: BW → AE, one confirmed 1 % short, one never confirmed: a mirror case.
  { exporter: 'BW', importer: 'AE', on: '2025-02-10', origin: 'BW', hsCode: '7102.31', carats: '1000.00', valueUsd: '100000.00', received: { on: '2025-02-20', carats: '990.00' } },
  { exporter: 'BW', importer: 'AE', on: '2025-03-05', origin: 'BW', hsCode: '7102.31', carats: '500.00', valueUsd: '50000.00' },
  // 2: ZA → AE confirmed exactly 5.00 % short (200 ct, above the 100 ct floor): at the tolerance, not beyond it.
  { exporter: 'ZA', importer: 'AE', on: '2025-04-01', origin: 'ZA', hsCode: '7102.10', carats: '4000.00', valueUsd: '20000.00', received: { on: '2025-04-10', carats: '3800.00' } },
  // 3: BW → EU, confirmed in full: the EU's only import.
  { exporter: 'BW', importer: 'EU', on: '2025-04-20', origin: 'BW', hsCode: '7102.31', carats: '600.00', valueUsd: '60000.00', received: { on: '2025-04-25', carats: '600.00' } },
  // 4, 5: EU (one participant, two member states) → IN, never confirmed. EU exports 660 = 600 × 1.10: exactly at the supply tolerance.
  { exporter: 'EU', territory: 'BE', importer: 'IN', on: '2025-05-02', origin: 'BW', hsCode: '7102.31', carats: '330.00', valueUsd: '33000.00' },
  { exporter: 'EU', territory: 'DE', importer: 'IN', on: '2025-05-03', origin: 'BW', hsCode: '7102.31', carats: '330.00', valueUsd: '33000.00' },
  // 6: voided; 7: replaced by 8, which IN confirmed in full. Counting either would raise a BW → IN mirror case.
  { exporter: 'BW', importer: 'IN', on: '2025-06-01', origin: 'BW', hsCode: '7102.31', carats: '5000.00', valueUsd: '500000.00' },
  { exporter: 'BW', importer: 'IN', on: '2025-06-10', origin: 'BW', hsCode: '7102.31', carats: '800.00', valueUsd: '80000.00' },
  { exporter: 'BW', importer: 'IN', on: '2025-06-11', origin: 'BW', hsCode: '7102.31', carats: '1000.00', valueUsd: '100000.00', received: { on: '2025-06-20', carats: '1000.00' } },
  // 9–15: Russian-origin 7102.21 from RU to CN, about US$100/ct, the last one US$10/ct (under-valued).
  ...['1000.00', '1020.00', '980.00', '1010.00', '990.00', '1000.00', '100.00'].map(
    (valueUsd, index): Shipment => ({ exporter: 'RU', importer: 'CN', on: `2025-07-0${index + 1}`, origin: 'RU', hsCode: '7102.21', carats: '10.00', valueUsd }),
  ),
  // 16: the same goods from CA at US$300/ct (over-valued). RU → CN and CA → CN stay under the mirror floors.
  { exporter: 'CA', importer: 'CN', on: '2025-07-10', origin: 'RU', hsCode: '7102.21', carats: '10.00', valueUsd: '3000.00' },
  // 17: issued nine days before the run: not yet due, so neither a mirror difference nor unconfirmed.
  { exporter: 'BW', importer: 'AE', on: '2026-02-20', origin: 'BW', hsCode: '7102.31', carats: '700.00', valueUsd: '70000.00' },
];
const VOIDED = 6;
const REPLACED = 7;
const REPLACEMENT = 8;

const RETURNS: { participant: string; year: number; half: number; version: number; reportType: 'production' | 'no_production'; carats: string }[] = [
  { participant: 'BW', year: 2025, half: 1, version: 1, reportType: 'production', carats: '1000000.00' },
  // ZA: 5000 ct corrected to "no production" (version 2 in force), H2 never returned.
  { participant: 'ZA', year: 2025, half: 1, version: 1, reportType: 'production', carats: '5000.00' },
  { participant: 'ZA', year: 2025, half: 1, version: 2, reportType: 'no_production', carats: '0.00' },
  { participant: 'RU', year: 2025, half: 2, version: 1, reportType: 'production', carats: '1000.00' },
];

let ctx: TestContext;
const cookies: Record<string, string> = {};
const LICENCES: Record<Exporter, string> = { BW: 'BW-DL-2024-0117', ZA: 'ZA-EX-2023-1180', EU: 'BE-DIA-2024-3300', RU: 'RU-EX-2022-0031', CA: 'CA-KP-2021-0088' };

const at = (day: string) => {
  ctx.deps.now = () => new Date(`${day}T10:00:00Z`);
};

async function draftOf(shipment: Shipment) {
  const [operator] = await ctx.deps.db.select().from(operators).where(eq(operators.licenceNumber, LICENCES[shipment.exporter]));
  return {
    importingParticipant: shipment.importer,
    exporterId: operator.id,
    importer: { name: `Importer in ${shipment.importer}`, address: 'Somewhere', licence: 'LIC-1' },
    originCountries: [shipment.origin],
    parcels: [{ hsCode: shipment.hsCode, carats: shipment.carats, valueUsd: shipment.valueUsd }],
    ...(shipment.territory && { territory: shipment.territory }),
  };
}

async function issue(index: number) {
  const shipment = SHIPMENTS[index];
  const cookie = cookies[`exporter.${shipment.exporter.toLowerCase()}`];
  const response =
    index === REPLACEMENT
      ? await ctx.app.inject({ method: 'POST', url: `/api/certificates/${SHIPMENTS[REPLACED].number}/replace`, headers: { cookie }, payload: { reason: 'weights corrected', draft: await draftOf(shipment) } })
      : await ctx.app.inject({ method: 'POST', url: '/api/certificates', headers: { cookie }, payload: await draftOf(shipment) });
  if (response.statusCode !== 201) throw new Error(`issue ${index}: ${response.statusCode} ${response.body}`);
  shipment.number = response.json().number;
  shipment.issueDate = response.json().issueDate;
}

async function confirm(index: number) {
  const shipment = SHIPMENTS[index];
  const response = await ctx.app.inject({
    method: 'POST',
    url: `/api/certificates/${shipment.number}/receipt`,
    headers: { cookie: cookies[`importer.${shipment.importer.toLowerCase()}`] },
    payload: { receivedOn: shipment.received!.on, parcelCount: 1, carats: shipment.received!.carats, importerName: `Importer in ${shipment.importer}`, exporterName: 'Exporter', sealIntact: true },
  });
  if (response.statusCode !== 201) throw new Error(`receipt ${index}: ${response.statusCode} ${response.body}`);
}

const request = (method: 'GET' | 'POST', url: string, who: string, payload?: object) =>
  ctx.app.inject({ method, url, headers: { cookie: cookies[who] }, ...(payload && { payload }) });
const casesAs = async (who: string, query = '') => {
  const response = await request('GET', `/api/anomalies/cases${query}`, who);
  if (response.statusCode !== 200) throw new Error(`list: ${response.statusCode} ${response.body}`);
  return response.json().items as { id: string; rule: string; participantCode: string; partnerCode: string | null; period: string; status: string; evidence: Record<string, any> }[];
};
const keyOf = (c: { rule: string; participantCode: string; partnerCode: string | null; period: string }) => `${c.rule} ${c.participantCode}${c.partnerCode ? `→${c.partnerCode}` : ''} ${c.period}`;

let firstRun: { created: number; rules: { rule: string; flagged: number; created: number }[] };

beforeAll(async () => {
  ctx = await createTestApp({ anomaly: THRESHOLDS, receiptConfirmationDays: CONFIRMATION_DAYS });
  const accounts = ['exporter.bw', 'exporter.za', 'exporter.eu', 'exporter.ru', 'exporter.ca', 'importer.ae', 'importer.eu', 'importer.in', 'stats.za', 'admin.za', 'stats.bw', 'chair', 'wgs', 'wgm', 'wgde', 'observer.wdc', 'admin'];
  for (const who of accounts) cookies[who] = await loginAs(ctx.app, `${who}@demo.test`);
  await runOnDays(ctx, [
    ...SHIPMENTS.map((shipment, index) => ({ on: shipment.on, run: () => issue(index) })),
    ...SHIPMENTS.flatMap((shipment, index) => (shipment.received ? [{ on: shipment.received.on, run: () => confirm(index) }] : [])),
    {
      on: '2025-06-02',
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
const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** Receipt is due once issue + 30 days has passed (default validity 60 days, so expiry comes later). */
const due = (shipment: Shipment) => shipment.received !== undefined || addDays(shipment.on, CONFIRMATION_DAYS) < RUN_ON;

function expectedMirror() {
  const pairs = new Map<string, { exporter: string; importer: string; year: string; certificates: number; carats: bigint; value: bigint; confirmed: number; confirmedCarats: bigint; confirmedValue: bigint }>();
  for (const shipment of counted().filter(due)) {
    const key = `${shipment.exporter}|${shipment.importer}|${shipment.on.slice(0, 4)}`;
    const pair = pairs.get(key) ?? { exporter: shipment.exporter, importer: shipment.importer, year: shipment.on.slice(0, 4), certificates: 0, carats: 0n, value: 0n, confirmed: 0, confirmedCarats: 0n, confirmedValue: 0n };
    pair.certificates++;
    pair.carats += units(shipment.carats);
    pair.value += units(shipment.valueUsd);
    if (shipment.received) {
      pair.confirmed++;
      pair.confirmedCarats += units(shipment.received.carats);
      pair.confirmedValue += units(shipment.valueUsd);
    }
    pairs.set(key, pair);
  }
  const beyond = (difference: bigint, base: bigint, floor: number) => abs(difference) * 10_000n > base * 500n && abs(difference) > BigInt(floor);
  return [...pairs.values()]
    .filter((pair) => beyond(pair.carats - pair.confirmedCarats, pair.carats, 10_000) || beyond(pair.value - pair.confirmedValue, pair.value, 1_000_000))
    .map((pair) => ({
      key: `mirror ${pair.exporter}→${pair.importer} ${pair.year}`,
      certified: { certificates: pair.certificates, carats: text(pair.carats), valueUsd: text(pair.value) },
      confirmed: { certificates: pair.confirmed, carats: text(pair.confirmedCarats), valueUsd: text(pair.confirmedValue) },
      difference: { carats: text(pair.carats - pair.confirmedCarats), valueUsd: text(pair.value - pair.confirmedValue) },
    }));
}

function expectedSupply() {
  const sum = (list: Shipment[]) => list.reduce((total, shipment) => total + units(shipment.carats), 0n);
  const exporters = [...new Set(counted().filter((s) => s.on.startsWith('2025')).map((s) => s.exporter))];
  return exporters.flatMap((participant) => {
    const exports = sum(counted().filter((s) => s.on.startsWith('2025') && s.exporter === participant));
    const imports = sum(counted().filter((s) => s.on.startsWith('2025') && s.importer === participant));
    const inForce = [1, 2].map((half) => RETURNS.filter((r) => r.participant === participant && r.year === 2025 && r.half === half).sort((a, b) => b.version - a.version)[0]).filter(Boolean);
    const production = inForce.reduce((total, r) => total + units(r.carats), 0n);
    if (exports * 100n <= (production + imports) * 110n) return [];
    return [{ key: `exports_above_supply ${participant} 2025`, exports: text(exports), production: text(production), imports: text(imports), excess: text(exports - production - imports) }];
  });
}

function medianOf(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
function expectedValuation() {
  const groups = new Map<string, Shipment[]>();
  for (const shipment of counted()) groups.set(`${shipment.origin}|${shipment.hsCode}|${shipment.on.slice(0, 4)}`, [...(groups.get(`${shipment.origin}|${shipment.hsCode}|${shipment.on.slice(0, 4)}`) ?? []), shipment]);
  const outliers = new Map<string, { number: string; direction: string }[]>();
  for (const group of groups.values()) {
    if (group.length < THRESHOLDS.valuationMinCertificates) continue;
    const prices = group.map((s) => Number(units(s.valueUsd)) / Number(units(s.carats)));
    const centre = medianOf(prices);
    const mad = medianOf(prices.map((p) => Math.abs(p - centre)));
    if (mad === 0) continue;
    group.forEach((shipment, index) => {
      const score = (prices[index] - centre) / (1.4826 * mad);
      if (Math.abs(score) <= THRESHOLDS.valuationThreshold) return;
      const key = `valuation ${shipment.exporter} ${shipment.on.slice(0, 4)}`;
      outliers.set(key, [...(outliers.get(key) ?? []), { number: shipment.number!, direction: score > 0 ? 'over' : 'under' }]);
    });
  }
  return outliers;
}

function expectedUnconfirmed() {
  const months = new Map<string, string[]>();
  for (const shipment of counted()) {
    if (shipment.received || !(addDays(shipment.on, CONFIRMATION_DAYS) < RUN_ON)) continue;
    const month = shipment.on.slice(0, 7);
    const monthEnd = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
    if (!(addDays(monthEnd, CONFIRMATION_DAYS) < RUN_ON)) continue;
    const key = `unconfirmed ${shipment.importer} ${month}`;
    months.set(key, [...(months.get(key) ?? []), shipment.number!]);
  }
  return months;
}

/**
 * Origins only (the rule's own test covers the rest): a 2025 origin whose participant returned no
 * carats in 2024 or 2025. ZA's corrected "no production" return makes its own ZA origin one.
 */
function expectedOrigin() {
  const inForce = (participant: string, half: number) => RETURNS.filter((r) => r.participant === participant && r.year === 2025 && r.half === half).sort((a, b) => b.version - a.version)[0];
  const produced = (participant: string) => [1, 2].some((half) => inForce(participant, half) !== undefined && units(inForce(participant, half).carats) > 0n);
  return [...new Set(counted().filter((s) => s.on.startsWith('2025') && !produced(s.origin)).map((s) => `origin_implausible ${s.exporter} 2025`))];
}

describe('anomaly engine', () => {
  it('raises exactly the cases the inputs call for, and says what each rule found', async () => {
    const cases = await casesAs('wgs');
    const expectedKeys = [
      ...expectedMirror().map((c) => c.key),
      ...expectedSupply().map((c) => c.key),
      ...expectedValuation().keys(),
      ...expectedUnconfirmed().keys(),
      ...expectedOrigin(),
    ].sort();
    expect(cases.map(keyOf).sort()).toEqual(expectedKeys);
    // The same list, spelt out, so a slip in the test's own arithmetic cannot hide a wrong engine.
    expect(expectedKeys).toEqual(
      [
        'mirror BW→AE 2025',
        'mirror EU→IN 2025',
        'exports_above_supply ZA 2025',
        'exports_above_supply CA 2025',
        'valuation RU 2025',
        'valuation CA 2025',
        'unconfirmed AE 2025-03',
        'unconfirmed IN 2025-05',
        'unconfirmed CN 2025-07',
        'origin_implausible ZA 2025',
      ].sort(),
    );
    expect(firstRun.created).toBe(expectedKeys.length);
    expect(Object.fromEntries(firstRun.rules.map((rule) => [rule.rule, rule.created]))).toEqual({
      mirror: 2,
      exports_above_supply: 2,
      valuation: 2,
      unconfirmed: 3,
      period_swing: 0,
      origin_implausible: 1,
      footprint_inconsistent: 0,
      // no custody ledger in these inputs
      custody_unlicensed_party: 0,
      custody_negative_stock: 0,
      custody_site_above_history: 0,
    });
    expect(cases.every((c) => c.status === 'open')).toBe(true);
  });

  it('mirror: certified against confirmed per pair and year, EU as one participant, voided and replaced certificates left out', async () => {
    const cases = await casesAs('wgs', '?rule=mirror');
    for (const expected of expectedMirror()) {
      const found = cases.find((c) => keyOf(c) === expected.key)!;
      expect(found.evidence).toMatchObject({ certified: expected.certified, confirmed: expected.confirmed, difference: expected.difference });
    }
    const eu = cases.find((c) => keyOf(c) === 'mirror EU→IN 2025')!;
    expect(eu.evidence.certified).toEqual({ certificates: 2, carats: '660.00', valueUsd: '66000.00' });
    expect(cases.find((c) => keyOf(c) === 'mirror BW→AE 2025')!.evidence).toMatchObject({
      certified: { certificates: 2, carats: '1500.00', valueUsd: '150000.00' },
      confirmed: { certificates: 1, carats: '990.00', valueUsd: '100000.00' },
      unconfirmedCertificates: 1,
      flagged: ['carats', 'value'],
    });
    expect(cases.some((c) => c.partnerCode === 'IN' && c.participantCode === 'BW')).toBe(false);
  });

  it('exports above supply: production in force (the highest version, no_production as zero) plus imports, exactly at the tolerance not flagged', async () => {
    const cases = await casesAs('wgs', '?rule=exports_above_supply');
    for (const expected of expectedSupply()) {
      const found = cases.find((c) => keyOf(c) === expected.key)!;
      expect(found.evidence).toMatchObject({ exports: { carats: expected.exports }, production: { carats: expected.production }, imports: { carats: expected.imports }, excess: expected.excess });
    }
    expect(cases.find((c) => c.participantCode === 'ZA')!.evidence.production).toEqual({
      carats: '0.00',
      returns: [{ half: 1, version: 2, reportType: 'no_production', carats: '0.00' }],
      missingHalves: [2],
    });
    // EU: 660.00 ct exported against 600.00 ct imported is exactly 110 %.
    expect(cases.some((c) => c.participantCode === 'EU')).toBe(false);
  });

  it('valuation: under- and over-valued certificates against the median and MAD of their origin, HS code and year', async () => {
    const cases = await casesAs('wgs', '?rule=valuation');
    for (const [key, outliers] of expectedValuation()) {
      const found = cases.find((c) => keyOf(c) === key)!;
      expect(found.evidence.certificates.map((c: { certificateNumber: string; direction: string }) => ({ number: c.certificateNumber, direction: c.direction }))).toEqual(outliers);
    }
    const ru = cases.find((c) => c.participantCode === 'RU')!.evidence.certificates[0];
    expect(ru).toMatchObject({ certificateNumber: SHIPMENTS[15].number, usdPerCarat: '10.00', groupMedianUsdPerCarat: 100, groupMadUsdPerCarat: 1.5, groupSize: 8, direction: 'under' });
    expect(cases.find((c) => c.participantCode === 'CA')!.evidence.certificates[0]).toMatchObject({ usdPerCarat: '300.00', direction: 'over' });
  });

  it('unconfirmed: one case per importing participant and month, listing the overdue certificates', async () => {
    const cases = await casesAs('wgs', '?rule=unconfirmed');
    for (const [key, numbers] of expectedUnconfirmed()) {
      const found = cases.find((c) => keyOf(c) === key)!;
      expect(found.evidence.certificates.map((c: { certificateNumber: string }) => c.certificateNumber).sort()).toEqual([...numbers].sort());
    }
    expect(cases.find((c) => c.participantCode === 'AE')!.evidence.certificates).toEqual([
      { certificateNumber: SHIPMENTS[1].number, exportingParticipant: 'BW', issueDate: '2025-03-05', confirmBy: '2025-04-04' },
    ]);
  });

  it('a second run over the same figures creates nothing and changes no case', async () => {
    const before = await storedState(ctx.deps.db);
    const auditBefore = (await ctx.deps.db.select().from(auditLog).where(eq(auditLog.action, 'anomaly_engine.ran'))).length;
    const run = await request('POST', '/api/anomalies/run', 'chair');
    expect(run.statusCode).toBe(200);
    expect(run.json().created).toBe(0);
    const after = await storedState(ctx.deps.db);
    expect(after.anomaly_cases).toEqual(before.anomaly_cases);
    expect(after.anomaly_case_events).toEqual(before.anomaly_case_events);
    const runs = await ctx.deps.db.select().from(auditLog).where(eq(auditLog.action, 'anomaly_engine.ran'));
    expect(runs.length).toBe(auditBefore + 1);
    expect(runs.at(-1)!.data).toMatchObject({ created: 0 });
  });
});

describe('how far back the engine looks', () => {
  it('judges only periods from ANOMALY_LOOKBACK_YEARS before the run’s year: with 0, nothing of 2025 is flagged; with 1, every 2025 case is', async () => {
    const stored = await casesAs('wgs', '');
    const flaggedWith = async (lookbackYears: number) => {
      ctx.deps.config.anomaly.lookbackYears = lookbackYears;
      try {
        const run = (await request('POST', '/api/anomalies/run', 'wgs')).json() as { rules: { flagged: number }[]; created: number };
        expect(run.created).toBe(0);
        return run.rules.reduce((sum, rule) => sum + rule.flagged, 0);
      } finally {
        ctx.deps.config.anomaly.lookbackYears = THRESHOLDS.lookbackYears;
      }
    };
    expect(stored.length).toBeGreaterThan(0);
    expect(await flaggedWith(0)).toBe(stored.filter((found: { period: string }) => found.period >= '2026').length);
    expect(await flaggedWith(1)).toBe(stored.filter((found: { period: string }) => found.period >= '2025').length);
  });
});

describe('anomaly cases: access and the questionnaire workflow', () => {
  const zaCase = async () => (await casesAs('wgs', '?participant=ZA&rule=exports_above_supply'))[0];

  it('lets the Chair, WGS and WGM see every case, a participant’s staff only its own, and nobody else any', async () => {
    const all = await casesAs('wgm');
    expect(all.length).toBe(10);
    const za = await casesAs('stats.za');
    expect(za.map(keyOf).sort()).toEqual(['exports_above_supply ZA 2025', 'origin_implausible ZA 2025']);
    expect((await request('GET', '/api/anomalies/cases?participant=ZA', 'stats.bw')).statusCode).toBe(404);
    for (const who of ['observer.wdc', 'wgde', 'admin']) expect((await request('GET', '/api/anomalies/cases', who)).statusCode).toBe(403);
    const id = (await zaCase()).id;
    expect((await request('GET', `/api/anomalies/cases/${id}`, 'exporter.za')).statusCode).toBe(200);
    expect((await request('GET', `/api/anomalies/cases/${id}`, 'stats.bw')).statusCode).toBe(404);
    expect((await request('GET', `/api/anomalies/cases/${id}`, 'observer.wdc')).statusCode).toBe(403);
    for (const who of ['wgm', 'stats.za', 'observer.wdc']) expect((await request('POST', '/api/anomalies/run', who)).statusCode).toBe(403);
  });

  it('takes the answer from the participant concerned, in its language, and refuses everyone else', async () => {
    const id = (await zaCase()).id;
    const answer = { body: 'Stocks mined in 2024 were exported in 2025.', language: 'fr' };
    const before = await storedState(ctx.deps.db);
    expect((await request('POST', `/api/anomalies/cases/${id}/answer`, 'stats.bw', answer)).statusCode).toBe(404);
    expect((await request('POST', `/api/anomalies/cases/${id}/answer`, 'exporter.za', answer)).statusCode).toBe(403);
    expect((await request('POST', `/api/anomalies/cases/${id}/answer`, 'wgs', answer)).statusCode).toBe(403);
    expect((await request('POST', `/api/anomalies/cases/${id}/close`, 'wgm', { outcome: 'explained', note: 'x' })).statusCode).toBe(403);
    expect((await request('POST', `/api/anomalies/cases/${id}/escalate`, 'stats.za', { note: 'x' })).statusCode).toBe(403);
    expect(await storedState(ctx.deps.db)).toEqual(before);

    const answered = await request('POST', `/api/anomalies/cases/${id}/answer`, 'stats.za', answer);
    expect(answered.statusCode).toBe(200);
    expect(answered.json().status).toBe('answered');
    expect(answered.json().events.at(-1)).toMatchObject({ kind: 'answered', actor: 'stats.za@demo.test', body: answer.body, language: 'fr' });
  });

  it('moves a case through escalation to closure and refuses transitions from the wrong state', async () => {
    const id = (await zaCase()).id;
    const escalated = await request('POST', `/api/anomalies/cases/${id}/escalate`, 'wgs', { note: 'No evidence of the 2024 stocks.' });
    expect(escalated.json().status).toBe('escalated');
    const again = await request('POST', `/api/anomalies/cases/${id}/escalate`, 'chair', { note: 'again' });
    expect([again.statusCode, again.json().code]).toEqual([409, 'ANOMALY_CASE_ALREADY_ESCALATED']);
    expect((await request('POST', `/api/anomalies/cases/${id}/answer`, 'admin.za', { body: 'Mining records attached.', language: 'en' })).json().status).toBe('answered');
    const closed = await request('POST', `/api/anomalies/cases/${id}/close`, 'chair', { outcome: 'explained', note: 'Stock records reviewed.' });
    expect(closed.json().status).toBe('closed_explained');
    expect(closed.json().events.map((event: { kind: string }) => event.kind)).toEqual(['created', 'answered', 'escalated', 'answered', 'closed']);

    const before = await storedState(ctx.deps.db);
    for (const [action, who, body] of [
      ['close', 'wgs', { outcome: 'explained', note: 'again' }],
      ['escalate', 'wgs', { note: 'late' }],
      ['answer', 'stats.za', { body: 'more', language: 'en' }],
    ] as const) {
      const refused = await request('POST', `/api/anomalies/cases/${id}/${action}`, who, body);
      expect([refused.statusCode, refused.json().code]).toEqual([409, 'ANOMALY_CASE_CLOSED']);
    }
    expect(await storedState(ctx.deps.db)).toEqual(before);

    const audit = await ctx.deps.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audit.map((entry) => entry.action)).toEqual(['anomaly_case.answered', 'anomaly_case.escalated', 'anomaly_case.answered', 'anomaly_case.closed']);
    expect(audit.every((entry) => entry.participantCode === 'ZA')).toBe(true);
  });

  it('answers 404 for a case that does not exist and 400 for a bad outcome', async () => {
    expect((await request('GET', `/api/anomalies/cases/${newId()}`, 'wgs')).statusCode).toBe(404);
    const id = (await casesAs('wgs', '?participant=EU'))[0].id;
    expect((await request('POST', `/api/anomalies/cases/${id}/close`, 'wgs', { outcome: 'fraud', note: 'x' })).statusCode).toBe(400);
  });
});
