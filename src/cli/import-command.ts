import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { inTransaction } from '../db/transaction.ts';
import { AppError, isAppError } from '../domain/errors.ts';
import { seedRegister } from '../participants/seed-register.ts';
import { importStatistics } from '../production/import-statistics.ts';
import type { ImportRowError } from '../production/schemas.ts';

/**
 * `kimberlite import statistics <file.csv|file.xlsx> [--dry-run]`: historic production figures
 * from a KP statistics database export. Prints a summary and exits 0; a file with bad rows is
 * refused whole, each bad line printed, and the command exits 1.
 */
export async function importCommand(args: string[], config: Config, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'dry-run': { type: 'boolean', default: false } } });
  const [kind, file] = positionals;
  if (kind !== 'statistics' || !file || positionals.length > 2) {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: ['import'], message: 'usage: kimberlite import statistics <file.csv|file.xlsx> [--dry-run]' }]);
  }
  if (!fs.existsSync(file)) throw new AppError('IMPORT_FILE_UNREADABLE', {}, { reason: 'no_such_file', file });
  const content = fs.readFileSync(file);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await inTransaction(database.db, (tx) => seedRegister(tx));
    const dryRun = values['dry-run'];
    const summary = await importStatistics({ actor: 'cli', fileName: path.basename(file), content, dryRun }, { db: database.db, config, now: () => new Date() });
    const span = summary.years ? `${summary.years.from}–${summary.years.to}` : 'no years';
    out(`${dryRun ? 'dry run, nothing stored: ' : ''}${summary.fileName}: ${summary.rows} rows, ${summary.returns} half-year returns of ${summary.participants} participants (${span})`);
    out(`  ${dryRun ? 'would store' : 'stored'} ${summary.stored} (${summary.corrections} corrections), skipped ${summary.skipped} equal to the figure in force, ${summary.identicalDuplicates} repeated rows counted once`);
    if (summary.formerParticipantNilRows.length > 0) {
      out(`  not stored: ${summary.formerParticipantNilRows.length} nil returns of former participants the register keeps as territories (lines ${summary.formerParticipantNilRows.join(', ')})`);
    }
    if (summary.importId) out(`  import ${summary.importId}, sha256 ${summary.sha256}`);
    return 0;
  } catch (error) {
    if (isAppError(error) && error.code === 'IMPORT_ROWS_INVALID') {
      const { errors } = error.details as { errors: ImportRowError[] };
      err(`${path.basename(file)}: ${errors.length} bad row(s), nothing was imported`);
      for (const row of errors) {
        const where = row.column ? ` ${row.column}${row.value !== null ? ` "${row.value}"` : ''}` : '';
        err(`  line ${row.line}: ${row.reason}${where}${row.otherLine ? ` (conflicts with line ${row.otherLine})` : ''}`);
      }
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}
