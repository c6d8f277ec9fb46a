import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operators, productionReturns } from '../../src/db/schema.ts';
import { parseCsv } from '../../src/domain/csv.ts';
import { createTestApp, loginAs, type TestContext } from '../support/test-database.ts';
import { participantTables } from '../support/statistics-tables.ts';
import { insertReturns } from '../support/production-returns.ts';
import { text, units } from '../support/exact-amounts.ts';

/**
 * Statistics fed through the real API: certificates issued on chosen days (the clock moved
 * forward step by step), one voided, one replaced, receipts confirmed by the UAE; production
 * returns written straight to the table. Every expected figure is summed here, in the test, from
 * those inputs, never by calling the statistics code.
 */

/** $/ct in cents, half up: quotient plus one when the remainder is at least half the divisor. */
const perCarat = (value: bigint, carats: bigint): string | null => {
  if (carats === 0n) return null;
  const quotient = (value * 100n) / carats;
  const remainder = (value * 100n) % carats;
  return text(remainder * 2n >= carats ? quotient + 1n : quotient);
};
const figures = (carats: bigint, value: bigint, certificates: number) => ({ carats: text(carats), valueUsd: text(value), usdPerCarat: perCarat(value, carats), certificates });

// ---- the inputs ----
interface Parcel {
  hsCode: string;
  carats: string;
  valueUsd: string;
}
interface Shipment {
  exporter: 'BW' | 'ZA' | 'EU';
  territory?: string;
  importer: string;
  on: string;
  parcels: Parcel[];
  /** Filled once issued. */
  number?: string;
  counted?: boolean;
}
interface Receipt {
  shipment: number;
  on: string;
  carats: string;
}

const SHIPMENTS: Shipment[] = [
  // 0: last day of Q1
  { exporter: 'BW', importer: 'AE', on: '2025-03-31', parcels: [{ hsCode: '7102.31', carats: '1000.00', valueUsd: '150000.00' }, { hsCode: '7102.21', carats: '500.00', valueUsd: '5000.00' }] },
  // 1: first day of Q2
  { exporter: 'BW', importer: 'AE', on: '2025-04-01', parcels: [{ hsCode: '7102.31', carats: '333.33', valueUsd: '10000.00' }] },
  // 2: last day of H1
  { exporter: 'ZA', importer: 'AE', on: '2025-06-30', parcels: [{ hsCode: '7102.10', carats: '2000.00', valueUsd: '100000.00' }] },
  // 3: first day of H2; 10.05 / 2.00 = 5.025 $/ct, rounded half up to 5.03
  { exporter: 'ZA', importer: 'IN', on: '2025-07-01', parcels: [{ hsCode: '7102.10', carats: '2.00', valueUsd: '10.05' }] },
  // 4: EU, issued in Belgium
  { exporter: 'EU', territory: 'BE', importer: 'IN', on: '2025-08-15', parcels: [{ hsCode: '7102.31', carats: '800.00', valueUsd: '400000.00' }, { hsCode: '7102.31', carats: '10.00', valueUsd: '1000.00' }] },
  // 5: EU, voided below
  { exporter: 'EU', territory: 'BE', importer: 'AE', on: '2025-09-30', parcels: [{ hsCode: '7102.21', carats: '100.00', valueUsd: '1000.00' }] },
  // 6: replaced below by 7
  { exporter: 'BW', importer: 'EU', on: '2025-10-01', parcels: [{ hsCode: '7102.31', carats: '250.00', valueUsd: '50000.00' }] },
  // 7: the replacement
  { exporter: 'BW', importer: 'EU', on: '2025-10-02', parcels: [{ hsCode: '7102.31', carats: '260.00', valueUsd: '52000.00' }] },
  // 8: EU, issued in Germany
  { exporter: 'EU', territory: 'DE', importer: 'ZA', on: '2025-12-31', parcels: [{ hsCode: '7102.21', carats: '40.00', valueUsd: '3000.00' }, { hsCode: '7102.10', carats: '5.50', valueUsd: '700.00' }] },
  // 9: next year
  { exporter: 'BW', importer: 'AE', on: '2026-01-01', parcels: [{ hsCode: '7102.31', carats: '10.00', valueUsd: '1000.00' }] },
];
const VOIDED = 5;
const REPLACED = 6;
const REPLACEMENT = 7;
const RECEIPTS: Receipt[] = [
  { shipment: 0, on: '2025-04-02', carats: '1499.50' },
  { shipment: 2, on: '2025-07-01', carats: '2000.00' },
  { shipment: 9, on: '2026-01-02', carats: '10.00' },
];

