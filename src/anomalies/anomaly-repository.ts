import { and, asc, desc, eq, gte, or, sql, type SQL } from 'drizzle-orm';
import { receiptFilter } from '../certificates/certificate-repository.ts';
import type { Db, Tx } from '../db/database.ts';
import { anomalyCaseEvents, anomalyCases, certificates } from '../db/schema.ts';
import { newId } from '../domain/ids.ts';
import { hundredthsOf } from '../statistics/figures.ts';
import { fingerprintOf, type AnomalyCaseStatus, type AnomalyEventKind, type AnomalyRule, type CaseCandidate } from './anomaly-case.ts';
import type { AnomalyCase, AnomalyCaseEvent } from './schemas.ts';

/**
 * Reads for the anomaly rules and the case store. Sums are computed by the database over exact
 * integers (read back as text, then bigint). Like the published statistics, only issued and
 * received certificates count (voided and replaced never do), and trade is dated by issue date.
 */
const COUNTED = sql.raw(`certificates.status in ('issued', 'received')`);

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

export type CaseRow = typeof anomalyCases.$inferSelect;
export type CaseEventRow = typeof anomalyCaseEvents.$inferSelect;

// ---- figures behind the rules ----

export interface MirrorFlow {
  exporter: string;
  importer: string;
  year: number;
  certificates: number;
  carats: bigint;
  valueCents: bigint;
  confirmed: number;
  confirmedCarats: bigint;
  confirmedValueCents: bigint;
}

/**
 * Per (exporter, importer, year of issue): what the certificates say and what the importer
 * confirmed. Only certificates whose receipt is due count: received ones and those past their
 * confirmation deadline, so a shipment still within its window is not a difference yet.
 */
export async function mirrorFlows(db: Db | Tx, { today, confirmationDays, since }: { today: string; confirmationDays: number; since: string }): Promise<MirrorFlow[]> {
  const due = or(eq(certificates.status, 'received'), receiptFilter('unconfirmed', today, confirmationDays))!;
  const rows = rowsOf<{
    exporter: string;
    importer: string;
    year: number;
    certificates: number;
    carats: string;
    value_cents: string;
    confirmed: number;
    confirmed_carats: string;
    confirmed_value_cents: string;
  }>(
    await db.execute(sql`select certificates.participant_code as exporter, certificates.importing_participant as importer,
        extract(year from certificates.issue_date)::int as year, count(*)::int as certificates,
        sum(certificates.total_carats)::text as carats, sum(certificates.total_value_cents)::text as value_cents,
        count(r.certificate_id)::int as confirmed, coalesce(sum(r.carats), 0)::text as confirmed_carats,
        coalesce(sum(certificates.total_value_cents) filter (where r.certificate_id is not null), 0)::text as confirmed_value_cents
      from certificates left join certificate_receipts r on r.certificate_id = certificates.id
      where ${COUNTED} and ${due} and certificates.issue_date >= ${since}::date
      group by 1, 2, 3 order by 1, 2, 3`),
  );
  return rows.map((row) => ({
    exporter: row.exporter,
    importer: row.importer,
    year: Number(row.year),
    certificates: Number(row.certificates),
    carats: hundredthsOf(row.carats),
    valueCents: hundredthsOf(row.value_cents),
    confirmed: Number(row.confirmed),
    confirmedCarats: hundredthsOf(row.confirmed_carats),
    confirmedValueCents: hundredthsOf(row.confirmed_value_cents),
  }));
}

export interface ParticipantYearTrade {
  participant: string;
  year: number;
  certificates: number;
  carats: bigint;
}

/** Carats on counted certificates per participant and year of issue: as exporter, or as destination. */
export async function tradeByParticipantYear(db: Db | Tx, flow: 'exports' | 'imports', { since }: { since: string }): Promise<ParticipantYearTrade[]> {
  const who = sql.raw(flow === 'exports' ? 'certificates.participant_code' : 'certificates.importing_participant');
  const rows = rowsOf<{ participant: string; year: number; certificates: number; carats: string }>(
    await db.execute(sql`select ${who} as participant, extract(year from certificates.issue_date)::int as year, count(*)::int as certificates, sum(certificates.total_carats)::text as carats
      from certificates where ${COUNTED} and certificates.issue_date >= ${since}::date group by 1, 2 order by 1, 2`),
  );
  return rows.map((row) => ({ participant: row.participant, year: Number(row.year), certificates: Number(row.certificates), carats: hundredthsOf(row.carats) }));
}

