import { z } from 'zod';
import { IsoDateSchema } from '../http/schemas.ts';
import { LicenceNumberSchema } from '../operators/schemas.ts';
import { CUSTODY_KINDS } from './ledger.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const amount = (description: string) => z.string().max(24).meta({ example: '120.50', description: `${description}, two decimals` });
const coordinate = (limit: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d{1,3}(\.\d{1,6})?$/, 'decimal degrees, up to six decimals')
    .refine((value) => Math.abs(Number(value)) <= limit, `between -${limit} and ${limit}`);

export const DEPOSIT_TYPES = ['alluvial', 'kimberlite', 'marine', 'other'] as const;
/** Kinds an official records by hand; exports are written by certificate issuance only. */
export const RECORDED_KINDS = ['production', 'sale', 'transfer'] as const;

export const SiteDraftSchema = z
  .object({
    name: text(200),
    licenceNumber: LicenceNumberSchema,
    holderOperatorId: z.uuid().nullable().optional().meta({ description: 'The licensee: a mining company or cooperative in the operator register' }),
    depositType: z.enum(DEPOSIT_TYPES),
    artisanal: z.boolean(),
    region: text(200),
    zoneId: z.uuid().nullable().optional().meta({ description: 'The compliant zone the site lies in (zone-restricted participants)' }),
    latitude: coordinate(90).nullable().optional(),
    longitude: coordinate(180).nullable().optional(),
    validFrom: IsoDateSchema,
    validUntil: IsoDateSchema,
  })
  .strict()
  .meta({ id: 'MiningSiteDraft' });
export type SiteDraft = z.infer<typeof SiteDraftSchema>;

export const SiteUpdateSchema = SiteDraftSchema.partial()
  .strict()
  .refine((update) => Object.keys(update).length > 0, 'at least one field')
  .meta({ id: 'MiningSiteUpdate' });
export type SiteUpdate = z.infer<typeof SiteUpdateSchema>;

export const SiteSchema = z
  .object({
    id: z.string(),
    participantCode: z.string(),
    name: z.string(),
    licenceNumber: z.string(),
    holderOperatorId: z.string().nullable(),
    holderName: z.string().nullable(),
    depositType: z.enum(DEPOSIT_TYPES),
    artisanal: z.boolean(),
    region: z.string(),
    zoneId: z.string().nullable(),
    latitude: z.string().nullable(),
    longitude: z.string().nullable(),
    validFrom: IsoDateSchema,
    validUntil: IsoDateSchema,
    licenceState: z.enum(['valid', 'suspended', 'expired', 'not_yet_valid']),
    suspendedAt: z.string().nullable(),
    suspensionReason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'MiningSite' });
export type SiteDto = z.infer<typeof SiteSchema>;

export const SuspendSiteSchema = z.object({ reason: text(2000) }).strict().meta({ id: 'SuspendSite' });

const ClientRefSchema = z
  .string()
  .trim()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, underscore and hyphen')
  .meta({ description: 'The field device’s own id for the entry: an entry synced twice is stored once' });

export const CustodyEntryDraftSchema = z
  .object({
    kind: z.enum(RECORDED_KINDS),
    occurredOn: IsoDateSchema,
    siteId: z.uuid().meta({ description: 'The origin site of the goods' }),
    fromOperatorId: z.uuid().optional().meta({ description: 'Seller or giver; not for production' }),
    toOperatorId: z.uuid().meta({ description: 'Producer (production) or buyer / receiver' }),
    carats: amount('Carats'),
    valueUsd: amount('Value in US$ (zero allowed for production and transfers)'),
    parcelReference: text(100).optional(),
    warranty: z.boolean().optional().meta({ description: 'The invoice carries the System of Warranties statement' }),
    note: text(2000).optional(),
    clientRef: ClientRefSchema.optional(),
  })
  .strict()
  .meta({ id: 'CustodyEntryDraft' });
export type CustodyEntryDraft = z.infer<typeof CustodyEntryDraftSchema>;

export const CustodyCorrectionSchema = z
  .object({
    occurredOn: IsoDateSchema.optional(),
    siteId: z.uuid().optional(),
    fromOperatorId: z.uuid().optional(),
    toOperatorId: z.uuid().optional(),
    carats: amount('Corrected carats').optional(),
    valueUsd: amount('Corrected value in US$').optional(),
    parcelReference: text(100).optional(),
    warranty: z.boolean().optional(),
    cancel: z.boolean().optional().meta({ description: 'Withdraw the entry altogether (recorded in error)' }),
    reason: text(2000).meta({ description: 'Why the entry is corrected (kept in the ledger)' }),
    clientRef: ClientRefSchema.optional(),
  })
  .strict()
  .meta({ id: 'CustodyCorrection' });
export type CustodyCorrection = z.infer<typeof CustodyCorrectionSchema>;

export const PartyWarningSchema = z
  .object({
    party: z.enum(['producer', 'seller', 'buyer', 'site']),
    operatorId: z.string().nullable(),
    state: z.enum(['suspended', 'expired', 'not_yet_valid', 'wrong_licence_type']),
  })
  .meta({ id: 'CustodyPartyWarning' });
export type PartyWarning = z.infer<typeof PartyWarningSchema>;

export const CustodyEntrySchema = z
  .object({
    id: z.string(),
    participantCode: z.string(),
    kind: z.enum(CUSTODY_KINDS),
    occurredOn: IsoDateSchema,
    siteId: z.string(),
    siteName: z.string(),
    fromOperatorId: z.string().nullable(),
    fromName: z.string().nullable(),
    toOperatorId: z.string().nullable(),
    toName: z.string().nullable(),
    carats: z.string(),
    valueUsd: z.string(),
    parcelReference: z.string().nullable(),
    warranty: z.boolean(),
    certificateId: z.string().nullable(),
    certificateNumber: z.string().nullable(),
    supersedes: z.string().nullable(),
    supersededBy: z.string().nullable(),
    cancelled: z.boolean(),
    inForce: z.boolean(),
    reason: z.string().nullable(),
    note: z.string().nullable(),
    clientRef: z.string().nullable(),
    recordedAt: z.string(),
    warnings: z.array(PartyWarningSchema),
  })
  .meta({ id: 'CustodyEntry' });
export type CustodyEntryDto = z.infer<typeof CustodyEntrySchema>;

export const StockLineSchema = z
  .object({
    operatorId: z.string(),
    operatorName: z.string(),
    licenceNumber: z.string(),
    siteId: z.string(),
    siteName: z.string(),
    carats: z.string(),
  })
  .meta({ id: 'StockLine' });
export type StockLine = z.infer<typeof StockLineSchema>;

export const InternalControlsSchema = z
  .object({
    participantCode: z.string(),
    enabled: z.boolean(),
    since: IsoDateSchema.nullable(),
  })
  .meta({ id: 'InternalControls' });
export type InternalControlsDto = z.infer<typeof InternalControlsSchema>;

export const InternalControlsChangeSchema = z.object({ enabled: z.boolean() }).strict().meta({ id: 'InternalControlsChange' });

export const CustodyListQuerySchema = z
  .object({
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM')
      .optional(),
    operatorId: z.uuid().optional(),
    siteId: z.uuid().optional(),
  })
  .strict();
