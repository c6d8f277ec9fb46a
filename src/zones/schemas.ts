import { z } from 'zod';
import { IsoDateSchema } from '../http/schemas.ts';

const text = (min: number, max: number) => z.string().trim().min(min).max(max);

/** A compliant zone as the register shows it. */
export const CompliantZoneSchema = z
  .object({
    id: z.uuid(),
    participantCode: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    compliantFrom: z.string(),
    compliantUntil: z.string().nullable().meta({ description: 'Last day exports from the zone may be certified; null while it stays compliant' }),
    legalBasis: z.string(),
    decisionId: z.string().nullable(),
    /** Compliant today. */
    compliantToday: z.boolean(),
    recordedAt: z.string(),
  })
  .meta({ id: 'CompliantZone' });
export type CompliantZone = z.infer<typeof CompliantZoneSchema>;

export const CompliantZoneDraftSchema = z
  .object({
    name: text(1, 160),
    description: text(1, 2000).nullable().optional(),
    compliantFrom: IsoDateSchema,
    legalBasis: text(3, 500).meta({ description: 'e.g. "Administrative Decision on CAR, Plenary 2015 (operational framework)"' }),
    decisionId: z.uuid().nullable().optional().meta({ description: 'An adopted KP decision that listed the zone' }),
  })
  .strict()
  .meta({ id: 'CompliantZoneDraft' });
export type CompliantZoneDraft = z.infer<typeof CompliantZoneDraftSchema>;

export const EndZoneComplianceSchema = z
  .object({
    compliantUntil: IsoDateSchema.meta({ description: 'Last day the zone is compliant' }),
    legalBasis: text(3, 500),
  })
  .strict()
  .meta({ id: 'EndZoneCompliance' });
export type EndZoneCompliance = z.infer<typeof EndZoneComplianceSchema>;

export const SHIPMENT_OUTCOMES = ['approved', 'refused'] as const;
export type ShipmentOutcome = (typeof SHIPMENT_OUTCOMES)[number];

export const ShipmentApprovalDraftSchema = z
  .object({ outcome: z.enum(SHIPMENT_OUTCOMES), note: text(1, 2000).optional() })
  .strict()
  .superRefine((value, context) => {
    if (value.outcome === 'refused' && !value.note) context.addIssue({ code: 'custom', path: ['note'], message: 'a refusal needs a reason' });
  })
  .meta({ id: 'ShipmentApprovalDraft' });
export type ShipmentApprovalDraft = z.infer<typeof ShipmentApprovalDraftSchema>;

/** Where a zone-restricted shipment stands: waiting for the monitoring team, approved or refused. */
export const APPROVAL_STATES = ['pending', 'approved', 'refused'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

export const CertificateApprovalSchema = z
  .object({
    state: z.enum(APPROVAL_STATES),
    bodyCode: z.string(),
    bodyName: z.string(),
    zone: z.object({ id: z.string(), name: z.string() }).nullable(),
    note: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decidedByName: z.string().nullable(),
  })
  .meta({ id: 'CertificateApproval', description: 'The monitoring team’s approval of a shipment from a zone-restricted participant' });
export type CertificateApproval = z.infer<typeof CertificateApprovalSchema>;

export const ShipmentQueueItemSchema = z
  .object({
    number: z.string(),
    issuingParticipant: z.string(),
    importingParticipant: z.string(),
    issueDate: z.string(),
    expiryDate: z.string(),
    exporterName: z.string(),
    importerName: z.string(),
    parcelCount: z.number().int(),
    totalCarats: z.string(),
    totalValueUsd: z.string(),
    approval: CertificateApprovalSchema,
  })
  .meta({ id: 'ShipmentQueueItem' });
export type ShipmentQueueItem = z.infer<typeof ShipmentQueueItemSchema>;

export const ShipmentQueueQuerySchema = z.object({ status: z.enum(['pending', 'decided', 'all']).default('pending') });
