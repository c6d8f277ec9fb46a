import { z } from 'zod';
import { PARTICIPANT_STATUSES } from '../domain/participant-status.ts';
import { IsoDateSchema } from '../http/schemas.ts';

export const ParticipantStatusSchema = z.enum(PARTICIPANT_STATUSES);

export const ParticipantSummarySchema = z
  .object({
    code: z.string().meta({ example: 'BW' }),
    name: z.string().meta({ description: 'Name in the requested language' }),
    registerName: z.string().meta({ description: 'Name as the KP register writes it (English)' }),
    kind: z.enum(['state', 'regional_organisation', 'trading_entity']),
    status: ParticipantStatusSchema.nullable(),
    since: z.string().nullable().meta({ description: 'Date the current status took effect, at the precision the sources give: 2003, 2008-06 or 2013-05-23' }),
    sinceInferred: z.boolean(),
    countedAmongParticipants: z.boolean(),
  })
  .meta({ id: 'ParticipantSummary' });
export type ParticipantSummary = z.infer<typeof ParticipantSummarySchema>;

export const StatusEventSchema = z
  .object({
    id: z.string(),
    status: ParticipantStatusSchema,
    effectiveOn: IsoDateSchema,
    date: z.string(),
    precision: z.enum(['day', 'month', 'year']),
    inferred: z.boolean(),
    note: z.string().nullable(),
  })
  .meta({ id: 'ParticipantStatusEvent' });
export type StatusEventDto = z.infer<typeof StatusEventSchema>;

export const ParticipantDetailSchema = ParticipantSummarySchema.extend({
  joined: z.string().nullable(),
  note: z.string().nullable(),
  sources: z.array(z.string()),
  history: z.array(StatusEventSchema),
  territories: z.array(z.object({ code: z.string(), name: z.string() })),
}).meta({ id: 'ParticipantDetail' });
export type ParticipantDetail = z.infer<typeof ParticipantDetailSchema>;

export const ObserverSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    kind: z.string(),
    note: z.string().nullable(),
    sources: z.array(z.string()),
  })
  .meta({ id: 'Observer' });
export type ObserverDto = z.infer<typeof ObserverSchema>;

export const RecordStatusChangeSchema = z
  .object({
    status: ParticipantStatusSchema,
    effectiveOn: IsoDateSchema,
    note: z.string().trim().min(1).max(2000),
  })
  .strict()
  .meta({ id: 'RecordStatusChange' });
export type RecordStatusChange = z.infer<typeof RecordStatusChangeSchema>;
