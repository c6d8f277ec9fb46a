import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateCounters, custodyEntries, users } from '../../src/db/schema.ts';
import { newId } from '../../src/domain/ids.ts';
import { apiClient } from '../support/api-client.ts';
import { botswanaDraft } from '../support/issue.ts';
import { storedState } from '../support/state.ts';
import { createTestApp, type TestContext } from '../support/test-database.ts';

/**
 * Internal controls (issue #9) through the API: a mines officer licenses sites and the actors of
 * the chain, records production, sales and transfers, and the exporter's certificates draw on the
 * stock so recorded. No actor's stock of an origin may run below zero on any day.
 */
let ctx: TestContext;
const { as, call } = apiClient(() => ctx);
const MINES = 'mines.bw@demo.test';
const EXPORTING = 'exporter.bw@demo.test';
const ADMIN = 'admin.bw@demo.test';

interface Operator {
  id: string;
  name: string;
  registrationCard: string | null;
  cooperativeId: string | null;
}
interface Site {
  id: string;
  name: string;
}
interface Entry {
  id: string;
  kind: string;
  carats: string;
  inForce: boolean;
  supersedes: string | null;
  supersededBy: string | null;
  cancelled: boolean;
  clientRef: string | null;
  certificateNumber: string | null;
  warnings: { party: string; operatorId: string | null; state: string }[];
}
interface StockLine {
  operatorId: string;
  siteId: string;
  carats: string;
}

const actors = {} as Record<'cooperative' | 'digger' | 'dealer' | 'exporter' | 'lapsedMiner', Operator>;
const sites = {} as Record<'boteti' | 'orapa', Site>;

const today = () => new Date().toISOString().slice(0, 10);
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

async function registerOperator(draft: Record<string, unknown>): Promise<Operator> {
  const response = await call('POST', '/api/participants/BW/operators', MINES, { address: 'Gaborone', validFrom: '2026-01-01', validUntil: '2030-12-31', ...draft });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function registerSite(draft: Record<string, unknown>): Promise<Site> {
  const response = await call('POST', '/api/participants/BW/sites', MINES, { depositType: 'alluvial', artisanal: true, region: 'Central District', validFrom: '2026-01-01', validUntil: '2030-12-31', ...draft });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const record = (entry: Record<string, unknown>, email = MINES) => call('POST', '/api/participants/BW/custody/entries', email, { valueUsd: '0.00', ...entry });
const correct = (id: string, correction: Record<string, unknown>, email = MINES) => call('POST', `/api/custody/entries/${id}/correct`, email, correction);
const ledger = async (): Promise<Entry[]> => (await call('GET', '/api/participants/BW/custody/entries', MINES)).json();

async function recorded(entry: Record<string, unknown>): Promise<Entry> {
  const response = await record(entry);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/** Today's stock as `{ actor key: { site key: carats } }` for the actors and sites of this file. */
async function stockOf(...keys: (keyof typeof actors)[]): Promise<Record<string, Record<string, string>>> {
  const response = await call('GET', '/api/participants/BW/custody/stock', MINES);
  expect(response.statusCode).toBe(200);
  const lines: StockLine[] = response.json();
  const result: Record<string, Record<string, string>> = {};
  for (const key of keys) {
    result[key] = {};
    for (const [siteKey, site] of Object.entries(sites)) {
      const line = lines.find((candidate) => candidate.operatorId === actors[key].id && candidate.siteId === site.id);
      if (line) result[key][siteKey] = line.carats;
    }
  }
  return result;
}

beforeAll(async () => {
  ctx = await createTestApp();
  actors.cooperative = await registerOperator({ name: 'Boteti Diggers Cooperative', licenceNumber: 'BW-COOP-2026-0007', licenceTypes: ['cooperative'] });
  actors.digger = await registerOperator({
    name: 'Kabo Sebego',
    licenceNumber: 'BW-AM-2026-0142',
    licenceTypes: ['artisanal_miner'],
    registrationCard: 'AM-CARD-0042',
    cooperativeId: actors.cooperative.id,
  });
  actors.dealer = await registerOperator({ name: 'Letlhakane Rough Buyers', licenceNumber: 'BW-DL-2026-0311', licenceTypes: ['dealer'] });
  actors.exporter = await registerOperator({ name: 'Serowe Diamond Exports', licenceNumber: 'BW-EX-2026-0019', licenceTypes: ['dealer', 'exporter'] });
  actors.lapsedMiner = await registerOperator({ name: 'Old Mmashoro Diggings', licenceNumber: 'BW-MN-2025-0003', licenceTypes: ['miner'], validFrom: '2025-01-01', validUntil: '2026-02-28' });
  sites.boteti = await registerSite({ name: 'Boteti alluvial field', licenceNumber: 'BW-ML-2026-0101', holderOperatorId: actors.cooperative.id, latitude: '-21.1', longitude: '24.6' });
  sites.orapa = await registerSite({ name: 'Orapa block 4', licenceNumber: 'BW-ML-2026-0102', depositType: 'kimberlite', artisanal: false });
});
afterAll(async () => ctx?.close());

describe('sites and actors of the chain', () => {
  it('lets the mines officer license a site held by a cooperative and an artisanal miner carrying a registration card', async () => {
    const site = (await call('GET', `/api/sites/${sites.boteti.id}`, MINES)).json();
    expect(site).toMatchObject({ participantCode: 'BW', holderName: 'Boteti Diggers Cooperative', artisanal: true, licenceState: 'valid' });
    const digger = (await call('GET', `/api/operators/${actors.digger.id}`, MINES)).json();
    expect(digger).toMatchObject({ registrationCard: 'AM-CARD-0042', cooperativeId: actors.cooperative.id, licenceTypes: ['artisanal_miner'] });
    const list = (await call('GET', '/api/participants/BW/sites', MINES)).json();
    expect(list.map((row: Site) => row.name)).toEqual(['Boteti alluvial field', 'Orapa block 4']);
  });

  it('refuses a site held by a dealer, who holds no mining licence', async () => {
    const response = await call('POST', '/api/participants/BW/sites', MINES, {
      name: 'Dealer pit',
      licenceNumber: 'BW-ML-2026-0999',
      holderOperatorId: actors.dealer.id,
      depositType: 'alluvial',
      artisanal: true,
      region: 'Central',
      validFrom: '2026-01-01',
      validUntil: '2027-01-01',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: ['holderOperatorId'] })] });
  });
});

