import type { CustodyEntryRow } from '../../src/custody/custody-repository.ts';
import type { operators } from '../../src/db/schema.ts';

type OperatorRow = typeof operators.$inferSelect;

let serial = 0;

/**
 * A custody ledger row as the database holds it, for the pure tests of reports, rules and the
 * origin trail: a sale of 100 ct for US$ 1,000 on site `site-1` unless `fields` say otherwise.
 * Rows made later sort later (`recordedAt` one second apart).
 */
export function custodyRow(fields: Partial<CustodyEntryRow> = {}): CustodyEntryRow {
  serial += 1;
  return {
    id: `entry-${serial}`,
    participantCode: 'BW',
    kind: 'sale',
    occurredOn: '2026-03-10',
    siteId: 'site-1',
    fromOperatorId: null,
    toOperatorId: null,
    carats: 10_000,
    valueCents: 100_000,
    parcelReference: null,
    warranty: false,
    certificateId: null,
    parcelPosition: null,
    supersedes: null,
    cancelled: false,
    reason: null,
    note: null,
    clientRef: null,
    requestHash: null,
    recordedBy: 'user',
    recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, serial)),
    ...fields,
  };
}

/** A licensed operator row of Botswana's register, valid 2020–2030 unless `fields` say otherwise. */
export function operatorRow(id: string, licenceTypes: string[], fields: Partial<OperatorRow> = {}): OperatorRow {
  return {
    id,
    participantCode: 'BW',
    name: `Actor ${id}`,
    address: 'Gaborone',
    licenceNumber: `L-${id}`,
    licenceTypes,
    validFrom: '2020-01-01',
    validUntil: '2030-12-31',
    suspendedAt: null,
    suspensionReason: null,
    registrationCard: null,
    cooperativeId: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...fields,
  };
}
