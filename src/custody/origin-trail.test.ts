import { describe, expect, it } from 'vitest';
import type { CertificateRow } from '../certificates/certificate-repository.ts';
import { stockDrawsDigest } from './certificate-draws.ts';
import type { CustodyEntryRow, SiteRow } from './custody-repository.ts';
import { custodyRow, operatorRow } from '../../test/support/custody-rows.ts';
import { licenceStateAt } from '../domain/licence.ts';
import { buildOriginTrail, TRAIL_MAX_DEPTH, type TrailInput } from './origin-trail.ts';

const SITE = 'site-1';
function entry(fields: Partial<CustodyEntryRow> & Pick<CustodyEntryRow, 'kind' | 'occurredOn' | 'carats'>): CustodyEntryRow {
  return custodyRow({ siteId: SITE, valueCents: 1000, ...fields });
}

const operator = (id: string, licenceTypes: string[]) =>
  operatorRow(id, licenceTypes, { name: `Name of ${id}`, licenceNumber: `LIC-${id}`, validFrom: '2026-01-01', validUntil: '2027-12-31' });

/** A certificate of one parcel of `carats` hundredths drawn whole from the site by `exporter`, signed as drawn. */
function trailInput(carats: number, entries: CustodyEntryRow[], operatorIds: Record<string, string[]>, signedCarats = carats): TrailInput {
  const exported = entry({ kind: 'export', occurredOn: '2026-06-30', carats, fromOperatorId: 'exporter', certificateId: 'cert', parcelPosition: 0 });
  const content = {
    parcels: [{ hsCode: '7102.21', carats: (carats / 100).toFixed(2), valueUsd: '1.00' }],
    stockDraws: { sites: 1, digest: stockDrawsDigest([{ position: 0, siteId: SITE, carats: signedCarats }]) },
  };
  const certificate = { id: 'cert', number: 'BW-2026-000001', status: 'issued', issueDate: '2026-06-30', document: { credentialSubject: content } } as unknown as CertificateRow;
  const site = { id: SITE, name: 'Site', region: 'R', depositType: 'alluvial', artisanal: true, zoneId: null, licenceNumber: 'S-1', holderOperatorId: null } as unknown as SiteRow;
  return {
    certificate,
    exports: [exported],
    entries,
    sites: new Map([[SITE, site]]),
    zones: new Map(),
    operators: new Map(Object.entries(operatorIds).map(([id, types]) => [id, operator(id, types)])),
    counterparties: false,
  };
}

describe('buildOriginTrail', () => {
  it('allocates the newest incoming entries first and never gives the same carats to two branches', () => {
    const entries = [
      entry({ kind: 'production', occurredOn: '2026-02-01', carats: 6000, toOperatorId: 'miner' }),
      entry({ kind: 'sale', occurredOn: '2026-03-01', carats: 4000, fromOperatorId: 'miner', toOperatorId: 'exporter' }),
      entry({ kind: 'sale', occurredOn: '2026-04-01', carats: 2000, fromOperatorId: 'miner', toOperatorId: 'exporter' }),
    ];
    const trail = buildOriginTrail(trailInput(5000, entries, { miner: ['artisanal_miner'], exporter: ['exporter'] }));
    expect(trail).toMatchObject({ backed: true, integrity: 'intact', complete: true });
    const steps = trail.parcels[0].draws[0].steps;
    expect(steps.map((step) => [step.occurredOn, step.carats])).toEqual([
      ['2026-04-01', '20.00'],
      ['2026-03-01', '30.00'],
    ]);
    // one production of 60 ct backs both sales: 20 + 30 of it, never counted twice
    expect(steps.map((step) => step.sources.map((source) => source.carats))).toEqual([['20.00'], ['30.00']]);
  });

  it('ignores entries dated after the step they would back', () => {
    const entries = [
      entry({ kind: 'production', occurredOn: '2026-05-01', carats: 1000, toOperatorId: 'miner' }),
      entry({ kind: 'sale', occurredOn: '2026-04-01', carats: 1000, fromOperatorId: 'miner', toOperatorId: 'exporter' }),
    ];
    const trail = buildOriginTrail(trailInput(1000, entries, { miner: ['artisanal_miner'], exporter: ['exporter'] }));
    expect(trail.complete).toBe(false);
    expect(trail.parcels[0].draws[0].steps[0]).toMatchObject({ sources: [], untraced: '10.00' });
  });

  it('cuts a chain longer than the bound and says the trail is incomplete', () => {
    const holders = Array.from({ length: TRAIL_MAX_DEPTH + 3 }, (_, index) => `dealer-${index}`);
    const entries = [entry({ kind: 'production', occurredOn: '2026-01-02', carats: 100, toOperatorId: holders[holders.length - 1] })];
    holders.forEach((holder, index) => {
      const buyer = index === 0 ? 'exporter' : holders[index - 1];
      entries.push(entry({ kind: 'sale', occurredOn: `2026-05-${String(28 - index).padStart(2, '0')}`, carats: 100, fromOperatorId: holder, toOperatorId: buyer }));
    });
    const types = Object.fromEntries([...holders, 'exporter'].map((id) => [id, ['dealer']]));
    const trail = buildOriginTrail(trailInput(100, entries, types));
    expect(trail.complete).toBe(false);
    let depth = 0;
    for (let level = trail.parcels[0].draws[0].steps; level.length > 0; level = level[0].sources) depth += 1;
    expect(depth).toBe(TRAIL_MAX_DEPTH);
  });

  it('says altered when the stored draws no longer match the signed digest', () => {
    const trail = buildOriginTrail(trailInput(1000, [], { exporter: ['exporter'] }, 900));
    expect(trail).toMatchObject({ backed: false, reason: 'altered', integrity: 'altered' });
  });

  it('leaves names and prices out unless asked for counterparties', () => {
    const entries = [
      entry({ kind: 'production', occurredOn: '2026-02-01', carats: 1000, toOperatorId: 'miner' }),
      entry({ kind: 'sale', occurredOn: '2026-03-01', carats: 1000, fromOperatorId: 'miner', toOperatorId: 'exporter', parcelReference: 'REF-1' }),
    ];
    const input = trailInput(1000, entries, { miner: ['artisanal_miner'], exporter: ['exporter'] });
    expect(JSON.stringify(buildOriginTrail(input))).not.toMatch(/Name of|LIC-|REF-1|valueUsd|S-1/);
    expect(JSON.stringify(buildOriginTrail({ ...input, counterparties: true }))).toMatch(/Name of miner.*|REF-1/);
  });
});

describe('licenceStateAt', () => {
  it('counts a suspension from the day it was made', () => {
    const licence = { validFrom: '2026-01-01', validUntil: '2026-12-31', suspendedAt: new Date('2026-06-15T09:00:00Z') };
    expect(licenceStateAt(licence, '2026-06-14')).toBe('valid');
    expect(licenceStateAt(licence, '2026-06-15')).toBe('suspended');
    expect(licenceStateAt({ ...licence, suspendedAt: null }, '2027-01-01')).toBe('expired');
  });
});
