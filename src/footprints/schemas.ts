import { z } from 'zod';
import { IdSchema, IsoDateSchema, ParticipantCodeSchema } from '../http/schemas.ts';
import { FOOTPRINT_REASONS, FOOTPRINT_VERDICTS } from './compare-parcel.ts';
import { SERIES_IDS } from './size-classes.ts';

/** Carats of a class: a two-decimal string, zero allowed (a class of stones under 0.005 ct). */
const ClassCarats = z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, 'carats with at most two decimals, e.g. 12.34');

export const DEPOSIT_TYPES = ['alluvial', 'kimberlite'] as const;
export const PROFILE_SOURCES = ['exporter', 'importer'] as const;

export const SizeClassEntrySchema = z.object({
  code: z.string().min(1).max(16),
  stones: z.number().int().min(0).max(100_000_000),
  carats: ClassCarats,
});

export const SizeProfileInputSchema = z.object({
  series: z.enum(SERIES_IDS),
  classes: z.array(SizeClassEntrySchema).min(1).max(64),
});
export type SizeProfileInput = z.infer<typeof SizeProfileInputSchema>;

/** Shares in per cent by morphology or colour, e.g. `{ "octahedron": 40, "macle": 12 }`. */
const SharesSchema = z.record(z.string().min(1).max(40), z.number().min(0).max(100)).nullable();

const AttachmentSchema = z.object({
  fileName: z.string().min(1).max(200),
  mediaType: z.string().min(1).max(100),
  contentBase64: z.string().min(1),
});

const FootprintMeasurement = {
  ...SizeProfileInputSchema.shape,
  morphology: SharesSchema.optional(),
  colour: SharesSchema.optional(),
  sampledOn: IsoDateSchema,
  measuredBy: z.string().min(1).max(200),
  synthetic: z.boolean().default(false),
  note: z.string().max(2000).nullable().optional(),
  photos: z.array(AttachmentSchema).max(10).optional(),
};

/** A new footprint area with its first version (WGDE). */
export const FootprintDraftSchema = z
  .object({
    participantCode: ParticipantCodeSchema,
    region: z.string().min(1).max(200),
    depositType: z.enum(DEPOSIT_TYPES),
    ...FootprintMeasurement,
  })
  .meta({ id: 'FootprintDraft' });
export type FootprintDraft = z.infer<typeof FootprintDraftSchema>;

/** A new measurement of an existing area (WGDE); `basedOnVersion` must be the latest, so two experts never overwrite each other unknowingly. */
export const FootprintVersionDraftSchema = z.object({ basedOnVersion: z.number().int().positive(), ...FootprintMeasurement }).meta({ id: 'FootprintVersionDraft' });
export type FootprintVersionDraft = z.infer<typeof FootprintVersionDraftSchema>;

export const FootprintPhotoSchema = z.object({ id: IdSchema, fileName: z.string(), mediaType: z.string(), size: z.number().int(), sha256: z.string() });

export const FootprintSchema = z
  .object({
    id: IdSchema,
    areaId: IdSchema,
    version: z.number().int(),
    participantCode: z.string(),
    region: z.string(),
    depositType: z.enum(DEPOSIT_TYPES),
    series: z.enum(SERIES_IDS),
    classes: z.array(SizeClassEntrySchema),
    morphology: SharesSchema,
    colour: SharesSchema,
    sampleStones: z.number().int(),
    sampleCarats: z.string(),
    sampledOn: z.string(),
    measuredBy: z.string(),
    synthetic: z.boolean(),
    note: z.string().nullable(),
    createdAt: z.string(),
    photos: z.array(FootprintPhotoSchema),
  })
  .meta({ id: 'Footprint' });
export type Footprint = z.infer<typeof FootprintSchema>;

export const FootprintAreaSchema = z.object({ latest: FootprintSchema, versions: z.array(FootprintSchema) }).meta({ id: 'FootprintArea' });
export type FootprintArea = z.infer<typeof FootprintAreaSchema>;

export const FootprintRequirementSchema = z.object({ participantCode: z.string(), note: z.string().nullable(), recordedAt: z.string() }).meta({ id: 'FootprintRequirement' });
export type FootprintRequirement = z.infer<typeof FootprintRequirementSchema>;
export const FootprintRequirementDraftSchema = z.object({ note: z.string().max(2000).nullable().optional() });

