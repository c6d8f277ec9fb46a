import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { addEvent, insertCaseIfNew } from '../anomalies/anomaly-repository.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { canonicalBytes } from '../certificates/credential.ts';
import { amount } from '../certificates/certificate-rules.ts';
import type { Db, Tx } from '../db/database.ts';
import { custodyEntries, operators } from '../db/schema.ts';
import { describeShortfallFor } from './shortfall.ts';
import { isUniqueViolation } from '../db/transaction.ts';
import { transact, type Deps } from '../deps.ts';
import { access } from '../domain/access.ts';
import { formatHundredths } from '../domain/amounts.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { todayUtc } from '../domain/licence.ts';
import type { Actor } from '../domain/roles.ts';
import { notify } from '../notifications/notify.ts';
import { participantExists } from '../participants/participant-repository.ts';
import { parseProductionAmount } from '../production/production-rules.ts';
import {
  asLedgerEntry,
  entriesInForceOf,
  entryContext,
  findSite,
  openingStocks,
  toEntryDto,
  type CustodyEntryRow,
  type SiteRow,
} from './custody-repository.ts';
import { entriesInForce, shortfallCausedBy, stockKeysOf, stockOn, type LedgerEntry, type Shortfall, type StockKey } from './ledger.ts';
import type { CustodyCorrection, CustodyEntryDraft, CustodyEntryDto } from './schemas.ts';

type NewEntry = typeof custodyEntries.$inferInsert;

/** A value in US$ where zero is allowed (production estimates, transfers within one company). */
function valueCents(text: string): number {
  const parsed = parseProductionAmount(text);
  if ('units' in parsed) return parsed.units;
  const where = { field: 'valueUsd', parcel: '—', value: text };
  if (parsed.problem === 'too_precise') throw new AppError('AMOUNT_TOO_PRECISE', where);
  if (parsed.problem === 'negative') throw new AppError('AMOUNT_NOT_POSITIVE', where);
  throw new AppError('INVALID_AMOUNT', where);
}

const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', {}, [{ path: [field], message }]);

/** The shape and the register checks every entry passes before the stock check. */
async function checkedEntry(
  tx: Tx,
  participantCode: string,
  fields: Pick<NewEntry, 'kind' | 'occurredOn' | 'siteId' | 'fromOperatorId' | 'toOperatorId'>,
  today: string,
): Promise<SiteRow> {
  if (fields.occurredOn > today) throw new AppError('CUSTODY_DATE_IN_FUTURE', { date: fields.occurredOn });
  const site = await findSite(tx, fields.siteId);
  if (!site || site.participantCode !== participantCode) throw invalid('siteId', 'not a site in this register');
  if (fields.kind === 'production' && fields.fromOperatorId) throw invalid('fromOperatorId', 'production has no seller');
  if (fields.kind !== 'production' && !fields.fromOperatorId) throw invalid('fromOperatorId', 'required for a sale or transfer');
  if (fields.fromOperatorId && fields.fromOperatorId === fields.toOperatorId) throw invalid('toOperatorId', 'seller and buyer are the same actor');
  for (const [field, id] of [
    ['fromOperatorId', fields.fromOperatorId],
    ['toOperatorId', fields.toOperatorId],
  ] as const) {
    if (!id) continue;
    const [operator] = await tx.select({ participantCode: operators.participantCode }).from(operators).where(eq(operators.id, id));
    if (!operator || operator.participantCode !== participantCode) throw invalid(field, 'not an actor in this register');
  }
  return site;
}

/**
 * The stock check: with `changes` applied, no touched stock may run below zero on any day (unless
 * it already did, from data imported before the check existed, and the change makes it no worse).
 * Only the entries from `since` (the earliest day a change moves) are read; the stock carried in
 * from before it is summed in the database.
 */
async function shortfallAfter(tx: Tx, participantCode: string, changes: LedgerEntry[], touched: StockKey[], since: string): Promise<Shortfall | null> {
  const siteIds = [...new Set(touched.map((key) => key.siteId))];
  const current = (await entriesInForceOf(tx, participantCode, siteIds, since)).map(asLedgerEntry);
  const openings = await openingStocks(tx, participantCode, touched, since);
  return shortfallCausedBy(current, changes, touched, openings);
}

async function describeShortfall(tx: Tx, participantCode: string, shortfall: Shortfall) {
  const current = entriesInForce((await entriesInForceOf(tx, participantCode, [shortfall.siteId])).map(asLedgerEntry));
  return { ...(await describeShortfallFor(tx, shortfall)), available: formatHundredths(Math.max(0, stockOn(current, shortfall, shortfall.on))) };
}

function requestHashOf(body: unknown): string {
  return createHash('sha256').update(canonicalBytes(body)).digest('hex');
}

