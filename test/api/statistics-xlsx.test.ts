import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCertificates } from '../../src/demo/seed-demo-certificates.ts';
import { seedDemoProduction } from '../../src/demo/seed-demo-production.ts';
import { createTestApp, type TestContext } from '../support/test-database.ts';
import { participantTables } from '../support/statistics-tables.ts';

/**
 * The XLSX downloads read back with exceljs: every cell against the JSON of the same route.
 * Amounts are numeric cells with two decimals shown; their exact text is the JSON string.
 */

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestApp();
  await seedDemoCertificates(ctx.deps, { months: 2 });
  await seedDemoProduction(ctx.deps);
}, 120_000);

afterAll(async () => {
  await ctx?.close();
});

const get = (url: string) => ctx.app.inject({ method: 'GET', url });

async function workbookOf(url: string) {
  const response = await get(url);
  expect(response.statusCode, url).toBe(200);
  expect(response.headers['content-type']).toBe(XLSX_TYPE);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  return { workbook, disposition: String(response.headers['content-disposition']) };
}

/** `{ a: { b: 1 } }` → the value at column `a.b`. */
function at(row: Record<string, unknown>, column: string): unknown {
  return column.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | null)?.[key], row);
}

const AMOUNTS = new Set(['carats', 'valueUsd', 'usdPerCarat']);

/** Compares the one sheet's header and every cell with the JSON rows, column by column. */
function expectSheetMatches(sheet: ExcelJS.Worksheet, rows: Record<string, unknown>[]) {
  const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  expect(header.length).toBeGreaterThan(0);
  expect(sheet.getRow(1).font?.bold).toBe(true);
  expect(sheet.actualRowCount).toBe(rows.length + 1);
  rows.forEach((row, index) => {
    const cells = sheet.getRow(index + 2);
    header.forEach((column, position) => {
      const cell = cells.getCell(position + 1);
      const expected = at(row, column);
      const where = `${sheet.name} row ${index + 2} ${column}`;
      if (expected === null || expected === undefined) {
        expect(cell.value, where).toBeNull();
      } else if (AMOUNTS.has(column.slice(column.lastIndexOf('.') + 1))) {
        expect(typeof cell.value, where).toBe('number');
        // the double written back to two decimals is the exact JSON text
        expect((cell.value as number).toFixed(2), where).toBe(expected);
        expect(cell.numFmt, where).toBe('#,##0.00');
      } else {
        expect(cell.value, where).toBe(expected);
      }
    });
  });
}

describe('statistics as XLSX', () => {
  it('the global summary and the yearly series, one sheet each, the 2019 production as a number', async () => {
    const global = (await get('/api/statistics/global?year=2019')).json();
    const summary = await workbookOf('/api/statistics/global?year=2019&format=xlsx');
    expect(summary.disposition).toBe('attachment; filename="kp-statistics-global-2019-summary.xlsx"');
    const [sheet] = summary.workbook.worksheets;
    expect(sheet.name).toBe('summary');
    expectSheetMatches(sheet, [global.summary]);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(sheet.getRow(2).getCell(header.indexOf('production.carats') + 1).value).toBe(138139370.49);

    const series = await workbookOf('/api/statistics/global?year=2019&format=xlsx&table=series');
    expect(series.workbook.worksheets[0].name).toBe('series');
    expect(global.series.length).toBeGreaterThan(20);
    expectSheetMatches(series.workbook.worksheets[0], global.series);
  });

  it('every table of a participant, named by the table', async () => {
    // the demo certificates' latest year, and its largest exporter
    const { series } = (await get('/api/statistics/global?year=2019')).json();
    const year = series.filter((row: { exports: { certificates: number } }) => row.exports.certificates > 0).at(-1).year;
    const code = (await get(`/api/statistics/rankings?year=${year}&measure=exports_usd`)).json().rows[0].participant;
    const statistics = (await get(`/api/statistics/participants/${code}?year=${year}`)).json();
    const tables = participantTables(statistics);
    expect(statistics.exports.byPartner.length).toBeGreaterThan(0);
    for (const [table, rows] of Object.entries(tables)) {
      const { workbook, disposition } = await workbookOf(`/api/statistics/participants/${code}?year=${year}&format=xlsx&table=${table}`);
      expect(disposition).toBe(`attachment; filename="kp-statistics-${code}-${year}-${table}.xlsx"`);
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([table]);
      expectSheetMatches(workbook.worksheets[0], rows);
    }
  });

  it('rankings, names in the language asked for', async () => {
    const rankings = (await get('/api/statistics/rankings?year=2019&measure=production_carats&lang=fr')).json();
    const { workbook, disposition } = await workbookOf('/api/statistics/rankings?year=2019&measure=production_carats&lang=fr&format=xlsx');
    expect(disposition).toBe('attachment; filename="kp-statistics-rankings-production_carats-2019.xlsx"');
    expect(rankings.rows.length).toBeGreaterThan(10);
    expectSheetMatches(workbook.worksheets[0], rankings.rows);
  });

  it('is named in the OpenAPI document as a response type, beside JSON and CSV', async () => {
    const document = (await get('/api/openapi.json')).json();
    const operation = document.paths['/api/statistics/global'].get;
    expect(JSON.stringify(operation)).toContain(XLSX_TYPE);
    expect(JSON.stringify(operation)).toContain('text/csv');
  });
});
