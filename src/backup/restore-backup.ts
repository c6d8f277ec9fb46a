import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { inTransaction } from '../db/transaction.ts';
import { AppError } from '../domain/errors.ts';
import { appliedMigrations, dependencyOrder, type BackupManifest, type PayloadTable } from './backup-payload.ts';
import { STATE_SCHEMA, queryRows, quoteIdent, stateFingerprint, stateTables, type StateFingerprint } from './state-hash.ts';

/** The one table the migrations fill (the audit chain's genesis head); restore replaces its row. */
const SEEDED_BY_MIGRATIONS = 'audit_head';
/** Rows handed to PostgreSQL per INSERT: few round trips, modest statements. */
const BATCH_ROWS = 2000;
const BATCH_BYTES = 4 * 1024 * 1024;

export interface RestoredBackup {
  rows: number;
  tables: number;
  state: StateFingerprint;
}

/** The tables that hold data, the genesis audit head not counted: an instance is empty when there are none. */
export async function tablesHoldingData(tx: Db | Tx, tables: string[]): Promise<string[]> {
  const held: string[] = [];
  for (const table of tables) {
    const [row] = await queryRows<{ found: boolean }>(
      tx,
      table === SEEDED_BY_MIGRATIONS
        ? sql.raw(`select exists (select 1 from ${quoteIdent(table)} where seq <> 0) as found`)
        : sql.raw(`select exists (select 1 from ${quoteIdent(table)}) as found`),
    );
    if (row!.found) held.push(table);
  }
  return held;
}

/** Throws `RESTORE_TARGET_NOT_EMPTY`, naming the tables that hold data, unless the instance is empty. */
export async function refuseUnlessEmpty(db: Db | Tx, location: string): Promise<void> {
  const held = await tablesHoldingData(db, await stateTables(db));
  if (held.length > 0) throw new AppError('RESTORE_TARGET_NOT_EMPTY', { location }, { tables: held });
}

async function insertRows(tx: Tx, table: PayloadTable): Promise<void> {
  for (let start = 0; start < table.rows.length; ) {
    const batch: Buffer[] = [];
    let bytes = 0;
    while (start < table.rows.length && batch.length < BATCH_ROWS && (batch.length === 0 || bytes < BATCH_BYTES)) {
      const row = table.rows[start++]!;
      batch.push(row);
      bytes += row.length;
    }
    const json = `[${batch.map((row) => row.toString('utf8')).join(',')}]`;
    // OVERRIDING SYSTEM VALUE: identity columns, should a table ever get one, keep their stored values.
    await tx.execute(sql`insert into ${sql.identifier(table.name)} overriding system value
      select * from json_populate_recordset(null::${sql.identifier(table.name)}, ${json}::json)`);
  }
}

/** Serial and identity sequences continue after the restored rows (there are none today; UUIDv7 keys). */
async function advanceSequences(tx: Tx): Promise<void> {
  const columns = await queryRows<{ table_name: string; column_name: string }>(
    tx,
    sql.raw(`select table_name, column_name from information_schema.columns
      where table_schema = '${STATE_SCHEMA}' and (is_identity = 'YES' or column_default like 'nextval(%')`),
  );
  for (const { table_name, column_name } of columns) {
    const table = quoteIdent(table_name);
    const column = quoteIdent(column_name);
    await tx.execute(
      sql.raw(`select setval(pg_get_serial_sequence('${table.replace(/'/g, "''")}', '${column_name.replace(/'/g, "''")}'), coalesce(max(${column}), 0) + 1, false) from ${table}`),
    );
  }
}

/**
 * Loads a backup into an instance that holds no data yet, in one transaction: checks the schema
 * (same migrations) and that the target is empty, loads every table in foreign-key order with
 * the statistics triggers off (their totals are restored as stored, not recomputed), then
 * recomputes the state hash and rolls everything back unless every table matches the backup.
 * Append-only tables refuse UPDATE and DELETE only, so the inserts pass; the audit chain comes
 * back byte for byte.
 *
 * @example
 * const { state } = await restoreBackup({ manifest, tables, location: database.location }, { db: database.db });
 */
export async function restoreBackup(
  options: { manifest: BackupManifest; tables: Map<string, PayloadTable>; location: string },
  deps: { db: Db },
): Promise<RestoredBackup> {
  const { manifest } = options;
  return inTransaction(deps.db, async (tx) => {
    const current = await appliedMigrations(tx);
    const names = await stateTables(tx);
    const backupNames = manifest.tables.map((table) => table.name).sort();
    const sameSchema = current.length === manifest.migrations.length && current.every((hash, i) => hash === manifest.migrations[i]);
    if (!sameSchema || backupNames.join(',') !== [...names].sort().join(',')) {
      throw new AppError('BACKUP_SCHEMA_MISMATCH', { backup: manifest.migrations.length, current: current.length });
    }
    await refuseUnlessEmpty(tx, options.location);

    await tx.execute(sql.raw(`delete from ${quoteIdent(SEEDED_BY_MIGRATIONS)}`));
    const triggered = await queryRows<{ name: string }>(
      tx,
      sql.raw(`select distinct c.relname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
        where not t.tgisinternal and (t.tgtype & 4) <> 0 and n.nspname = '${STATE_SCHEMA}'`),
    );
    for (const { name } of triggered) await tx.execute(sql.raw(`alter table ${quoteIdent(name)} disable trigger user`));
    let rows = 0;
    for (const name of await dependencyOrder(tx, names)) {
      const table = options.tables.get(name)!;
      await insertRows(tx, table);
      rows += table.rows.length;
    }
    for (const { name } of triggered) await tx.execute(sql.raw(`alter table ${quoteIdent(name)} enable trigger user`));
    await advanceSequences(tx);

    const state = await stateFingerprint(tx);
    const expected = new Map(manifest.tables.map((table) => [table.name, table]));
    const differing = state.tables.filter((table) => expected.get(table.name)?.sha256 !== table.sha256 || expected.get(table.name)?.rows !== table.rows);
    if (differing.length > 0 || state.sha256 !== manifest.stateSha256) {
      throw new AppError('BACKUP_VERIFICATION_FAILED', { table: differing[0]?.name ?? '-' }, { tables: differing.map((table) => table.name) });
    }
    return { rows, tables: names.length, state };
  });
}