/** A queued entry synced again: the one stored, or CLIENT_REF_REUSED when the content differs. */
async function replayOf(tx: Tx, participantCode: string, clientRef: string | undefined, requestHash: string): Promise<CustodyEntryRow | null> {
  if (!clientRef) return null;
  const [existing] = await tx
    .select()
    .from(custodyEntries)
    .where(and(eq(custodyEntries.participantCode, participantCode), eq(custodyEntries.clientRef, clientRef)));
  if (!existing) return null;
  if (existing.requestHash !== requestHash) throw new AppError('CLIENT_REF_REUSED', { clientRef });
  return existing;
}

async function dtoOf(tx: Db | Tx, row: CustodyEntryRow): Promise<CustodyEntryDto> {
  return toEntryDto(row, await entryContext(tx, row.participantCode, [row]));
}

function auditData(row: CustodyEntryRow) {
  // Ids and figures only: parcel references, notes and reasons are the recorder's free text.
  return {
    kind: row.kind,
    occurredOn: row.occurredOn,
    siteId: row.siteId,
    fromOperatorId: row.fromOperatorId,
    toOperatorId: row.toOperatorId,
    carats: formatHundredths(row.carats),
    valueUsd: formatHundredths(row.valueCents),
    warranty: row.warranty,
    clientRef: row.clientRef,
  };
}

/**
 * A mines officer (or the exporting authority) records production at a site, a sale or a transfer
 * between licensed actors. Refused, with nothing stored, when the giver's recorded stock of that
 * origin would run below zero on any day. Parties without a valid licence are recorded and
 * reported back as warnings: the anomaly engine raises them as cases.
 */
export async function recordEntry(
  { actor, participantCode, draft }: { actor: Actor; participantCode: string; draft: CustodyEntryDraft },
  deps: Deps,
): Promise<{ entry: CustodyEntryDto; replayed: boolean }> {
  if (!access.readCustody(actor, participantCode) || !(await participantExists(deps.db, participantCode))) throw new AppError('NOT_FOUND');
  if (!access.recordCustody(actor, participantCode)) throw new AppError('FORBIDDEN');
  const carats = amount(draft.carats, 'carats', null);
  const value = valueCents(draft.valueUsd);
  if (draft.kind === 'sale' && value === 0) throw new AppError('AMOUNT_NOT_POSITIVE', { field: 'valueUsd', parcel: '—', value: draft.valueUsd });
  const requestHash = requestHashOf(draft);
  try {
    return await transact(deps, async (tx) => {
      const earlier = await replayOf(tx, participantCode, draft.clientRef, requestHash);
      if (earlier) return { entry: await dtoOf(tx, earlier), replayed: true };
      const now = deps.now();
      const fields = {
        kind: draft.kind,
        occurredOn: draft.occurredOn,
        siteId: draft.siteId,
        fromOperatorId: draft.fromOperatorId ?? null,
        toOperatorId: draft.toOperatorId,
      };
      await checkedEntry(tx, participantCode, fields, todayUtc(now));
      const id = newId();
      const ledger: LedgerEntry = { id, ...fields, carats, supersedes: null, cancelled: false };
      const shortfall = await shortfallAfter(tx, participantCode, [ledger], stockKeysOf(ledger), ledger.occurredOn);
      if (shortfall) throw new AppError('STOCK_INSUFFICIENT', await describeShortfall(tx, participantCode, shortfall));
      const [row] = await tx
        .insert(custodyEntries)
        .values({
          id,
          participantCode,
          ...fields,
          carats,
          valueCents: value,
          parcelReference: draft.parcelReference ?? null,
          warranty: draft.warranty ?? false,
          note: draft.note ?? null,
          clientRef: draft.clientRef ?? null,
          requestHash,
          recordedBy: actor.userId,
          recordedAt: now,
        })
        .returning();
      await recordAudit(tx, { actor, action: `custody.${draft.kind}_recorded`, entityType: 'custody_entry', entityId: id, participantCode, data: auditData(row) });
      return { entry: await dtoOf(tx, row), replayed: false };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'custody_entries_client_ref_unique')) {
      const again = await transact(deps, (tx) => replayOf(tx, participantCode, draft.clientRef, requestHash));
      if (again) return { entry: await dtoOf(deps.db, again), replayed: true };
    }
    throw error;
  }
}

/**
 * Corrects an entry by recording a new one that supersedes it (or cancels it). The ledger is
 * never rewritten. A correction that would leave any stock below zero is refused, and the refusal
 * is itself raised as an anomaly case: goods were passed on that the corrected record cannot back.
 */