/** The digger's production at Boteti, and later its correction. */
let production: Entry;

describe('custody ledger', () => {
  it('follows goods from the site to the exporter, keeping each actor’s stock per origin', async () => {
    production = await recorded({ kind: 'production', occurredOn: '2026-03-02', siteId: sites.boteti.id, toOperatorId: actors.digger.id, carats: '500.00' });
    expect(production).toMatchObject({ kind: 'production', carats: '500.00', inForce: true, warnings: [] });
    await recorded({ kind: 'production', occurredOn: '2026-03-02', siteId: sites.orapa.id, toOperatorId: actors.cooperative.id, carats: '900.00' });
    const sale = await recorded({
      kind: 'sale',
      occurredOn: '2026-03-05',
      siteId: sites.boteti.id,
      fromOperatorId: actors.digger.id,
      toOperatorId: actors.dealer.id,
      carats: '300.00',
      valueUsd: '45000.00',
      warranty: true,
    });
    expect(sale).toMatchObject({ fromName: 'Kabo Sebego', toName: 'Letlhakane Rough Buyers', valueUsd: '45000.00', warranty: true, warnings: [] });
    await recorded({ kind: 'transfer', occurredOn: '2026-03-09', siteId: sites.boteti.id, fromOperatorId: actors.dealer.id, toOperatorId: actors.exporter.id, carats: '200.00' });
    await recorded({ kind: 'sale', occurredOn: '2026-03-09', siteId: sites.orapa.id, fromOperatorId: actors.cooperative.id, toOperatorId: actors.exporter.id, carats: '600.00', valueUsd: '90000.00' });

    expect(await stockOf('digger', 'dealer', 'exporter', 'cooperative')).toEqual({
      digger: { boteti: '200.00' },
      dealer: { boteti: '100.00' },
      exporter: { boteti: '200.00', orapa: '600.00' },
      cooperative: { orapa: '300.00' },
    });
    const exporterOnly: StockLine[] = (await call('GET', `/api/participants/BW/custody/stock?operatorId=${actors.exporter.id}`, MINES)).json();
    expect(exporterOnly.map((line) => [line.siteId, line.carats])).toEqual([
      [sites.boteti.id, '200.00'],
      [sites.orapa.id, '600.00'],
    ]);

    // the ledger's filters: an actor's entries (either side), a site's, a month's
    const list = async (query: string) => ((await call('GET', `/api/participants/BW/custody/entries?${query}`, MINES)).json() as Entry[]).map((entry) => [entry.kind, entry.carats]);
    expect(await list(`operatorId=${actors.dealer.id}`)).toEqual([
      ['sale', '300.00'],
      ['transfer', '200.00'],
    ]);
    expect(await list(`siteId=${sites.orapa.id}`)).toEqual([
      ['production', '900.00'],
      ['sale', '600.00'],
    ]);
    expect(await list('month=2026-03')).toHaveLength(5);
    expect(await list('month=2026-02')).toEqual([]);
    expect(await list('month=2026-04')).toEqual([]);
  });

  it('refuses a sale above the seller’s stock in the reader’s language, and stores nothing', async () => {
    const before = await storedState(ctx.deps.db);
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/participants/BW/custody/entries?lang=fr',
      headers: { cookie: await as(MINES) },
      payload: { kind: 'sale', occurredOn: '2026-03-10', siteId: sites.boteti.id, fromOperatorId: actors.dealer.id, toOperatorId: actors.exporter.id, carats: '100.01', valueUsd: '15000.00' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('STOCK_INSUFFICIENT');
    expect(response.json().message).toMatch(/^Refusé : Letlhakane Rough Buyers \(BW-DL-2026-0311\) aurait 0[.,]01 ct de moins/);
    expect(response.json().message).toContain('Boteti alluvial field (BW-ML-2026-0101)');
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });

  it('refuses a backdated sale of goods the seller only received later, although its stock today covers it', async () => {
    const before = await storedState(ctx.deps.db);
    const response = await record({ kind: 'sale', occurredOn: '2026-03-04', siteId: sites.boteti.id, fromOperatorId: actors.dealer.id, toOperatorId: actors.exporter.id, carats: '50.00', valueUsd: '7500.00' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'STOCK_INSUFFICIENT', message: expect.stringContaining('2026') });
    expect(await storedState(ctx.deps.db)).toEqual(before);
    const onTheDay = await record({ kind: 'sale', occurredOn: '2026-03-05', siteId: sites.boteti.id, fromOperatorId: actors.dealer.id, toOperatorId: actors.exporter.id, carats: '50.00', valueUsd: '7500.00' });
    expect(onTheDay.statusCode).toBe(201);
    expect((await stockOf('dealer')).dealer).toEqual({ boteti: '50.00' });
  });

  it('stores an entry synced twice from a field device once, and refuses the device reference for different content', async () => {
    const draft = { kind: 'production', occurredOn: '2026-03-11', siteId: sites.orapa.id, toOperatorId: actors.cooperative.id, carats: '10.00', clientRef: 'tablet-07-000123' };
    const first = await record(draft);
    const again = await record(draft);
    expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
    expect(again.json().id).toBe(first.json().id);
    expect((await ledger()).filter((entry) => entry.clientRef === 'tablet-07-000123')).toHaveLength(1);

    const before = await storedState(ctx.deps.db);
    const different = await record({ ...draft, carats: '11.00' });
    expect(different.statusCode).toBe(409);
    expect(different.json()).toMatchObject({ code: 'CLIENT_REF_REUSED', message: expect.stringContaining('tablet-07-000123') });
    expect(await storedState(ctx.deps.db)).toEqual(before);
    expect((await stockOf('cooperative')).cooperative).toEqual({ orapa: '310.00' });
  });

  it('corrects an entry by a new one that supersedes it; the stock follows and the old entry stays on record', async () => {
    const response = await correct(production.id, { carats: '450.00', reason: 'Weighed again at the cooperative office' });
    expect(response.statusCode).toBe(201);
    const correction: Entry = response.json();
    expect(correction).toMatchObject({ supersedes: production.id, carats: '450.00', inForce: true });
    const old = (await ledger()).find((entry) => entry.id === production.id)!;
    expect(old).toMatchObject({ inForce: false, supersededBy: correction.id, carats: '500.00' });
    expect((await stockOf('digger')).digger).toEqual({ boteti: '150.00' });

    const twice = await correct(production.id, { carats: '460.00', reason: 'again' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('ENTRY_ALREADY_CORRECTED');
    production = correction;
  });

  it('refuses a correction that would leave goods already sold unbacked, raises an anomaly case, and leaves the ledger as it was', async () => {
    const before = await ledger();
    const response = await correct(production.id, { carats: '100.00', reason: 'Misread scale' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'CORRECTION_LEAVES_STOCK_NEGATIVE', message: expect.stringContaining('Kabo Sebego') });
    expect(await ledger()).toEqual(before);
    expect((await stockOf('digger')).digger).toEqual({ boteti: '150.00' });

    for (const reader of ['stats.bw@demo.test', ADMIN]) {
      const cases = await call('GET', '/api/anomalies/cases?rule=custody_negative_stock', reader);
      expect(cases.statusCode).toBe(200);
      expect(cases.json().items).toEqual([
        expect.objectContaining({
          rule: 'custody_negative_stock',
          participantCode: 'BW',
          period: '2026-03',
          evidence: expect.objectContaining({ entryId: production.id, operatorId: actors.digger.id, siteId: sites.boteti.id, on: '2026-03-05', shortBy: '200.00' }),
        }),
      ]);
    }
    const elsewhere = await call('GET', '/api/anomalies/cases?rule=custody_negative_stock', 'stats.za@demo.test');
    expect(elsewhere.json().items).toEqual([]);
  });

  it('cancels an entry recorded in error, and a cancellation is final', async () => {
    const mistaken = await recorded({ kind: 'production', occurredOn: '2026-03-12', siteId: sites.boteti.id, toOperatorId: actors.digger.id, carats: '75.00' });
    expect((await stockOf('digger')).digger).toEqual({ boteti: '225.00' });
    const cancelled = await correct(mistaken.id, { cancel: true, reason: 'Recorded at the wrong mine' });
    expect(cancelled.statusCode).toBe(201);
    expect(cancelled.json()).toMatchObject({ cancelled: true, inForce: false, supersedes: mistaken.id });
    expect((await stockOf('digger')).digger).toEqual({ boteti: '150.00' });
    const undo = await correct(cancelled.json().id, { carats: '75.00', reason: 'undo' });
    expect(undo.statusCode).toBe(409);
    expect(undo.json().code).toBe('ENTRY_NOT_CORRECTABLE');
  });

  it('records a sale by a seller whose licence had expired, and reports it back as a warning', async () => {
    await recorded({ kind: 'production', occurredOn: '2026-02-10', siteId: sites.orapa.id, toOperatorId: actors.lapsedMiner.id, carats: '100.00' });
    const response = await record({ kind: 'sale', occurredOn: '2026-03-10', siteId: sites.orapa.id, fromOperatorId: actors.lapsedMiner.id, toOperatorId: actors.dealer.id, carats: '40.00', valueUsd: '6000.00' });
    expect(response.statusCode).toBe(201);
    expect(response.json().warnings).toEqual([{ party: 'seller', operatorId: actors.lapsedMiner.id, state: 'expired' }]);
  });

  it('keeps an entry’s licence warnings as they were on its day: a later suspension does not flag earlier trade', async () => {
    const before = await recorded({ kind: 'sale', occurredOn: '2026-03-12', siteId: sites.orapa.id, fromOperatorId: actors.cooperative.id, toOperatorId: actors.dealer.id, carats: '5.00', valueUsd: '750.00' });
    expect(before.warnings).toEqual([]);
    const suspended = await call('POST', `/api/operators/${actors.dealer.id}/suspend`, MINES, { reason: 'Books not kept' });
    expect(suspended.statusCode).toBe(200);
    expect((await ledger()).find((entry) => entry.id === before.id)!.warnings).toEqual([]);
    const afterwards = await recorded({ kind: 'sale', occurredOn: today(), siteId: sites.orapa.id, fromOperatorId: actors.cooperative.id, toOperatorId: actors.dealer.id, carats: '5.00', valueUsd: '750.00' });
    expect(afterwards.warnings).toEqual([{ party: 'buyer', operatorId: actors.dealer.id, state: 'suspended' }]);
    expect((await call('POST', `/api/operators/${actors.dealer.id}/reinstate`, MINES, { note: 'Books produced' })).statusCode).toBe(200);
  });

  it('lets a stock short from imported records stay short, but lets no later entry take it lower', async () => {
    const site = await registerSite({ name: 'Mopipi old workings', licenceNumber: 'BW-ML-2019-0031' });
    const [officer] = await ctx.deps.db.select().from(users).where(eq(users.email, MINES));
    // Records taken over from paper before the stock check existed: the cooperative sold 10 ct it never recorded producing.
    await ctx.deps.db.insert(custodyEntries).values({
      id: newId(),
      participantCode: 'BW',
      kind: 'sale',
      occurredOn: '2026-02-01',
      siteId: site.id,
      fromOperatorId: actors.cooperative.id,
      toOperatorId: actors.dealer.id,
      carats: 1000,
      valueCents: 150000,
      recordedBy: officer.id,
      recordedAt: new Date(),
    });
    const topUp = await record({ kind: 'production', occurredOn: '2026-02-05', siteId: site.id, toOperatorId: actors.cooperative.id, carats: '4.00' });
    expect(topUp.statusCode).toBe(201);
    const later = await record({ kind: 'sale', occurredOn: '2026-03-01', siteId: site.id, fromOperatorId: actors.cooperative.id, toOperatorId: actors.dealer.id, carats: '500.00', valueUsd: '75000.00' });
    expect(later.statusCode).toBe(409);
    expect(later.json().code).toBe('STOCK_INSUFFICIENT');
    const sameDay = await record({ kind: 'sale', occurredOn: '2026-02-01', siteId: site.id, fromOperatorId: actors.cooperative.id, toOperatorId: actors.dealer.id, carats: '0.01', valueUsd: '1.00' });
    expect(sameDay.statusCode).toBe(409);
  });

  it('lets concurrent sales of the same stock through only as far as the stock goes', async () => {
    const site = await registerSite({ name: 'Rakops river terrace', licenceNumber: 'BW-ML-2026-0177' });
    await recorded({ kind: 'production', occurredOn: '2026-03-01', siteId: site.id, toOperatorId: actors.cooperative.id, carats: '100.00' });
    const sales = await Promise.all(
      Array.from({ length: 6 }, (_, n) =>
        record({ kind: 'sale', occurredOn: '2026-03-02', siteId: site.id, fromOperatorId: actors.cooperative.id, toOperatorId: actors.dealer.id, carats: '30.00', valueUsd: `${4500 + n}.00` }),
      ),
    );
    expect(sales.map((sale) => sale.statusCode).sort()).toEqual([201, 201, 201, 409, 409, 409]);
    const lines: StockLine[] = (await call('GET', '/api/participants/BW/custody/stock', MINES)).json();
    expect(lines.filter((line) => line.siteId === site.id).map((line) => [line.operatorId, line.carats])).toEqual(
      expect.arrayContaining([
        [actors.cooperative.id, '10.00'],
        [actors.dealer.id, '90.00'],
      ]),
    );
  });

  it('refuses an entry dated in the future', async () => {
    const before = await storedState(ctx.deps.db);
    const response = await record({ kind: 'production', occurredOn: tomorrow(), siteId: sites.orapa.id, toOperatorId: actors.cooperative.id, carats: '1.00' });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('CUSTODY_DATE_IN_FUTURE');
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });

  it('refuses a sale at zero value and a sale between an actor and itself', async () => {
    const free = await record({ kind: 'sale', occurredOn: '2026-03-12', siteId: sites.orapa.id, fromOperatorId: actors.cooperative.id, toOperatorId: actors.dealer.id, carats: '1.00', valueUsd: '0.00' });
    expect(free.json().code).toBe('AMOUNT_NOT_POSITIVE');
    const self = await record({ kind: 'sale', occurredOn: '2026-03-12', siteId: sites.orapa.id, fromOperatorId: actors.cooperative.id, toOperatorId: actors.cooperative.id, carats: '1.00', valueUsd: '1.00' });
    expect(self.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: ['toOperatorId'] })] });
  });
});

