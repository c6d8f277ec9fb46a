import { z } from 'zod';
import { IsoDateSchema } from '../http/schemas.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

/** What the importing authority found when the shipment arrived (KPCS core document III). */
export const ReceiptDraftSchema = z
  .object({
    receivedOn: IsoDateSchema,
    parcelCount: z.number().int().min(0).max(1000),
    carats: z.string().max(24).meta({ example: '1234.56', description: 'Total carats weighed on arrival, two decimals' }),
    importerName: text(160),
    exporterName: text(160),
    sealIntact: z.boolean(),
    notes: z.string().trim().max(4000).optional(),
  })
  .strict()
  .meta({ id: 'ReceiptDraft' });
export type ReceiptDraft = z.infer<typeof ReceiptDraftSchema>;

export const DISCREPANCY_FIELDS = ['parcelCount', 'carats', 'importer', 'exporter', 'seal', 'expiry'] as const;

export const DiscrepancySchema = z.object({
  field: z.enum(DISCREPANCY_FIELDS),
  onCertificate: z.string(),
  found: z.string(),
});
export type Discrepancy = z.infer<typeof DiscrepancySchema>;

export const ReceiptSchema = z
  .object({
    certificateNumber: z.string(),
    participantCode: z.string(),
    receivedOn: z.string(),
    parcelCount: z.number(),
    carats: z.string(),
    importerName: z.string(),
    exporterName: z.string(),
    sealIntact: z.boolean(),
    notes: z.string().nullable(),
    outcome: z.enum(['matched', 'discrepancy']),
    discrepancies: z.array(DiscrepancySchema),
    recordedAt: z.string(),
    via: z.enum(['session', 'token']),
  })
  .meta({ id: 'Receipt' });
export type Receipt = z.infer<typeof ReceiptSchema>;