export interface ParticipantHalfTrade {
  participant: string;
  year: number;
  half: 1 | 2;
  certificates: number;
  carats: bigint;
  valueCents: bigint;
}

/** The half-year of the register's first counted certificate (January–June is H1), or null when there is none. */
export async function firstCountedHalf(db: Db | Tx): Promise<{ year: number; half: 1 | 2 } | null> {
  const [row] = rowsOf<{ first: string | null }>(await db.execute(sql`select min(certificates.issue_date)::text as first from certificates where ${COUNTED}`));
  if (!row?.first) return null;
  return { year: Number(row.first.slice(0, 4)), half: Number(row.first.slice(5, 7)) <= 6 ? 1 : 2 };
}

/** Carats and US$ on counted certificates per participant and half-year of issue (January–June is H1): as exporter, or as destination. */
export async function tradeByParticipantHalf(db: Db | Tx, flow: 'exports' | 'imports', { since }: { since: string }): Promise<ParticipantHalfTrade[]> {
  const who = sql.raw(flow === 'exports' ? 'certificates.participant_code' : 'certificates.importing_participant');
  const rows = rowsOf<{ participant: string; year: number; half: number; certificates: number; carats: string; value_cents: string }>(
    await db.execute(sql`select ${who} as participant, extract(year from certificates.issue_date)::int as year,
        case when extract(month from certificates.issue_date) <= 6 then 1 else 2 end as half,
        count(*)::int as certificates, sum(certificates.total_carats)::text as carats, sum(certificates.total_value_cents)::text as value_cents
      from certificates where ${COUNTED} and certificates.issue_date >= ${since}::date group by 1, 2, 3 order by 1, 2, 3`),
  );
  return rows.map((row) => ({
    participant: row.participant,
    year: Number(row.year),
    half: Number(row.half) === 1 ? 1 : 2,
    certificates: Number(row.certificates),
    carats: hundredthsOf(row.carats),
    valueCents: hundredthsOf(row.value_cents),
  }));
}

/**
 * Each origin a counted certificate declares, with the participant that would have produced it:
 * the participant of that code, or the participant whose territory it is (an EU member state is
 * the EU); null for a country that is neither. `producers` counts the distinct producing
 * participants on the certificate (an origin with none counts as its own): above 1, the
 * certificate's carats cannot be attributed to any one of them.
 */
const ORIGIN_ROWS = (since: string, beforeYear: number) => sql`origin_rows as (
    select certificates.id, certificates.number, certificates.participant_code as exporter,
      extract(year from certificates.issue_date)::int as year, certificates.issue_date::text as issue_date,
      certificates.total_carats as carats, o.origin,
      coalesce((select p.code from participants p where p.code = o.origin), (select min(t.participant_code) from territories t where t.code = o.origin)) as producer
    from certificates
      cross join lateral (select distinct jsonb_array_elements_text(certificates.document->'credentialSubject'->'origin'->'countries') as origin) o
    where ${COUNTED} and certificates.issue_date >= ${since}::date and certificates.issue_date < make_date(${beforeYear}::int, 1, 1)
  ), certificate_producers as (
    select id, count(distinct coalesce(producer, '?' || origin))::int as producers, string_agg(origin, '+' order by origin) as origins
    from origin_rows group by id
  )`;

export interface CertificateOrigin {
  number: string;
  exporter: string;
  year: number;
  issueDate: string;
  /** One origin the certificate declares. */
  origin: string;
  /** The participant that would have produced it, or null when the origin is no participant's country. */
  producer: string | null;
  /** All the certificate's origins, sorted and joined by '+'. */
  origins: string;
  carats: bigint;
}

