import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { hasRole, PARTICIPANT_ROLES, type Actor } from '../domain/roles.ts';
import type { Language } from '../i18n/languages.ts';
import { participantName } from '../participants/country-names.ts';
import { rollUp, rowsOf, tradeFigures } from './figures.ts';
import type { MemberStateStatistics } from './schemas.ts';
import { tradeByQuarter } from './statistics-repository.ts';

/** The EU is one KP participant; which member state issued is the EU's and the KP bodies' business. */
export function maySeeMemberStates(actor: Actor | null): boolean {
  return (actor?.participantCode === 'EU' && hasRole(actor, ...PARTICIPANT_ROLES)) || hasRole(actor, 'kp_chair', 'wgs', 'wgm');
}

/**
 * EU exports broken down by the issuing member state (and by partner), per quarter, half and
 * year. Another participant's staff get NOT_FOUND (the breakdown does not exist for them);
 * KP-wide roles without the right get FORBIDDEN.
 *
 * @example
 *   const { byMemberState } = await getMemberStateStatistics({ actor, year: 2025, language: 'en' }, deps);
 */
export async function getMemberStateStatistics(
  { actor, year, language }: { actor: Actor; year: number; language: Language },
  deps: Deps,
): Promise<MemberStateStatistics> {
  if (!maySeeMemberStates(actor)) throw new AppError(actor.participantCode ? 'NOT_FOUND' : 'FORBIDDEN');
  const [byMemberState, byMemberStateAndPartner] = await Promise.all([
    tradeByQuarter(deps.db, { year, flow: 'exports', participant: 'EU', breakdown: 'member_state' }),
    tradeByQuarter(deps.db, { year, flow: 'exports', participant: 'EU', breakdown: 'member_state_partner' }),
  ]);
  return {
    year,
    byMemberState: rowsOf(rollUp(year, byMemberState), (period, memberState, sums) => ({
      period,
      memberState,
      memberStateName: participantName(memberState, language),
      ...tradeFigures(sums),
    })),
    byMemberStateAndPartner: rowsOf(rollUp(year, byMemberStateAndPartner), (period, key, sums) => {
      const [memberState, partner] = key.split(':');
      return { period, memberState, memberStateName: participantName(memberState, language), partner, partnerName: participantName(partner, language), ...tradeFigures(sums) };
    }),
  };
}
