import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../src/db/database.ts';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain.ts';

type Row = Record<string, unknown>;

async function rows(db: Db, query: SQL): Promise<Row[]> {
  return ((await db.execute(query)) as unknown as { rows: Row[] }).rows;
}

/** The same rows in a stable order and with numbers as strings (bigint comes back as text or number by driver). */
function normalised(list: Row[]): string[] {
  return list.map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).map(([key, value]) => [key, String(value)])))).sort();
}

/**
 * Everything that must hold of stored certificates whatever happened to the process writing them:
 * numbers unique and gapless per (participant, year) up to the counter, no half-written certificate
 * (parcels, `certificate.issued` audit entry, receipt and void each with theirs), statistics totals
 * equal to the sums they stand for, and an unbroken audit chain. Returns the problems found (none: `[]`).
 */
export async function certificateInvariantProblems(db: Db): Promise<string[]> {
  const problems: string[] = [];
  const report = (what: string, found: Row[]) => {
    if (found.length > 0) problems.push(`${what}: ${JSON.stringify(found.slice(0, 5))}${found.length > 5 ? ` … (${found.length})` : ''}`);
  };

  report(
    'serials not gapless 1..counter per participant and year',
    await rows(
      db,
      sql`SELECT k.participant_code, k.year, k.last_serial, count(c.id) AS certificates, count(DISTINCT c.serial) AS serials, min(c.serial) AS first, max(c.serial) AS last
          FROM certificate_counters k LEFT JOIN certificates c ON c.participant_code = k.participant_code AND c.year = k.year
          GROUP BY 1, 2, 3
          HAVING count(c.id) <> k.last_serial OR count(DISTINCT c.serial) <> k.last_serial OR coalesce(min(c.serial), 1) <> 1 OR coalesce(max(c.serial), 0) <> k.last_serial`,
    ),
  );
  report(
    'certificates without a counter row',
    await rows(db, sql`SELECT c.number FROM certificates c LEFT JOIN certificate_counters k ON k.participant_code = c.participant_code AND k.year = c.year WHERE k.year IS NULL`),
  );
  report(
    'numbers not made of participant, year and serial',
    await rows(db, sql`SELECT number FROM certificates WHERE number <> participant_code || '-' || year || '-' || lpad(serial::text, 6, '0')`),
  );
  report(
    'certificates whose parcels do not add up to their totals',
    await rows(
      db,
      sql`SELECT c.number, c.parcel_count, count(p.position) AS parcels, c.total_carats, sum(p.carats) AS carats
          FROM certificates c LEFT JOIN certificate_parcels p ON p.certificate_id = c.id
          GROUP BY c.id HAVING count(p.position) <> c.parcel_count OR coalesce(sum(p.carats), -1) <> c.total_carats OR coalesce(sum(p.value_cents), -1) <> c.total_value_cents`,
    ),
  );
  report(
    'certificates without exactly one certificate.issued audit entry',
    await rows(
      db,
      sql`SELECT c.number, count(a.seq) AS entries FROM certificates c
          LEFT JOIN audit_log a ON a.entity_type = 'certificate' AND a.entity_id = c.number AND a.action = 'certificate.issued'
          GROUP BY c.number HAVING count(a.seq) <> 1`,
    ),
  );
  report(
    'certificate.issued audit entries without their certificate',
    await rows(
      db,
      sql`SELECT a.entity_id FROM audit_log a WHERE a.action = 'certificate.issued' AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.number = a.entity_id)`,
    ),
  );
  report(
    'received certificates without one receipt and one certificate.received entry, or receipts on certificates not received',
    await rows(
      db,
      sql`SELECT c.number, c.status, (SELECT count(*) FROM certificate_receipts r WHERE r.certificate_id = c.id) AS receipts,
            (SELECT count(*) FROM audit_log a WHERE a.entity_type = 'certificate' AND a.entity_id = c.number AND a.action = 'certificate.received') AS entries
          FROM certificates c
          WHERE (c.status = 'received') <> EXISTS (SELECT 1 FROM certificate_receipts r WHERE r.certificate_id = c.id)
             OR (c.status = 'received' AND (SELECT count(*) FROM audit_log a WHERE a.entity_type = 'certificate' AND a.entity_id = c.number AND a.action = 'certificate.received') <> 1)`,
    ),
  );
  report(
    'voided certificates without a reason and one certificate.voided entry',
    await rows(
      db,
      sql`SELECT c.number FROM certificates c WHERE c.status = 'voided'
            AND (c.void_reason IS NULL OR c.voided_at IS NULL
              OR (SELECT count(*) FROM audit_log a WHERE a.entity_type = 'certificate' AND a.entity_id = c.number AND a.action = 'certificate.voided') <> 1)`,
    ),
  );

  // The totals the triggers keep, against the sums recomputed as migration 0007 first filled them.
  const compare = async (what: string, kept: SQL, recomputed: SQL) => {
    const [a, b] = [normalised(await rows(db, kept)), normalised(await rows(db, recomputed))];
    const missing = b.filter((row) => !a.includes(row));
    const extra = a.filter((row) => !b.includes(row));
    if (missing.length + extra.length > 0) problems.push(`${what} differ from the certificates: kept ${JSON.stringify(extra.slice(0, 3))}, expected ${JSON.stringify(missing.slice(0, 3))}`);
  };
  await compare(
    'trade totals',
    sql`SELECT year, quarter, participant_code, territory_code, importing_participant, certificates, carats, value_cents FROM trade_totals`,
    sql`SELECT extract(year FROM c.issue_date)::int AS year, extract(quarter FROM c.issue_date)::int AS quarter, c.participant_code, coalesce(c.territory_code, '') AS territory_code,
          c.importing_participant, count(*) AS certificates, sum(c.total_carats) AS carats, sum(c.total_value_cents) AS value_cents
        FROM certificates c WHERE c.status IN ('issued', 'received') GROUP BY 1, 2, 3, 4, 5`,
  );
  await compare(
    'trade totals by HS code',
    sql`SELECT year, quarter, participant_code, importing_participant, hs_code, certificates, carats, value_cents FROM trade_totals_by_hs_code`,
    sql`SELECT extract(year FROM c.issue_date)::int AS year, extract(quarter FROM c.issue_date)::int AS quarter, c.participant_code, c.importing_participant, p.hs_code,
          count(*) AS certificates, sum(p.carats) AS carats, sum(p.value_cents) AS value_cents
        FROM certificates c
        JOIN (SELECT certificate_id, hs_code, sum(carats) AS carats, sum(value_cents) AS value_cents FROM certificate_parcels GROUP BY 1, 2) p ON p.certificate_id = c.id
        WHERE c.status IN ('issued', 'received') GROUP BY 1, 2, 3, 4, 5`,
  );
  await compare(
    'receipt totals',
    sql`SELECT year, quarter, participant_code, certificates, carats FROM receipt_totals`,
    sql`SELECT extract(year FROM r.received_on)::int AS year, extract(quarter FROM r.received_on)::int AS quarter, r.participant_code, count(*) AS certificates, sum(r.carats) AS carats
        FROM certificate_receipts r
        WHERE NOT EXISTS (SELECT 1 FROM certificates c WHERE c.id = r.certificate_id AND c.status NOT IN ('issued', 'received'))
        GROUP BY 1, 2, 3`,
  );

  const chain = await verifyAuditChain(db);
  if (!chain.ok) problems.push(`audit chain broken: ${JSON.stringify(chain.firstBreak)}`);
  return problems;
}

/** The stored state of certificates by number, for comparing with what a client was told. */
export async function certificatesByNumber(db: Db, numbers: string[]): Promise<Map<string, { status: string; idempotencyKey: string | null; totalCarats: string }>> {
  const found = new Map<string, { status: string; idempotencyKey: string | null; totalCarats: string }>();
  for (let i = 0; i < numbers.length; i += 500) {
    const batch = numbers.slice(i, i + 500);
    const list = await rows(db, sql`SELECT number, status, idempotency_key, total_carats FROM certificates WHERE number IN (${sql.join(batch.map((n) => sql`${n}`), sql`, `)})`);
    for (const row of list) found.set(String(row.number), { status: String(row.status), idempotencyKey: (row.idempotency_key as string | null) ?? null, totalCarats: String(row.total_carats) });
  }
  return found;
}
