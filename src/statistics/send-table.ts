import type { FastifyReply } from 'fastify';
import { sendCsv, toCsv, type Row } from './csv-download.ts';
import { sendXlsx, toXlsx } from './xlsx-download.ts';

/** One downloadable table of a public statistics page. */
export interface Table {
  /** File name without extension, e.g. `kp-statistics-global-2025-summary`. */
  fileName: string;
  sheet: string;
  rows: Row[];
  columns: string[];
}

/** One table as CSV or XLSX, by the same rows and columns. */
export async function sendTable(reply: FastifyReply, format: 'csv' | 'xlsx', table: Table): Promise<FastifyReply> {
  if (format === 'csv') return sendCsv(reply, `${table.fileName}.csv`, toCsv(table.rows, table.columns));
  return sendXlsx(reply, `${table.fileName}.xlsx`, await toXlsx(table.rows, table.columns, table.sheet));
}
