import { GOOD_STANDING, type ParticipantStatus } from '../domain/participant-status.ts';

/**
 * The rules of KP decisions (KPCS-DOMAIN §6): by consensus. Under written procedure the Chair
 * circulates a draft with a deadline; each participant in good standing supports, objects or
 * stays silent. At the deadline the draft is adopted when it has the required support and no
 * objection; a single objection blocks it. The required support is not in any KP document
 * retrieved: a setting (UNVERIFIED).
 */
export const DECISION_KINDS = ['plenary', 'written_procedure'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export const DECISION_STATUSES = ['circulating', 'adopted', 'blocked', 'not_adopted', 'withdrawn'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export const POSITIONS = ['support', 'object'] as const;
export type Position = (typeof POSITIONS)[number];

/** Statuses a decision may give a participant (an applicant is one by filing, not by decision). */
export const DECIDED_STATUSES = ['participant', 'zone_restricted', 'suspended', 'self_suspended', 'withdrawn', 'removed'] as const satisfies readonly ParticipantStatus[];
export type DecidedStatus = (typeof DECIDED_STATUSES)[number];

export interface StatusEffect {
  type: 'status';
  participantCode: string;
  status: DecidedStatus;
}

/** What a status change is called, from the status before it. */
export type EffectAction = 'admission' | 'readmission' | 'suspension' | 'self_suspension' | 'zone_restriction' | 'withdrawal' | 'removal';

export function actionOf(from: ParticipantStatus | null, to: DecidedStatus): EffectAction {
  switch (to) {
    case 'participant':
      return from === null || from === 'applicant' ? 'admission' : 'readmission';
    case 'suspended':
      return 'suspension';
    case 'self_suspended':
      return 'self_suspension';
    case 'zone_restricted':
      return 'zone_restriction';
    case 'withdrawn':
      return 'withdrawal';
    case 'removed':
      return 'removal';
  }
}

/** Why an effect cannot apply to a participant whose status is `from`, or null when it can. */
export function effectProblem(from: ParticipantStatus | null, to: DecidedStatus): string | null {
  if (from === to) return 'status_unchanged';
  if ((from === null || from === 'applicant') && to !== 'participant') return 'not_a_participant';
  return null;
}

/** Participants whose status lets them take part in decisions. */
export function mayTakePart(status: ParticipantStatus | null): boolean {
  return status !== null && (GOOD_STANDING.includes(status) || status === 'zone_restricted');
}

/** Support needed: `percent` of the eligible participants, rounded up, and at least one. */
export function requiredSupportOf(eligible: number, percent: number): number {
  return Math.max(1, Math.ceil((eligible * percent) / 100));
}

export interface Tally {
  support: string[];
  objections: string[];
  /** Objections that do not block: from a participant the decision is about, when the setting says so. */
  objectionsNotBlocking: string[];
  silent: string[];
  eligible: number;
  requiredSupport: number;
  result: 'adopted' | 'blocked' | 'not_adopted';
}

/**
 * The count at the deadline: each eligible participant's latest position (positions are given
 * oldest first). Any blocking objection blocks; otherwise enough support adopts.
 */
export function tally(input: {
  eligible: readonly string[];
  positions: readonly { participantCode: string; position: Position }[];
  requiredSupport: number;
  /** Participants the decision's effects are about. */
  concerned: readonly string[];
  concernedMayBlock: boolean;
}): Tally {
  const latest = new Map<string, Position>();
  for (const entry of input.positions) if (input.eligible.includes(entry.participantCode)) latest.set(entry.participantCode, entry.position);
  const sorted = [...input.eligible].sort();
  const support = sorted.filter((code) => latest.get(code) === 'support');
  const allObjections = sorted.filter((code) => latest.get(code) === 'object');
  const blocking = allObjections.filter((code) => input.concernedMayBlock || !input.concerned.includes(code));
  const result = blocking.length > 0 ? 'blocked' : support.length >= input.requiredSupport ? 'adopted' : 'not_adopted';
  return {
    support,
    objections: blocking,
    objectionsNotBlocking: allObjections.filter((code) => !blocking.includes(code)),
    silent: sorted.filter((code) => !latest.has(code)),
    eligible: sorted.length,
    requiredSupport: input.requiredSupport,
    result,
  };
}
