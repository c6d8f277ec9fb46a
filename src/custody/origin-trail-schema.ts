import { z } from 'zod';
import { LICENCE_TYPES } from '../domain/licence.ts';
import { IsoDateSchema } from '../http/schemas.ts';
import { DEPOSIT_TYPES } from './schemas.ts';

/**
 * The origin trail of a certificate (issue #9): where each parcel's carats were drawn from in the
 * exporter's recorded stock and the custody chain back to production at the site. Fields marked
 * "custody readers only" name counterparties or prices: they are left out of the JSON altogether
 * for anyone who may not read the issuing participant's custody ledger (importer, Chair, WGM).
 */
export const OriginActorSchema = z
  .object({
    licenceTypes: z.array(z.enum(LICENCE_TYPES)).meta({ description: 'What the actor is licensed as (artisanal miner, cooperative, dealer, exporter, miner)' }),
    licenceState: z.enum(['valid', 'suspended', 'expired', 'not_yet_valid']).meta({ description: 'The licence on the day of the step' }),
    operatorId: z.string().optional().meta({ description: 'Custody readers only' }),
    name: z.string().optional().meta({ description: 'Custody readers only' }),
    licenceNumber: z.string().optional().meta({ description: 'Custody readers only' }),
    cooperativeName: z.string().nullable().optional().meta({ description: 'Custody readers only: the cooperative an artisanal miner belongs to' }),
  })
  .meta({ id: 'OriginActor' });
export type OriginActor = z.infer<typeof OriginActorSchema>;

export interface OriginStep {
  kind: 'production' | 'sale' | 'transfer';
  occurredOn: string;
  carats: string;
  actor: OriginActor;
  warranty: boolean;
  entryId?: string;
  entryCarats?: string;
  valueUsd?: string;
  parcelReference?: string | null;
  sources: OriginStep[];
  untraced: string;
}

export const OriginStepSchema: z.ZodType<OriginStep> = z.lazy(() =>
  z
    .object({
      kind: z.enum(['production', 'sale', 'transfer']),
      occurredOn: IsoDateSchema,
      carats: z.string().meta({ description: 'Carats of this trail allocated to the step' }),
      actor: OriginActorSchema.meta({ description: 'Who received the goods: the producer, buyer or receiver' }),
      warranty: z.boolean().meta({ description: 'The invoice carried the System of Warranties statement' }),
      entryId: z.string().optional().meta({ description: 'Custody readers only' }),
      entryCarats: z.string().optional().meta({ description: 'Custody readers only: the whole entry' }),
      valueUsd: z.string().optional().meta({ description: 'Custody readers only: the whole entry' }),
      parcelReference: z.string().nullable().optional().meta({ description: 'Custody readers only' }),
      sources: z.array(OriginStepSchema).meta({ description: 'How the seller came to hold the carats (empty for production)' }),
      untraced: z.string().meta({ description: 'Carats the seller’s recorded entries could not account for (0.00 when fully traced)' }),
    })
    .meta({ id: 'OriginStep' }),
);

export const OriginSiteSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    region: z.string(),
    depositType: z.enum(DEPOSIT_TYPES),
    artisanal: z.boolean(),
    zoneName: z.string().nullable(),
    licenceNumber: z.string().optional().meta({ description: 'Custody readers only' }),
    holderName: z.string().nullable().optional().meta({ description: 'Custody readers only' }),
  })
  .meta({ id: 'OriginSite' });

export const OriginDrawSchema = z
  .object({
    site: OriginSiteSchema,
    carats: z.string().meta({ description: 'Carats of the parcel drawn from the exporter’s stock of this site' }),
    steps: z.array(OriginStepSchema).meta({ description: 'The exporter’s incoming entries the draw is allocated to, newest first' }),
    untraced: z.string(),
  })
  .meta({ id: 'OriginDraw' });

export const OriginParcelSchema = z
  .object({
    position: z.number().int().positive(),
    hsCode: z.string(),
    carats: z.string(),
    drawn: z.string().meta({ description: 'Carats drawn from recorded stock for the parcel' }),
    draws: z.array(OriginDrawSchema),
  })
  .meta({ id: 'OriginParcel' });

export const OriginTrailSchema = z
  .object({
    certificateNumber: z.string(),
    certificateStatus: z.enum(['issued', 'received', 'voided', 'replaced']),
    issueDate: IsoDateSchema,
    backed: z.boolean().meta({ description: 'Every parcel fully drawn from recorded stock, and the draws as signed' }),
    reason: z
      .enum(['no_internal_controls', 'not_fully_drawn', 'altered', 'not_signed'])
      .nullable()
      .meta({ description: 'Why the origin is not backed; null when it is' }),
    integrity: z.enum(['intact', 'altered', 'not_signed']).meta({ description: 'The stored draws against the digest signed with the certificate' }),
    signedDigest: z.string().nullable(),
    storedDigest: z.string().nullable(),
    released: z.boolean().meta({ description: 'The certificate was voided or replaced: its draws went back to the exporter’s stock' }),
    complete: z.boolean().meta({ description: 'False when the trail was cut (depth or size bound) or carats could not be traced to production' }),
    counterparties: z.boolean().meta({ description: 'Names, licence numbers, prices and references are included (custody readers)' }),
    sites: z.number().int().nonnegative(),
    parcels: z.array(OriginParcelSchema),
  })
  .meta({ id: 'OriginTrail' });
export type OriginTrail = z.infer<typeof OriginTrailSchema>;
export type OriginDraw = z.infer<typeof OriginDrawSchema>;
export type OriginSite = z.infer<typeof OriginSiteSchema>;