describe('who reads and writes the ledger', () => {
  it('hides Botswana’s ledger and stock from other participants’ officials and from the KP Chair and WGM', async () => {
    for (const email of ['exporter.za@demo.test', 'mines.ao@demo.test', 'importer.bw@demo.test', 'chair@demo.test', 'wgm@demo.test']) {
      expect((await call('GET', '/api/participants/BW/custody/entries', email)).statusCode, email).toBe(404);
      expect((await call('GET', '/api/participants/BW/custody/stock', email)).statusCode, email).toBe(404);
      const write = await call('POST', '/api/participants/BW/custody/entries', email, { kind: 'production', occurredOn: '2026-03-12', siteId: sites.orapa.id, toOperatorId: actors.cooperative.id, carats: '1.00', valueUsd: '0.00' });
      expect(write.statusCode, email).toBe(404);
      expect((await correct(production.id, { carats: '460.00', reason: 'x' }, email)).statusCode, email).toBe(404);
    }
  });

  it('lets the importing officer, the Chair and the WGM read the site register, but no other participant', async () => {
    for (const email of ['importer.bw@demo.test', 'chair@demo.test', 'wgm@demo.test']) {
      expect((await call('GET', '/api/participants/BW/sites', email)).statusCode, email).toBe(200);
      expect((await call('GET', `/api/sites/${sites.orapa.id}`, email)).statusCode, email).toBe(200);
    }
    for (const email of ['exporter.za@demo.test', 'mines.ao@demo.test']) {
      expect((await call('GET', '/api/participants/BW/sites', email)).statusCode, email).toBe(404);
      expect((await call('GET', `/api/sites/${sites.orapa.id}`, email)).statusCode, email).toBe(404);
    }
  });

  it('lets the statistics officer read the ledger but not record in it', async () => {
    expect((await call('GET', '/api/participants/BW/custody/entries', 'stats.bw@demo.test')).statusCode).toBe(200);
    const write = await call('POST', '/api/participants/BW/custody/entries', 'stats.bw@demo.test', { kind: 'production', occurredOn: '2026-03-12', siteId: sites.orapa.id, toOperatorId: actors.cooperative.id, carats: '1.00', valueUsd: '0.00' });
    expect(write.statusCode).toBe(403);
  });

  it('refuses Angola’s mines officer a Botswana site in Angola’s own register', async () => {
    const response = await call('POST', '/api/participants/AO/custody/entries', 'mines.ao@demo.test', { kind: 'production', occurredOn: '2026-03-12', siteId: sites.orapa.id, toOperatorId: actors.cooperative.id, carats: '1.00', valueUsd: '0.00' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: ['siteId'] })] });
  });
});