/** Production returns: several versions for one key, a correction to "no production", a tie year. */
const RETURNS: { participant: string; year: number; half: number; version: number; reportType: 'production' | 'no_production'; carats: string; valueUsd: string }[] = [
  { participant: 'BW', year: 2025, half: 1, version: 1, reportType: 'production', carats: '1000.00', valueUsd: '100000.00' },
  { participant: 'BW', year: 2025, half: 1, version: 3, reportType: 'production', carats: '1200.00', valueUsd: '130000.01' },
  { participant: 'BW', year: 2025, half: 1, version: 2, reportType: 'production', carats: '1100.00', valueUsd: '120000.00' },
  { participant: 'BW', year: 2025, half: 2, version: 1, reportType: 'production', carats: '900.00', valueUsd: '95000.00' },
  { participant: 'ZA', year: 2025, half: 1, version: 1, reportType: 'no_production', carats: '0.00', valueUsd: '0.00' },
  { participant: 'ZA', year: 2025, half: 2, version: 1, reportType: 'production', carats: '500.00', valueUsd: '40000.00' },
  { participant: 'ZA', year: 2025, half: 2, version: 2, reportType: 'no_production', carats: '0.00', valueUsd: '0.00' },
  { participant: 'CA', year: 2025, half: 1, version: 1, reportType: 'production', carats: '300.00', valueUsd: '60000.00' },
  // 2031: ties in both production rankings
  { participant: 'BW', year: 2031, half: 1, version: 1, reportType: 'production', carats: '1000.00', valueUsd: '100.00' },
  { participant: 'ZA', year: 2031, half: 1, version: 1, reportType: 'production', carats: '500.00', valueUsd: '100.00' },
  { participant: 'CA', year: 2031, half: 1, version: 1, reportType: 'production', carats: '500.00', valueUsd: '50.00' },
  { participant: 'RU', year: 2031, half: 2, version: 1, reportType: 'production', carats: '100.00', valueUsd: '500.00' },
  { participant: 'AO', year: 2031, half: 2, version: 1, reportType: 'no_production', carats: '0.00', valueUsd: '0.00' },
];

let ctx: TestContext;
const cookies: Record<string, string> = {};

const at = (day: string) => {
  ctx.deps.now = () => new Date(`${day}T10:00:00Z`);
};

async function draftOf(shipment: Shipment) {
  const licence = { BW: 'BW-DL-2024-0117', ZA: 'ZA-EX-2023-1180', EU: 'BE-DIA-2024-3300' }[shipment.exporter];
  const [operator] = await ctx.deps.db.select().from(operators).where(eq(operators.licenceNumber, licence));
  return {
    importingParticipant: shipment.importer,
    exporterId: operator.id,
    importer: { name: `Importer in ${shipment.importer}`, address: 'Somewhere', licence: 'LIC-1' },
    originCountries: ['BW'],
    parcels: shipment.parcels,
    ...(shipment.territory && { territory: shipment.territory }),
  };
}

const get = (url: string, cookie?: string, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'GET', url, headers: { ...(cookie && { cookie }), ...headers } });
const json = async (url: string, cookie?: string) => {
  const response = await get(url, cookie);
  if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
  return response.json();
};

beforeAll(async () => {
  ctx = await createTestApp();
  for (const email of ['exporter.bw', 'exporter.za', 'exporter.eu', 'importer.ae', 'stats.eu', 'chair', 'wgs', 'wgm', 'wgde', 'observer.wdc', 'importer.bw', 'admin']) {
    cookies[email] = await loginAs(ctx.app, `${email}@demo.test`);
  }
  const realNow = ctx.deps.now;
  const steps = [
    ...SHIPMENTS.map((shipment, index) => ({ on: shipment.on, order: 0, run: () => issue(index) })),
    ...RECEIPTS.map((receipt) => ({ on: receipt.on, order: 1, run: () => confirm(receipt) })),
    { on: '2025-10-02', order: -1, run: () => undefined },
  ].sort((a, b) => a.on.localeCompare(b.on) || a.order - b.order);
  try {
    for (const step of steps) {
      at(step.on);
      await step.run();
    }
    at('2025-10-05');
    const voided = await ctx.app.inject({ method: 'POST', url: `/api/certificates/${SHIPMENTS[VOIDED].number}/void`, headers: { cookie: cookies['exporter.eu'] }, payload: { reason: 'shipment cancelled' } });
    expect(voided.statusCode).toBe(200);
  } finally {
    ctx.deps.now = realNow;
  }
  for (const [index, shipment] of SHIPMENTS.entries()) shipment.counted = index !== VOIDED && index !== REPLACED;

  await insertReturns(ctx, RETURNS);
});
afterAll(async () => ctx?.close());

