import { KPCS_STATEMENT, type CertificateContent } from '../../src/certificates/certificate-content.ts';

/** A realistic certificate content, Botswana to the UAE, for unit tests. */
export function sampleContent(overrides: Partial<CertificateContent> = {}): CertificateContent {
  return {
    number: 'BW-2026-000042',
    title: 'Kimberley Process Certificate',
    statement: KPCS_STATEMENT,
    issuingParticipant: 'BW',
    issuingTerritory: null,
    importingParticipant: 'AE',
    issuingAuthority: { name: 'Ministry of Minerals and Energy — Diamond Hub (KP Office)', address: 'Fairgrounds Office Park, Plot 50676, Gaborone, Botswana' },
    exporter: { name: 'Kalahari Rough Trading (Pty) Ltd', address: 'Plot 113, Gaborone International Finance Park', licence: 'BW-DL-2024-0117' },
    importer: { name: 'Almas Rough Trading DMCC', address: 'Almas Tower, Office 3204, Dubai', licence: 'AE-DMCC-2024-5531' },
    origin: { countries: ['BW'], mixed: false },
    issueDate: '2026-11-23',
    expiryDate: '2027-01-22',
    parcels: [
      { hsCode: '7102.31', carats: '3120.45', valueUsd: '468067.50' },
      { hsCode: '7102.21', carats: '1210.00', valueUsd: '24200.00' },
    ],
    parcelCount: 2,
    totals: { carats: '4330.45', valueUsd: '492267.50' },
    seals: ['GAB-SEAL-778812'],
    transitCountries: [],
    purpose: 'commercial',
    validatedBy: 'Exporting officer BW',
    replaces: null,
    ...overrides,
  };
}
