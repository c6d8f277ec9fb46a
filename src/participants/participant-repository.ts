import { asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { observers, participantStatusEvents, participants, territories } from '../db/schema.ts';
import { formatRegisterDate, sortEvents, statusOn, type DatePrecision, type ParticipantStatus } from '../domain/participant-status.ts';
import type { Language } from '../i18n/languages.ts';
import { participantName } from './country-names.ts';
import type { ObserverDto, ParticipantDetail, ParticipantSummary, StatusEventDto } from './schemas.ts';

type ParticipantRow = typeof participants.$inferSelect;
type EventRow = typeof participantStatusEvents.$inferSelect;

function toEventDto(row: EventRow): StatusEventDto {
  const precision = row.precision as DatePrecision;
  return {
    id: row.id,
    status: row.status as ParticipantStatus,
    effectiveOn: row.effectiveOn,
    date: formatRegisterDate(row.effectiveOn, precision),
    precision,
    inferred: row.inferred,
    note: row.note,
  };
}

function toSummary(row: ParticipantRow, events: StatusEventDto[], today: string, language: Language): ParticipantSummary {
  const current = statusOn(events, today);
  return {
    code: row.code,
    name: participantName(row.code, language),
    registerName: row.registerName,
    kind: row.kind as ParticipantSummary['kind'],
    status: current?.status ?? null,
    since: current?.date ?? null,
    sinceInferred: current?.inferred ?? false,
    countedAmongParticipants: row.countedAmongParticipants,
  };
}

async function eventsByParticipant(db: Db, code?: string): Promise<Map<string, StatusEventDto[]>> {
  const query = db.select().from(participantStatusEvents);
  const rows = await (code ? query.where(eq(participantStatusEvents.participantCode, code)) : query).orderBy(
    asc(participantStatusEvents.effectiveOn),
    asc(participantStatusEvents.recordedAt),
  );
  const grouped = new Map<string, StatusEventDto[]>();
  for (const row of rows) {
    const list = grouped.get(row.participantCode) ?? [];
    list.push(toEventDto(row));
    grouped.set(row.participantCode, list);
  }
  for (const [key, list] of grouped) grouped.set(key, sortEvents(list));
  return grouped;
}

/** The register, sorted by name in the reader's language. */
export async function listParticipants(db: Db, { today, language }: { today: string; language: Language }): Promise<ParticipantSummary[]> {
  const [rows, events] = await Promise.all([db.select().from(participants), eventsByParticipant(db)]);
  const collator = new Intl.Collator(language);
  return rows
    .map((row) => toSummary(row, events.get(row.code) ?? [], today, language))
    .sort((a, b) => collator.compare(a.name, b.name));
}

export async function findParticipant(
  db: Db,
  { code, today, language }: { code: string; today: string; language: Language },
): Promise<ParticipantDetail | null> {
  const [row] = await db.select().from(participants).where(eq(participants.code, code));
  if (!row) return null;
  const [events, territoryRows] = await Promise.all([
    eventsByParticipant(db, code),
    db.select().from(territories).where(eq(territories.participantCode, code)),
  ]);
  const history = events.get(code) ?? [];
  const collator = new Intl.Collator(language);
  return {
    ...toSummary(row, history, today, language),
    joined: row.joined,
    note: row.note,
    sources: row.sources,
    history,
    territories: territoryRows
      .map((territory) => ({ code: territory.code, name: participantName(territory.code, language) }))
      .sort((a, b) => collator.compare(a.name, b.name)),
  };
}

export async function participantExists(db: Db | Tx, code: string): Promise<boolean> {
  const [row] = await db.select({ code: participants.code }).from(participants).where(eq(participants.code, code));
  return row !== undefined;
}

export async function listObservers(db: Db): Promise<ObserverDto[]> {
  const rows = await db.select().from(observers).orderBy(asc(observers.name));
  return rows.map((row) => ({ code: row.code, name: row.name, kind: row.kind, note: row.note, sources: row.sources }));
}

export async function observerExists(db: Db, code: string): Promise<boolean> {
  const [row] = await db.select({ code: observers.code }).from(observers).where(eq(observers.code, code));
  return row !== undefined;
}

/** The status of a participant on a day, `undefined` when the code is not in the register. */
export async function participantStatusOn(db: Db | Tx, code: string, day: string): Promise<ParticipantStatus | null | undefined> {
  const [row] = await db.select({ code: participants.code }).from(participants).where(eq(participants.code, code));
  if (!row) return undefined;
  const events = await db.select().from(participantStatusEvents).where(eq(participantStatusEvents.participantCode, code));
  return statusOn(
    events.map((event) => ({ ...event, status: event.status as ParticipantStatus, precision: event.precision as DatePrecision })),
    day,
  )?.status ?? null;
}

/** Every participant's status history, oldest first, by participant code (one query). */
export async function statusHistories(db: Db | Tx): Promise<Map<string, { status: ParticipantStatus; effectiveOn: string; precision: DatePrecision }[]>> {
  const events = await db.select().from(participantStatusEvents).orderBy(asc(participantStatusEvents.effectiveOn), asc(participantStatusEvents.recordedAt));
  const histories = new Map<string, { status: ParticipantStatus; effectiveOn: string; precision: DatePrecision }[]>();
  for (const event of events) {
    const list = histories.get(event.participantCode) ?? [];
    list.push({ status: event.status as ParticipantStatus, effectiveOn: event.effectiveOn, precision: event.precision as DatePrecision });
    histories.set(event.participantCode, list);
  }
  return histories;
}
