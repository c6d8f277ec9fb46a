import { z } from 'zod';
import { LanguageSchema, ParticipantCodeSchema } from '../http/schemas.ts';
import { ANOMALY_CASE_STATUSES, ANOMALY_EVENT_KINDS, ANOMALY_RULES } from './anomaly-case.ts';

export const AnomalyRuleSchema = z.enum(ANOMALY_RULES);
export const AnomalyCaseStatusSchema = z.enum(ANOMALY_CASE_STATUSES);

export const AnomalyCaseSchema = z
  .object({
    id: z.uuid(),
    rule: AnomalyRuleSchema,
    participantCode: z.string(),
    partnerCode: z.string().nullable(),
    period: z.string().meta({ description: "'2025', '2025-H1', '2025-Q3' or '2025-07'" }),
    status: AnomalyCaseStatusSchema,
    evidence: z.record(z.string(), z.unknown()).meta({ description: 'The figures behind the case, as they stood when it was raised (amounts are exact two-decimal strings)' }),
    createdAt: z.string(),
  })
  .meta({ id: 'AnomalyCase' });
export type AnomalyCase = z.infer<typeof AnomalyCaseSchema>;

export const AnomalyCaseEventSchema = z.object({
  id: z.uuid(),
  at: z.string(),
  actor: z.string(),
  kind: z.enum(ANOMALY_EVENT_KINDS),
  body: z.string().nullable(),
  language: z.string().nullable(),
});
export type AnomalyCaseEvent = z.infer<typeof AnomalyCaseEventSchema>;

export const AnomalyCaseDetailSchema = AnomalyCaseSchema.extend({ events: z.array(AnomalyCaseEventSchema) }).meta({ id: 'AnomalyCaseDetail' });
export type AnomalyCaseDetail = z.infer<typeof AnomalyCaseDetailSchema>;

export const AnomalyCaseListQuerySchema = z.object({
  status: AnomalyCaseStatusSchema.optional(),
  rule: AnomalyRuleSchema.optional(),
  participant: ParticipantCodeSchema.optional(),
});
export type AnomalyCaseListQuery = z.infer<typeof AnomalyCaseListQuerySchema>;

export const AnomalyRunSchema = z.object({
  ranAt: z.string(),
  rules: z.array(z.object({ rule: AnomalyRuleSchema, flagged: z.number().int(), created: z.number().int() })),
  created: z.number().int(),
});
export type AnomalyRun = z.infer<typeof AnomalyRunSchema>;

export const AnswerAnomalyCaseSchema = z.object({ body: z.string().trim().min(1).max(20_000), language: LanguageSchema }).strict();
export const CloseAnomalyCaseSchema = z.object({ outcome: z.literal('explained'), note: z.string().trim().min(1).max(5000) }).strict();
export const EscalateAnomalyCaseSchema = z.object({ note: z.string().trim().min(1).max(5000) }).strict();
