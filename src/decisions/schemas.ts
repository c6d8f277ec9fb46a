import { z } from 'zod';
import { IsoDateSchema, LanguageSchema, ParticipantCodeSchema } from '../http/schemas.ts';
import { EmbargoEffectSchema, ZoneEffectSchema } from './measure-effects.ts';
import { DECIDED_STATUSES, DECISION_KINDS, DECISION_STATUSES, POSITIONS } from './decision-rules.ts';

const StatusEffectSchema = z
  .object({
    type: z.literal('status'),
    participantCode: ParticipantCodeSchema,
    status: z.enum(DECIDED_STATUSES),
  })
  .strict()
  .meta({ description: 'Changes a participant’s status from the decision’s effective date: suspension, self-suspension, readmission, admission, removal, zone restriction' });

const TextSchema = (max: number) => z.string().trim().min(1).max(max);

const effects = z.array(z.discriminatedUnion('type', [StatusEffectSchema, ZoneEffectSchema, EmbargoEffectSchema])).max(20).default([]);

const sharedWithObservers = z
  .boolean()
  .default(true)
  .meta({ description: 'Observers read it in full and may comment while it circulates; false marks it KP ONLY' });

export const PlenaryDecisionDraftSchema = z
  .object({
    kind: z.literal('plenary'),
    title: TextSchema(300),
    body: TextSchema(20_000),
    meeting: TextSchema(300).meta({ description: 'e.g. "Plenary, Dubai, 6–10 November 2023"' }),
    communique: TextSchema(2000).meta({ description: 'Reference or address of the communiqué that published the decision' }),
    adoptedOn: IsoDateSchema,
    effectiveOn: IsoDateSchema.meta({ description: 'First day the decision applies (administrative decisions: once the communiqué is published); not before `adoptedOn`' }),
    effects,
    sharedWithObservers,
  })
  .strict();

export const WrittenProcedureDraftSchema = z
  .object({
    kind: z.literal('written_procedure'),
    title: TextSchema(300),
    body: TextSchema(20_000),
    deadline: z.iso.datetime({ offset: true }).meta({ description: 'Positions are taken until this instant; the result is computed then' }),
    effectiveOn: IsoDateSchema.optional().meta({ description: 'First day the decision applies if adopted; default: the deadline’s day (UTC). Not before it.' }),
    effects,
    sharedWithObservers,
  })
  .strict();

export const DecisionDraftSchema = z.discriminatedUnion('kind', [PlenaryDecisionDraftSchema, WrittenProcedureDraftSchema]).meta({ id: 'DecisionDraft' });
export type DecisionDraft = z.infer<typeof DecisionDraftSchema>;

export const PositionDraftSchema = z
  .object({ position: z.enum(POSITIONS), comment: TextSchema(5000).optional() })
  .strict()
  .meta({ id: 'PositionDraft' });
export type PositionDraft = z.infer<typeof PositionDraftSchema>;

export const DecisionCommentDraftSchema = z
  .object({ body: TextSchema(5000), language: LanguageSchema.optional() })
  .strict()
  .meta({ id: 'DecisionCommentDraft' });
export type DecisionCommentDraft = z.infer<typeof DecisionCommentDraftSchema>;

const EffectSchema = z.discriminatedUnion('type', [
  StatusEffectSchema.extend({
    action: z.enum(['admission', 'readmission', 'suspension', 'self_suspension', 'zone_restriction', 'withdrawal', 'removal']),
    /** Once decided: `applied`, or why it could not apply. */
    outcome: z.enum(['applied', 'status_unchanged', 'not_a_participant', 'date_before_history']).nullable(),
  }),
  ZoneEffectSchema.extend({ action: z.literal('zone_listing'), outcome: z.enum(['applied']).nullable() }),
  EmbargoEffectSchema.extend({ action: z.enum(['embargo', 'embargo_lift']), outcome: z.enum(['applied', 'already_in_force', 'no_measure_in_force']).nullable() }),
]);

const TallySchema = z.object({
  support: z.array(z.string()),
  objections: z.array(z.string()),
  objectionsNotBlocking: z.array(z.string()),
  silent: z.array(z.string()),
  eligible: z.number().int(),
  requiredSupport: z.number().int(),
});

export const DecisionSchema = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    kind: z.enum(DECISION_KINDS),
    title: z.string(),
    body: z.string(),
    status: z.enum(DECISION_STATUSES),
    meeting: z.string().nullable(),
    communique: z.string().nullable(),
    adoptedOn: z.string().nullable(),
    effectiveOn: z.string().nullable(),
    circulatedAt: z.string().nullable(),
    deadline: z.string().nullable(),
    decidedAt: z.string().nullable(),
    requiredSupport: z.number().int().nullable(),
    eligible: z.array(z.string()).meta({ description: 'Participants that may take a position (written procedure)' }),
    effects: z.array(EffectSchema),
    /** The count: positions so far while circulating (KP members only), the result once decided. The public sees only the counts. */
    tally: z
      .object({
        support: z.number().int(),
        objections: z.number().int(),
        silent: z.number().int(),
        detail: TallySchema.nullable().meta({ description: 'Who supported, objected, stayed silent: KP members only' }),
      })
      .nullable(),
    positions: z
      .array(z.object({ participantCode: z.string(), position: z.enum(POSITIONS), comment: z.string().nullable(), at: z.string(), byName: z.string() }))
      .meta({ description: 'Every position taken, oldest first (a later one replaces an earlier one): KP members only, empty for the public' }),
    comments: z
      .array(z.object({ id: z.uuid(), authorName: z.string(), onBehalfOf: z.string().nullable(), body: z.string(), language: z.string(), at: z.string() }))
      .meta({ description: 'KP members only, empty for the public' }),
    withdrawalNote: z.string().nullable().meta({ description: 'Why the Chair withdrew the procedure' }),
    /** What the caller may do now. */
    can: z.object({ takePosition: z.boolean(), comment: z.boolean(), withdraw: z.boolean(), share: z.boolean() }),
    sharedWithObservers: z.boolean().meta({ description: 'Observers read the decision in full (false: KP ONLY; observers then see it only once adopted, like the public)' }),
  })
  .meta({ id: 'Decision' });
export type Decision = z.infer<typeof DecisionSchema>;

export const DecisionSummarySchema = DecisionSchema.pick({
  id: true,
  reference: true,
  kind: true,
  title: true,
  status: true,
  adoptedOn: true,
  effectiveOn: true,
  deadline: true,
  effects: true,
})
  .extend({
    awaitsYourPosition: z
      .boolean()
      .meta({ description: 'A circulating procedure on which the caller, a participant administrator of an eligible participant, has taken no position yet' }),
  })
  .meta({ id: 'DecisionSummary' });
export type DecisionSummary = z.infer<typeof DecisionSummarySchema>;

export const DecisionListQuerySchema = z.object({
  status: z.enum(DECISION_STATUSES).optional(),
  participant: ParticipantCodeSchema.optional().meta({ description: 'Only decisions with an effect on this participant' }),
});
