import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';

/** Every table the migrations create: the application's whole state (drizzle's own bookkeeping lives in schema `drizzle`). */
export const STATE_SCHEMA = 'public';

export interface TableFingerprint {
  name: string;
  rows: number;
  /** sha256 over the sha256 of each row's canonical JSON, rows in primary-key order. */
  sha256: string;
}

export interface StateFingerprint {
  /** sha256 over `name rows sha256\n` of every table, tables by name. */
  sha256: string;
  tables: TableFingerprint[];
}

type Queryable = Db | Tx;

export async function queryRows<T>(db: Queryable, query: ReturnType<typeof sql.raw>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The application's tables, by name. */
export async function stateTables(db: Queryable): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql.raw(`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = '${STATE_SCHEMA}' and c.relkind in ('r', 'p') order by c.relname collate "C"`),
  );
  return rows.map((row) => row.name);
}

/**
 * `ORDER BY` of each table's primary key. Text keys sort in the "C" collation so PGlite and a
 * PostgreSQL server with another default collation put the rows in the same order.
 */
export async function primaryKeyOrder(db: Queryable): Promise<Map<string, string>> {
  const rows = await queryRows<{ table_name: string; column_name: string; collatable: boolean }>(
    db,
    sql.raw(`select c.relname as table_name, a.attname as column_name, a.attcollation <> 0 as collatable
      from pg_index i
      join pg_class c on c.oid = i.indrelid
      join pg_namespace n on n.oid = c.relnamespace
      cross join lateral unnest(i.indkey) with ordinality as k(attnum, position)
      join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
      where i.indisprimary and n.nspname = '${STATE_SCHEMA}'
      order by c.relname, k.position`),
  );
  const order = new Map<string, string[]>();
  for (const row of rows) {
    const terms = order.get(row.table_name) ?? [];
    terms.push(`t.${quoteIdent(row.column_name)}${row.collatable ? ' collate "C"' : ''}`);
    order.set(row.table_name, terms);
  }
  // A table without a primary key (none today) still gets a canonical order: its whole row as text.
  return new Map([...order].map(([table, terms]) => [table, terms.join(', ')]));
}

export const rowOrder = (orders: Map<string, string>, table: string) => orders.get(table) ?? 't::text collate "C"';

/**
 * Fingerprints the content of every table: each row as `to_jsonb` (keys sorted by PostgreSQL,
 * timestamps in UTC, bytea as `\x…` hex, bigint as exact digits), hashed with sha256 in the
 * database; per table the row hashes in primary-key order are hashed again. Equal fingerprints
 * mean equal content, whatever the engine (PGlite or PostgreSQL) or the physical row order.
 *
 * Run it inside a transaction (`tx`) so it sees one snapshot; it sets the transaction's time
 * zone to UTC.
 *
 * @example
 * const state = await inTransaction(db, (tx) => stateFingerprint(tx));
 * console.log(`state sha256 ${state.sha256}`);
 */
export async function stateFingerprint(tx: Tx): Promise<StateFingerprint> {
  await tx.execute(sql.raw(`set local time zone 'UTC'`));
  const orders = await primaryKeyOrder(tx);
  const tables: TableFingerprint[] = [];
  for (const name of await stateTables(tx)) {
    const [row] = await queryRows<{ rows: number; sha256: string }>(
      tx,
      sql.raw(`select count(*)::int as rows,
        encode(sha256(convert_to(coalesce(string_agg(encode(sha256(convert_to(to_jsonb(t)::text, 'UTF8')), 'hex'), '' order by ${rowOrder(orders, name)}), ''), 'UTF8')), 'hex') as sha256
        from ${quoteIdent(name)} t`),
    );
    tables.push({ name, rows: Number(row!.rows), sha256: row!.sha256 });
  }
  return { sha256: combinedHash(tables), tables };
}

export function combinedHash(tables: TableFingerprint[]): string {
  const hash = createHash('sha256');
  for (const table of [...tables].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) hash.update(`${table.name} ${table.rows} ${table.sha256}\n`);
  return hash.digest('hex');
}
