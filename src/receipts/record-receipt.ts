import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { amount } from '../certificates/certificate-rules.ts';
import { contentOf, findCertificateRow, canSeeCertificate, type CertificateRow } from '../certificates/certificate-repository.ts';
import type { Config } from '../config.ts';
import type { Tx } from '../db/database.ts';
import { certificateReceipts, certificates } from '../db/schema.ts';
import { isUniqueViolation } from '../db/transaction.ts';
import { transact, type Deps } from '../deps.ts';
import { formatHundredths } from '../domain/amounts.ts';
import { AppError } from '../domain/errors.ts';
import { todayUtc } from '../domain/licence.ts';
import { actsFor, type Actor } from '../domain/roles.ts';
import { parcelsLackingRequiredProfile } from '../footprints/required-profiles.ts';
import { enqueueEvent } from '../webhooks/outbox.ts';
import { shipmentApprovalOf } from '../zones/zone-repository.ts';
import type { Discrepancy, Receipt, ReceiptDraft } from './schemas.ts';

type ReceiptRow = typeof certificateReceipts.$inferSelect;

/** Names as found on the parcel's papers compare without regard to case, spacing or punctuation. */
function sameName(a: string, b: string): boolean {
  const norm = (text: string) =>
    text
      .normalize('NFKC')
      .toLocaleLowerCase('en')
      .replace(/[\p{P}\p{S}]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  return norm(a) === norm(b);
}

/**
 * Matches what arrived against the certificate. Carats may differ by the configured tolerance
 * (scales differ between countries); parcel count, parties and the seal must match exactly.
 */
export function findDiscrepancies(row: CertificateRow, draft: ReceiptDraft, foundCarats: number, config: Pick<Config, 'receiptCaratTolerance'>): Discrepancy[] {
  const content = contentOf(row);
  const found: Discrepancy[] = [];
  if (draft.parcelCount !== row.parcelCount) found.push({ field: 'parcelCount', onCertificate: String(row.parcelCount), found: String(draft.parcelCount) });
  const difference = Math.abs(foundCarats - row.totalCarats);
  if (difference * 10_000 > row.totalCarats * config.receiptCaratTolerance) {
    found.push({ field: 'carats', onCertificate: formatHundredths(row.totalCarats), found: formatHundredths(foundCarats) });
  }
  if (!sameName(draft.importerName, content.importer.name)) found.push({ field: 'importer', onCertificate: content.importer.name, found: draft.importerName });
  if (!sameName(draft.exporterName, content.exporter.name)) found.push({ field: 'exporter', onCertificate: content.exporter.name, found: draft.exporterName });
  if (!draft.sealIntact) found.push({ field: 'seal', onCertificate: content.seals.join(', ') || '—', found: 'broken' });
  if (draft.receivedOn > row.expiryDate) found.push({ field: 'expiry', onCertificate: row.expiryDate, found: draft.receivedOn });
  return found;
}

export function toReceipt(row: ReceiptRow): Receipt {
  return {
    certificateNumber: row.certificateNumber,
    participantCode: row.participantCode,
    receivedOn: row.receivedOn,
    parcelCount: row.parcelCount,
    carats: formatHundredths(row.carats),
    importerName: row.importerName,
    exporterName: row.exporterName,
    sealIntact: row.sealIntact,
    notes: row.notes,
    outcome: row.outcome as Receipt['outcome'],
    discrepancies: row.discrepancies as Discrepancy[],
    recordedAt: row.recordedAt.toISOString(),
    via: row.via as Receipt['via'],
  };
}

async function receiptOf(tx: Tx | Deps['db'], certificateId: string): Promise<ReceiptRow | undefined> {
  const [row] = await tx.select().from(certificateReceipts).where(eq(certificateReceipts.certificateId, certificateId));
  return row;
}

/**
 * The importing authority of the destination confirms receipt. Exactly one confirmation per
 * certificate: the certificate row is locked, and the receipt's primary key is the certificate.
 * The exporting authority is told at once (its list, and its webhook if it runs a national system).
 */
export async function recordReceipt({ actor, number, draft }: { actor: Actor; number: string; draft: ReceiptDraft }, deps: Deps): Promise<Receipt> {
  const foundCarats = amount(draft.carats, 'carats', null);
  try {
    return await transact(deps, async (tx) => {
      const [row] = await tx.select().from(certificates).where(eq(certificates.number, number)).for('update');
      if (!row || !canSeeCertificate(actor, row)) throw new AppError('NOT_FOUND');
      if (!actsFor(actor, row.importingParticipant, 'importing_officer')) throw new AppError('FORBIDDEN');
      const earlier = await receiptOf(tx, row.id);
      if (earlier) throw new AppError('CERTIFICATE_ALREADY_RECEIVED', { receivedOn: earlier.receivedOn });
      if (row.status !== 'issued') throw new AppError('CERTIFICATE_NOT_RECEIVABLE', { status: row.status });
      // A zone-restricted shipment is not valid until its monitoring team approves it.
      if (row.approvalBodyCode !== null && (await shipmentApprovalOf(tx, row.id))?.outcome !== 'approved') {
        throw new AppError('CERTIFICATE_AWAITING_APPROVAL', { body: row.approvalBodyCode });
      }
      // For an origin on the WGDE's list (issue #7) every parcel must carry the exporter's profile.
      // Exporters may attach profiles after issue, until receipt: so receipt, not issue, is where the rule bites.
      const lacking = await parcelsLackingRequiredProfile(tx, row);
      if (lacking.length > 0) throw new AppError('FOOTPRINT_PROFILE_REQUIRED', { parcels: lacking.join(', ') }, { parcels: lacking });
      const now = deps.now();
      if (draft.receivedOn < row.issueDate || draft.receivedOn > todayUtc(now)) throw new AppError('RECEIPT_DATE_INVALID', { issueDate: row.issueDate });
      const discrepancies = findDiscrepancies(row, draft, foundCarats, deps.config);
      const [receipt] = await tx
        .insert(certificateReceipts)
        .values({
          certificateId: row.id,
          certificateNumber: row.number,
          participantCode: row.importingParticipant,
          receivedOn: draft.receivedOn,
          parcelCount: draft.parcelCount,
          carats: foundCarats,
          importerName: draft.importerName,
          exporterName: draft.exporterName,
          sealIntact: draft.sealIntact,
          notes: draft.notes ?? null,
          outcome: discrepancies.length > 0 ? 'discrepancy' : 'matched',
          discrepancies,
          recordedBy: actor.userId,
          recordedAt: now,
          via: actor.via,
        })
        .returning();
      await tx.update(certificates).set({ status: 'received' }).where(eq(certificates.id, row.id));
      const result = toReceipt(receipt);
      await recordAudit(tx, {
        actor,
        action: 'certificate.received',
        entityType: 'certificate',
        entityId: row.number,
        participantCode: row.importingParticipant,
        data: { receivedOn: result.receivedOn, parcelCount: result.parcelCount, carats: result.carats, sealIntact: result.sealIntact, outcome: result.outcome, discrepancies },
      });
      await enqueueEvent(tx, { participants: [row.participantCode, row.importingParticipant], type: 'receipt.recorded', data: { certificateNumber: row.number, receipt: result }, now });
      return result;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const row = await findCertificateRow(deps.db, number);
      const earlier = row && (await receiptOf(deps.db, row.id));
      if (earlier) throw new AppError('CERTIFICATE_ALREADY_RECEIVED', { receivedOn: earlier.receivedOn });
    }
    throw error;
  }
}

/** The confirmation of receipt, for whoever may see the certificate. */
export async function findReceipt(deps: Deps, actor: Actor, number: string): Promise<Receipt> {
  const row = await findCertificateRow(deps.db, number);
  if (!row || !canSeeCertificate(actor, row)) throw new AppError('NOT_FOUND');
  const receipt = await receiptOf(deps.db, row.id);
  if (!receipt) throw new AppError('NOT_FOUND');
  return toReceipt(receipt);
}