async function issue(index: number) {
  const shipment = SHIPMENTS[index];
  const cookie = cookies[`exporter.${shipment.exporter.toLowerCase()}`];
  if (index === REPLACEMENT) {
    const response = await ctx.app.inject({
      method: 'POST',
      url: `/api/certificates/${SHIPMENTS[REPLACED].number}/replace`,
      headers: { cookie },
      payload: { reason: 'weights corrected', draft: await draftOf(shipment) },
    });
    if (response.statusCode !== 201) throw new Error(`replace: ${response.statusCode} ${response.body}`);
    shipment.number = response.json().number;
    return;
  }
  const response = await ctx.app.inject({ method: 'POST', url: '/api/certificates', headers: { cookie }, payload: await draftOf(shipment) });
  if (response.statusCode !== 201) throw new Error(`issue ${index}: ${response.statusCode} ${response.body}`);
  shipment.number = response.json().number;
}

async function confirm(receipt: Receipt) {
  const shipment = SHIPMENTS[receipt.shipment];
  const response = await ctx.app.inject({
    method: 'POST',
    url: `/api/certificates/${shipment.number}/receipt`,
    headers: { cookie: cookies['importer.ae'] },
    payload: { receivedOn: receipt.on, parcelCount: shipment.parcels.length, carats: receipt.carats, importerName: `Importer in ${shipment.importer}`, exporterName: 'Exporter', sealIntact: true },
  });
  if (response.statusCode !== 201) throw new Error(`receipt: ${response.statusCode} ${response.body}`);
}

// ---- expectations, summed from the inputs ----
const counted = () => SHIPMENTS.filter((shipment) => shipment.counted);
const caratsOf = (shipment: Shipment) => shipment.parcels.reduce((sum, parcel) => sum + units(parcel.carats), 0n);
const valueOf = (shipment: Shipment) => shipment.parcels.reduce((sum, parcel) => sum + units(parcel.valueUsd), 0n);
const periodsOfDay = (day: string) => {
  const year = day.slice(0, 4);
  const month = Number(day.slice(5, 7));
  return [`${year}-Q${Math.floor((month - 1) / 3) + 1}`, `${year}-H${month <= 6 ? 1 : 2}`, year];
};

type Cell = { carats: bigint; value: bigint; certificates: Set<string> };
/** period|key → sums, for the counted certificates `select` picks, broken down by `keys` per parcel. */
function expected(select: (shipment: Shipment) => boolean, keys: (shipment: Shipment, parcel: Parcel) => string) {
  const cells = new Map<string, Cell>();
  for (const shipment of counted().filter(select)) {
    for (const parcel of shipment.parcels) {
      for (const period of periodsOfDay(shipment.on)) {
        const id = `${period}|${keys(shipment, parcel)}`;
        const cell = cells.get(id) ?? { carats: 0n, value: 0n, certificates: new Set<string>() };
        cell.carats += units(parcel.carats);
        cell.value += units(parcel.valueUsd);
        cell.certificates.add(shipment.number!);
        cells.set(id, cell);
      }
    }
  }
  return new Map([...cells].map(([id, cell]) => [id, figures(cell.carats, cell.value, cell.certificates.size)]));
}
const asCells = (rows: Record<string, unknown>[], key: (row: Record<string, unknown>) => string) =>
  new Map(rows.map((row) => [`${row.period}|${key(row)}`, { carats: row.carats, valueUsd: row.valueUsd, usdPerCarat: row.usdPerCarat, certificates: row.certificates }]));
const inYear = (year: string) => (shipment: Shipment) => shipment.on.startsWith(year);

async function productionInForce() {
  const rows = await ctx.deps.db.select().from(productionReturns);
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    const key = `${row.participantCode}|${row.year}|${row.half}`;
    if (!latest.has(key) || latest.get(key)!.version < row.version) latest.set(key, row);
  }
  return [...latest.values()];
}