describe('certificates drawing on recorded stock', () => {
  const parcel = (carats: string, valueUsd: string, stockDraws?: { siteId: string; carats: string }[]) => ({ hsCode: '7102.31', carats, valueUsd, ...(stockDraws && { stockDraws }) });
  const draft = (parcels: unknown[]) => botswanaDraft(ctx, { exporterId: actors.exporter.id, parcels });
  const issue = async (parcels: unknown[]) => call('POST', '/api/certificates', EXPORTING, await draft(parcels));
  const lastSerial = async () => (await ctx.deps.db.select().from(certificateCounters).where(eq(certificateCounters.participantCode, 'BW')))[0]?.lastSerial ?? 0;

  it('refuses stock draws while internal controls are off', async () => {
    expect((await call('GET', '/api/participants/BW/internal-controls', EXPORTING)).json()).toEqual({ participantCode: 'BW', enabled: false, since: null });
    const response = await issue([parcel('10.00', '1500.00', [{ siteId: sites.orapa.id, carats: '10.00' }])]);
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('INTERNAL_CONTROLS_OFF');
  });

  it('lets only the participant administrator turn internal controls on', async () => {
    for (const email of [EXPORTING, MINES]) expect((await call('PUT', '/api/participants/BW/internal-controls', email, { enabled: true })).statusCode, email).toBe(403);
    expect((await call('PUT', '/api/participants/BW/internal-controls', 'admin.za@demo.test', { enabled: true })).statusCode).toBe(404);
    const response = await call('PUT', '/api/participants/BW/internal-controls', ADMIN, { enabled: true });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ participantCode: 'BW', enabled: true, since: today() });
  });

  it('requires every parcel to name the stock it is drawn from', async () => {
    const response = await issue([parcel('10.00', '1500.00'), parcel('5.00', '750.00')]);
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'STOCK_DRAWS_REQUIRED', message: expect.stringContaining('1, 2') });
  });

  it('refuses draws that do not add up to the parcel', async () => {
    const response = await issue([parcel('10.00', '1500.00', [{ siteId: sites.orapa.id, carats: '6.00' }, { siteId: sites.boteti.id, carats: '3.99' }])]);
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'STOCK_DRAWS_MISMATCH', message: expect.stringContaining('9.99') });
  });

  it('refuses a parcel above the exporter’s stock without using a certificate number or storing anything', async () => {
    const before = await storedState(ctx.deps.db);
    const serial = await lastSerial();
    const response = await issue([parcel('250.01', '37500.00', [{ siteId: sites.boteti.id, carats: '250.01' }])]);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'STOCK_INSUFFICIENT', message: expect.stringContaining('Serowe Diamond Exports') });
    expect(await storedState(ctx.deps.db)).toEqual(before);
    expect(await lastSerial()).toBe(serial);
  });

  let certificateNumber = '';

  it('issues a certificate drawing on the exporter’s stock, signs the draws and takes them out of stock', async () => {
    expect((await stockOf('exporter')).exporter).toEqual({ boteti: '250.00', orapa: '600.00' });
    const response = await issue([parcel('300.00', '45000.00', [{ siteId: sites.boteti.id, carats: '100.00' }, { siteId: sites.orapa.id, carats: '200.00' }]), parcel('50.00', '5000.00', [{ siteId: sites.orapa.id, carats: '50.00' }])]);
    expect(response.statusCode, response.body).toBe(201);
    const certificate = response.json();
    certificateNumber = certificate.number;
    expect(certificate.content.stockDraws).toEqual({ sites: 2, digest: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(JSON.stringify(certificate.credential)).toContain(certificate.content.stockDraws.digest);
    expect((await stockOf('exporter')).exporter).toEqual({ boteti: '150.00', orapa: '350.00' });
    const exports = (await ledger()).filter((entry) => entry.kind === 'export');
    expect(exports.map((entry) => [entry.carats, entry.certificateNumber]).sort()).toEqual([
      ['100.00', certificateNumber],
      ['200.00', certificateNumber],
      ['50.00', certificateNumber],
    ]);
    const byHand = await correct(exports[0].id, { carats: '1.00', reason: 'try' });
    expect(byHand.json().code).toBe('ENTRY_NOT_CORRECTABLE');
  });

  it('gives the stock back when the certificate is replaced, and the replacement draws afresh', async () => {
    const replacement = await call('POST', `/api/certificates/${certificateNumber}/replace`, EXPORTING, {
      reason: 'Parcel 2 weighed again',
      draft: await draft([parcel('500.00', '60000.00', [{ siteId: sites.boteti.id, carats: '250.00' }, { siteId: sites.orapa.id, carats: '250.00' }])]),
    });
    // Only possible if the replaced certificate's 250 ct of Boteti goods went back first.
    expect(replacement.statusCode, replacement.body).toBe(201);
    expect((await stockOf('exporter')).exporter).toEqual({ orapa: '350.00' });
    certificateNumber = replacement.json().number;
  });

  it('gives the stock back when the certificate is voided', async () => {
    const voided = await call('POST', `/api/certificates/${certificateNumber}/void`, EXPORTING, { reason: 'Shipment cancelled' });
    expect(voided.statusCode).toBe(200);
    expect((await stockOf('exporter')).exporter).toEqual({ boteti: '250.00', orapa: '600.00' });
    const exports = (await ledger()).filter((entry) => entry.kind === 'export');
    expect(exports.filter((entry) => entry.inForce)).toEqual([]);
  });

  it('stops requiring draws once internal controls are off again, and refuses them then', async () => {
    expect((await call('PUT', '/api/participants/BW/internal-controls', ADMIN, { enabled: false })).statusCode).toBe(200);
    const withDraws = await issue([parcel('10.00', '1500.00', [{ siteId: sites.orapa.id, carats: '10.00' }])]);
    expect(withDraws.json().code).toBe('INTERNAL_CONTROLS_OFF');
    const without = await issue([parcel('10.00', '1500.00')]);
    expect(without.statusCode).toBe(201);
    expect(without.json().content.stockDraws).toBeUndefined();
  });
});
