import { and, eq, gte, lte, ne } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { Tx } from '../db/database.ts';
import { bodyMemberships, chairmanships } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { todayUtc } from '../domain/licence.ts';
import { GOOD_STANDING } from '../domain/participant-status.ts';
import { hasRole, type Actor } from '../domain/roles.ts';
import { participantStatusOn } from '../participants/participant-repository.ts';
import { CHAIR_OFFICE } from './body-rules.ts';
import { adoptedDecision } from './body-repository.ts';
import { listChairmanships } from './find-chairmanships.ts';
import type { Chairmanship, ChairmanshipDraft } from './schemas.ts';

/** The first year of the KPCS. */
const FIRST_YEAR = 2003;

type ChairmanshipRow = typeof chairmanships.$inferSelect;

/**
 * The Chair records a year's Chair and the Vice-Chair the Plenary chose (KPCS-DOMAIN §6). The
 * Vice-Chair of year Y is the Chair of Y+1: recording one creates Y+1 with them as Chair, and a
 * year whose Chair is not given takes the previous year's Vice-Chair. What contradicts that
 * rotation is refused, except that changing a Vice-Chair moves the next year's Chair with it when
 * that Chair was the old Vice-Chair. Chairs and Vice-Chairs are participants in good standing.
 *
 * @example
 * await recordChairmanship({ actor: chair, year: 2027, draft: { viceChairParticipantCode: 'ZA', decisionId } }, deps); // ZA chairs 2028
 */
export async function recordChairmanship({ actor, year, draft }: { actor: Actor; year: number; draft: ChairmanshipDraft }, deps: Deps): Promise<Chairmanship[]> {
  if (!hasRole(actor, 'kp_chair')) throw new AppError('FORBIDDEN');
  const now = deps.now();
  const today = todayUtc(now);
  const latest = now.getUTCFullYear() + 1;
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > latest) throw new AppError('CHAIRMANSHIP_YEAR_INVALID', { year, first: FIRST_YEAR, last: latest });
  await transact(deps, async (tx) => {
    const current = await yearRow(tx, year);
    const previous = await yearRow(tx, year - 1);
    const next = await yearRow(tx, year + 1);
    const chair = draft.chairParticipantCode ?? current?.chairParticipantCode ?? previous?.viceChairParticipantCode ?? null;
    if (chair === null) throw new AppError('CHAIRMANSHIP_CHAIR_REQUIRED', { year });
    if (previous?.viceChairParticipantCode && previous.viceChairParticipantCode !== chair) {
      throw new AppError('CHAIRMANSHIP_CHAIR_NOT_VICE_CHAIR', { year, chair, viceChair: previous.viceChairParticipantCode }, { previousYear: year - 1 });
    }
    const viceChair = draft.viceChairParticipantCode === undefined ? (current?.viceChairParticipantCode ?? null) : draft.viceChairParticipantCode;
    if (viceChair === chair) throw new AppError('CHAIRMANSHIP_VICE_CHAIR_IS_CHAIR', { year, participant: chair });
    if (chair !== current?.chairParticipantCode) await assertInGoodStanding(tx, chair, today);
    if (viceChair !== null && viceChair !== current?.viceChairParticipantCode) await assertInGoodStanding(tx, viceChair, today);
    const decision = draft.decisionId ? await adoptedDecision(tx, draft.decisionId) : null;
    if (current && current.chairParticipantCode !== chair) await assertOfficeFree(tx, year, chair);

    let nextYear: 'created' | 'moved' | null = null;
    if (viceChair !== null && next?.chairParticipantCode !== viceChair) {
      if (!next) {
        await tx.insert(chairmanships).values({
          year: year + 1,
          chairParticipantCode: viceChair,
          viceChairParticipantCode: null,
          decisionId: decision?.id ?? null,
          note: `Vice-Chair of ${year}.`,
          recordedBy: actor.userId,
          recordedAt: now,
        });
        nextYear = 'created';
      } else if (current?.viceChairParticipantCode && next.chairParticipantCode === current.viceChairParticipantCode) {
        if (next.viceChairParticipantCode === viceChair) throw new AppError('CHAIRMANSHIP_VICE_CHAIR_IS_CHAIR', { year: year + 1, participant: viceChair });
        await assertOfficeFree(tx, year + 1, viceChair);
        await tx.update(chairmanships).set({ chairParticipantCode: viceChair, recordedBy: actor.userId, recordedAt: now }).where(eq(chairmanships.year, year + 1));
        nextYear = 'moved';
      } else {
        throw new AppError('CHAIRMANSHIP_NEXT_CHAIR_DIFFERS', { year: year + 1, chair: next.chairParticipantCode, viceChair }, { nextYear: year + 1 });
      }
    }
    const values = {
      chairParticipantCode: chair,
      viceChairParticipantCode: viceChair,
      decisionId: decision?.id ?? current?.decisionId ?? null,
      note: draft.note ?? current?.note ?? null,
      recordedBy: actor.userId,
      recordedAt: now,
    };
    if (current) await tx.update(chairmanships).set(values).where(eq(chairmanships.year, year));
    else await tx.insert(chairmanships).values({ year, ...values });
    await recordAudit(tx, {
      actor,
      action: 'chairmanship.recorded',
      entityType: 'chairmanship',
      entityId: String(year),
      participantCode: chair,
      data: {
        year,
        chairParticipantCode: chair,
        viceChairParticipantCode: viceChair,
        before: current ? { chairParticipantCode: current.chairParticipantCode, viceChairParticipantCode: current.viceChairParticipantCode } : null,
        decisionId: values.decisionId,
        decisionReference: decision?.reference ?? null,
        note: values.note,
        nextYear: nextYear && { year: year + 1, chairParticipantCode: viceChair, change: nextYear },
      },
    });
  });
  return listChairmanships(deps.db);
}

async function yearRow(tx: Tx, year: number): Promise<ChairmanshipRow | undefined> {
  const [row] = await tx.select().from(chairmanships).where(eq(chairmanships.year, year)).for('update');
  return row;
}

async function assertInGoodStanding(tx: Tx, code: string, today: string): Promise<void> {
  const status = await participantStatusOn(tx, code, today);
  if (status === undefined) throw new AppError('UNKNOWN_PARTICIPANT', { code });
  if (status === null || !GOOD_STANDING.includes(status)) throw new AppError('CHAIRMANSHIP_NOT_IN_GOOD_STANDING', { participant: code }, { status });
}

/** A year's Chair cannot change while people of another participant sit in the Chair's office that year. */
async function assertOfficeFree(tx: Tx, year: number, chair: string): Promise<void> {
  const [seat] = await tx
    .select({ id: bodyMemberships.id, participantCode: bodyMemberships.participantCode })
    .from(bodyMemberships)
    .where(
      and(
        eq(bodyMemberships.bodyCode, CHAIR_OFFICE),
        gte(bodyMemberships.startsOn, `${year}-01-01`),
        lte(bodyMemberships.startsOn, `${year}-12-31`),
        ne(bodyMemberships.participantCode, chair),
      ),
    )
    .limit(1);
  if (seat) throw new AppError('CHAIRMANSHIP_OFFICE_HELD', { year, participant: seat.participantCode ?? '' }, { membershipId: seat.id });
}