describe('global statistics (public)', () => {
  it('sums the year’s certificates, receipts and production returns in force, without a login', async () => {
    const global = await json('/api/statistics/global?year=2025');
    const trade = counted().filter(inYear('2025'));
    const tradeFigures = figures(
      trade.reduce((sum, shipment) => sum + caratsOf(shipment), 0n),
      trade.reduce((sum, shipment) => sum + valueOf(shipment), 0n),
      trade.length,
    );
    expect(trade.length).toBe(7);
    expect(global.summary.exports).toEqual(tradeFigures);
    expect(global.summary.imports).toEqual(tradeFigures);
    const received = RECEIPTS.filter((receipt) => receipt.on.startsWith('2025'));
    expect(global.summary.received).toEqual({ certificates: received.length, carats: text(received.reduce((sum, receipt) => sum + units(receipt.carats), 0n)) });

    const production = (await productionInForce()).filter((row) => row.year === 2025);
    const byParticipant = new Map<string, bigint>();
    for (const row of production) byParticipant.set(row.participantCode, (byParticipant.get(row.participantCode) ?? 0n) + BigInt(row.carats));
    const carats = production.reduce((sum, row) => sum + BigInt(row.carats), 0n);
    const value = production.reduce((sum, row) => sum + BigInt(row.valueCents), 0n);
    expect(global.summary.production).toEqual({
      carats: text(carats),
      valueUsd: text(value),
      usdPerCarat: perCarat(value, carats),
      producingParticipants: [...byParticipant.values()].filter((sum) => sum > 0n).length,
      reportingParticipants: byParticipant.size,
    });
    // With only this file's returns: BW 1200 (version 3 of 3) + 900, CA 300, ZA corrected to no production.
    if (byParticipant.size === 3) expect(global.summary.production).toMatchObject({ carats: '2400.00', valueUsd: '285000.01', usdPerCarat: '118.75', producingParticipants: 2 });
  });

  it('gives every year with certificates or production as a time series, oldest first', async () => {
    const global = await json('/api/statistics/global?year=2025');
    const years = global.series.map((row: { year: number }) => row.year);
    expect(years).toEqual([...years].sort((a, b) => a - b));
    expect(years).toEqual(expect.arrayContaining([2025, 2026, 2031]));
    expect(global.series.find((row: { year: number }) => row.year === 2025)).toEqual(global.summary);
    const in2026 = global.series.find((row: { year: number }) => row.year === 2026);
    expect(in2026.exports).toEqual(figures(units('10.00'), units('1000.00'), 1));
    expect(in2026.received).toEqual({ certificates: 1, carats: '10.00' });
    const in2031 = global.series.find((row: { year: number }) => row.year === 2031);
    expect(in2031.exports).toEqual({ carats: '0.00', valueUsd: '0.00', usdPerCarat: null, certificates: 0 });
    // A year nobody reported: trade is a real zero, production is missing (null), not zero.
    const empty = await json('/api/statistics/global?year=2040');
    expect(empty.summary.production).toEqual({ carats: null, valueUsd: null, usdPerCarat: null, producingParticipants: 0, reportingParticipants: 0 });
    expect(empty.summary.exports.certificates).toBe(0);
  });

  it('refuses a year that is not one', async () => {
    for (const year of ['abc', '1999', '2025.5', '20250', '']) {
      const response = await get(`/api/statistics/global?year=${year}`);
      expect(response.statusCode, year).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
    }
    expect((await get('/api/statistics/global')).json().code).toBe('VALIDATION_FAILED');
  });
});