export async function correctEntry(
  { actor, entryId, correction }: { actor: Actor; entryId: string; correction: CustodyCorrection },
  deps: Deps,
): Promise<{ entry: CustodyEntryDto; replayed: boolean }> {
  const [original] = await deps.db.select().from(custodyEntries).where(eq(custodyEntries.id, entryId));
  if (!original || !access.readCustody(actor, original.participantCode)) throw new AppError('NOT_FOUND');
  const participantCode = original.participantCode;
  if (!access.recordCustody(actor, participantCode)) throw new AppError('FORBIDDEN');
  if (original.kind === 'export' || original.cancelled) throw new AppError('ENTRY_NOT_CORRECTABLE', { kind: original.cancelled ? 'cancellation' : original.kind });
  const requestHash = requestHashOf({ entryId, ...correction });
  let refused: { shortfall: Shortfall; details: Awaited<ReturnType<typeof describeShortfall>> } | null = null;
  try {
    return await transact(deps, async (tx) => {
      refused = null;
      const earlier = await replayOf(tx, participantCode, correction.clientRef, requestHash);
      if (earlier) return { entry: await dtoOf(tx, earlier), replayed: true };
      const [later] = await tx.select({ id: custodyEntries.id }).from(custodyEntries).where(eq(custodyEntries.supersedes, entryId));
      if (later) throw new AppError('ENTRY_ALREADY_CORRECTED', { id: later.id });
      const now = deps.now();
      const fields = {
        kind: original.kind,
        occurredOn: correction.occurredOn ?? original.occurredOn,
        siteId: correction.siteId ?? original.siteId,
        fromOperatorId: correction.fromOperatorId ?? original.fromOperatorId,
        toOperatorId: correction.toOperatorId ?? original.toOperatorId,
      };
      const carats = correction.carats !== undefined ? amount(correction.carats, 'carats', null) : original.carats;
      const value = correction.valueUsd !== undefined ? valueCents(correction.valueUsd) : original.valueCents;
      if (fields.kind === 'sale' && value === 0 && !correction.cancel) {
        throw new AppError('AMOUNT_NOT_POSITIVE', { field: 'valueUsd', parcel: '—', value: correction.valueUsd ?? '0' });
      }
      await checkedEntry(tx, participantCode, fields, todayUtc(now));
      const id = newId();
      const cancelled = correction.cancel ?? false;
      const ledger: LedgerEntry = { id, ...fields, kind: fields.kind as LedgerEntry['kind'], carats, supersedes: entryId, cancelled };
      const touched = [...stockKeysOf(original), ...stockKeysOf(ledger)];
      const shortfall = await shortfallAfter(tx, participantCode, [ledger], touched, ledger.occurredOn < original.occurredOn ? ledger.occurredOn : original.occurredOn);
      if (shortfall) {
        refused = { shortfall, details: await describeShortfall(tx, participantCode, shortfall) };
        throw new AppError('CORRECTION_LEAVES_STOCK_NEGATIVE', refused.details);
      }
      const [row] = await tx
        .insert(custodyEntries)
        .values({
          id,
          participantCode,
          ...fields,
          carats,
          valueCents: value,
          parcelReference: correction.parcelReference ?? original.parcelReference,
          warranty: correction.warranty ?? original.warranty,
          supersedes: entryId,
          cancelled,
          reason: correction.reason,
          note: original.note,
          clientRef: correction.clientRef ?? null,
          requestHash,
          recordedBy: actor.userId,
          recordedAt: now,
        })
        .returning();
      await recordAudit(tx, {
        actor,
        action: cancelled ? 'custody.entry_cancelled' : 'custody.entry_corrected',
        entityType: 'custody_entry',
        entityId: id,
        participantCode,
        data: { supersedes: entryId, ...auditData(row) },
      });
      return { entry: await dtoOf(tx, row), replayed: false };
    });
  } catch (error) {
    if (refused) await raiseNegativeStockCase(deps, { actor, participantCode, entryId, correction, refused });
    throw error;
  }
}

/** The refused correction as an anomaly case for the participant's statistics officer and administrator. */
async function raiseNegativeStockCase(
  deps: Deps,
  {
    actor,
    participantCode,
    entryId,
    correction,
    refused,
  }: { actor: Actor; participantCode: string; entryId: string; correction: CustodyCorrection; refused: { shortfall: Shortfall; details: Record<string, string> } },
): Promise<void> {
  const now = deps.now();
  await transact(deps, async (tx) => {
    const row = await insertCaseIfNew(
      tx,
      {
        rule: 'custody_negative_stock',
        participantCode,
        partnerCode: null,
        period: refused.shortfall.on.slice(0, 7),
        subject: `${entryId}|${requestHashOf(correction).slice(0, 16)}`,
        evidence: {
          entryId,
          operatorId: refused.shortfall.operatorId,
          siteId: refused.shortfall.siteId,
          // Ids, not names: the WGS reads every case but not the participant's register or ledger.
          on: refused.shortfall.on,
          shortBy: refused.details.shortBy,
          attempted: {
            carats: correction.carats ?? null,
            occurredOn: correction.occurredOn ?? null,
            cancel: correction.cancel ?? false,
          },
        },
      },
      now,
    );
    if (!row) return;
    await addEvent(tx, { caseId: row.id, at: now, actor: actor.email, kind: 'created' });
    await notify(
      tx,
      {
        to: { participants: [participantCode], roles: ['statistics_officer', 'participant_admin'] },
        kind: 'anomaly.raised',
        params: { rule: row.rule, participantCode, period: row.period },
        link: `/anomalies/${row.id}`,
      },
      deps,
    );
    await recordAudit(tx, { actor, action: 'anomaly_case.raised', entityType: 'anomaly_case', entityId: row.id, participantCode, data: { rule: row.rule, entryId } });
  });
}