/** Every (counted certificate issued before `beforeYear`, declared origin), with the origin's producing participant. */
export async function certificateOrigins(db: Db | Tx, { since, beforeYear }: { since: string; beforeYear: number }): Promise<CertificateOrigin[]> {
  const rows = rowsOf<{ number: string; exporter: string; year: number; issue_date: string; origin: string; producer: string | null; origins: string; carats: string }>(
    await db.execute(sql`with ${ORIGIN_ROWS(since, beforeYear)}
      select origin_rows.number, origin_rows.exporter, origin_rows.year, origin_rows.issue_date, origin_rows.origin, origin_rows.producer,
        certificate_producers.origins, origin_rows.carats::text as carats
      from origin_rows join certificate_producers on certificate_producers.id = origin_rows.id
      order by origin_rows.exporter, origin_rows.year, origin_rows.origin, origin_rows.issue_date, origin_rows.number`),
  );
  return rows.map((row) => ({
    number: row.number,
    exporter: row.exporter,
    year: Number(row.year),
    issueDate: row.issue_date,
    origin: row.origin,
    producer: row.producer,
    origins: row.origins,
    carats: hundredthsOf(row.carats),
  }));
}

export interface ExportsOfProducer {
  exporter: string;
  year: number;
  /** The participant whose production the origins are (never the exporter itself). */
  producer: string;
  /** Certificates whose every origin is this producer's: their carats count against its production. */
  certificates: number;
  carats: bigint;
  /** The origin codes on those certificates (e.g. several EU member states), sorted and joined by '+'. */
  origins: string;
  /** Certificates that name this producer among others': their share of it is unknown, so they do not count. */
  mixedCertificates: number;
  mixedCarats: bigint;
}

/** Per exporter, year of issue (before `beforeYear`) and producing participant other than the exporter: carats on counted certificates of that origin. */
export async function exportsByProducer(db: Db | Tx, { since, beforeYear }: { since: string; beforeYear: number }): Promise<ExportsOfProducer[]> {
  const rows = rowsOf<{ exporter: string; year: number; producer: string; certificates: number; carats: string; origins: string | null; mixed_certificates: number; mixed_carats: string }>(
    await db.execute(sql`with ${ORIGIN_ROWS(since, beforeYear)}, attributed as (
        select origin_rows.*, certificate_producers.producers from origin_rows join certificate_producers on certificate_producers.id = origin_rows.id
        where origin_rows.producer is not null and origin_rows.producer <> origin_rows.exporter
      ), per_certificate as (
        select distinct id, exporter, year, producer, carats, producers from attributed
      ), origin_lists as (
        select exporter, year, producer, string_agg(distinct origin, '+' order by origin) as origins from attributed where producers = 1 group by 1, 2, 3
      )
      select per_certificate.exporter, per_certificate.year, per_certificate.producer,
        count(*) filter (where producers = 1)::int as certificates,
        coalesce(sum(carats) filter (where producers = 1), 0)::text as carats,
        origin_lists.origins,
        count(*) filter (where producers > 1)::int as mixed_certificates,
        coalesce(sum(carats) filter (where producers > 1), 0)::text as mixed_carats
      from per_certificate left join origin_lists using (exporter, year, producer)
      group by per_certificate.exporter, per_certificate.year, per_certificate.producer, origin_lists.origins
      order by 1, 2, 3`),
  );
  return rows.map((row) => ({
    exporter: row.exporter,
    year: Number(row.year),
    producer: row.producer,
    certificates: Number(row.certificates),
    carats: hundredthsOf(row.carats),
    origins: row.origins ?? '',
    mixedCertificates: Number(row.mixed_certificates),
    mixedCarats: hundredthsOf(row.mixed_carats),
  }));
}

export interface ValuedParcels {
  number: string;
  exporter: string;
  year: number;
  /** The certificate's origin countries, sorted and joined by '+': a mixed origin is a group of its own. */
  origin: string;
  hsCode: string;
  carats: bigint;
  valueCents: bigint;
}

/** Per counted certificate and HS code: the parcels' carats and value, with the certificate's origin. */
export async function valuedParcels(db: Db | Tx, { since }: { since: string }): Promise<ValuedParcels[]> {
  const rows = rowsOf<{ number: string; exporter: string; year: number; origin: string; hs_code: string; carats: string; value_cents: string }>(
    await db.execute(sql`select certificates.number, certificates.participant_code as exporter, extract(year from certificates.issue_date)::int as year,
        (select string_agg(o, '+' order by o) from jsonb_array_elements_text(certificates.document->'credentialSubject'->'origin'->'countries') o) as origin,
        p.hs_code, sum(p.carats)::text as carats, sum(p.value_cents)::text as value_cents
      from certificates join certificate_parcels p on p.certificate_id = certificates.id
      where ${COUNTED} and certificates.issue_date >= ${since}::date
      group by certificates.id, p.hs_code order by certificates.number, p.hs_code`),
  );
  return rows.map((row) => ({
    number: row.number,
    exporter: row.exporter,
    year: Number(row.year),
    origin: row.origin,
    hsCode: row.hs_code,
    carats: hundredthsOf(row.carats),
    valueCents: hundredthsOf(row.value_cents),
  }));
}

