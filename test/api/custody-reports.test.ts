import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/domain/csv.ts';
import { hundredths } from '../../src/domain/amounts.ts';
import { apiClient } from '../support/api-client.ts';
import { createTestApp, type TestContext } from '../support/test-database.ts';

/**
 * Reports on the custody ledger for the participant's authority (issue #9, items 4 and 6): a
 * ledger is built through the API, then the monthly register, the reconciliation, the licences
 * running out, unusual volumes and the half-year production are read back and checked against
 * the entries themselves; the anomaly engine raises the custody rules once.
 */
let ctx: TestContext;
const { call, at } = apiClient(() => ctx);
const MINES = 'mines.bw@demo.test';
const STATS = 'stats.bw@demo.test';
const BASE = '/api/participants/BW/custody';

const ids: Record<string, string> = {};
const entries: Record<string, string> = {};

async function created(response: Awaited<ReturnType<typeof call>>): Promise<{ id: string }> {
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function operator(key: string, licenceTypes: string[], validUntil: string) {
  const body = { name: `Report test ${key}`, address: 'Gaborone', licenceNumber: `RPT-${key}`, licenceTypes, validFrom: '2025-01-01', validUntil };
  ids[key] = (await created(await call('POST', '/api/participants/BW/operators', MINES, body))).id;
}

async function site(key: string, holder: string, depositType: string, artisanal: boolean) {
  const body = { name: `Report site ${key}`, licenceNumber: `RPT-SITE-${key}`, holderOperatorId: ids[holder], depositType, artisanal, region: 'Central', validFrom: '2025-01-01', validUntil: '2030-12-31' };
  ids[key] = (await created(await call('POST', '/api/participants/BW/sites', MINES, body))).id;
}

async function record(key: string, draft: { kind: string; on: string; site: string; from?: string; to: string; carats: string; usd: string; parcel?: string; warranty?: boolean }) {
  const body = {
    kind: draft.kind,
    occurredOn: draft.on,
    siteId: ids[draft.site],
    ...(draft.from && { fromOperatorId: ids[draft.from] }),
    toOperatorId: ids[draft.to],
    carats: draft.carats,
    valueUsd: draft.usd,
    ...(draft.parcel && { parcelReference: draft.parcel }),
    ...(draft.warranty !== undefined && { warranty: draft.warranty }),
  };
  entries[key] = (await created(await call('POST', `${BASE}/entries`, MINES, body))).id;
}

const amount = (text: string) => Number(hundredths(text));

interface Line {
  entryId: string;
  occurredOn: string;
  kind: string;
  direction: 'in' | 'out';
  counterpartyName: string | null;
  siteId: string;
  siteName: string;
  carats: string;
  valueUsd: string;
  parcelReference: string | null;
  warranty: boolean;
}
interface Stock {
  siteId: string;
  siteName: string;
  opening: string;
  in: string;
  out: string;
  closing: string;
}
interface Actor {
  operatorId: string;
  operatorName: string;
  licenceNumber: string;
  lines: Line[];
  stocks: Stock[];
}

beforeAll(async () => {
  ctx = await createTestApp();
  at('2026-05-30T10:00:00Z');
  await operator('MINER', ['miner'], '2030-12-31');
  await operator('COOP', ['cooperative'], '2030-12-31');
  await operator('DEALER', ['dealer'], '2030-12-31');
  await operator('EXPORTER', ['dealer', 'exporter'], '2026-08-20');
  await operator('LAPSED', ['dealer'], '2026-03-31');
  await site('PIPE', 'MINER', 'kimberlite', false);
  await site('RIVER', 'COOP', 'alluvial', true);

  await record('prod-jan', { kind: 'production', on: '2026-01-10', site: 'PIPE', to: 'MINER', carats: '100.00', usd: '10000.00' });
  await record('prod-feb', { kind: 'production', on: '2026-02-10', site: 'PIPE', to: 'MINER', carats: '120.00', usd: '12000.00' });
  await record('river-feb', { kind: 'production', on: '2026-02-15', site: 'RIVER', to: 'COOP', carats: '40.00', usd: '2000.00' });
  await record('sale-lapsed', { kind: 'sale', on: '2026-02-20', site: 'PIPE', from: 'MINER', to: 'LAPSED', carats: '80.00', usd: '8000.00', parcel: 'P-1', warranty: true });
  await record('prod-mar', { kind: 'production', on: '2026-03-10', site: 'PIPE', to: 'MINER', carats: '110.00', usd: '11000.00' });
  await record('sale-dealer', { kind: 'sale', on: '2026-03-15', site: 'PIPE', from: 'MINER', to: 'DEALER', carats: '150.00', usd: '15000.00' });
  // the seller's licence ended on 31 March: recorded, with a warning, and raised by the engine
  await record('sale-expired', { kind: 'sale', on: '2026-04-10', site: 'PIPE', from: 'LAPSED', to: 'DEALER', carats: '50.00', usd: '5200.00' });
  await record('prod-may', { kind: 'production', on: '2026-05-10', site: 'PIPE', to: 'MINER', carats: '500.00', usd: '50000.00' });
  await record('sale-exporter', { kind: 'sale', on: '2026-05-12', site: 'PIPE', from: 'MINER', to: 'EXPORTER', carats: '400.00', usd: '40000.00', warranty: true });
  await record('transfer', { kind: 'transfer', on: '2026-05-20', site: 'PIPE', from: 'DEALER', to: 'EXPORTER', carats: '100.00', usd: '0' });
  await record('river-sale', { kind: 'sale', on: '2026-05-25', site: 'RIVER', from: 'COOP', to: 'DEALER', carats: '30.00', usd: '1800.00', parcel: '=HYPERLINK("http://x")' });
  await record('withdrawn', { kind: 'sale', on: '2026-05-26', site: 'PIPE', from: 'DEALER', to: 'EXPORTER', carats: '10.00', usd: '1000.00' });

  const corrected = await call('POST', `/api/custody/entries/${entries['sale-exporter']}/correct`, MINES, { carats: '380.00', valueUsd: '38000.00', reason: 'Weighed again' });
  entries['sale-exporter-corrected'] = (await created(corrected)).id;
  await created(await call('POST', `/api/custody/entries/${entries.withdrawn}/correct`, MINES, { cancel: true, reason: 'Recorded twice' }));

  at('2026-07-15T10:00:00Z');
  await record('river-jun', { kind: 'production', on: '2026-06-05', site: 'RIVER', to: 'COOP', carats: '60.00', usd: '3000.00' });
});
afterAll(async () => ctx?.close());

async function registerOf(month: string, email = STATS, query = ''): Promise<{ actors: Actor[]; from: string; to: string }> {
  const response = await call('GET', `${BASE}/register?month=${month}${query}`, email);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const actorIn = (register: { actors: Actor[] }, key: string) => register.actors.find((actor) => actor.operatorId === ids[key])!;

describe('the monthly register', () => {
  it('lists every entry in force of the month once for each party, with the figures as recorded', async () => {
    const register = await registerOf('2026-05');
    const ledger = (await call('GET', `${BASE}/entries?month=2026-05`, STATS)).json() as {
      id: string;
      inForce: boolean;
      kind: string;
      occurredOn: string;
      fromOperatorId: string | null;
      toOperatorId: string | null;
      siteId: string;
      carats: string;
      valueUsd: string;
    }[];
    const inForce = ledger.filter((entry) => entry.inForce);
    const expected = inForce
      .flatMap((entry) => [
        ...(entry.toOperatorId ? [{ operatorId: entry.toOperatorId, entryId: entry.id, direction: 'in', carats: entry.carats, valueUsd: entry.valueUsd, occurredOn: entry.occurredOn, kind: entry.kind }] : []),
        ...(entry.fromOperatorId ? [{ operatorId: entry.fromOperatorId, entryId: entry.id, direction: 'out', carats: entry.carats, valueUsd: entry.valueUsd, occurredOn: entry.occurredOn, kind: entry.kind }] : []),
      ])
      .map((line) => JSON.stringify(line))
      .sort();
    const listed = register.actors
      .flatMap((actor) => actor.lines.map((line) => ({ operatorId: actor.operatorId, entryId: line.entryId, direction: line.direction, carats: line.carats, valueUsd: line.valueUsd, occurredOn: line.occurredOn, kind: line.kind })))
      .map((line) => JSON.stringify(line))
      .sort();
    expect(listed).toEqual(expected);
    expect(new Set(listed).size).toBe(listed.length);
    // the corrected sale appears in its latest version only; the withdrawn one not at all
    const allIds = register.actors.flatMap((actor) => actor.lines.map((line) => line.entryId));
    expect(allIds).toContain(entries['sale-exporter-corrected']);
    expect(allIds).not.toContain(entries['sale-exporter']);
    expect(allIds).not.toContain(entries.withdrawn);
    // only actors with activity in the month: the lapsed dealer traded in February and April
    expect(register.actors.map((actor) => actor.operatorId).sort()).toEqual([ids.MINER, ids.COOP, ids.DEALER, ids.EXPORTER].sort());
  });

  it('gives opening, in, out and closing stock per origin that add up with the lines', async () => {
    const register = await registerOf('2026-05');
    for (const actor of register.actors) {
      for (const stock of actor.stocks) {
        const lines = actor.lines.filter((line) => line.siteId === stock.siteId);
        const sum = (direction: string) => lines.filter((line) => line.direction === direction).reduce((total, line) => total + amount(line.carats), 0);
        expect(amount(stock.in), `${actor.operatorName} ${stock.siteName}`).toBe(sum('in'));
        expect(amount(stock.out)).toBe(sum('out'));
        expect(amount(stock.closing)).toBe(amount(stock.opening) + amount(stock.in) - amount(stock.out));
      }
    }
    const miner = actorIn(register, 'MINER');
    expect(miner.stocks).toEqual([{ siteId: ids.PIPE, siteName: 'Report site PIPE', siteLicence: 'RPT-SITE-PIPE', opening: '100.00', in: '500.00', out: '380.00', closing: '220.00' }]);
    expect(miner.lines.find((line) => line.direction === 'out')).toMatchObject({
      kind: 'sale',
      occurredOn: '2026-05-12',
      counterpartyName: 'Report test EXPORTER',
      counterpartyLicence: 'RPT-EXPORTER',
      carats: '380.00',
      valueUsd: '38000.00',
      warranty: true,
    });
    const dealer = actorIn(register, 'DEALER');
    expect(dealer.stocks.map((stock) => [stock.siteName, stock.opening, stock.in, stock.out, stock.closing])).toEqual([
      ['Report site PIPE', '200.00', '0.00', '100.00', '100.00'],
      ['Report site RIVER', '0.00', '30.00', '0.00', '30.00'],
    ]);
    const next = await registerOf('2026-06');
    expect(actorIn(next, 'DEALER')).toBeUndefined();
    expect(actorIn(next, 'COOP').stocks).toEqual([expect.objectContaining({ opening: '10.00', in: '60.00', out: '0.00', closing: '70.00' })]);
  });

  it('narrows to one actor', async () => {
    const register = await registerOf('2026-05', STATS, `&operatorId=${ids.EXPORTER}`);
    expect(register.actors.map((actor) => actor.operatorId)).toEqual([ids.EXPORTER]);
    expect(register.actors[0].lines.map((line) => line.carats).sort()).toEqual(['100.00', '380.00']);
  });

  it('downloads as CSV with a header row and the same rows, formulas defused', async () => {
    const register = await registerOf('2026-05');
    const response = await call('GET', `${BASE}/register?month=2026-05&format=csv`, STATS);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toContain('custody-register-BW-2026-05.csv');
    const rows = parseCsv(response.body);
    const entryRows = rows.filter((row) => row.record === 'entry');
    const lines = register.actors.flatMap((actor) => actor.lines.map((line) => ({ actor, line })));
    expect(entryRows).toHaveLength(lines.length);
    expect(entryRows.map((row) => [row.operatorLicence, row.date, row.kind, row.direction, row.siteLicence, row.carats, row.valueUsd, row.warranty]).sort()).toEqual(
      lines.map(({ actor, line }) => [actor.licenceNumber, line.occurredOn, line.kind, line.direction, `RPT-SITE-${line.siteName.split(' ').pop()}`, line.carats, line.valueUsd, line.warranty ? 'yes' : 'no']).sort(),
    );
    const stockRows = rows.filter((row) => row.record === 'stock');
    expect(stockRows).toHaveLength(register.actors.flatMap((actor) => actor.stocks).length);
    expect(stockRows.find((row) => row.operatorLicence === 'RPT-MINER')).toMatchObject({ opening: '100.00', in: '500.00', out: '380.00', closing: '220.00' });
    expect(entryRows.filter((row) => row.parcelReference.includes('HYPERLINK')).map((row) => row.parcelReference)).toEqual(['\'=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")']);
  });
});

describe('the reconciliation', () => {
  it('balances every stock, flags none, and counts the corrections recorded in the month', async () => {
    const response = await call('GET', `${BASE}/reconciliation?month=2026-05`, 'admin.bw@demo.test');
    expect(response.statusCode, response.body).toBe(200);
    const lines = response.json().lines as (Stock & { operatorId: string; balanced: boolean; check: boolean; corrections: number; negativeOn: string | null })[];
    for (const line of lines) {
      expect(line.balanced).toBe(true);
      expect(line.check).toBe(false);
      expect(amount(line.closing)).toBe(amount(line.opening) + amount(line.in) - amount(line.out));
    }
    const of = (key: string, siteKey: string) => lines.find((line) => line.operatorId === ids[key] && line.siteId === ids[siteKey]);
    expect(of('MINER', 'PIPE')).toMatchObject({ opening: '100.00', in: '500.00', out: '380.00', closing: '220.00', corrections: 1 });
    expect(of('EXPORTER', 'PIPE')).toMatchObject({ closing: '480.00', corrections: 2 });
    expect(of('DEALER', 'PIPE')).toMatchObject({ corrections: 1 });
    // no movement in May, but stock held: still reconciled
    expect(of('LAPSED', 'PIPE')).toMatchObject({ opening: '30.00', in: '0.00', out: '0.00', closing: '30.00', corrections: 0 });
    const june = (await call('GET', `${BASE}/reconciliation?month=2026-06`, STATS)).json();
    expect(june.lines.every((line: { corrections: number }) => line.corrections === 0)).toBe(true);
  });
});

describe('licences running out', () => {
  it('lists an actor whose licence ends within the warning period and one expired still holding stock', async () => {
    const response = await call('GET', `${BASE}/expiring`, 'exporter.bw@demo.test');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ today: '2026-07-15', days: 60 });
    const of = (key: string) => body.licences.find((licence: { id: string }) => licence.id === ids[key]);
    expect(of('EXPORTER')).toMatchObject({ subject: 'operator', state: 'expiring', validUntil: '2026-08-20', daysLeft: 36, stock: '480.00' });
    expect(of('LAPSED')).toMatchObject({ subject: 'operator', state: 'expired', daysLeft: -106, stock: '30.00' });
    expect(of('MINER')).toBeUndefined();
    const shorter = (await call('GET', `${BASE}/expiring?days=30`, 'exporter.bw@demo.test')).json();
    expect(shorter.licences.find((licence: { id: string }) => licence.id === ids.EXPORTER)).toBeUndefined();
  });
});

