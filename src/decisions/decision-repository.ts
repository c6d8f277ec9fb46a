import { asc, count, eq, inArray, like } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { decisionComments, decisionPositions, decisions, participants, users } from '../db/schema.ts';
import { statusHistories } from '../participants/participant-repository.ts';
import { observerMayRead } from '../domain/observer-sharing.ts';
import { hasRole, type Actor } from '../domain/roles.ts';
import { statusOn, type ParticipantStatus } from '../domain/participant-status.ts';
import { actionOf, mayTakePart, tally, type DecisionKind, type DecisionStatus, type Position, type StatusEffect, type Tally } from './decision-rules.ts';
import type { MeasureEffect, MeasureOutcome } from './measure-effects.ts';
import type { Decision, DecisionSummary } from './schemas.ts';

export type DecisionRow = typeof decisions.$inferSelect;
export type PositionRow = typeof decisionPositions.$inferSelect;

/** What each effect did once decided: `applied`, or why it could not. */
export type EffectOutcome = 'applied' | 'status_unchanged' | 'not_a_participant' | 'date_before_history';

export interface StoredStatusEffect extends StatusEffect {
  /** The participant's status when the effect was proposed (names the action: admission or readmission). */
  from: ParticipantStatus | null;
  outcome: EffectOutcome | null;
}

/** A compliant zone listed, or an embargo imposed or lifted (measure-effects.ts). */
export type StoredMeasureEffect = MeasureEffect & { outcome: MeasureOutcome | null };

export type StoredEffect = StoredStatusEffect | StoredMeasureEffect;

/** One effect as the API shows it. */
export function effectView(effect: StoredEffect): Decision['effects'][number] {
  if (effect.type === 'compliant_zone') return { ...effect, action: 'zone_listing', outcome: effect.outcome as 'applied' | null };
  if (effect.type === 'embargo') return { ...effect, action: effect.measure === 'impose' ? 'embargo' : 'embargo_lift' };
  const { type, participantCode, status, from, outcome } = effect;
  return { type, participantCode, status, action: actionOf(from, status), outcome };
}

export interface Outcome {
  tally: Tally | null;
}

/** The KP's own bodies and people: participants' staff, the Chair, working groups and committees. */
const KP_BODY_ROLES = ['kp_chair', 'wgm', 'wgs', 'wgde', 'wgaap', 'cpc'] as const;

/**
 * Who sees a decision in full (circulating procedures, positions, comments): participants' staff,
 * the Chair, working groups and committees, and observers when the decision is shared with them
 * (not marked KP ONLY). The public (and system administrators, who run the platform and are no
 * KP body) see adopted decisions and the counts only.
 */
export function seesInFull(actor: Actor | null, row: Pick<DecisionRow, 'sharedWithObservers'>): boolean {
  return actor !== null && (actor.participantCode !== null || hasRole(actor, ...KP_BODY_ROLES) || observerMayRead(actor, row));
}

