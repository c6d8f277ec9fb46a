import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSeal } from '../../src/certificates/seal.ts';
import type { OriginStep, OriginTrail } from '../../src/custody/origin-trail-schema.ts';
import { apiClient } from '../support/api-client.ts';
import { botswanaDraft } from '../support/issue.ts';
import { createTestApp, type TestContext } from '../support/test-database.ts';

/**
 * The origin trail of a certificate (issue #9): with internal controls on, a parcel is drawn from
 * the exporter's recorded stock, and the importer and the WGM can see it is backed all the way
 * back to an artisanal site, without learning who sold to whom or at what price.
 */
let ctx: TestContext;
const { call } = apiClient(() => ctx);
const post = (url: string, email: string, payload: unknown) => call('POST', url, email, payload);
const get = (url: string, email: string) => call('GET', url, email);

/** What the importer must never learn: every name, licence number, card, price and reference of the chain. */
const SECRETS = {
  cooperative: { name: 'Letlhakane Diggers Cooperative', licence: 'BW-COOP-2026-0909' },
  miner: { name: 'Kabelo Artisan Mokgosi', licence: 'BW-AM-2026-0101', card: 'RC-55102' },
  dealer: { name: 'Serowe Rough Buyers', licence: 'BW-DL-2026-0777' },
  siteLicence: 'BW-ASM-2026-0033',
  saleValue: '98765.43',
  transferValue: '111222.33',
  saleReference: 'LOT-AM-7731',
  transferReference: 'DL-REF-4410',
};

const ids = { cooperative: '', miner: '', dealer: '', exporter: '', site: '', secondSite: '' };
let plainNumber = '';
let backedNumber = '';
let twoSitesNumber = '';

