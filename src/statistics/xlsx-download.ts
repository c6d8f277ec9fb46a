import type { FastifyReply } from 'fastify';
import { flatten, XLSX_TYPE, type Row } from './csv-download.ts';

/** Leaf names of the amount columns: two-decimal strings in the JSON, numbers in the workbook. */
const AMOUNT_FIELDS = new Set(['carats', 'valueUsd', 'usdPerCarat']);
const AMOUNT_FORMAT = '#,##0.00';

const isAmountColumn = (column: string) => AMOUNT_FIELDS.has(column.slice(column.lastIndexOf('.') + 1));

/** Excel refuses sheet names over 31 characters or holding any of `[]:*?/\`. */
export function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Sheet1';
}

/**
 * One table as an XLSX workbook of one sheet: a bold header row (the CSV column names), then the
 * rows. Amounts (≤ 2 decimals, far below 2^53 hundredths) become numeric cells shown with two
 * decimals, so a spreadsheet can sum them; the exact decimal text stays in the CSV and the JSON.
 * Integers stay numbers, everything else text, null an empty cell.
 *
 * @example
 *   const buffer = await toXlsx([{ year: 2025, production: { carats: '1.50' } }], ['year', 'production.carats'], 'summary');
 */
export async function toXlsx(rows: Row[], columns: string[], sheet: string): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Kimberlite';
  const worksheet = workbook.addWorksheet(sheetName(sheet));
  worksheet.columns = columns.map((column) => ({ header: column, key: column, width: Math.max(12, column.length + 2) }));
  worksheet.getRow(1).font = { bold: true };
  worksheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of rows) {
    const flat = flatten(row);
    const values = columns.map((column) => {
      const value = flat[column];
      if (value === null || value === undefined) return null;
      if (isAmountColumn(column) && typeof value === 'string' && /^-?\d+(\.\d{1,2})?$/.test(value)) return Number(value);
      return value;
    });
    worksheet.addRow(values);
  }
  columns.forEach((column, index) => {
    if (isAmountColumn(column)) worksheet.getColumn(index + 1).numFmt = AMOUNT_FORMAT;
  });
  // the header keeps its text format even where the column is numeric
  worksheet.getRow(1).eachCell((cell) => {
    cell.numFmt = 'General';
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function sendXlsx(reply: FastifyReply, fileName: string, xlsx: Buffer): FastifyReply {
  return reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="${fileName}"`).send(xlsx);
}