/** A parcel's profile as the exporting authority declares it or the importing authority measures it. */
export const ParcelProfileDraftSchema = z
  .object({
    ...SizeProfileInputSchema.shape,
    /** Exporter only: the footprint area the parcel is declared to come from (else every footprint of the origin counts). */
    declaredAreaId: IdSchema.nullable().optional(),
    note: z.string().max(2000).nullable().optional(),
  })
  .meta({ id: 'ParcelProfileDraft' });
export type ParcelProfileDraft = z.infer<typeof ParcelProfileDraftSchema>;

export const ParcelProfileSchema = z
  .object({
    id: IdSchema,
    position: z.number().int(),
    source: z.enum(PROFILE_SOURCES),
    series: z.enum(SERIES_IDS),
    classes: z.array(SizeClassEntrySchema),
    declaredAreaId: IdSchema.nullable(),
    note: z.string().nullable(),
    recordedAt: z.string(),
  })
  .meta({ id: 'ParcelProfile' });
export type ParcelProfile = z.infer<typeof ParcelProfileSchema>;

const TestResultSchema = z.object({ statistic: z.number(), degreesOfFreedom: z.number().int(), pValue: z.number() });

export const ComparisonResultSchema = z
  .object({
    footprintId: IdSchema,
    areaId: IdSchema,
    version: z.number().int(),
    participantCode: z.string(),
    region: z.string(),
    depositType: z.enum(DEPOSIT_TYPES),
    synthetic: z.boolean(),
    rank: z.number().int(),
    verdict: z.enum(FOOTPRINT_VERDICTS),
    reasons: z.array(z.enum(FOOTPRINT_REASONS)),
    parcelStones: z.number(),
    parcelCarats: z.number(),
    footprintStones: z.number(),
    rebinned: z.boolean(),
    testedClasses: z.number().int(),
    chiSquare: TestResultSchema.nullable(),
    gTest: TestResultSchema.nullable(),
    pValue: z.number().nullable(),
    kolmogorovSmirnov: z.number(),
    hellinger: z.number(),
    divergence: z.number(),
    grid: z.array(
      z.object({
        minCarats: z.number(),
        maxCarats: z.number().nullable(),
        parcelStones: z.number(),
        expectedStones: z.number(),
        parcelCaratShare: z.number(),
        footprintCaratShare: z.number(),
      }),
    ),
  })
  .meta({ id: 'FootprintComparisonResult' });
export type ComparisonResult = z.infer<typeof ComparisonResultSchema>;

export const PARCEL_FOOTPRINT_STATES = ['consistent', 'inconsistent', 'insufficient_data', 'no_footprint', 'no_profile'] as const;
export type ParcelFootprintState = (typeof PARCEL_FOOTPRINT_STATES)[number];

export const ProfileComparisonSchema = z.object({
  profile: ParcelProfileSchema,
  /** The exporter declared this profile with the certificate: its digest is in the signed content. */
  signedWithCertificate: z.boolean(),
  /** The best-matching footprint of the declared origin (or the area the exporter named), or null when the origin has none. */
  declaredOrigin: ComparisonResultSchema.nullable(),
  /** The most similar footprints of the whole library, most similar first. */
  ranking: z.array(ComparisonResultSchema),
});

export const CertificateFootprintsSchema = z
  .object({
    certificateNumber: z.string(),
    originCountries: z.array(z.string()),
    /** The WGDE lists an origin of this certificate among those that must attach a profile per parcel. */
    profileRequired: z.boolean(),
    /**
     * What the certificate's signature says about the exporter's profiles: `not_signed` (none were
     * declared at issue), `intact` (the stored profiles hash to the signed digest) or `altered`
     * (they do not: changed after issue, never to be trusted).
     */
    signedProfiles: z.object({ state: z.enum(['not_signed', 'intact', 'altered']), parcels: z.array(z.number().int()), digest: z.string().nullable() }),
    /** The worst state over parcels and sources: inconsistent, then missing required profile, insufficient data, no footprint, consistent. */
    state: z.enum(PARCEL_FOOTPRINT_STATES),
    parcels: z.array(
      z.object({
        position: z.number().int(),
        hsCode: z.string(),
        carats: z.string(),
        state: z.enum(PARCEL_FOOTPRINT_STATES),
        comparisons: z.array(ProfileComparisonSchema),
      }),
    ),
  })
  .meta({ id: 'CertificateFootprints' });
export type CertificateFootprints = z.infer<typeof CertificateFootprintsSchema>;
