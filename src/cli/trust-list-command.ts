import { parseArgs } from 'node:util';
import { buildTrustList } from '../certificates/trust-list.ts';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { inTransaction } from '../db/transaction.ts';
import { seedRegister } from '../participants/seed-register.ts';
import { writeTrustListFile } from '../verification/trust-list-file.ts';

/**
 * `kimberlite trust-list export [--out file]`: the current signed trust list (as `GET
 * /api/trust-list` serves it), to a file or to standard output, for `kimberlite verify` on a
 * machine without the register.
 */
export async function trustListExportCommand(args: string[], config: Config): Promise<void> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await inTransaction(database.db, (tx) => seedRegister(tx));
    const deps = { db: database.db, config, now: () => new Date() };
    if (values.out) {
      const trustList = await writeTrustListFile(deps, values.out);
      console.error(`trust list issued ${trustList.issuedAt} (${trustList.keys.length} keys, register key ${trustList.registerKid}) written to ${values.out}`);
    } else {
      process.stdout.write(`${JSON.stringify(await buildTrustList(deps), null, 2)}\n`);
    }
  } finally {
    await database.close();
  }
}
