import { desc, inArray } from 'drizzle-orm';
import { contentOf } from '../certificates/certificate-repository.ts';
import { certificates } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { formatHundredths } from '../domain/amounts.ts';
import { todayUtc } from '../domain/licence.ts';
import type { Actor } from '../domain/roles.ts';
import { approvalsOf, monitoringTeamsOf } from './zone-repository.ts';
import type { ShipmentQueueItem } from './schemas.ts';

/**
 * The shipments a monitoring-team member is asked about: certificates naming a team the member
 * sits on today, pending (the default), decided, or all; newest first. Anyone else gets an
 * empty list.
 */
export async function listShipmentQueue({ actor, status }: { actor: Actor; status: 'pending' | 'decided' | 'all' }, deps: Deps): Promise<ShipmentQueueItem[]> {
  const teams = await monitoringTeamsOf(deps.db, actor.userId, todayUtc(deps.now()));
  if (teams.length === 0) return [];
  const rows = await deps.db.select().from(certificates).where(inArray(certificates.approvalBodyCode, teams)).orderBy(desc(certificates.issuedAt));
  const approvals = await approvalsOf(deps.db, rows);
  const items: ShipmentQueueItem[] = [];
  for (const row of rows) {
    const approval = approvals.get(row.id)!;
    // A certificate the issuer voided before the team decided needs no decision any more.
    const pending = approval.state === 'pending' && row.status === 'issued';
    if (status === 'pending' && !pending) continue;
    if (status === 'decided' && approval.state === 'pending') continue;
    const content = contentOf(row);
    items.push({
      number: row.number,
      issuingParticipant: row.participantCode,
      importingParticipant: row.importingParticipant,
      issueDate: row.issueDate,
      expiryDate: row.expiryDate,
      exporterName: content.exporter.name,
      importerName: content.importer.name,
      parcelCount: row.parcelCount,
      totalCarats: formatHundredths(row.totalCarats),
      totalValueUsd: formatHundredths(row.totalValueCents),
      approval,
    });
  }
  return items;
}
