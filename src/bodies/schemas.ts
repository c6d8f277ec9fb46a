import { z } from 'zod';
import { IsoDateSchema, ParticipantCodeSchema } from '../http/schemas.ts';
import { BODY_KINDS, POSITIONS } from './body-rules.ts';

const TextSchema = (max: number) => z.string().trim().min(1).max(max);

export const BodyCodeSchema = z.string().regex(/^[A-Z][A-Z0-9-]{1,19}$/, 'capital letters, digits and hyphens, e.g. WGM or MT-CF');

export const MembershipSchema = z
  .object({
    id: z.uuid(),
    bodyCode: z.string(),
    userId: z.uuid(),
    name: z.string(),
    position: z.enum(POSITIONS),
    participantCode: z.string().nullable().meta({ description: 'The participant the member sits for (or null: an observer organisation)' }),
    observerCode: z.string().nullable(),
    startsOn: z.string(),
    endsOn: z.string().nullable(),
    active: z.boolean().meta({ description: 'The membership runs today' }),
    appointedByName: z.string(),
    appointedAt: z.string(),
    endedByName: z.string().nullable(),
    endedAt: z.string().nullable(),
  })
  .meta({ id: 'BodyMembership' });
export type Membership = z.infer<typeof MembershipSchema>;

const BodyBaseSchema = z.object({
  code: z.string(),
  kind: z.enum(BODY_KINDS),
  name: z.string(),
  grantsRole: z.string().nullable().meta({ description: 'The KP role a running membership grants its member, or null' }),
  subjectParticipantCode: z.string().nullable().meta({ description: 'Monitoring teams: the participant watched' }),
  mandate: z.string().nullable(),
  decision: z.object({ id: z.uuid(), reference: z.string(), title: z.string() }).nullable(),
  dissolvedOn: z.string().nullable(),
});

export const BodySummarySchema = BodyBaseSchema.extend({
  members: z.array(MembershipSchema).meta({ description: 'Memberships that run today, chair first' }),
}).meta({ id: 'BodySummary' });
export type BodySummary = z.infer<typeof BodySummarySchema>;

export const BodySchema = BodyBaseSchema.extend({
  members: z.array(MembershipSchema).meta({ description: 'Every membership, past, present and future: running ones first' }),
  /** What the caller may do now. */
  can: z.object({ appoint: z.boolean(), end: z.boolean() }),
}).meta({ id: 'Body' });
export type Body = z.infer<typeof BodySchema>;

export const AppointmentDraftSchema = z
  .object({
    userId: z.uuid(),
    position: z.enum(POSITIONS).default('member'),
    startsOn: IsoDateSchema,
    endsOn: IsoDateSchema.nullable().optional().meta({ description: 'Last day of the membership; none: open-ended (the Chair’s office: 31 December of the start year)' }),
  })
  .strict()
  .meta({ id: 'AppointmentDraft' });
export type AppointmentDraft = z.infer<typeof AppointmentDraftSchema>;

export const MembershipEndSchema = z
  .object({ endsOn: IsoDateSchema.meta({ description: 'Last day of the membership' }) })
  .strict()
  .meta({ id: 'MembershipEnd' });

export const MonitoringTeamDraftSchema = z
  .object({
    subjectParticipantCode: ParticipantCodeSchema,
    name: TextSchema(200).optional().meta({ description: 'Default: “Monitoring Team for <participant>”' }),
    mandate: TextSchema(5000),
    decisionId: z.uuid().optional().meta({ description: 'The adopted decision that set the team up' }),
  })
  .strict()
  .meta({ id: 'MonitoringTeamDraft' });
export type MonitoringTeamDraft = z.infer<typeof MonitoringTeamDraftSchema>;

export const CandidateSchema = z
  .object({ userId: z.uuid(), name: z.string(), participantCode: z.string().nullable(), observerCode: z.string().nullable() })
  .meta({ id: 'BodyCandidate' });
export type Candidate = z.infer<typeof CandidateSchema>;

export const ChairmanshipSchema = z
  .object({
    year: z.number().int(),
    chairParticipantCode: z.string(),
    viceChairParticipantCode: z.string().nullable(),
    decision: z.object({ id: z.uuid(), reference: z.string(), title: z.string() }).nullable(),
    note: z.string().nullable(),
    recordedAt: z.string(),
  })
  .meta({ id: 'Chairmanship' });
export type Chairmanship = z.infer<typeof ChairmanshipSchema>;

export const ChairmanshipDraftSchema = z
  .object({
    chairParticipantCode: ParticipantCodeSchema.optional().meta({
      description: 'Needed only when the year is not recorded yet and the previous year has no Vice-Chair (who would otherwise be the Chair)',
    }),
    viceChairParticipantCode: ParticipantCodeSchema.nullable().optional().meta({ description: 'Chosen by the Plenary; becomes the Chair of the next year' }),
    decisionId: z.uuid().optional().meta({ description: 'The adopted plenary decision that chose them' }),
    note: TextSchema(2000).optional(),
  })
  .strict()
  .meta({ id: 'ChairmanshipDraft' });
export type ChairmanshipDraft = z.infer<typeof ChairmanshipDraftSchema>;
