import { describe, expect, it } from 'vitest';
import type { CustodyEntryRow } from './custody-repository.ts';
import { custodyRow } from '../../test/support/custody-rows.ts';
import { expiringLicences, reconciliation, spreadsheetSafe, unusualVolumes, type LedgerSnapshot } from './reports.ts';

const entry = (fields: Partial<CustodyEntryRow>): CustodyEntryRow => custodyRow({ recordedAt: new Date('2026-03-10T12:00:00Z'), ...fields });

const snapshot = (entries: CustodyEntryRow[]): LedgerSnapshot => ({ entries, corrections: [], operators: new Map(), sites: new Map(), certificates: new Map() });

describe('the reconciliation', () => {
  it('flags a stock that ran below zero in the month, as only data from before the stock check can', () => {
    // imported: the dealer sold on the 5th what it bought on the 20th
    const lines = reconciliation(
      snapshot([
        entry({ kind: 'sale', fromOperatorId: 'dealer', toOperatorId: 'exporter', occurredOn: '2026-03-05', carats: 5_000 }),
        entry({ kind: 'sale', fromOperatorId: 'miner', toOperatorId: 'dealer', occurredOn: '2026-03-20', carats: 5_000 }),
      ]),
      { month: '2026-03' },
    );
    const dealer = lines.find((line) => line.operatorId === 'dealer')!;
    expect(dealer).toMatchObject({ opening: '0.00', in: '50.00', out: '50.00', closing: '0.00', balanced: true, negativeOn: '2026-03-05', check: true });
    expect(lines.find((line) => line.operatorId === 'miner')).toMatchObject({ closing: '-50.00', negativeOn: '2026-03-20', check: true });
    const april = reconciliation(snapshot([entry({ kind: 'sale', fromOperatorId: 'miner', toOperatorId: 'dealer', occurredOn: '2026-03-20', carats: 5_000 })]), { month: '2026-04' });
    expect(april.find((line) => line.operatorId === 'miner')).toMatchObject({ opening: '-50.00', closing: '-50.00', negativeOn: '2026-04-01', check: true });
  });
});

describe('unusual volumes', () => {
  const month = (operatorId: string, on: string, carats: number) => entry({ kind: 'production', toOperatorId: operatorId, occurredOn: on, carats });

  it('takes the mean of the two middle months of an even history and flags only strictly beyond the factor', () => {
    const history = [month('a', '2026-01-05', 10_000), month('a', '2026-02-05', 20_000), month('a', '2026-03-05', 30_000), month('a', '2026-04-05', 40_000)];
    // median 250 ct: 750 is exactly three times, 750.01 beyond
    expect(unusualVolumes(snapshot([...history, month('a', '2026-05-05', 75_000)]), { month: '2026-05', factor: 3 })).toEqual([]);
    const [flagged] = unusualVolumes(snapshot([...history, month('a', '2026-05-05', 75_001)]), { month: '2026-05', factor: 3 });
    expect(flagged).toMatchObject({ volume: '750.01', median: '250.00', ratio: '3.00' });
  });

  it('does not look further back than six months', () => {
    const old = [month('a', '2025-10-05', 100), month('a', '2025-11-05', 100), month('a', '2026-03-05', 100)];
    expect(unusualVolumes(snapshot([...old, month('a', '2026-05-05', 1_000_000)]), { month: '2026-05', factor: 3 })).toEqual([]);
  });
});

describe('licences running out', () => {
  it('lists a licence ending within the period, and an expired one only while stock is held', () => {
    const operator = (id: string, validUntil: string) => [id, { id, name: id, licenceNumber: `L-${id}`, validUntil }] as const;
    const ledger: LedgerSnapshot = {
      ...snapshot([entry({ kind: 'production', toOperatorId: 'holding', occurredOn: '2026-01-05' })]),
      operators: new Map([operator('soon', '2026-07-01'), operator('later', '2026-09-01'), operator('holding', '2026-05-01'), operator('empty', '2026-05-01')]) as unknown as LedgerSnapshot['operators'],
    };
    const listed = expiringLicences(ledger, { today: '2026-06-01', days: 60 });
    expect(listed.map((licence) => [licence.id, licence.state, licence.daysLeft, licence.stock])).toEqual([
      ['holding', 'expired', -31, '100.00'],
      ['soon', 'expiring', 30, '0.00'],
    ]);
  });
});

describe('spreadsheet cells', () => {
  it('defuses text a spreadsheet would run as a formula', () => {
    expect(spreadsheetSafe('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(spreadsheetSafe('-2+3')).toBe("'-2+3");
    expect(spreadsheetSafe('@cmd')).toBe("'@cmd");
    expect(spreadsheetSafe('Lot 12')).toBe('Lot 12');
  });
});
