import { Unzip, UnzipInflate } from 'fflate';
import { csvRecords } from '../domain/csv.ts';
import { AppError } from '../domain/errors.ts';

/** One data row of a statistics file: its 1-based line (header = line 1) and its cells by column name. */
export interface FileRow {
  line: number;
  cells: Record<string, string>;
}

/**
 * RFC 4180 CSV into rows that keep their line numbers, so a refusal can point at the line a
 * person sees in a text editor. Every value stays a string (Namibia is `NA`, never "missing").
 */
export function readCsvRows(text: string): FileRow[] {
  return withHeader(csvRecords(text).filter((record) => record.values.length > 1 || record.values[0].trim() !== ''));
}

function withHeader(records: { line: number; values: string[] }[]): FileRow[] {
  const [header, ...body] = records;
  if (!header) throw new AppError('IMPORT_FILE_UNREADABLE', {}, { reason: 'empty' });
  const names = header.values.map((name) => name.trim().toLowerCase());
  return body.map(({ line, values }) => ({ line, cells: Object.fromEntries(names.map((name, index) => [name, (values[index] ?? '').trim()])) }));
}

/** A cell as text: numbers as JavaScript writes them (2194850.08 stays "2194850.08"), formulas by their result. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const object = value as { result?: unknown; text?: unknown; richText?: { text: string }[] };
    if (object.richText) return object.richText.map((run) => run.text).join('');
    if (object.text !== undefined) return cellText(object.text);
    if (object.result !== undefined) return cellText(object.result);
  }
  return String(value);
}

/**
 * Most bytes an XLSX workbook may unpack to. A statistics export of every participant and year
 * unpacks to a few megabytes; a "zip bomb" of a few megabytes unpacks to gigabytes, which the
 * XLSX reader would hold in memory.
 */
export const MAX_XLSX_UNPACKED_BYTES = 64 * 1024 * 1024;
const MAX_XLSX_ENTRIES = 2_000;

/**
 * Unpacks the workbook's zip as a stream, counting what comes out and stopping at the limit, so
 * sizes a hostile file declares falsely do not matter. Refuses it with `PAYLOAD_TOO_LARGE`.
 */
function checkUnpackedSize(content: Buffer): void {
  let unpacked = 0;
  let entries = 0;
  let tooLarge = false;
  let broken = false;
  const unzip = new Unzip((file) => {
    entries++;
    if (tooLarge || broken || entries > MAX_XLSX_ENTRIES || (file.originalSize ?? 0) > MAX_XLSX_UNPACKED_BYTES) {
      tooLarge = true;
      return;
    }
    file.ondata = (error, chunk) => {
      if (error) {
        broken = true;
        return;
      }
      unpacked += chunk.length;
      if (unpacked > MAX_XLSX_UNPACKED_BYTES) {
        tooLarge = true;
        file.terminate();
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    unzip.push(new Uint8Array(content.buffer, content.byteOffset, content.length), true);
  } catch {
    if (!tooLarge) broken = true;
  }
  if (tooLarge) throw new AppError('PAYLOAD_TOO_LARGE');
  if (broken) throw new AppError('IMPORT_FILE_UNREADABLE', {}, { reason: 'not_xlsx' });
}

/** The first worksheet of an XLSX workbook; the line of a row is its sheet row number. */
export async function readXlsxRows(content: Buffer): Promise<FileRow[]> {
  checkUnpackedSize(content);
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw new AppError('IMPORT_FILE_UNREADABLE', {}, { reason: 'not_xlsx' });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('IMPORT_FILE_UNREADABLE', {}, { reason: 'empty' });
  const records: { line: number; values: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values: string[] = [];
    for (let column = 1; column <= row.cellCount; column++) values.push(cellText(row.getCell(column).value));
    if (values.some((value) => value.trim() !== '')) records.push({ line: row.number, values });
  });
  return withHeader(records);
}

/** Rows of a CSV or XLSX statistics file, chosen by the file name. */
export async function readStatisticsFile(fileName: string, content: Buffer): Promise<FileRow[]> {
  if (/\.xlsx$/i.test(fileName)) return readXlsxRows(content);
  if (/\.csv$/i.test(fileName)) return readCsvRows(content.toString('utf8'));
  throw new AppError('IMPORT_FILE_UNREADABLE', {}, { reason: 'not_csv_or_xlsx' });
}
