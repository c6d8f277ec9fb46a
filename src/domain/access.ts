import { actsFor, hasRole, type Actor } from './roles.ts';

/**
 * Who may do what with a participant's records. Participant roles act only for their own
 * participant; a record of another participant must look absent (NOT_FOUND), never forbidden.
 */
export const access = {
  /** Operator register: the participant's own staff, plus KP monitoring (Chair, WGM). */
  readOperators(actor: Actor | null, participantCode: string): boolean {
    return (
      actsFor(actor, participantCode, 'exporting_officer', 'importing_officer', 'statistics_officer', 'participant_admin') ||
      hasRole(actor, 'kp_chair', 'wgm')
    );
  },
  /** Licensing operators is the exporting authority's and the participant administrator's job. */
  manageOperators(actor: Actor | null, participantCode: string): boolean {
    return actsFor(actor, participantCode, 'exporting_officer', 'participant_admin');
  },
  /** Authority contacts are shared across the KP: any signed-in official may read them. */
  readAuthorities(actor: Actor | null): boolean {
    return actor !== null;
  },
  manageAuthorities(actor: Actor | null, participantCode: string): boolean {
    return actsFor(actor, participantCode, 'participant_admin') || hasRole(actor, 'system_admin');
  },
  /** Participant administrators manage their own participant's accounts; the system administrator all. */
  manageUsersOf(actor: Actor | null, participantCode: string | null): boolean {
    if (hasRole(actor, 'system_admin')) return true;
    return participantCode !== null && actsFor(actor, participantCode, 'participant_admin');
  },
};
