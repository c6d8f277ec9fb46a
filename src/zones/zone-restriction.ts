import type { Tx } from '../db/database.ts';
import { AppError } from '../domain/errors.ts';
import { findZoneRow, isCompliantOn, monitoringTeamFor } from './zone-repository.ts';

/** What a zone-restricted issuer's certificate carries: the zone its goods come from and the team that must approve the shipment. */
export interface ZoneRestrictedIssue {
  zone: { id: string; name: string };
  monitoringTeam: { code: string; name: string };
}

/**
 * The rules for a participant under zone restriction (the Central African Republic 2015–2024,
 * KPCS-DOMAIN §6): it certifies only goods mined in one of its zones compliant on the issue
 * date, of its own origin, and each shipment waits for the monitoring team watching it.
 * Refuses with `ZONE_REQUIRED`, `ZONE_NOT_COMPLIANT`, `ZONE_ORIGIN_NOT_ISSUER` or `NO_MONITORING_TEAM`.
 */
export async function checkZoneRestriction(
  tx: Tx,
  { issuer, originZoneId, originCountries, issueDate }: { issuer: string; originZoneId: string | undefined | null; originCountries: readonly string[]; issueDate: string },
): Promise<ZoneRestrictedIssue> {
  if (!originZoneId) throw new AppError('ZONE_REQUIRED', { code: issuer });
  const zone = await findZoneRow(tx, originZoneId);
  if (!zone || zone.participantCode !== issuer) throw new AppError('ZONE_NOT_COMPLIANT', { zone: originZoneId, day: issueDate });
  if (!isCompliantOn(zone, issueDate)) throw new AppError('ZONE_NOT_COMPLIANT', { zone: zone.name, day: issueDate });
  const foreign = originCountries.find((origin) => origin !== issuer);
  if (foreign) throw new AppError('ZONE_ORIGIN_NOT_ISSUER', { code: issuer, origin: foreign });
  const team = await monitoringTeamFor(tx, issuer, issueDate);
  if (!team) throw new AppError('NO_MONITORING_TEAM', { code: issuer });
  return { zone: { id: zone.id, name: zone.name }, monitoringTeam: { code: team.code, name: team.name } };
}