describe('participant statistics (public)', () => {
  for (const code of ['BW', 'ZA', 'EU', 'AE', 'IN']) {
    it(`${code}: exports and imports per quarter, half and year, by partner and by HS code, as summed from the certificates`, async () => {
      const statistics = await json(`/api/statistics/participants/${code}?year=2025`);
      const exports = (shipment: Shipment) => shipment.exporter === code && shipment.on.startsWith('2025');
      const imports = (shipment: Shipment) => shipment.importer === code && shipment.on.startsWith('2025');
      expect(asCells(statistics.exports.byPartner, (row) => String(row.partner))).toEqual(expected(exports, (shipment) => shipment.importer));
      expect(asCells(statistics.exports.byHsCode, (row) => String(row.hsCode))).toEqual(expected(exports, (_shipment, parcel) => parcel.hsCode));
      expect(asCells(statistics.imports.byPartner, (row) => String(row.partner))).toEqual(expected(imports, (shipment) => shipment.exporter));
      expect(asCells(statistics.imports.byHsCode, (row) => String(row.hsCode))).toEqual(expected(imports, (_shipment, parcel) => parcel.hsCode));
      const totals = expected(exports, () => '');
      for (const row of statistics.exports.totals) {
        expect({ ...row, period: undefined }, row.period).toEqual({ period: undefined, ...(totals.get(`${row.period}|`) ?? figures(0n, 0n, 0)) });
      }
      expect(statistics.exports.totals.map((row: { period: string }) => row.period)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2025-H1', '2025-H2', '2025']);
    });
  }

  it('puts a certificate in the quarter of its issue date: 31 March in Q1, 1 April in Q2, 31 December in 2025, 1 January in 2026', async () => {
    const bw = await json('/api/statistics/participants/BW?year=2025');
    const total = (period: string) => bw.exports.totals.find((row: { period: string }) => row.period === period);
    expect(total('2025-Q1')).toMatchObject({ carats: '1500.00', valueUsd: '155000.00', certificates: 1 });
    expect(total('2025-Q2')).toMatchObject({ carats: '333.33', valueUsd: '10000.00', usdPerCarat: '30.00', certificates: 1 });
    expect(total('2025-H1')).toMatchObject({ carats: '1833.33', valueUsd: '165000.00', certificates: 2 });
    expect(total('2025-Q3')).toMatchObject({ carats: '0.00', valueUsd: '0.00', usdPerCarat: null, certificates: 0 });
    expect(total('2025')).toMatchObject({ carats: '2093.33', valueUsd: '217000.00', certificates: 3 });
    const za = await json('/api/statistics/participants/ZA?year=2025');
    expect(za.imports.byPartner).toEqual([
      { period: '2025-Q4', partner: 'EU', partnerName: 'European Union', carats: '45.50', valueUsd: '3700.00', usdPerCarat: '81.32', certificates: 1 },
      { period: '2025-H2', partner: 'EU', partnerName: 'European Union', carats: '45.50', valueUsd: '3700.00', usdPerCarat: '81.32', certificates: 1 },
      { period: '2025', partner: 'EU', partnerName: 'European Union', carats: '45.50', valueUsd: '3700.00', usdPerCarat: '81.32', certificates: 1 },
    ]);
    const bw2026 = await json('/api/statistics/participants/BW?year=2026');
    expect(bw2026.exports.totals.find((row: { period: string }) => row.period === '2026-Q1')).toMatchObject({ carats: '10.00', certificates: 1 });
  });

  it('rounds $/ct half up to the cent (10.05 US$ for 2.00 ct is 5.03 $/ct)', async () => {
    const za = await json('/api/statistics/participants/ZA?year=2025');
    expect(za.exports.byPartner.find((row: { period: string; partner: string }) => row.period === '2025-Q3' && row.partner === 'IN')).toEqual({
      period: '2025-Q3',
      partner: 'IN',
      partnerName: 'India',
      carats: '2.00',
      valueUsd: '10.05',
      usdPerCarat: '5.03',
      certificates: 1,
    });
  });

  it('leaves voided and replaced certificates out, and counts the replacement', async () => {
    const eu = await json('/api/statistics/participants/EU?year=2025');
    expect(eu.exports.byPartner.filter((row: { partner: string }) => row.partner === 'AE')).toEqual([]);
    expect(eu.exports.totals.find((row: { period: string }) => row.period === '2025')).toMatchObject({ carats: '855.50', valueUsd: '404700.00', certificates: 2 });
    expect(eu.imports.totals.find((row: { period: string }) => row.period === '2025-Q4')).toEqual({
      period: '2025-Q4',
      carats: '260.00',
      valueUsd: '52000.00',
      usdPerCarat: '200.00',
      certificates: 1,
    });
  });

  it('counts an HS code once per certificate however many parcels carry it', async () => {
    const eu = await json('/api/statistics/participants/EU?year=2025');
    expect(eu.exports.byHsCode.find((row: { period: string; hsCode: string }) => row.period === '2025-Q3' && row.hsCode === '7102.31')).toMatchObject({
      carats: '810.00',
      valueUsd: '401000.00',
      certificates: 1,
    });
  });

  it('gives production per half and year from the returns in force, a “no production” return as zero', async () => {
    const bw = await json('/api/statistics/participants/BW?year=2025');
    expect(bw.production).toEqual([
      { period: '2025-H1', reportType: 'production', version: 3, carats: '1200.00', valueUsd: '130000.01', usdPerCarat: '108.33' },
      { period: '2025-H2', reportType: 'production', version: 1, carats: '900.00', valueUsd: '95000.00', usdPerCarat: '105.56' },
      { period: '2025', reportType: 'production', version: null, carats: '2100.00', valueUsd: '225000.01', usdPerCarat: '107.14' },
    ]);
    const za = await json('/api/statistics/participants/ZA?year=2025');
    expect(za.production).toEqual([
      { period: '2025-H1', reportType: 'no_production', version: 1, carats: '0.00', valueUsd: '0.00', usdPerCarat: null },
      { period: '2025-H2', reportType: 'no_production', version: 2, carats: '0.00', valueUsd: '0.00', usdPerCarat: null },
      { period: '2025', reportType: 'no_production', version: null, carats: '0.00', valueUsd: '0.00', usdPerCarat: null },
    ]);
    const ca = await json('/api/statistics/participants/CA?year=2025');
    expect(ca.production.map((row: { reportType: string | null; carats: string | null }) => [row.reportType, row.carats])).toEqual([
      ['production', '300.00'],
      [null, null],
      ['production', '300.00'],
    ]);
  });

  it('gives the confirmations of receipt by the day they were received', async () => {
    const ae = await json('/api/statistics/participants/AE?year=2025');
    const received = Object.fromEntries(ae.imports.received.map((row: { period: string; certificates: number; carats: string }) => [row.period, [row.certificates, row.carats]]));
    expect(received).toEqual({
      '2025-Q1': [0, '0.00'],
      '2025-Q2': [1, '1499.50'],
      '2025-Q3': [1, '2000.00'],
      '2025-Q4': [0, '0.00'],
      '2025-H1': [1, '1499.50'],
      '2025-H2': [1, '2000.00'],
      '2025': [2, '3499.50'],
    });
  });

  it('answers NOT_FOUND for a code that is no participant, VALIDATION_FAILED for a malformed one or a bad year', async () => {
    const unknown = await get('/api/statistics/participants/XX?year=2025');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('NOT_FOUND');
    expect((await get('/api/statistics/participants/bw?year=2025')).json().code).toBe('VALIDATION_FAILED');
    expect((await get('/api/statistics/participants/BW?year=25')).json().code).toBe('VALIDATION_FAILED');
  });

  it('never publishes operators, importer or exporter names, certificate numbers or EU member states', async () => {
    for (const url of ['/api/statistics/participants/EU?year=2025', '/api/statistics/participants/BW?year=2025', '/api/statistics/global?year=2025', '/api/statistics/rankings?year=2025&measure=exports_usd']) {
      const body = (await get(url)).body;
      expect(body).not.toMatch(/Importer in|Exporter|Kalahari|Hoveniers|Highveld|demo\)/);
      expect(body).not.toMatch(/memberState|territory|"BE"|"DE"/);
      for (const shipment of SHIPMENTS) expect(body).not.toContain(shipment.number);
    }
  });
});

