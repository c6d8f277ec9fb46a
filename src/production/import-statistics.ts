import { createHash } from 'node:crypto';
import { recordAudit } from '../audit/record-audit.ts';
import type { Db, Tx } from '../db/database.ts';
import { participants, territories } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { todayUtc } from '../domain/licence.ts';
import type { Actor } from '../domain/roles.ts';
import { figuresInForce, figuresOf, insertReturns, insertStatisticsImport, returnRow, sameFigures, type ReturnFigures } from './production-repository.ts';
import { FIRST_STATISTICS_YEAR, halfYearEnded, parseProductionAmount, type Figures, type Half } from './production-rules.ts';
import { readStatisticsFile, type FileRow } from './read-statistics-file.ts';
import type { ImportRowError, StatisticsImportSummary } from './schemas.ts';

/** Columns of the KP statistics database export (`production_semiannual_kpdb.csv`) that the import reads. */
const REQUIRED_COLUMNS = ['year', 'half', 'iso2', 'report_type', 'carats', 'usd'] as const;

/** Which figure of a half-year a row gives: a nil return, the whole production, or one part of it. */
type Entry = 'nil' | 'total' | 'asm' | 'lsm';

interface ParsedRow {
  line: number;
  participantCode: string;
  year: number;
  half: Half;
  entry: Entry;
  figures: Figures;
  /** The KP database's own flag for several entries under one key (see `combineEntries`). */
  repeatedKey: boolean;
}

/** One half-year return the file makes up, before it is compared with what is stored. */
export interface ImportedReturn {
  participantCode: string;
  year: number;
  half: Half;
  figures: ReturnFigures;
  lines: number[];
}

const REPORT_TYPES: Record<string, 'production' | 'no_production'> = {
  production: 'production',
  'no production': 'no_production',
  no_production: 'no_production',
};
const PRODUCTION_TYPES: Record<string, Entry> = { '': 'total', production: 'total', lsm: 'lsm', asm: 'asm' };

/**
 * Codes the register knows: participants, and territories of a participant. Croatia, Romania and
 * Slovenia were separate Participants before they joined the EU and filed nil returns then; the
 * register keeps them only as EU territories, so it has no participant to hold those returns.
 */
interface Register {
  participants: Set<string>;
  territories: Set<string>;
}

function parseRow(row: FileRow, register: Register, today: string, errors: ImportRowError[]): ParsedRow | 'former_participant_nil_return' | null {
  const { line, cells } = row;
  const before = errors.length;
  const refuse = (reason: ImportRowError['reason'], column: string | null, value: string | null) => errors.push({ line, reason, column, value });
  const code = cells.iso2;
  const formerParticipant = !register.participants.has(code) && register.territories.has(code);
  if (!register.participants.has(code) && !(formerParticipant && REPORT_TYPES[cells.report_type.toLowerCase()] === 'no_production')) refuse('unknown_participant', 'iso2', code);
  const year = /^\d{4}$/.test(cells.year) ? Number(cells.year) : NaN;
  if (!(year >= FIRST_STATISTICS_YEAR)) refuse('bad_year', 'year', cells.year);
  const halfMatch = /^h?([12])$/i.exec(cells.half);
  const half = halfMatch ? (Number(halfMatch[1]) as Half) : null;
  if (!half) refuse('bad_half', 'half', cells.half);
  if (half && year >= FIRST_STATISTICS_YEAR && !halfYearEnded(year, half, today)) refuse('future_half_year', 'year', `${cells.year} H${half}`);
  const reportType = REPORT_TYPES[cells.report_type.toLowerCase()];
  if (!reportType) refuse('bad_report_type', 'report_type', cells.report_type);
  const productionType = PRODUCTION_TYPES[(cells.production_type ?? '').toLowerCase()];
  if (reportType === 'production' && !productionType) refuse('bad_production_type', 'production_type', cells.production_type);
  const amount = (column: 'carats' | 'usd') => {
    const parsed = parseProductionAmount(cells[column]);
    if ('units' in parsed) return parsed.units;
    refuse(parsed.problem, column, cells[column]);
    return 0;
  };
  const figures = { carats: amount('carats'), valueCents: amount('usd') };
  if (reportType === 'no_production' && (figures.carats !== 0 || figures.valueCents !== 0)) refuse('no_production_not_zero', 'report_type', cells.report_type);
  if (errors.length > before) return null;
  if (formerParticipant) return 'former_participant_nil_return';
  return {
    line,
    participantCode: code,
    year,
    half: half!,
    entry: reportType === 'no_production' ? 'nil' : productionType,
    figures,
    repeatedKey: (cells.repeated_key ?? '').toLowerCase() === 'yes',
  };
}

