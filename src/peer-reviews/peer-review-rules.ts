/**
 * The rules of KP peer review (KPCS-DOMAIN §7). A review visit is voluntary: the host
 * participant invites it. A review mission follows suspected non-compliance and is initiated by
 * an adopted decision. Either way a team of participants' and observers' experts, with one
 * leader, visits the host, drafts a report, hears the host's comments and finalises the report
 * with recommendations, which are followed up until each one is closed.
 */
export const PEER_REVIEW_KINDS = ['visit', 'mission'] as const;
export type PeerReviewKind = (typeof PEER_REVIEW_KINDS)[number];

/** In order: a review only moves forward, one step at a time (the Chair may close it at any step). */
export const PEER_REVIEW_STATUSES = ['invited', 'team_formed', 'visit_scheduled', 'draft_report', 'host_comments', 'final_report', 'closed'] as const;
export type PeerReviewStatus = (typeof PEER_REVIEW_STATUSES)[number];

export const RECOMMENDATION_STATUSES = ['open', 'in_progress', 'implemented', 'closed'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

/** What the host's administrator may report; closing is for the WGM and the Chair. */
export const HOST_REPORTABLE_STATUSES = ['open', 'in_progress', 'implemented'] as const satisfies readonly RecommendationStatus[];

export const REPORT_STAGES = ['draft', 'final'] as const;
export type ReportStage = (typeof REPORT_STAGES)[number];

/** Steps of the timeline, in order. */
export const TIMELINE_STEPS = ['invited', 'team_formed', 'visit', 'draft_report', 'host_comments', 'final_report', 'closed'] as const;
export type TimelineStep = (typeof TIMELINE_STEPS)[number];

/** The team may be (re)formed until the draft report exists. */
export const TEAM_FORMABLE: readonly PeerReviewStatus[] = ['invited', 'team_formed', 'visit_scheduled'];
/** Dates may be set once there is a team, and moved until the draft report exists. */
export const VISIT_SCHEDULABLE: readonly PeerReviewStatus[] = ['team_formed', 'visit_scheduled'];
/** The leader may replace the draft until the host has commented it. */
export const DRAFTABLE: readonly PeerReviewStatus[] = ['visit_scheduled', 'draft_report'];
export const COMMENTABLE: readonly PeerReviewStatus[] = ['draft_report', 'host_comments'];

/** Overdue: the due date has passed (the due day itself is still in time) and it is not closed. */
export function isOverdue(recommendation: { dueOn: string; status: string }, today: string): boolean {
  return recommendation.status !== 'closed' && today > recommendation.dueOn;
}

/** `PR 2026/` for visits, `RM 2026/` for missions. */
export function referencePrefix(kind: PeerReviewKind, year: number): string {
  return `${kind === 'visit' ? 'PR' : 'RM'} ${year}/`;
}

export interface TeamCandidate {
  /** `person`, or `machine` for a national system's account. */
  kind: string;
  roles: readonly string[];
  participantCode: string | null;
  observerCode: string | null;
  disabled: boolean;
}

/**
 * Why a user cannot sit on the team of a review of `hostParticipantCode`, or null: members are
 * people (not a national system's account), active, staff of a participant or of an observer
 * organisation, and never the host's own staff.
 */
export function memberProblem(candidate: TeamCandidate, hostParticipantCode: string): 'not_eligible' | 'host_staff' | null {
  if (candidate.disabled || candidate.kind !== 'person') return 'not_eligible';
  if (candidate.participantCode === hostParticipantCode) return 'host_staff';
  if (candidate.participantCode === null && !(candidate.roles.includes('observer') && candidate.observerCode !== null)) return 'not_eligible';
  return null;
}
