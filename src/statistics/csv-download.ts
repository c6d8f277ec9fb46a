import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

type Cell = string | number | boolean | null | undefined;
type Row = Record<string, unknown>;

/** `{ production: { carats } }` → `{ "production.carats": … }`: nested JSON fields become dotted columns. */
function flatten(row: Row, prefix = '', into: Record<string, Cell> = {}): Record<string, Cell> {
  for (const [key, value] of Object.entries(row)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) flatten(value as Row, name, into);
    else into[name] = value as Cell;
  }
  return into;
}

function field(value: Cell): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * RFC 4180 CSV of a table of rows: a header row (the JSON field names), CRLF line ends, and a
 * UTF-8 byte-order mark so Excel reads the names (Côte d’Ivoire, 中国) right. Amounts stay the
 * exact decimal strings of the JSON. `columns` fixes the header when the table is empty.
 */
export function toCsv(rows: Row[], columns?: string[]): string {
  const flat = rows.map((row) => flatten(row));
  const header = columns ?? [...new Set(flat.flatMap((row) => Object.keys(row)))];
  const lines = [header.map(field).join(','), ...flat.map((row) => header.map((name) => field(row[name])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The CSV columns of a row schema: its fields, nested objects as dotted names. */
export function columnsOf(schema: z.ZodObject, prefix = ''): string[] {
  return Object.entries(schema.shape).flatMap(([key, value]) => {
    const name = prefix ? `${prefix}.${key}` : key;
    return value instanceof z.ZodObject ? columnsOf(value, name) : [name];
  });
}

/** CSV when asked by `?format=csv`, or by an Accept header preferring `text/csv` to JSON; `?format=json` wins. */
export function wantsCsv(request: FastifyRequest, format: 'json' | 'csv' | undefined): boolean {
  if (format) return format === 'csv';
  const types = (request.headers.accept ?? '').split(',').map((part) => part.split(';')[0].trim().toLowerCase());
  const csv = types.indexOf('text/csv');
  const json = types.indexOf('application/json');
  return csv >= 0 && (json < 0 || csv < json);
}

export function sendCsv(reply: FastifyReply, fileName: string, csv: string): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .send(Buffer.from(csv, 'utf8'));
}