async function created(response: Awaited<ReturnType<typeof call>>) {
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function operator(draft: Record<string, unknown>) {
  return (await created(await post('/api/participants/BW/operators', 'mines.bw@demo.test', { address: 'Serowe', validFrom: '2026-01-01', validUntil: '2028-12-31', ...draft }))).id as string;
}

async function entry(draft: Record<string, unknown>) {
  return created(await post('/api/participants/BW/custody/entries', 'mines.bw@demo.test', draft));
}

async function issue(parcels: unknown[]) {
  const draft = await botswanaDraft(ctx, { parcels });
  return (await created(await post('/api/certificates', 'exporter.bw@demo.test', draft))).number as string;
}

const trailOf = async (number: string, email: string) => {
  const response = await get(`/api/certificates/${number}/origin-trail`, email);
  return { status: response.statusCode, body: response.body, trail: response.json() as OriginTrail };
};

beforeAll(async () => {
  ctx = await createTestApp();
  // Issued before internal controls: nothing backs its origin.
  plainNumber = await issue([{ hsCode: '7102.21', carats: '10.00', valueUsd: '1000.00' }]);
  expect((await call('PUT', '/api/participants/BW/internal-controls', 'admin.bw@demo.test', { enabled: true })).statusCode).toBe(200);

  ids.cooperative = await operator({ name: SECRETS.cooperative.name, licenceNumber: SECRETS.cooperative.licence, licenceTypes: ['cooperative'] });
  ids.miner = await operator({
    name: SECRETS.miner.name,
    licenceNumber: SECRETS.miner.licence,
    licenceTypes: ['artisanal_miner'],
    registrationCard: SECRETS.miner.card,
    cooperativeId: ids.cooperative,
  });
  ids.dealer = await operator({ name: SECRETS.dealer.name, licenceNumber: SECRETS.dealer.licence, licenceTypes: ['dealer'] });
  ids.exporter = (await botswanaDraft(ctx)).exporterId;
  const site = { depositType: 'alluvial', region: 'Central District', validFrom: '2026-01-01', validUntil: '2028-12-31' };
  ids.site = (
    await created(
      await post('/api/participants/BW/sites', 'mines.bw@demo.test', { ...site, name: 'Motloutse River Diggings', licenceNumber: SECRETS.siteLicence, holderOperatorId: ids.cooperative, artisanal: true }),
    )
  ).id;
  ids.secondSite = (
    await created(await post('/api/participants/BW/sites', 'mines.bw@demo.test', { ...site, name: 'Boteti Gravels', licenceNumber: 'BW-ML-2026-0456', depositType: 'kimberlite', artisanal: false }))
  ).id;

  await entry({ kind: 'production', occurredOn: '2026-10-05', siteId: ids.site, toOperatorId: ids.miner, carats: '300.00', valueUsd: '0.00' });
  await entry({
    kind: 'sale',
    occurredOn: '2026-10-12',
    siteId: ids.site,
    fromOperatorId: ids.miner,
    toOperatorId: ids.dealer,
    carats: '300.00',
    valueUsd: SECRETS.saleValue,
    parcelReference: SECRETS.saleReference,
    warranty: true,
  });
  await entry({
    kind: 'transfer',
    occurredOn: '2026-10-20',
    siteId: ids.site,
    fromOperatorId: ids.dealer,
    toOperatorId: ids.exporter,
    carats: '280.00',
    valueUsd: SECRETS.transferValue,
    parcelReference: SECRETS.transferReference,
    warranty: true,
  });
  await entry({ kind: 'production', occurredOn: '2026-10-07', siteId: ids.secondSite, toOperatorId: ids.miner, carats: '40.00', valueUsd: '0.00' });
  await entry({ kind: 'sale', occurredOn: '2026-10-21', siteId: ids.secondSite, fromOperatorId: ids.miner, toOperatorId: ids.exporter, carats: '40.00', valueUsd: '5000.00' });

  backedNumber = await issue([{ hsCode: '7102.21', carats: '200.00', valueUsd: '30000.00', stockDraws: [{ siteId: ids.site, carats: '200.00' }] }]);
  twoSitesNumber = await issue([{ hsCode: '7102.31', carats: '80.00', valueUsd: '16000.00', stockDraws: [{ siteId: ids.site, carats: '50.00' }, { siteId: ids.secondSite, carats: '30.00' }] }]);
}, 120_000);
afterAll(async () => ctx?.close());

/** The chain of a draw as (kind, licence types, carats), from the exporter back to the site. */
function chainOf(steps: OriginStep[]): { kind: string; types: string[]; carats: string }[] {
  const chain: { kind: string; types: string[]; carats: string }[] = [];
  let level = steps;
  while (level.length > 0) {
    expect(level).toHaveLength(1);
    chain.push({ kind: level[0].kind, types: level[0].actor.licenceTypes, carats: level[0].carats });
    level = level[0].sources;
  }
  return chain;
}

describe('origin trail of a certificate drawn from recorded stock', () => {
  it('shows the importer the chain site → artisanal miner → dealer → exporter with the carats adding up', async () => {
    const { status, trail } = await trailOf(backedNumber, 'importer.ae@demo.test');
    expect(status).toBe(200);
    expect(trail).toMatchObject({ certificateNumber: backedNumber, backed: true, reason: null, integrity: 'intact', released: false, complete: true, counterparties: false, sites: 1 });
    expect(trail.signedDigest).toBe(trail.storedDigest);
    const [parcel] = trail.parcels;
    expect(parcel).toMatchObject({ position: 1, carats: '200.00', drawn: '200.00' });
    expect(parcel.draws).toHaveLength(1);
    expect(parcel.draws[0].site).toEqual({ id: ids.site, name: 'Motloutse River Diggings', region: 'Central District', depositType: 'alluvial', artisanal: true, zoneName: null });
    expect(parcel.draws[0]).toMatchObject({ carats: '200.00', untraced: '0.00' });
    expect(chainOf(parcel.draws[0].steps)).toEqual([
      { kind: 'transfer', types: ['dealer', 'exporter'], carats: '200.00' },
      { kind: 'sale', types: ['dealer'], carats: '200.00' },
      { kind: 'production', types: ['artisanal_miner'], carats: '200.00' },
    ]);
    const transfer = parcel.draws[0].steps[0];
    expect(transfer).toMatchObject({ occurredOn: '2026-10-20', warranty: true, actor: { licenceState: 'valid' } });
    expect(transfer.sources[0].occurredOn).toBe('2026-10-12');
    expect(transfer.sources[0].sources[0].occurredOn).toBe('2026-10-05');
  });

  it('signs the number of sites and the draws’ digest in the credential and the QR seal, which verifies', async () => {
    const certificate = (await get(`/api/certificates/${twoSitesNumber}`, 'importer.ae@demo.test')).json();
    const { trail } = await trailOf(twoSitesNumber, 'importer.ae@demo.test');
    const signed = { sites: 2, digest: trail.signedDigest };
    expect(certificate.content.stockDraws).toEqual(signed);
    const opened = openSeal(certificate.seal);
    expect(opened.ok && opened.content.stockDraws).toEqual(signed);
    const verified = (await call('POST', '/api/verify', null, { qr: certificate.seal })).json();
    expect(verified.verdict).toBe('VALID');
    expect(verified.certificate.stockDraws).toEqual(signed);
  });

  it('leaves every name, licence number, price and parcel reference out of the JSON the importer receives', async () => {
    const { body } = await trailOf(backedNumber, 'importer.ae@demo.test');
    const forbidden = [
      SECRETS.cooperative.name,
      SECRETS.cooperative.licence,
      SECRETS.miner.name,
      SECRETS.miner.licence,
      SECRETS.miner.card,
      SECRETS.dealer.name,
      SECRETS.dealer.licence,
      SECRETS.siteLicence,
      SECRETS.saleValue,
      SECRETS.transferValue,
      SECRETS.saleReference,
      SECRETS.transferReference,
      'Kalahari',
      'BW-DL-2024-0117',
      ids.cooperative,
      ids.miner,
      ids.dealer,
      ids.exporter,
    ];
    for (const secret of forbidden) expect(body, secret).not.toContain(secret);
    for (const key of ['"name":"K', '"licenceNumber"', '"valueUsd"', '"parcelReference"', '"operatorId"', '"holderName"', '"entryId"', '"cooperativeName"']) {
      expect(body, key).not.toContain(key);
    }
  });

  it('names the actors, prices and references for the exporting authority that keeps the ledger', async () => {
    const { status, body, trail } = await trailOf(backedNumber, 'exporter.bw@demo.test');
    expect(status).toBe(200);
    expect(trail.counterparties).toBe(true);
    const draw = trail.parcels[0].draws[0];
    expect(draw.site).toMatchObject({ licenceNumber: SECRETS.siteLicence, holderName: SECRETS.cooperative.name });
    const [transfer] = draw.steps;
    expect(transfer).toMatchObject({ valueUsd: SECRETS.transferValue, parcelReference: SECRETS.transferReference, entryCarats: '280.00', actor: { name: 'Kalahari Rough Trading (Pty) Ltd (demo)' } });
    const sale = transfer.sources[0];
    expect(sale).toMatchObject({ valueUsd: SECRETS.saleValue, parcelReference: SECRETS.saleReference, actor: { name: SECRETS.dealer.name, licenceNumber: SECRETS.dealer.licence } });
    expect(sale.sources[0].actor).toMatchObject({ name: SECRETS.miner.name, licenceNumber: SECRETS.miner.licence, cooperativeName: SECRETS.cooperative.name });
    expect(body).toContain(SECRETS.miner.name);
  });

  it('shows the WGM that the origin is backed, without names', async () => {
    const { status, body, trail } = await trailOf(backedNumber, 'wgm@demo.test');
    expect(status).toBe(200);
    expect(trail).toMatchObject({ backed: true, integrity: 'intact', counterparties: false });
    for (const secret of [SECRETS.miner.name, SECRETS.dealer.name, SECRETS.saleValue, SECRETS.saleReference]) expect(body).not.toContain(secret);
  });

  it('keeps names from the issuing participant’s importing officer, who may see the certificate but not the ledger', async () => {
    const { status, body, trail } = await trailOf(backedNumber, 'importer.bw@demo.test');
    expect(status).toBe(200);
    expect(trail.counterparties).toBe(false);
    expect(body).not.toContain(SECRETS.dealer.name);
  });

  it('looks absent to another participant’s officer', async () => {
    expect((await get(`/api/certificates/${backedNumber}/origin-trail`, 'exporter.za@demo.test')).statusCode).toBe(404);
    expect((await call('GET', `/api/certificates/${backedNumber}/origin-trail`, null)).statusCode).toBe(401);
  });

  it('says the origin is not backed for a certificate issued without internal controls', async () => {
    const { status, trail } = await trailOf(plainNumber, 'importer.ae@demo.test');
    expect(status).toBe(200);
    expect(trail).toMatchObject({ backed: false, reason: 'no_internal_controls', integrity: 'not_signed', sites: 0, complete: false });
    expect(trail.parcels[0]).toMatchObject({ drawn: '0.00', draws: [] });
  });

  it('shows both sites of a parcel drawn from two, each back to its production', async () => {
    const { trail } = await trailOf(twoSitesNumber, 'importer.ae@demo.test');
    expect(trail).toMatchObject({ backed: true, sites: 2, complete: true });
    const draws = trail.parcels[0].draws;
    expect(draws.map((draw) => [draw.site.name, draw.site.artisanal, draw.carats])).toEqual([
      ['Boteti Gravels', false, '30.00'],
      ['Motloutse River Diggings', true, '50.00'],
    ]);
    expect(chainOf(draws[0].steps).map((step) => step.kind)).toEqual(['sale', 'production']);
    expect(chainOf(draws[1].steps)).toEqual([
      { kind: 'transfer', types: ['dealer', 'exporter'], carats: '50.00' },
      { kind: 'sale', types: ['dealer'], carats: '50.00' },
      { kind: 'production', types: ['artisanal_miner'], carats: '50.00' },
    ]);
  });

  it('reports a draw changed in the database after issue as altered, no longer backed', async () => {
    // someone with database access bypasses the append-only trigger and enlarges the draw from the second site
    const change = async (carats: number) => {
      await ctx.deps.db.execute(sql`alter table custody_entries disable trigger user`);
      try {
        await ctx.deps.db.execute(sql`update custody_entries set carats = ${carats} where kind = 'export' and site_id = ${ids.secondSite}`);
      } finally {
        await ctx.deps.db.execute(sql`alter table custody_entries enable trigger user`);
      }
    };
    await change(2900);
    const { trail } = await trailOf(twoSitesNumber, 'wgm@demo.test');
    expect(trail).toMatchObject({ backed: false, reason: 'altered', integrity: 'altered' });
    expect(trail.storedDigest).not.toBe(trail.signedDigest);
    await change(3000);
    expect((await trailOf(twoSitesNumber, 'wgm@demo.test')).trail).toMatchObject({ backed: true, integrity: 'intact' });
  });

  it('says so when the certificate is voided and its draws went back to stock', async () => {
    const voided = await post(`/api/certificates/${backedNumber}/void`, 'exporter.bw@demo.test', { reason: 'test: shipment cancelled' });
    expect(voided.statusCode, voided.body).toBe(200);
    const { trail } = await trailOf(backedNumber, 'importer.ae@demo.test');
    expect(trail).toMatchObject({ certificateStatus: 'voided', released: true, integrity: 'intact' });
    expect(trail.parcels[0].draws[0].carats).toBe('200.00');
  });
});
