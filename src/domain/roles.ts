/**
 * Roles of the KP as Kimberlite knows them. Participant roles act only for the one participant
 * their account is bound to; KP-wide roles (Chair, working groups, observers, system admin) are
 * bound to no participant.
 */
export const PARTICIPANT_ROLES = [
  'exporting_officer',
  'importing_officer',
  'statistics_officer',
  'participant_admin',
  // Internal controls (issue #9): licenses sites and actors, records production and trade in the field.
  'mines_officer',
] as const;

export const KP_ROLES = ['kp_chair', 'wgm', 'wgs', 'wgde', 'wgaap', 'cpc', 'observer', 'system_admin'] as const;

export const ROLES = [...PARTICIPANT_ROLES, ...KP_ROLES] as const;

export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];
export type KpRole = (typeof KP_ROLES)[number];
export type Role = (typeof ROLES)[number];

export function isParticipantRole(role: Role): role is ParticipantRole {
  return (PARTICIPANT_ROLES as readonly string[]).includes(role);
}

/** An authenticated caller: a person with a session or a national system with an API token. */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  roles: Role[];
  participantCode: string | null;
  observerCode: string | null;
  language: string;
  via: 'session' | 'token';
}

export function hasRole(actor: Actor | null, ...roles: Role[]): boolean {
  return actor !== null && actor.roles.some((role) => roles.includes(role));
}

/** True when the actor holds one of `roles` for this very participant. */
export function actsFor(actor: Actor | null, participantCode: string, ...roles: ParticipantRole[]): boolean {
  return actor !== null && actor.participantCode === participantCode && hasRole(actor, ...roles);
}

export interface RoleBinding {
  roles: Role[];
  participantCode: string | null;
  observerCode: string | null;
}

/**
 * A participant role needs a participant; an observer needs an observer organisation; the two
 * never mix with each other, so an account can never act for two bodies at once.
 * Returns a reason code, or null when the binding is sound.
 */
export function roleBindingProblem(binding: RoleBinding): string | null {
  if (binding.roles.length === 0) return 'no_roles';
  const participantRoles = binding.roles.filter(isParticipantRole);
  const isObserver = binding.roles.includes('observer');
  if (participantRoles.length > 0 && binding.participantCode === null) return 'participant_required';
  if (participantRoles.length === 0 && binding.participantCode !== null) return 'participant_not_allowed';
  if (isObserver && binding.observerCode === null) return 'observer_required';
  if (!isObserver && binding.observerCode !== null) return 'observer_not_allowed';
  if (isObserver && participantRoles.length > 0) return 'observer_with_participant_role';
  return null;
}
