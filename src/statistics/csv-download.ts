import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

export type Cell = string | number | boolean | null | undefined;
export type Row = Record<string, unknown>;

/** `{ production: { carats } }` → `{ "production.carats": … }`: nested JSON fields become dotted columns. */
export function flatten(row: Row, prefix = '', into: Record<string, Cell> = {}): Record<string, Cell> {
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

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The download asked for: `?format=` wins; else the first of JSON, CSV or XLSX the Accept header
 * names (in its order); else JSON.
 */
export function downloadFormat(request: FastifyRequest, format: 'json' | 'csv' | 'xlsx' | undefined): 'json' | 'csv' | 'xlsx' {
  if (format) return format;
  const types = (request.headers.accept ?? '').split(',').map((part) => part.split(';')[0].trim().toLowerCase());
  const ranked = (['json', 'csv', 'xlsx'] as const)
    .map((kind) => ({ kind, at: types.indexOf({ json: 'application/json', csv: 'text/csv', xlsx: XLSX_TYPE }[kind]) }))
    .filter(({ at }) => at >= 0)
    .sort((a, b) => a.at - b.at);
  return ranked[0]?.kind ?? 'json';
}

export function sendCsv(reply: FastifyReply, fileName: string, csv: string): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .send(Buffer.from(csv, 'utf8'));
}