describe('unusual volumes', () => {
  it('flags an actor whose month is beyond three times the median of its active months, with the figures', async () => {
    const response = await call('GET', `${BASE}/unusual?month=2026-05`, MINES);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ factor: 3, historyMonths: 6, minActiveMonths: 3 });
    // January 100, February 120 + 80, March 110 + 150: median 200; May 500 + 380 = 880
    expect(body.actors).toEqual([
      expect.objectContaining({
        operatorId: ids.MINER,
        in: '500.00',
        out: '380.00',
        volume: '880.00',
        median: '200.00',
        ratio: '4.40',
        history: [
          { month: '2026-01', volume: '100.00' },
          { month: '2026-02', volume: '200.00' },
          { month: '2026-03', volume: '260.00' },
        ],
      }),
    ]);
    // March is within three times its history? It has only two earlier active months: not judged
    expect((await call('GET', `${BASE}/unusual?month=2026-03`, MINES)).json().actors).toEqual([]);
  });
});

describe('half-year production', () => {
  it('sums the declarations in force with the ASM/LSM split, beside the return on record, in the shape of a return', async () => {
    const submitted = await call('POST', '/api/participants/BW/production', STATS, {
      year: 2026,
      half: 1,
      reportType: 'production',
      carats: '900.00',
      valueUsd: '85000.00',
      asm: { carats: '90.00', valueUsd: '4500.00' },
      lsm: { carats: '810.00', valueUsd: '80500.00' },
      note: 'Half-year return from the mines department',
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const response = await call('GET', `${BASE}/production?year=2026&half=1`, STATS);
    expect(response.statusCode, response.body).toBe(200);
    const figures = response.json();
    expect(figures).toMatchObject({
      from: '2026-01-01',
      to: '2026-06-30',
      carats: '930.00',
      valueUsd: '88000.00',
      asm: { carats: '100.00', valueUsd: '5000.00' },
      lsm: { carats: '830.00', valueUsd: '83000.00' },
      returnOnRecord: { carats: '900.00', valueUsd: '85000.00', version: submitted.json().version },
      difference: { carats: '30.00', valueUsd: '3000.00', asm: { carats: '10.00', valueUsd: '500.00' }, lsm: { carats: '20.00', valueUsd: '2500.00' } },
    });
    expect(figures.bySite).toEqual([
      expect.objectContaining({ siteId: ids.PIPE, depositType: 'kimberlite', artisanal: false, carats: '830.00', entries: 4 }),
      expect.objectContaining({ siteId: ids.RIVER, depositType: 'alluvial', artisanal: true, carats: '100.00', valueUsd: '5000.00', entries: 2 }),
    ]);
    expect(figures.byDepositType.sort((a: { depositType: string }, b: { depositType: string }) => a.depositType.localeCompare(b.depositType))).toEqual([
      { depositType: 'alluvial', carats: '100.00', valueUsd: '5000.00' },
      { depositType: 'kimberlite', carats: '830.00', valueUsd: '83000.00' },
    ]);
    // the draft is accepted as it is by the production return endpoint (a correction needs a note)
    const correction = await call('POST', '/api/participants/BW/production', STATS, { ...figures.draft, note: 'Figures from the custody ledger' });
    expect(correction.statusCode, correction.body).toBe(201);
    expect(correction.json()).toMatchObject({ carats: '930.00', asm: { carats: '100.00' }, lsm: { carats: '830.00' } });
    const second = (await call('GET', `${BASE}/production?year=2026&half=2`, STATS)).json();
    expect(second).toMatchObject({ carats: '0.00', draft: { reportType: 'no_production' }, bySite: [] });
  });
});

describe('anomaly rules on the ledger', () => {
  it('raises a case for a purchase from a seller whose licence had expired, and for a site above its history, once', async () => {
    const run = await call('POST', '/api/anomalies/run', 'wgs@demo.test');
    expect(run.statusCode, run.body).toBe(200);
    const rule = (body: { rules: { rule: string; flagged: number; created: number }[] }, name: string) => body.rules.find((each) => each.rule === name);
    // other participants' demo ledgers may add cases of their own: BW's are counted below
    expect(rule(run.json(), 'custody_unlicensed_party')!.created).toBeGreaterThanOrEqual(1);
    expect(rule(run.json(), 'custody_site_above_history')!.created).toBeGreaterThanOrEqual(1);

    const unlicensed = (await call('GET', '/api/anomalies/cases?rule=custody_unlicensed_party&participant=BW', 'wgs@demo.test')).json().items;
    expect(unlicensed).toHaveLength(1);
    expect(unlicensed[0]).toMatchObject({ participantCode: 'BW', period: '2026-04' });
    const detail = (await call('GET', `/api/anomalies/cases/${unlicensed[0].id}`, STATS)).json();
    expect(detail.evidence).toEqual({
      month: '2026-04',
      operatorId: ids.LAPSED,
      entries: [{ entryId: entries['sale-expired'], date: '2026-04-10', kind: 'sale', party: 'seller', carats: '50.00', state: 'expired' }],
    });

    const spike = (await call('GET', '/api/anomalies/cases?rule=custody_site_above_history&participant=BW', 'wgs@demo.test')).json().items;
    expect(spike).toHaveLength(1);
    const spikeDetail = (await call('GET', `/api/anomalies/cases/${spike[0].id}`, 'wgs@demo.test')).json();
    expect(spikeDetail).toMatchObject({ period: '2026-05', evidence: { siteId: ids.PIPE, carats: '500.00', previousMaximum: '120.00', factor: 2 } });

    const again = await call('POST', '/api/anomalies/run', 'wgs@demo.test');
    expect(again.json().created).toBe(0);
    expect(rule(again.json(), 'custody_unlicensed_party')).toMatchObject({ flagged: rule(run.json(), 'custody_unlicensed_party')!.flagged, created: 0 });
    expect(rule(again.json(), 'custody_site_above_history')).toMatchObject({ flagged: rule(run.json(), 'custody_site_above_history')!.flagged, created: 0 });
    expect((await call('GET', '/api/anomalies/cases?rule=custody_unlicensed_party&participant=BW', 'wgs@demo.test')).json().items).toHaveLength(1);
  });
});

describe('who reads the reports', () => {
  const urls = [`${BASE}/register?month=2026-05`, `${BASE}/register?month=2026-05&format=csv`, `${BASE}/reconciliation?month=2026-05`, `${BASE}/expiring`, `${BASE}/unusual?month=2026-05`, `${BASE}/production?year=2026&half=1`];

  it('answers the participant’s exporting, statistics and mines officers and its administrator', async () => {
    for (const email of ['exporter.bw@demo.test', STATS, MINES, 'admin.bw@demo.test']) {
      for (const url of urls) expect((await call('GET', url, email)).statusCode, `${email} ${url}`).toBe(200);
    }
  });

  it('looks absent to other participants, to the BW importing officer and to KP bodies', async () => {
    for (const email of ['stats.za@demo.test', 'admin.za@demo.test', 'importer.bw@demo.test', 'wgs@demo.test', 'chair@demo.test']) {
      for (const url of urls) expect((await call('GET', url, email)).statusCode, `${email} ${url}`).toBe(404);
    }
    expect((await call('GET', urls[0], null)).statusCode).toBe(401);
    expect((await call('GET', '/api/participants/XX/custody/register', 'stats.bw@demo.test')).statusCode).toBe(404);
  });
});