describe('rankings (public)', () => {
  it('ranks production with ties sharing a rank and the next rank skipped', async () => {
    const carats = await json('/api/statistics/rankings?year=2031&measure=production_carats');
    const production = (await productionInForce()).filter((row) => row.year === 2031);
    if (new Set(production.map((row) => row.participantCode)).size === 5) {
      expect(carats.rows.map((row: { rank: number; participant: string; carats: string }) => [row.rank, row.participant, row.carats])).toEqual([
        [1, 'BW', '1000.00'],
        [2, 'CA', '500.00'],
        [2, 'ZA', '500.00'],
        [4, 'RU', '100.00'],
        [5, 'AO', '0.00'],
      ]);
      const usd = await json('/api/statistics/rankings?year=2031&measure=production_usd');
      expect(usd.rows.map((row: { rank: number; participant: string }) => [row.rank, row.participant])).toEqual([
        [1, 'RU'],
        [2, 'BW'],
        [2, 'ZA'],
        [4, 'CA'],
        [5, 'AO'],
      ]);
      expect(usd.rows[0]).toMatchObject({ name: 'Russian Federation', valueUsd: '500.00', usdPerCarat: '5.00', certificates: null });
    }
    expect(carats.rows.every((row: { rank: number }, index: number, rows: { rank: number; carats: string }[]) => index === 0 || rows[index - 1].rank <= row.rank)).toBe(true);
  });

  it('ranks exports and imports by US$ as summed from the certificates, the EU as one participant', async () => {
    for (const [measure, side] of [
      ['exports_usd', 'exporter'],
      ['imports_usd', 'importer'],
    ] as const) {
      const sums = new Map<string, { value: bigint; carats: bigint; certificates: number }>();
      for (const shipment of counted().filter(inYear('2025'))) {
        const sum = sums.get(shipment[side]) ?? { value: 0n, carats: 0n, certificates: 0 };
        sums.set(shipment[side], { value: sum.value + valueOf(shipment), carats: sum.carats + caratsOf(shipment), certificates: sum.certificates + 1 });
      }
      const ordered = [...sums].sort(([a, x], [b, y]) => (x.value === y.value ? a.localeCompare(b) : x.value > y.value ? -1 : 1));
      const ranking = await json(`/api/statistics/rankings?year=2025&measure=${measure}`);
      expect(ranking.rows.map((row: Record<string, unknown>) => [row.participant, row.valueUsd, row.carats, row.certificates])).toEqual(
        ordered.map(([code, sum]) => [code, text(sum.value), text(sum.carats), sum.certificates]),
      );
      expect(ranking.rows.map((row: { rank: number }) => row.rank)).toEqual(ordered.map((_entry, index) => index + 1));
    }
  });

  it('tells each participant where it ranks', async () => {
    const bw = await json('/api/statistics/participants/BW?year=2031');
    expect(bw.rankings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ measure: 'production_carats', rank: 1 }),
        expect.objectContaining({ measure: 'production_usd', rank: 2 }),
        { measure: 'exports_usd', rank: null, of: 0 },
      ]),
    );
    const eu = await json('/api/statistics/participants/EU?year=2025');
    const exportsRanking = await json('/api/statistics/rankings?year=2025&measure=exports_usd');
    expect(eu.rankings.find((row: { measure: string }) => row.measure === 'exports_usd')).toEqual({
      measure: 'exports_usd',
      rank: exportsRanking.rows.find((row: { participant: string }) => row.participant === 'EU').rank,
      of: exportsRanking.rows.length,
    });
  });

  it('refuses an unknown measure', async () => {
    expect((await get('/api/statistics/rankings?year=2025&measure=exports_carats')).json().code).toBe('VALIDATION_FAILED');
    expect((await get('/api/statistics/rankings?year=2025')).json().code).toBe('VALIDATION_FAILED');
  });
});

