import { and, count, desc, eq, gte, inArray, lt, lte, not, or, type SQL } from 'drizzle-orm';
import { publicUrlOf } from '../config.ts';
import type { Db, Tx } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { todayUtc } from '../domain/licence.ts';
import { certificateReceipts, certificates, embargoMeasures, participantSettings } from '../db/schema.ts';
import { formatHundredths } from '../domain/amounts.ts';
import { actsFor, hasRole, PARTICIPANT_ROLES, type Actor } from '../domain/roles.ts';
import { isLanguage, type Language } from '../i18n/languages.ts';
import type { CertificateContent } from './certificate-content.ts';
import { addDays } from './certificate-rules.ts';
import type { CertificateCredential } from './credential.ts';
import { approvalsOf } from '../zones/zone-repository.ts';
import type { CertificateApproval } from '../zones/schemas.ts';
import type { CertificateDetail, CertificateListQuery, CertificateStatus, CertificateSummary, ReceiptState } from './schemas.ts';

export type CertificateRow = typeof certificates.$inferSelect;

/** The issuing participant, the importing participant, the Chair and the WGM; nobody else. */
export function canSeeCertificate(actor: Actor | null, row: Pick<CertificateRow, 'participantCode' | 'importingParticipant'>): boolean {
  return (
    actsFor(actor, row.participantCode, ...PARTICIPANT_ROLES) ||
    actsFor(actor, row.importingParticipant, ...PARTICIPANT_ROLES) ||
    hasRole(actor, 'kp_chair', 'wgm')
  );
}

export function contentOf(row: CertificateRow): CertificateContent {
  return (row.document as CertificateCredential).credentialSubject;
}

/** What the list and detail need to say whether receipt was confirmed in time. */
export interface ReceiptContext {
  receipt: { receivedOn: string; outcome: string } | null;
  today: string;
  confirmationDays: number;
}

/** Receipt is due by issue (dispatch) date + the configured days, or by expiry if that comes first. */
export function confirmByOf(row: Pick<CertificateRow, 'issueDate' | 'expiryDate'>, confirmationDays: number): string {
  const due = addDays(row.issueDate, confirmationDays);
  return due < row.expiryDate ? due : row.expiryDate;
}

export function receiptStateOf(row: CertificateRow, context: ReceiptContext): ReceiptState {
  if (row.status === 'received') return context.receipt?.outcome === 'discrepancy' ? 'received_with_discrepancy' : 'received';
  if (row.status !== 'issued') return 'not_applicable';
  return context.today > confirmByOf(row, context.confirmationDays) ? 'unconfirmed' : 'awaiting';
}

/** SQL for the list's receipt filter; `cutoff` is today minus the confirmation days. */
export function receiptFilter(state: 'received' | 'awaiting' | 'unconfirmed', today: string, confirmationDays: number): SQL {
  if (state === 'received') return eq(certificates.status, 'received');
  const cutoff = addDays(today, -confirmationDays);
  const overdue = or(lt(certificates.issueDate, cutoff), lt(certificates.expiryDate, today))!;
  return and(eq(certificates.status, 'issued'), state === 'unconfirmed' ? overdue : not(overdue))!;
}

export function toCertificateSummary(row: CertificateRow, receipts: ReceiptContext): CertificateSummary {
  const content = contentOf(row);
  return {
    number: row.number,
    status: row.status as CertificateStatus,
    issuingParticipant: row.participantCode,
    issuingTerritory: row.territoryCode,
    importingParticipant: row.importingParticipant,
    issueDate: row.issueDate,
    expiryDate: row.expiryDate,
    exporterName: content.exporter.name,
    importerName: content.importer.name,
    parcelCount: row.parcelCount,
    totalCarats: formatHundredths(row.totalCarats),
    totalValueUsd: formatHundredths(row.totalValueCents),
    replacesNumber: row.replacesNumber,
    replacedByNumber: row.replacedByNumber,
    receiptState: receiptStateOf(row, receipts),
    receivedOn: receipts?.receipt?.receivedOn ?? null,
    confirmBy: confirmByOf(row, receipts.confirmationDays),
  };
}

export function toCertificateDetail(row: CertificateRow, publicUrl: string, receipts: ReceiptContext, approval: CertificateApproval | null = null): CertificateDetail {
  return {
    ...toCertificateSummary(row, receipts),
    content: contentOf(row),
    credential: row.document as Record<string, unknown>,
    seal: row.seal,
    kid: row.kid,
    issuedAt: row.issuedAt.toISOString(),
    issuedBy: row.issuedBy,
    voidedAt: row.voidedAt?.toISOString() ?? null,
    voidReason: row.voidReason,
    links: {
      self: `/api/certificates/${row.number}`,
      pdf: `/api/certificates/${row.number}/pdf`,
      verify: `${publicUrl}/verify?qr=${encodeURIComponent(row.seal)}`,
    },
    approval,
  };
}

