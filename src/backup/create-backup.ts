import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { appliedMigrations, dependencyOrder, type BackupManifest } from './backup-payload.ts';
import { primaryKeyOrder, queryRows, quoteIdent, rowOrder, stateFingerprint, stateTables } from './state-hash.ts';

export interface CreatedBackup {
  manifest: BackupManifest;
  /** Manifest line and row lines, ready for `sealBackup`. */
  payload: Buffer;
  rows: number;
}

/**
 * Reads every table in one read-only REPEATABLE READ transaction, so the rows, the state hash
 * and the audit head in the backup belong to one moment even while a PostgreSQL server keeps
 * serving. Tables are written in foreign-key order, rows in primary-key order.
 *
 * @example
 * const { payload, manifest } = await createBackup({ masterKey: loadMasterKey(config), kind: 'pglite' }, { db });
 * fs.writeFileSync(out, sealBackup(payload, passphrase));
 */
export async function createBackup(options: { masterKey: Buffer; kind: 'pglite' | 'postgres'; now?: Date }, deps: { db: Db }): Promise<CreatedBackup> {
  return deps.db.transaction(
    async (tx) => {
      const fingerprint = await stateFingerprint(tx);
      const byName = new Map(fingerprint.tables.map((table) => [table.name, table]));
      const order = await dependencyOrder(tx, await stateTables(tx));
      const orders = await primaryKeyOrder(tx);
      const chunks: Buffer[] = [];
      let rows = 0;
      for (const name of order) {
        const result = await queryRows<{ row: string }>(tx, sql.raw(`select row_to_json(t)::text as row from ${quoteIdent(name)} t order by ${rowOrder(orders, name)}`));
        if (result.length !== byName.get(name)!.rows) throw new Error(`table ${name} changed while it was read`);
        for (const { row } of result) {
          // A raw line break in JSON text can only be insignificant whitespace: one row, one line.
          chunks.push(Buffer.from(row.replace(/\n/g, ' '), 'utf8'), Buffer.from('\n'));
        }
        rows += result.length;
      }
      const manifest: BackupManifest = {
        format: 'kimberlite-backup',
        version: 1,
        createdAt: (options.now ?? new Date()).toISOString(),
        source: { kind: options.kind },
        migrations: await appliedMigrations(tx),
        stateSha256: fingerprint.sha256,
        masterKey: options.masterKey.toString('base64'),
        tables: order.map((name) => byName.get(name)!),
      };
      return { manifest, payload: Buffer.concat([Buffer.from(`${JSON.stringify(manifest)}\n`, 'utf8'), ...chunks]), rows };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
