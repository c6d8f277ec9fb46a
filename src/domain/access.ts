import { actsFor, hasRole, type Actor } from './roles.ts';

/**
 * Who may do what with a participant's records. Participant roles act only for their own
 * participant; a record of another participant must look absent (NOT_FOUND), never forbidden.
 */
export const access = {
  /** Operator register: the participant's own staff, plus KP monitoring (Chair, WGM). */
  readOperators(actor: Actor | null, participantCode: string): boolean {
    return (
      actsFor(actor, participantCode, 'exporting_officer', 'importing_officer', 'statistics_officer', 'participant_admin', 'mines_officer') ||
      hasRole(actor, 'kp_chair', 'wgm')
    );
  },
  /** Licensing operators is the exporting authority's and the participant administrator's job. */
  manageOperators(actor: Actor | null, participantCode: string): boolean {
    return actsFor(actor, participantCode, 'exporting_officer', 'participant_admin', 'mines_officer');
  },
  /**
   * The custody ledger (sites, production, trade, stock) names counterparties and prices: only the
   * participant's own officials read it. KP bodies see only whether a certificate's origin is backed.
   */
  readCustody(actor: Actor | null, participantCode: string): boolean {
    return actsFor(actor, participantCode, 'exporting_officer', 'statistics_officer', 'participant_admin', 'mines_officer');
  },
  /** Recording production and trade: the mines officers in the field, the exporting authority, the administrator. */
  recordCustody(actor: Actor | null, participantCode: string): boolean {
    return actsFor(actor, participantCode, 'exporting_officer', 'participant_admin', 'mines_officer');
  },
  /** Turning internal controls on or off is the participant administrator's decision. */
  manageInternalControls(actor: Actor | null, participantCode: string): boolean {
    return actsFor(actor, participantCode, 'participant_admin');
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