describe('EU member-state breakdown (restricted)', () => {
  const url = '/api/statistics/participants/EU/member-states?year=2025';

  it('shows EU exports by issuing member state to EU staff, the Chair, WGS and WGM', async () => {
    const eu = (shipment: Shipment) => shipment.exporter === 'EU' && shipment.on.startsWith('2025');
    for (const who of ['exporter.eu', 'stats.eu', 'chair', 'wgs', 'wgm']) {
      const statistics = await json(url, cookies[who]);
      expect(asCells(statistics.byMemberState, (row) => String(row.memberState))).toEqual(expected(eu, (shipment) => shipment.territory!));
      expect(asCells(statistics.byMemberStateAndPartner, (row) => `${row.memberState}:${row.partner}`)).toEqual(expected(eu, (shipment) => `${shipment.territory}:${shipment.importer}`));
    }
    const statistics = await json(url, cookies.wgs);
    expect(statistics.byMemberState.filter((row: { period: string }) => row.period === '2025')).toEqual([
      { period: '2025', memberState: 'BE', memberStateName: 'Belgium', carats: '810.00', valueUsd: '401000.00', usdPerCarat: '495.06', certificates: 1 },
      { period: '2025', memberState: 'DE', memberStateName: 'Germany', carats: '45.50', valueUsd: '3700.00', usdPerCarat: '81.32', certificates: 1 },
    ]);
  });

  it('is refused to everyone else: 401 anonymous, 404 other participants’ staff, 403 other KP roles', async () => {
    expect((await get(url)).statusCode).toBe(401);
    for (const who of ['importer.ae', 'exporter.bw', 'importer.bw']) {
      const response = await get(url, cookies[who]);
      expect(response.statusCode, who).toBe(404);
      expect(response.json().code).toBe('NOT_FOUND');
    }
    for (const who of ['wgde', 'observer.wdc', 'admin']) expect((await get(url, cookies[who])).statusCode, who).toBe(403);
    expect((await get(`${url}&format=csv`, cookies['importer.ae'])).statusCode).toBe(404);
  });
});

