import { and, arrayOverlaps, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/database.ts';
import { notificationEmails, notifications, users } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { newId } from '../domain/ids.ts';
import { todayUtc } from '../domain/licence.ts';
import { membersGrantedRoles } from '../bodies/body-membership.ts';
import type { KpRole, ParticipantRole } from '../domain/roles.ts';
import type { NotificationKind, NotificationParams } from './notification-kinds.ts';

/**
 * Who is told: named users; the holders of some roles for some participants (their
 * administrators, their statistics officers); or the holders of KP-wide roles (Chair, WGM,
 * observers). Only people with an active account: national systems and disabled accounts never.
 */
export type Audience = { userIds: string[] } | { participants: string[]; roles: ParticipantRole[] } | { roles: KpRole[] };

export interface Notice {
  to: Audience | Audience[];
  kind: NotificationKind;
  params: NotificationParams;
  link: string | null;
  /** One notification per user per key, whoever asks again (reminders). */
  dedupeKey?: string;
  /** The one who caused it, who need not be told. */
  except?: string;
}

/**
 * A KP role's audience: the accounts bound to no participant that hold it, and the people whose
 * seat in a body grants it on `day` (a participant's expert sitting in the WGM is told what the
 * WGM is told).
 */
function conditionOf(tx: Tx, audience: Audience, day: string): SQL | undefined {
  if ('userIds' in audience) return audience.userIds.length ? inArray(users.id, audience.userIds) : undefined;
  if ('participants' in audience) {
    return audience.participants.length && audience.roles.length ? and(inArray(users.participantCode, audience.participants), arrayOverlaps(users.roles, audience.roles)) : undefined;
  }
  if (audience.roles.length === 0) return undefined;
  return or(and(isNull(users.participantCode), arrayOverlaps(users.roles, audience.roles)), inArray(users.id, membersGrantedRoles(tx, { roles: audience.roles, day })));
}

/** The ids of the active people in an audience on `day` (`YYYY-MM-DD`). */
export async function recipientsOf(tx: Tx, to: Audience | Audience[], day: string): Promise<string[]> {
  const conditions = (Array.isArray(to) ? to : [to]).map((audience) => conditionOf(tx, audience, day)).filter((condition): condition is SQL => condition !== undefined);
  if (conditions.length === 0) return [];
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(or(...conditions), eq(users.kind, 'person'), isNull(users.disabledAt)));
  return [...new Set(rows.map((row) => row.id))].sort();
}

/**
 * Tells an audience about something, inside the transaction that made it happen: the
 * notification exists if and only if the change committed. When SMTP is configured, an e-mail
 * copy of each is queued in the same transaction, for the mail dispatcher to send in the
 * recipient's language. Returns how many people were told (a reminder already given is not
 * counted again).
 *
 * @example
 * await notify(tx, { to: { participants: ['BW'], roles: ['participant_admin'] }, kind: 'annual_report.question',
 *   params: { participantCode: 'BW', year: '2025' }, link: '/annual-reports/BW/2025' }, deps);
 */
export async function notify(tx: Tx, notice: Notice, deps: Pick<Deps, 'config' | 'now'>): Promise<number> {
  const now = deps.now();
  const recipients = (await recipientsOf(tx, notice.to, todayUtc(now))).filter((id) => id !== notice.except);
  if (recipients.length === 0) return 0;
  const inserted = await tx
    .insert(notifications)
    .values(
      recipients.map((userId) => ({
        id: newId(),
        userId,
        kind: notice.kind,
        params: notice.params,
        link: notice.link,
        dedupeKey: notice.dedupeKey ?? null,
        createdAt: now,
      })),
    )
    .onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] })
    .returning({ id: notifications.id, userId: notifications.userId });
  if (inserted.length > 0 && deps.config.smtpUrl) {
    const addresses = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(inArray(users.id, inserted.map((row) => row.userId)));
    const addressOf = new Map(addresses.map((row) => [row.id, row.email]));
    await tx.insert(notificationEmails).values(
      inserted.map((row) => ({ id: newId(), notificationId: row.id, toAddress: addressOf.get(row.userId)!, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now })),
    );
  }
  return inserted.length;
}