const add = (a: Figures, b: Figures): Figures => ({ carats: a.carats + b.carats, valueCents: a.valueCents + b.valueCents });
const sameAmounts = (a: Figures, b: Figures) => a.carats === b.carats && a.valueCents === b.valueCents;

/**
 * Rows giving the same figure of the same half-year (participant, year, half, production type):
 * - all flagged `repeated_key=yes`: the KP database holds several entries under that key and its
 *   own yearly and global totals add them up, so they are added up here too (Indonesia 2007–08,
 *   DR Congo 2022 H1 LSM, Republic of Congo 2023 H1 ASM in the 2025 export);
 * - otherwise an exact repeat of a row is counted once, and different figures are a conflict
 *   the file's owner must settle: nothing is imported.
 */
function combineEntries(rows: ParsedRow[], errors: ImportRowError[]): { figures: Figures; identicalDuplicates: number } {
  const [first, ...rest] = rows;
  if (rows.every((row) => row.repeatedKey)) return { figures: rows.map((row) => row.figures).reduce(add), identicalDuplicates: 0 };
  let identicalDuplicates = 0;
  for (const row of rest) {
    if (sameAmounts(row.figures, first.figures)) identicalDuplicates++;
    else errors.push({ line: row.line, reason: 'conflicting_duplicate', column: null, value: null, otherLine: first.line });
  }
  return { figures: first.figures, identicalDuplicates };
}

/**
 * Turns checked rows into half-year returns. From 2020 the KP database has one row for the
 * large-scale (LSM) and one for the artisanal (ASM) part: they make one return with the split and
 * their sum as the total. A "No Production" row beside production figures for the same half-year
 * (Guinea 2006 H2) is overtaken by the figures, as in the KP's own totals. A whole-production row
 * beside split rows for the same half-year is a conflict.
 */
export function returnsFromRows(rows: ParsedRow[], errors: ImportRowError[]): { returns: ImportedReturn[]; identicalDuplicates: number } {
  const byKey = new Map<string, Map<Entry, ParsedRow[]>>();
  for (const row of rows) {
    const key = `${row.participantCode}|${row.year}|${row.half}`;
    const entries = byKey.get(key) ?? new Map<Entry, ParsedRow[]>();
    entries.set(row.entry, [...(entries.get(row.entry) ?? []), row]);
    byKey.set(key, entries);
  }
  const returns: ImportedReturn[] = [];
  let identicalDuplicates = 0;
  for (const entries of byKey.values()) {
    const combined = new Map<Entry, Figures>();
    for (const [entry, group] of entries) {
      const result = combineEntries(group, errors);
      identicalDuplicates += result.identicalDuplicates;
      combined.set(entry, result.figures);
    }
    const allRows = [...entries.values()].flat();
    const { participantCode, year, half } = allRows[0];
    const lines = allRows.map((row) => row.line).sort((a, b) => a - b);
    const total = combined.get('total');
    const asm = combined.get('asm') ?? null;
    const lsm = combined.get('lsm') ?? null;
    if (total && (asm || lsm)) {
      const whole = entries.get('total')![0];
      const part = (entries.get('asm') ?? entries.get('lsm'))![0];
      errors.push({ line: part.line, reason: 'conflicting_duplicate', column: 'production_type', value: null, otherLine: whole.line });
      continue;
    }
    if (total || asm || lsm) {
      const sum = total ?? [asm, lsm].filter((figures): figures is Figures => figures !== null).reduce(add);
      returns.push({ participantCode, year, half, lines, figures: { reportType: 'production', total: sum, asm, lsm } });
    } else {
      returns.push({ participantCode, year, half, lines, figures: { reportType: 'no_production', total: { carats: 0, valueCents: 0 }, asm: null, lsm: null } });
    }
  }
  return { returns, identicalDuplicates };
}

