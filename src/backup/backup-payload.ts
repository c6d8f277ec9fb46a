import { sql } from 'drizzle-orm';
import type { Tx } from '../db/database.ts';
import { AppError } from '../domain/errors.ts';
import { STATE_SCHEMA, queryRows, type TableFingerprint } from './state-hash.ts';

/**
 * What a backup holds, before compression and encryption: one line of manifest JSON, then each
 * table's rows, one `row_to_json` line per row, tables in the manifest's order. Rows stay the
 * text PostgreSQL wrote and are handed back to PostgreSQL as text, so bigint, bytea (`\x…` hex),
 * jsonb and timestamps (UTC, microseconds) never pass through JavaScript numbers or dates.
 */
export interface BackupManifest {
  format: 'kimberlite-backup';
  version: 1;
  createdAt: string;
  source: { kind: 'pglite' | 'postgres' };
  /** Hashes of the applied migrations (drizzle's), oldest first: the schema the rows belong to. */
  migrations: string[];
  /** The state hash (`stateFingerprint`) of the database when it was read. */
  stateSha256: string;
  /** The key that seals the signing keys and webhook secrets at rest (32 bytes, base64). */
  masterKey: string;
  tables: TableFingerprint[];
}

export async function appliedMigrations(tx: Tx): Promise<string[]> {
  const rows = await queryRows<{ hash: string }>(tx, sql.raw(`select hash from drizzle.__drizzle_migrations order by created_at, id`));
  return rows.map((row) => row.hash);
}

/** Tables in an order where every table comes after the tables its foreign keys point to. */
export async function dependencyOrder(tx: Tx, tables: string[]): Promise<string[]> {
  const edges = await queryRows<{ child: string; parent: string }>(
    tx,
    sql.raw(`select c.relname as child, p.relname as parent from pg_constraint k
      join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
      join pg_namespace n on n.oid = c.relnamespace
      where k.contype = 'f' and n.nspname = '${STATE_SCHEMA}' and c.oid <> p.oid`),
  );
  const parents = new Map<string, Set<string>>(tables.map((table) => [table, new Set()]));
  for (const edge of edges) parents.get(edge.child)?.add(edge.parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((table) => !placed.has(table) && [...parents.get(table)!].every((parent) => placed.has(parent) || !parents.has(parent)));
    if (ready.length === 0) throw new Error(`foreign keys form a cycle among ${tables.filter((t) => !placed.has(t)).join(', ')}`);
    for (const table of ready) {
      ordered.push(table);
      placed.add(table);
    }
  }
  return ordered;
}

/** One table's rows inside a payload: line buffers, each one row's JSON. */
export interface PayloadTable {
  name: string;
  rows: Buffer[];
}

const NEWLINE = 0x0a;

/** Splits a decrypted payload into its manifest and each table's row lines, refusing anything malformed. */
export function readPayload(payload: Buffer, fileName: string): { manifest: BackupManifest; tables: Map<string, PayloadTable> } {
  const unreadable = () => new AppError('BACKUP_UNREADABLE', { file: fileName });
  let at = payload.indexOf(NEWLINE);
  if (at < 0) throw unreadable();
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(payload.subarray(0, at).toString('utf8')) as BackupManifest;
  } catch {
    throw unreadable();
  }
  if (manifest.format !== 'kimberlite-backup' || manifest.version !== 1 || !Array.isArray(manifest.tables)) throw unreadable();
  const tables = new Map<string, PayloadTable>();
  at += 1;
  for (const table of manifest.tables) {
    const rows: Buffer[] = [];
    for (let i = 0; i < table.rows; i++) {
      const end = payload.indexOf(NEWLINE, at);
      if (end < 0) throw unreadable();
      rows.push(payload.subarray(at, end));
      at = end + 1;
    }
    tables.set(table.name, { name: table.name, rows });
  }
  if (at !== payload.length) throw unreadable();
  return { manifest, tables };
}
