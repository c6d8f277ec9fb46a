import { and, asc, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { bodyMemberships, certificates, compliantZones, kpBodies, shipmentApprovals, users } from '../db/schema.ts';
import type { ApprovalState, CertificateApproval, CompliantZone } from './schemas.ts';

export type ZoneRow = typeof compliantZones.$inferSelect;
export type ShipmentApprovalRow = typeof shipmentApprovals.$inferSelect;
type CertificateRow = typeof certificates.$inferSelect;

/** True when exports from the zone may be certified on `day` (`YYYY-MM-DD`). */
export function isCompliantOn(zone: Pick<ZoneRow, 'compliantFrom' | 'compliantUntil'>, day: string): boolean {
  return zone.compliantFrom <= day && (zone.compliantUntil === null || zone.compliantUntil >= day);
}

export function toCompliantZone(row: ZoneRow, today: string): CompliantZone {
  return {
    id: row.id,
    participantCode: row.participantCode,
    name: row.name,
    description: row.description,
    compliantFrom: row.compliantFrom,
    compliantUntil: row.compliantUntil,
    legalBasis: row.legalBasis,
    decisionId: row.decisionId,
    compliantToday: isCompliantOn(row, today),
    recordedAt: row.recordedAt.toISOString(),
  };
}

/** A participant's zones, oldest listing first. */
export async function listZoneRows(db: Db | Tx, participantCode: string): Promise<ZoneRow[]> {
  return db.select().from(compliantZones).where(eq(compliantZones.participantCode, participantCode)).orderBy(asc(compliantZones.compliantFrom), asc(compliantZones.name));
}

export async function findZoneRow(db: Db | Tx, id: string, { forUpdate = false } = {}): Promise<ZoneRow | undefined> {
  const query = db.select().from(compliantZones).where(eq(compliantZones.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/**
 * The monitoring team that approves the shipments of a zone-restricted participant on `day`:
 * the body of kind `monitoring_team` watching it and not dissolved then (the first by code if,
 * unusually, there are several).
 */
export async function monitoringTeamFor(db: Db | Tx, participantCode: string, day: string) {
  const [team] = await db
    .select()
    .from(kpBodies)
    .where(and(eq(kpBodies.kind, 'monitoring_team'), eq(kpBodies.subjectParticipantCode, participantCode), or(isNull(kpBodies.dissolvedOn), gte(kpBodies.dissolvedOn, day))))
    .orderBy(asc(kpBodies.code))
    .limit(1);
  return team;
}

/** The monitoring teams a person sits on on `day`. */
export async function monitoringTeamsOf(db: Db | Tx, userId: string, day: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ code: kpBodies.code })
    .from(bodyMemberships)
    .innerJoin(kpBodies, eq(kpBodies.code, bodyMemberships.bodyCode))
    .where(
      and(
        eq(kpBodies.kind, 'monitoring_team'),
        eq(bodyMemberships.userId, userId),
        lte(bodyMemberships.startsOn, day),
        or(isNull(bodyMemberships.endsOn), gte(bodyMemberships.endsOn, day)),
        or(isNull(kpBodies.dissolvedOn), gte(kpBodies.dissolvedOn, day)),
      ),
    );
  return rows.map((row) => row.code).sort();
}

export function approvalStateOf(decision: Pick<ShipmentApprovalRow, 'outcome'> | undefined | null): ApprovalState {
  return decision ? (decision.outcome as ApprovalState) : 'pending';
}

/** The approval of each certificate that needs one, by certificate id. */
export async function approvalsOf(db: Db | Tx, rows: readonly CertificateRow[]): Promise<Map<string, CertificateApproval>> {
  const needing = rows.filter((row) => row.approvalBodyCode !== null);
  if (needing.length === 0) return new Map();
  const ids = needing.map((row) => row.id);
  const decided = await db
    .select({ approval: shipmentApprovals, decidedByName: users.name })
    .from(shipmentApprovals)
    .leftJoin(users, eq(users.id, shipmentApprovals.decidedBy))
    .where(inArray(shipmentApprovals.certificateId, ids));
  const bodyCodes = [...new Set(needing.map((row) => row.approvalBodyCode!))];
  const bodies = await db.select({ code: kpBodies.code, name: kpBodies.name }).from(kpBodies).where(inArray(kpBodies.code, bodyCodes));
  const zoneIds = needing.map((row) => row.originZoneId).filter((id): id is string => id !== null);
  const zones = zoneIds.length ? await db.select({ id: compliantZones.id, name: compliantZones.name }).from(compliantZones).where(inArray(compliantZones.id, zoneIds)) : [];
  const result = new Map<string, CertificateApproval>();
  for (const row of needing) {
    const found = decided.find((entry) => entry.approval.certificateId === row.id);
    const zone = zones.find((entry) => entry.id === row.originZoneId);
    result.set(row.id, {
      state: approvalStateOf(found?.approval),
      bodyCode: row.approvalBodyCode!,
      bodyName: bodies.find((body) => body.code === row.approvalBodyCode)?.name ?? row.approvalBodyCode!,
      zone: zone ? { id: zone.id, name: zone.name } : null,
      note: found?.approval.note ?? null,
      decidedAt: found?.approval.decidedAt.toISOString() ?? null,
      decidedByName: found?.decidedByName ?? null,
    });
  }
  return result;
}

/** The monitoring team's decision on one certificate, if it was taken. */
export async function shipmentApprovalOf(db: Db | Tx, certificateId: string): Promise<ShipmentApprovalRow | undefined> {
  const [row] = await db.select().from(shipmentApprovals).where(eq(shipmentApprovals.certificateId, certificateId));
  return row;
}
