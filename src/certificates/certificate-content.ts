import { z } from 'zod';

/** HS codes of rough diamonds under the KPCS: unsorted, industrial, non-industrial. */
export const HS_CODES = ['7102.10', '7102.21', '7102.31'] as const;
export const PURPOSES = ['commercial', 'technical_research_samples', 'technical_seized_goods'] as const;

const Amount = z.string().regex(/^\d+\.\d{2}$/);
const Code = z.string().regex(/^[A-Z]{2}$/);

export const PartySchema = z.object({
  name: z.string(),
  address: z.string(),
  /** Licence number (exporter) or registration / licence in the importing participant (importer). */
  licence: z.string(),
});

export const ParcelSchema = z.object({
  hsCode: z.enum(HS_CODES),
  carats: Amount,
  valueUsd: Amount,
});

/**
 * Every Annex I field of an issued certificate, exactly as signed: amounts are two-decimal
 * strings, dates `YYYY-MM-DD`, countries ISO 3166-1 alpha-2 (plus EU). This is the
 * `credentialSubject` of the Verifiable Credential and the source of the QR seal and the PDF.
 */
export const CertificateContentSchema = z.object({
  number: z.string().regex(/^[A-Z]{2}-\d{4}-\d{6}$/),
  title: z.literal('Kimberley Process Certificate'),
  statement: z.string(),
  issuingParticipant: Code,
  /** EU member state where an EU certificate was issued; null otherwise. */
  issuingTerritory: Code.nullable(),
  importingParticipant: Code,
  issuingAuthority: z.object({ name: z.string(), address: z.string() }),
  exporter: PartySchema,
  importer: PartySchema,
  origin: z.object({
    countries: z.array(Code).min(1),
    /** true where the participant uses the traditional "Mixed" wording for mixed-origin parcels. */
    mixed: z.boolean(),
  }),
  issueDate: z.string(),
  expiryDate: z.string(),
  parcels: z.array(ParcelSchema).min(1),
  parcelCount: z.number().int().positive(),
  totals: z.object({ carats: Amount, valueUsd: Amount }),
  seals: z.array(z.string()),
  transitCountries: z.array(Code),
  purpose: z.enum(PURPOSES),
  /** The officer of the exporting authority who validated the certificate. */
  validatedBy: z.string(),
  /** Number of the certificate this one replaces (amendment), or null. */
  replaces: z.string().nullable(),
  /**
   * Only on certificates of a participant under zone restriction: the compliant zone the goods
   * come from and the code of the monitoring team whose approval the shipment needs. Absent
   * otherwise, so certificates signed before it existed verify unchanged.
   */
  originZone: z.object({ name: z.string(), monitoringTeam: z.string() }).optional(),
  /**
   * Only when the exporter declared size-frequency profiles with the certificate (docs/footprints.md):
   * the parcels (numbered from 1) that carry one and the SHA-256 (base64url) of those profiles in
   * canonical JSON, so a profile changed after issue no longer matches the signature. Absent
   * otherwise, so certificates signed before it existed verify unchanged.
   */
  sizeProfiles: z.object({ parcels: z.array(z.number().int().positive()).min(1), digest: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }).optional(),
  /**
   * Only when the issuing participant runs internal controls (issue #9): the number of origin sites
   * the parcels were drawn from in the exporter's recorded stock, and the SHA-256 (base64url) of
   * the draws (parcel, site, carats) in canonical JSON, so the origin trail shown later is the one
   * signed. Absent otherwise, so certificates signed before it existed verify unchanged.
   */
  stockDraws: z.object({ sites: z.number().int().positive(), digest: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }).optional(),
});
export type CertificateContent = z.infer<typeof CertificateContentSchema>;

export const KPCS_STATEMENT =
  'The rough diamonds in this shipment have been handled in accordance with the provisions of the Kimberley Process Certification Scheme for rough diamonds.';