export async function findCertificateRow(db: Db | Tx, number: string): Promise<CertificateRow | undefined> {
  const [row] = await db.select().from(certificates).where(eq(certificates.number, number));
  return row;
}

/** Certificates the actor may see, newest first, with the total count for paging. */
export async function listCertificateRows(
  db: Db,
  actor: Actor,
  query: CertificateListQuery,
  { today, confirmationDays }: { today: string; confirmationDays: number },
): Promise<{ rows: CertificateRow[]; total: number }> {
  const filters: SQL[] = [];
  const own = actor.participantCode;
  const kpWide = hasRole(actor, 'kp_chair', 'wgm');
  if (!kpWide) {
    if (!own) return { rows: [], total: 0 };
    if (query.direction === 'exports') filters.push(eq(certificates.participantCode, own));
    else if (query.direction === 'imports') filters.push(eq(certificates.importingParticipant, own));
    else filters.push(or(eq(certificates.participantCode, own), eq(certificates.importingParticipant, own))!);
  } else if (own && query.direction !== 'all') {
    filters.push(eq(query.direction === 'exports' ? certificates.participantCode : certificates.importingParticipant, own));
  }
  if (query.status) filters.push(eq(certificates.status, query.status));
  if (query.receipt) filters.push(receiptFilter(query.receipt, today, confirmationDays));
  if (query.partner) {
    filters.push(or(eq(certificates.participantCode, query.partner), eq(certificates.importingParticipant, query.partner))!);
  }
  if (query.from) filters.push(gte(certificates.issueDate, query.from));
  if (query.to) filters.push(lte(certificates.issueDate, query.to));
  const where = and(...filters);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select()
      .from(certificates)
      .where(where)
      .orderBy(desc(certificates.issueDate), desc(certificates.number))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(certificates).where(where),
  ]);
  return { rows, total };
}

/** Languages printed beside English by default, until a participant sets its own. */
const DEFAULT_CERTIFICATE_LANGUAGE: Record<string, Language> = { RU: 'ru', BY: 'ru', KZ: 'ru', KG: 'ru', UZ: 'ru', AM: 'ru', UA: 'ru', CN: 'zh', TW: 'zh', AE: 'ar', LB: 'ar', QA: 'ar', CF: 'fr', CD: 'fr', CG: 'fr', CI: 'fr', GN: 'fr', TG: 'fr', ML: 'fr', CM: 'fr', GA: 'fr', VE: 'es', MX: 'es', PA: 'es' };

export interface CertificateSettings {
  validityDays: number;
  language: Language;
  mixedOriginWording: boolean;
}

export async function certificateSettings(db: Db | Tx, participantCode: string, defaultValidityDays: number): Promise<CertificateSettings> {
  const [row] = await db.select().from(participantSettings).where(eq(participantSettings.participantCode, participantCode));
  return {
    validityDays: row?.certificateValidityDays ?? defaultValidityDays,
    language: row && isLanguage(row.certificateLanguage) ? row.certificateLanguage : (DEFAULT_CERTIFICATE_LANGUAGE[participantCode] ?? 'en'),
    mixedOriginWording: row?.mixedOriginWording ?? false,
  };
}

/** The embargo measure in force for rough diamonds of this origin on `day`, if any. */
export async function activeEmbargo(db: Db | Tx, originCode: string, day: string) {
  const rows = await db.select().from(embargoMeasures).where(eq(embargoMeasures.originCode, originCode));
  return rows.find((measure) => measure.startsOn <= day && (measure.endsOn === null || measure.endsOn >= day));
}

/** Receipts of the given certificates, by certificate id. */
export async function receiptsOf(db: Db | Tx, ids: string[]): Promise<Map<string, { receivedOn: string; outcome: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: certificateReceipts.certificateId, receivedOn: certificateReceipts.receivedOn, outcome: certificateReceipts.outcome })
    .from(certificateReceipts)
    .where(inArray(certificateReceipts.certificateId, ids));
  return new Map(rows.map((row) => [row.id, { receivedOn: row.receivedOn, outcome: row.outcome }]));
}

/** The detail view of one certificate as the API returns it, with its receipt state as of now. */
export async function certificateDetailOf(deps: Deps, row: CertificateRow): Promise<CertificateDetail> {
  const receipts = await receiptsOf(deps.db, [row.id]);
  const approvals = await approvalsOf(deps.db, [row]);
  return toCertificateDetail(
    row,
    publicUrlOf(deps.config),
    { receipt: receipts.get(row.id) ?? null, today: todayUtc(deps.now()), confirmationDays: deps.config.receiptConfirmationDays },
    approvals.get(row.id) ?? null,
  );
}