describe('CSV downloads', () => {
  it('the global summary and series as CSV with a byte-order mark and a header, parsing back to the JSON figures', async () => {
    const global = await json('/api/statistics/global?year=2025');
    const response = await get('/api/statistics/global?year=2025&format=csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toContain('attachment; filename="kp-statistics-global-2025-summary.csv"');
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [header] = response.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe(
      'year,production.carats,production.valueUsd,production.usdPerCarat,production.producingParticipants,production.reportingParticipants,exports.carats,exports.valueUsd,exports.usdPerCarat,exports.certificates,imports.carats,imports.valueUsd,imports.usdPerCarat,imports.certificates,received.certificates,received.carats',
    );
    const [row] = parseCsv(response.body);
    expect(row).toMatchObject({
      year: '2025',
      'production.carats': global.summary.production.carats,
      'exports.carats': global.summary.exports.carats,
      'exports.valueUsd': global.summary.exports.valueUsd,
      'exports.usdPerCarat': global.summary.exports.usdPerCarat,
      'exports.certificates': String(global.summary.exports.certificates),
      'received.carats': global.summary.received.carats,
    });
    const series = parseCsv((await get('/api/statistics/global?year=2025&table=series', undefined, { accept: 'text/csv' })).body);
    expect(series.map((entry) => entry.year)).toEqual(global.series.map((entry: { year: number }) => String(entry.year)));
    expect(series.find((entry) => entry.year === '2040')).toBeUndefined();
    const empty = parseCsv((await get('/api/statistics/global?year=2040&format=csv')).body)[0];
    expect(empty['production.carats']).toBe('');
  });

  it('every participant table parses back to the same rows as the JSON', async () => {
    const statistics = await json('/api/statistics/participants/EU?year=2025');
    const tables = participantTables(statistics);
    for (const [table, rows] of Object.entries(tables)) {
      const response = await get(`/api/statistics/participants/EU?year=2025&table=${table}`, undefined, { accept: 'text/csv' });
      expect(response.headers['content-type'], table).toBe('text/csv; charset=utf-8');
      expect(parseCsv(response.body), table).toEqual(rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value === null ? '' : String(value)]))));
    }
    const fallback = await get('/api/statistics/participants/EU?year=2025', undefined, { accept: 'text/csv' });
    expect(parseCsv(fallback.body)[0]).toHaveProperty('reportType');
    const jsonWins = await get('/api/statistics/participants/EU?year=2025&format=json', undefined, { accept: 'text/csv' });
    expect(jsonWins.headers['content-type']).toContain('application/json');
  });

  it('rankings and the member-state breakdown as CSV, names in the reader’s language', async () => {
    const ranking = parseCsv((await get('/api/statistics/rankings?year=2025&measure=exports_usd&format=csv')).body);
    const json2025 = await json('/api/statistics/rankings?year=2025&measure=exports_usd');
    expect(ranking).toEqual(json2025.rows.map((row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value === null ? '' : String(value)]))));
    const french = await get('/api/statistics/rankings?year=2025&measure=imports_usd&format=csv&lang=fr');
    expect(parseCsv(french.body).find((row) => row.participant === 'AE')?.name).toBe('Émirats Arabes Unis');
    const memberStates = parseCsv((await get('/api/statistics/participants/EU/member-states?year=2025&format=csv&table=by_member_state_and_partner', cookies.wgs)).body);
    expect(memberStates.filter((row) => row.period === '2025').map((row) => [row.memberState, row.partner, row.valueUsd])).toEqual([
      ['BE', 'IN', '401000.00'],
      ['DE', 'ZA', '3700.00'],
    ]);
  });

  it('are empty tables with a header when there is nothing', async () => {
    const body = (await get('/api/statistics/participants/CF?year=2025&table=exports_by_partner&format=csv')).body;
    expect(body).toBe('\uFEFFperiod,partner,partnerName,carats,valueUsd,usdPerCarat,certificates\r\n');
  });
});

describe('OpenAPI', () => {
  it('documents the statistics routes with their schemas, JSON, CSV and XLSX', async () => {
    const spec = (await get('/api/openapi.json')).json();
    for (const path of ['/api/statistics/global', '/api/statistics/participants/{code}', '/api/statistics/rankings', '/api/statistics/participants/EU/member-states']) {
      const operation = spec.paths[path]?.get;
      expect(operation?.summary, path).toBeTruthy();
      expect(Object.keys(operation.responses['200'].content), path).toEqual(['application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    }
    expect(spec.components.schemas.GlobalStatistics.description).toMatch(/public/);
  });
});