/** Checks every row of a file and builds its returns; any bad row refuses the whole file, with every bad line. */
export async function checkStatisticsFile(db: Db | Tx, { fileName, rows, today }: { fileName: string; rows: FileRow[]; today: string }) {
  const errors: ImportRowError[] = [];
  const first = rows[0];
  const missingColumns = first ? REQUIRED_COLUMNS.filter((column) => !(column in first.cells)) : [];
  if (rows.length === 0 || missingColumns.length > 0) {
    throw new AppError('IMPORT_ROWS_INVALID', { count: 1, fileName }, { errors: missingColumns.map((column) => ({ line: 1, reason: 'missing_column', column, value: null })) });
  }
  const register: Register = {
    participants: new Set((await db.select({ code: participants.code }).from(participants)).map((row) => row.code)),
    territories: new Set((await db.select({ code: territories.code }).from(territories)).map((row) => row.code)),
  };
  const parsed: ParsedRow[] = [];
  const formerParticipantNilRows: number[] = [];
  for (const row of rows) {
    const result = parseRow(row, register, today, errors);
    if (result === 'former_participant_nil_return') formerParticipantNilRows.push(row.line);
    else if (result) parsed.push(result);
  }
  const { returns, identicalDuplicates } = returnsFromRows(parsed, errors);
  if (errors.length > 0) {
    errors.sort((a, b) => a.line - b.line);
    throw new AppError('IMPORT_ROWS_INVALID', { count: errors.length, fileName }, { errors });
  }
  return { returns, identicalDuplicates, formerParticipantNilRows };
}

const keyOf = (value: { participantCode: string; year: number; half: number }) => `${value.participantCode}|${value.year}|${value.half}`;

/**
 * Loads historic production figures from a KP statistics database export (CSV or XLSX). Every row
 * is checked first; if any is bad nothing is stored and the refusal lists each bad line with a
 * reason. Returns equal to the figure in force are skipped, so importing the same file again
 * changes nothing; a different figure becomes the next version, marked `import`. The returns, the
 * import record and its audit entry are one transaction.
 *
 * @example
 * await importStatistics({ actor: 'cli', fileName: 'production.csv', content: fs.readFileSync(file), dryRun: false }, deps);
 */
export async function importStatistics(
  { actor, fileName, content, dryRun = false }: { actor: Actor | string; fileName: string; content: Buffer; dryRun?: boolean },
  deps: Deps,
): Promise<StatisticsImportSummary> {
  const rows = await readStatisticsFile(fileName, content);
  const sha256 = createHash('sha256').update(content).digest('hex');
  const now = deps.now();
  const work = async (db: Db | Tx) => {
    const { returns, identicalDuplicates, formerParticipantNilRows } = await checkStatisticsFile(db, { fileName, rows, today: todayUtc(now) });
    const inForce = new Map((await figuresInForce(db)).map((row) => [keyOf(row), row]));
    const changed = returns.filter((entry) => {
      const current = inForce.get(keyOf(entry));
      return !current || !sameFigures(figuresOf(current), entry.figures);
    });
    const corrections = changed.filter((entry) => inForce.has(keyOf(entry))).length;
    const years = returns.map((entry) => entry.year);
    return {
      changed,
      summary: {
        importId: null as string | null,
        fileName,
        sha256,
        dryRun,
        rows: rows.length,
        returns: returns.length,
        stored: changed.length,
        corrections,
        skipped: returns.length - changed.length,
        identicalDuplicates,
        formerParticipantNilRows,
        years: years.length ? { from: Math.min(...years), to: Math.max(...years) } : null,
        participants: new Set(returns.map((entry) => entry.participantCode)).size,
      },
      inForce,
    };
  };
  if (dryRun) return (await work(deps.db)).summary;
  return transact(deps, async (tx) => {
    const { changed, summary, inForce } = await work(tx);
    const importId = newId();
    const submittedBy = typeof actor === 'string' ? null : actor.userId;
    await insertReturns(
      tx,
      changed.map((entry) =>
        returnRow({
          id: newId(),
          participantCode: entry.participantCode,
          year: entry.year,
          half: entry.half,
          version: (inForce.get(keyOf(entry))?.version ?? 0) + 1,
          figures: entry.figures,
          source: 'import',
          importBatchId: importId,
          note: `${fileName}, line ${entry.lines.join(', ')}`,
          submittedBy,
          submittedAt: now,
        }),
      ),
    );
    await insertStatisticsImport(tx, {
      id: importId,
      fileName,
      sha256,
      rows: summary.rows,
      returns: summary.returns,
      importedBy: typeof actor === 'string' ? actor : actor.email,
      importedAt: now,
    });
    const result = { ...summary, importId };
    await recordAudit(tx, {
      actor,
      action: 'statistics.imported',
      entityType: 'statistics_import',
      entityId: importId,
      data: { fileName, sha256, rows: result.rows, returns: result.returns, stored: result.stored, corrections: result.corrections, skipped: result.skipped },
    });
    return result;
  });
}
