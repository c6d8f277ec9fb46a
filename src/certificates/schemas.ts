import { z } from 'zod';
import { IsoDateSchema, ParticipantCodeSchema } from '../http/schemas.ts';
import { CertificateContentSchema, PURPOSES } from './certificate-content.ts';
import { CertificateApprovalSchema } from '../zones/schemas.ts';
import { ParcelProfileDraftSchema } from '../footprints/schemas.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

/** What an exporting officer submits. Amounts are decimal strings ("1234.56"), never numbers. */
export const CertificateDraftSchema = z
  .object({
    importingParticipant: ParticipantCodeSchema,
    exporterId: z.uuid().meta({ description: 'Operator in the issuing participant’s register holding a valid exporter licence' }),
    importer: z.object({ name: text(160), address: text(240), licence: text(64) }).strict(),
    originCountries: z.array(ParticipantCodeSchema).min(1).max(12),
    /** Print the traditional word "Mixed" for a parcel of mixed origin (besides listing the countries). */
    mixedOrigin: z.boolean().default(false),
    /** EU member state issuing the certificate (required when the EU issues). */
    territory: ParticipantCodeSchema.nullable().optional(),
    expiryDate: IsoDateSchema.optional(),
    parcels: z
      .array(
        z
          .object({
            hsCode: z.string().max(16),
            carats: z.string().max(24).meta({ example: '1234.56' }),
            valueUsd: z.string().max(24).meta({ example: '185000.00' }),
            sizeProfile: ParcelProfileDraftSchema.optional().meta({
              description: 'The parcel’s size-frequency profile, signed with the certificate (its digest is in the signed content); required for origins on the WGDE’s list',
            }),
            stockDraws: z
              .array(z.object({ siteId: z.uuid(), carats: z.string().max(24).meta({ example: '120.50' }) }).strict())
              .min(1)
              .max(20)
              .optional()
              .meta({
                description:
                  'Internal controls: the exporter’s recorded stock the parcel is drawn from, per origin site; required (and adding up to the parcel’s carats) when the issuing participant has internal controls on',
              }),
          })
          .strict(),
      )
      .max(50),
    declaredTotals: z
      .object({ parcelCount: z.number().int(), carats: z.string().max(24), valueUsd: z.string().max(24) })
      .strict()
      .optional()
      .meta({ description: 'Totals as written by the exporter; refused when they do not add up' }),
    seals: z.array(text(40)).max(20).default([]),
    transitCountries: z.array(ParticipantCodeSchema).max(10).default([]),
    purpose: z.enum(PURPOSES).default('commercial'),
    originZoneId: z.uuid().optional().meta({ description: 'Compliant zone the goods come from: required while the issuer is under zone restriction, refused otherwise' }),
  })
  .strict()
  .meta({ id: 'CertificateDraft' });
export type CertificateDraft = z.infer<typeof CertificateDraftSchema>;

export const CERTIFICATE_STATUSES = ['issued', 'received', 'voided', 'replaced'] as const;
export const RECEIPT_STATES = ['received', 'received_with_discrepancy', 'awaiting', 'unconfirmed', 'not_applicable'] as const;
export type ReceiptState = (typeof RECEIPT_STATES)[number];
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

export const CertificateSummarySchema = z
  .object({
    number: z.string(),
    status: z.enum(CERTIFICATE_STATUSES),
    issuingParticipant: z.string(),
    issuingTerritory: z.string().nullable(),
    importingParticipant: z.string(),
    issueDate: z.string(),
    expiryDate: z.string(),
    exporterName: z.string(),
    importerName: z.string(),
    parcelCount: z.number(),
    totalCarats: z.string(),
    totalValueUsd: z.string(),
    replacesNumber: z.string().nullable(),
    replacedByNumber: z.string().nullable(),
    receiptState: z.enum(RECEIPT_STATES).meta({
      description: 'received (matched), received_with_discrepancy, awaiting (within the confirmation period), unconfirmed (past it), not_applicable (voided or replaced)',
    }),
    receivedOn: z.string().nullable(),
    /** The day by which receipt should be confirmed: issue date + the configured days, or the expiry date if earlier. */
    confirmBy: z.string(),
  })
  .meta({ id: 'CertificateSummary' });
export type CertificateSummary = z.infer<typeof CertificateSummarySchema>;

export const CertificateDetailSchema = CertificateSummarySchema.extend({
  content: CertificateContentSchema,
  credential: z.record(z.string(), z.unknown()).meta({ description: 'The signed W3C Verifiable Credential (eddsa-jcs-2022 proof)' }),
  seal: z.string().meta({ description: 'QR text: the compact signed seal (docs/certificate-format.md)' }),
  kid: z.string(),
  issuedAt: z.string(),
  issuedBy: z.string(),
  voidedAt: z.string().nullable(),
  voidReason: z.string().nullable(),
  links: z.object({ self: z.string(), pdf: z.string(), verify: z.string() }),
  /** Zone-restricted issuers only: the monitoring team's approval; the certificate is not valid while it is pending. */
  approval: CertificateApprovalSchema.nullable(),
}).meta({ id: 'CertificateDetail' });
export type CertificateDetail = z.infer<typeof CertificateDetailSchema>;

export const CertificateListQuerySchema = z.object({
  direction: z.enum(['exports', 'imports', 'all']).default('all'),
  status: z.enum(CERTIFICATE_STATUSES).optional(),
  receipt: z.enum(['received', 'awaiting', 'unconfirmed']).optional().meta({ description: 'unconfirmed: not received past the confirmation deadline' }),
  partner: ParticipantCodeSchema.optional(),
  from: IsoDateSchema.optional(),
  to: IsoDateSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type CertificateListQuery = z.infer<typeof CertificateListQuerySchema>;

export const VoidCertificateSchema = z.object({ reason: text(2000) }).strict().meta({ id: 'VoidCertificate' });
export const ReplaceCertificateSchema = z
  .object({ reason: text(2000), draft: CertificateDraftSchema })
  .strict()
  .meta({ id: 'ReplaceCertificate' });