export interface OverdueCertificate {
  number: string;
  exporter: string;
  importer: string;
  issueDate: string;
  expiryDate: string;
}

/** Issued certificates whose confirmation of receipt is overdue on `today` (the list's own filter). */
export async function overdueCertificates(db: Db | Tx, { today, confirmationDays, since }: { today: string; confirmationDays: number; since: string }): Promise<OverdueCertificate[]> {
  return db
    .select({
      number: certificates.number,
      exporter: certificates.participantCode,
      importer: certificates.importingParticipant,
      issueDate: certificates.issueDate,
      expiryDate: certificates.expiryDate,
    })
    .from(certificates)
    .where(and(receiptFilter('unconfirmed', today, confirmationDays), gte(certificates.issueDate, since)))
    .orderBy(asc(certificates.importingParticipant), asc(certificates.issueDate), asc(certificates.number));
}

// ---- the case store ----

/** Stores a candidate unless a case with its fingerprint exists; returns the new row, or null. */
export async function insertCaseIfNew(tx: Tx, candidate: CaseCandidate, at: Date): Promise<CaseRow | null> {
  const [row] = await tx
    .insert(anomalyCases)
    .values({
      id: newId(),
      rule: candidate.rule,
      participantCode: candidate.participantCode,
      partnerCode: candidate.partnerCode,
      period: candidate.period,
      fingerprint: fingerprintOf(candidate),
      evidence: candidate.evidence,
      status: 'open',
      createdAt: at,
    })
    .onConflictDoNothing({ target: anomalyCases.fingerprint })
    .returning();
  return row ?? null;
}

export async function findCase(db: Db | Tx, id: string, { forUpdate = false }: { forUpdate?: boolean } = {}): Promise<CaseRow | undefined> {
  const query = db.select().from(anomalyCases).where(eq(anomalyCases.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function listCases(db: Db | Tx, filter: { status?: AnomalyCaseStatus; rule?: AnomalyRule; participant?: string }): Promise<CaseRow[]> {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(anomalyCases.status, filter.status));
  if (filter.rule) conditions.push(eq(anomalyCases.rule, filter.rule));
  if (filter.participant) conditions.push(eq(anomalyCases.participantCode, filter.participant));
  return db
    .select()
    .from(anomalyCases)
    .where(and(...conditions))
    .orderBy(desc(anomalyCases.createdAt), asc(anomalyCases.fingerprint))
    .limit(1000);
}

export async function addEvent(
  tx: Tx,
  event: { caseId: string; at: Date; actor: string; kind: AnomalyEventKind; body?: string | null; language?: string | null },
): Promise<CaseEventRow> {
  const [row] = await tx
    .insert(anomalyCaseEvents)
    .values({ id: newId(), caseId: event.caseId, at: event.at, actor: event.actor, kind: event.kind, body: event.body ?? null, language: event.language ?? null })
    .returning();
  return row;
}

export async function setCaseStatus(tx: Tx, id: string, status: AnomalyCaseStatus): Promise<CaseRow> {
  const [row] = await tx.update(anomalyCases).set({ status }).where(eq(anomalyCases.id, id)).returning();
  return row;
}

export async function eventsOf(db: Db | Tx, caseId: string): Promise<CaseEventRow[]> {
  return db.select().from(anomalyCaseEvents).where(eq(anomalyCaseEvents.caseId, caseId)).orderBy(asc(anomalyCaseEvents.at), asc(anomalyCaseEvents.id));
}

export function toAnomalyCase(row: CaseRow): AnomalyCase {
  return {
    id: row.id,
    rule: row.rule as AnomalyRule,
    participantCode: row.participantCode,
    partnerCode: row.partnerCode,
    period: row.period,
    status: row.status as AnomalyCaseStatus,
    evidence: row.evidence as Record<string, unknown>,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toAnomalyCaseEvent(row: CaseEventRow): AnomalyCaseEvent {
  return { id: row.id, at: row.at.toISOString(), actor: row.actor, kind: row.kind as AnomalyEventKind, body: row.body, language: row.language };
}