export async function findDecision(db: Db | Tx, id: string, { forUpdate = false } = {}): Promise<DecisionRow | undefined> {
  const query = db.select().from(decisions).where(eq(decisions.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** `AD 2026/03` or `WP 2026/07`: the next number of that kind in that year. */
export async function nextReference(tx: Tx, kind: DecisionKind, year: number): Promise<string> {
  const prefix = `${kind === 'plenary' ? 'AD' : 'WP'} ${year}/`;
  const [{ taken }] = await tx.select({ taken: count() }).from(decisions).where(like(decisions.reference, `${prefix}%`));
  return `${prefix}${String(Number(taken) + 1).padStart(2, '0')}`;
}

/** The decisions on which a participant has taken a position. */
export async function decisionsPositionedBy(db: Db | Tx, participantCode: string): Promise<Set<string>> {
  const rows = await db.selectDistinct({ decisionId: decisionPositions.decisionId }).from(decisionPositions).where(eq(decisionPositions.participantCode, participantCode));
  return new Set(rows.map((row) => row.decisionId));
}

export async function positionsOf(db: Db | Tx, decisionId: string): Promise<PositionRow[]> {
  return db.select().from(decisionPositions).where(eq(decisionPositions.decisionId, decisionId)).orderBy(asc(decisionPositions.at), asc(decisionPositions.id));
}

/**
 * The participants that may take part in decisions on a day: counted among KP Participants (not
 * the Chinese Taipei trading entity) and in good standing, or zone-restricted, on that day.
 */
export async function participantsTakingPartOn(db: Db | Tx, day: string): Promise<string[]> {
  const counted = await db.select({ code: participants.code }).from(participants).where(eq(participants.countedAmongParticipants, true));
  const byParticipant = await statusHistories(db);
  return counted
    .map((row) => row.code)
    .filter((code) => mayTakePart(statusOn(byParticipant.get(code) ?? [], day)?.status ?? null))
    .sort();
}

/** The count of a circulating procedure so far, or of a decided one at its deadline. */
export function currentTally(row: DecisionRow, positions: readonly PositionRow[], concernedMayBlock: boolean): Tally | null {
  if (row.kind !== 'written_procedure') return null;
  const stored = (row.outcome as Outcome | null)?.tally;
  if (stored) return stored;
  return tally({
    eligible: row.eligible,
    positions: positions.map((entry) => ({ participantCode: entry.participantCode, position: entry.position as Position })),
    requiredSupport: row.requiredSupport ?? 1,
    concerned: (row.effects as StoredEffect[]).map((effect) => effect.participantCode),
    concernedMayBlock,
  });
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function summaryOf(row: DecisionRow, awaitsYourPosition = false): DecisionSummary {
  return {
    awaitsYourPosition,
    id: row.id,
    reference: row.reference,
    kind: row.kind as DecisionKind,
    title: row.title,
    status: row.status as DecisionStatus,
    adoptedOn: row.adoptedOn,
    effectiveOn: row.effectiveOn,
    deadline: iso(row.deadline),
    effects: (row.effects as StoredEffect[]).map(effectView),
  };
}

/** The decision as `actor` may see it: KP members in full, the public the adopted text and counts. */
export async function decisionDetail(db: Db | Tx, row: DecisionRow, actor: Actor | null, { now, concernedMayBlock }: { now: Date; concernedMayBlock: boolean }): Promise<Decision> {
  const member = seesInFull(actor, row);
  const positions = await positionsOf(db, row.id);
  const comments = member
    ? await db.select().from(decisionComments).where(eq(decisionComments.decisionId, row.id)).orderBy(asc(decisionComments.at), asc(decisionComments.id))
    : [];
  const names = member ? await userNames(db, positions.map((entry) => entry.userId)) : new Map<string, string>();
  const counted = currentTally(row, positions, concernedMayBlock);
  const circulating = row.status === 'circulating' && row.deadline !== null && now < row.deadline;
  return {
    ...summaryOf(row, circulating && takesPart(actor, row) && !positions.some((entry) => entry.participantCode === actor?.participantCode)),
    body: row.body,
    meeting: row.meeting,
    communique: row.communique,
    circulatedAt: iso(row.circulatedAt),
    decidedAt: iso(row.decidedAt),
    requiredSupport: row.requiredSupport,
    eligible: row.eligible,
    tally: counted && (member || row.status !== 'circulating')
      ? {
          support: counted.support.length,
          objections: counted.objections.length + counted.objectionsNotBlocking.length,
          silent: counted.silent.length,
          detail: member ? counted : null,
        }
      : null,
    positions: member
      ? positions.map((entry) => ({
          participantCode: entry.participantCode,
          position: entry.position as Position,
          comment: entry.comment,
          at: entry.at.toISOString(),
          byName: names.get(entry.userId) ?? '',
        }))
      : [],
    withdrawalNote: row.status === 'withdrawn' ? ((row.outcome as { note?: string } | null)?.note ?? null) : null,
    comments: comments.map((entry) => ({ id: entry.id, authorName: entry.authorName, onBehalfOf: entry.onBehalfOf, body: entry.body, language: entry.language, at: entry.at.toISOString() })),
    can: {
      takePosition: circulating && takesPart(actor, row),
      comment: circulating && mayComment(actor, row),
      withdraw: circulating && hasRole(actor, 'kp_chair'),
      share: hasRole(actor, 'kp_chair'),
    },
    sharedWithObservers: row.sharedWithObservers,
  };
}

/** A participant administrator of a participant eligible on the procedure. */
export function takesPart(actor: Actor | null, row: DecisionRow): boolean {
  return actor !== null && actor.participantCode !== null && hasRole(actor, 'participant_admin') && row.eligible.includes(actor.participantCode);
}

/** Who may comment on a circulating procedure: participants' administrators, the Chair, working groups and committees, and observers when it is shared with them. */
export function mayComment(actor: Actor | null, row: Pick<DecisionRow, 'sharedWithObservers'>): boolean {
  return actor !== null && (hasRole(actor, ...KP_BODY_ROLES) || observerMayRead(actor, row) || (actor.participantCode !== null && hasRole(actor, 'participant_admin')));
}

async function userNames(db: Db | Tx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row.name]));
}

export async function listDecisionRows(db: Db | Tx, { status }: { status?: DecisionStatus }): Promise<DecisionRow[]> {
  const query = db.select().from(decisions);
  const rows = status ? await query.where(eq(decisions.status, status)) : await query;
  return rows.sort((a, b) => (b.createdAt.getTime() - a.createdAt.getTime()) || b.reference.localeCompare(a.reference));
}
