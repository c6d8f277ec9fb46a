import { describe, expect, it } from 'vitest';
import type { CustodyEntryRow, SiteRow } from './custody-repository.ts';
import { custodyRow, operatorRow } from '../../test/support/custody-rows.ts';
import { siteAboveHistoryCases, unlicensedPartyCases } from './custody-rules.ts';
import { addMonths, monthRange } from './reports.ts';

const SITE = 'site-1';
const site = {
  id: SITE,
  participantCode: 'BW',
  name: 'Orapa East',
  licenceNumber: 'ML-1',
  holderOperatorId: null,
  depositType: 'kimberlite',
  artisanal: false,
  region: 'Central',
  zoneId: null,
  latitude: null,
  longitude: null,
  validFrom: '2020-01-01',
  validUntil: '2030-12-31',
  suspendedAt: null,
  suspensionReason: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
} satisfies SiteRow;

const operator = (id: string, licenceTypes: string[], validUntil = '2030-12-31') => operatorRow(id, licenceTypes, { validUntil });

const entry = (fields: Partial<CustodyEntryRow>): CustodyEntryRow =>
  custodyRow({
    kind: 'production',
    siteId: SITE,
    toOperatorId: 'miner',
    valueCents: 500_000,
    parcelReference: 'secret parcel',
    note: 'free text the case must not carry',
    recordedAt: new Date('2026-03-10T12:00:00Z'),
    ...fields,
  });

const sites = new Map([[SITE, site]]);
const operators = new Map([
  ['miner', operator('miner', ['miner'])],
  ['dealer', operator('dealer', ['dealer'])],
  ['lapsed', operator('lapsed', ['dealer'], '2026-02-28')],
]);

describe('months', () => {
  it('knows the last day of a month, leap years included, and steps across years', () => {
    expect(monthRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthRange('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', 14)).toBe('2028-01');
  });
});

describe('custody_unlicensed_party', () => {
  it('raises one case per month and actor, listing its entries without free text, counterparty or price', () => {
    const cases = unlicensedPartyCases(
      [
        entry({ kind: 'sale', fromOperatorId: 'lapsed', toOperatorId: 'dealer', occurredOn: '2026-03-02', carats: 1_000 }),
        entry({ kind: 'sale', fromOperatorId: 'dealer', toOperatorId: 'lapsed', occurredOn: '2026-03-20', carats: 2_050 }),
        entry({ kind: 'sale', fromOperatorId: 'lapsed', toOperatorId: 'dealer', occurredOn: '2026-04-01', carats: 500 }),
        entry({ kind: 'sale', fromOperatorId: 'lapsed', toOperatorId: 'dealer', occurredOn: '2026-02-28', carats: 500 }),
      ],
      sites,
      operators,
    );
    expect(cases.map((candidate) => [candidate.period, candidate.subject])).toEqual([
      ['2026-03', 'lapsed'],
      ['2026-04', 'lapsed'],
    ]);
    expect(cases[0].evidence).toEqual({
      month: '2026-03',
      operatorId: 'lapsed',
      entries: [
        { entryId: expect.any(String), date: '2026-03-02', kind: 'sale', party: 'seller', carats: '10.00', state: 'expired' },
        { entryId: expect.any(String), date: '2026-03-20', kind: 'sale', party: 'buyer', carats: '20.50', state: 'expired' },
      ],
    });
    expect(JSON.stringify(cases)).not.toMatch(/secret parcel|free text|5000\.00|Actor |L-/);
  });

  it('flags a buyer without a dealer or exporter licence, and production at a site whose licence has lapsed', () => {
    const cases = unlicensedPartyCases(
      [
        entry({ kind: 'sale', fromOperatorId: 'dealer', toOperatorId: 'miner', occurredOn: '2026-03-05' }),
        entry({ occurredOn: '2031-01-05' }),
      ],
      sites,
      operators,
    );
    expect(cases.map((candidate) => [candidate.period, candidate.subject, (candidate.evidence.entries as { state: string }[])[0].state])).toEqual([
      ['2026-03', 'miner', 'wrong_licence_type'],
      ['2031-01', SITE, 'expired'],
      ['2031-01', 'miner', 'expired'],
    ]);
  });
});

describe('custody_site_above_history', () => {
  const production = (month: string, carats: number) => entry({ occurredOn: `${month}-15`, carats });

  it('flags a month beyond twice the largest of the producing months in the year before', () => {
    const entries = [production('2025-06', 100_00), production('2025-09', 120_00), production('2025-12', 110_00), production('2026-03', 240_01)];
    const cases = siteAboveHistoryCases(entries, sites, { siteHistoryFactor: 2 });
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ period: '2026-03', subject: SITE, evidence: { carats: '240.01', previousMaximum: '120.00', factor: 2 } });
  });

  it('does not flag exactly at the threshold, nor with fewer than three producing months', () => {
    const atThreshold = [production('2025-06', 100_00), production('2025-09', 120_00), production('2025-12', 110_00), production('2026-03', 240_00)];
    expect(siteAboveHistoryCases(atThreshold, sites, { siteHistoryFactor: 2 })).toEqual([]);
    // the June 2024 month is more than twelve months before March 2026
    const thin = [production('2024-06', 100_00), production('2025-09', 120_00), production('2025-12', 110_00), production('2026-03', 900_00)];
    expect(siteAboveHistoryCases(thin, sites, { siteHistoryFactor: 2 })).toEqual([]);
  });
});
