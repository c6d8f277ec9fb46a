import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, productionReturns, statisticsImports } from '../../src/db/schema.ts';
import { storedState } from '../support/state.ts';
import { createTestApp, loginAs, type TestContext } from '../support/test-database.ts';

const KP_DIR = 'reference-data/kp-production';
const SEMIANNUAL = fs.readFileSync(`${KP_DIR}/production_semiannual_kpdb.csv`, 'utf8');

let ctx: TestContext;
let statsBw: string;
let statsZa: string;
let adminBw: string;
let exporterBw: string;
let wgs: string;
let chair: string;

const at = (iso: string) => {
  ctx.deps.now = () => new Date(iso);
};

beforeAll(async () => {
  ctx = await createTestApp();
  [statsBw, statsZa, adminBw, exporterBw, wgs, chair] = await Promise.all(
    ['stats.bw@demo.test', 'stats.za@demo.test', 'admin.bw@demo.test', 'exporter.bw@demo.test', 'wgs@demo.test', 'chair@demo.test'].map((email) => loginAs(ctx.app, email)),
  );
});
afterAll(async () => ctx?.close());

const submit = (code: string, body: unknown, cookie = statsBw, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url: `/api/participants/${code}/production`, headers: { cookie, ...headers }, payload: body as object });
const get = (url: string, cookie?: string) => ctx.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

const h1of2024 = { year: 2024, half: 1, reportType: 'production', carats: '12000000.50', valueUsd: '1500000000.00' };

describe('submitting half-year production', () => {
  it('a return is version 1; a correction with a note is version 2; the history keeps both and the latest is in force', async () => {
    at('2025-02-01T09:00:00Z');
    const first = await submit('BW', { ...h1of2024, lsm: { carats: '11000000.50', valueUsd: '1400000000.00' }, asm: { carats: '1000000.00', valueUsd: '100000000.00' } });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ participantCode: 'BW', year: 2024, half: 1, version: 1, source: 'submission', carats: '12000000.50', usdPerCarat: '125.00' });
    expect(first.json().lsm).toEqual({ carats: '11000000.50', valueUsd: '1400000000.00' });

    at('2025-03-01T09:00:00Z');
    const correction = await submit('BW', { ...h1of2024, carats: '12100000.00', note: 'Jwaneng tailings re-treatment left out of the first return' });
    expect(correction.statusCode).toBe(201);
    expect(correction.json()).toMatchObject({ version: 2, carats: '12100000.00', asm: null, lsm: null });

    const inForce = (await get('/api/participants/BW/production?year=2024')).json();
    expect(inForce.returns).toHaveLength(1);
    expect(inForce.returns[0]).toMatchObject({ version: 2, carats: '12100000.00', valueUsd: '1500000000.00', usdPerCarat: '123.97', source: 'submission' });

    const history = (await get('/api/participants/BW/production/2024/1/history', statsBw)).json();
    expect(history.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(history.versions[0]).toMatchObject({ carats: '12000000.50', note: null, submittedBy: 'stats.bw@demo.test', submittedAt: '2025-02-01T09:00:00.000Z' });
    expect(history.versions[1]).toMatchObject({ note: 'Jwaneng tailings re-treatment left out of the first return', submittedAt: '2025-03-01T09:00:00.000Z' });

    const audit = await ctx.deps.db.select().from(auditLog).where(eq(auditLog.entityId, 'BW-2024-H1'));
    expect(audit.map((entry) => entry.action)).toEqual(['production.submitted', 'production.corrected']);
  });

  it('a no-production return is zero, not missing, and the participant administrator may submit it', async () => {
    at('2025-02-01T09:00:00Z');
    const response = await submit('BW', { year: 2023, half: 2, reportType: 'no_production', carats: '0', valueUsd: '0.00' }, adminBw);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ reportType: 'no_production', carats: '0.00', valueUsd: '0.00', usdPerCarat: null });
  });

  const refusals: [string, Record<string, unknown>, string][] = [
    ['a half-year that has not ended', { ...h1of2024, year: 2025, half: 1 }, 'PRODUCTION_PERIOD_NOT_ENDED'],
    ['a year before the KPCS', { ...h1of2024, year: 2002 }, 'PRODUCTION_PERIOD_BEFORE_SCHEME'],
    ['no production with carats', { ...h1of2024, year: 2022, reportType: 'no_production', carats: '5.00', valueUsd: '0.00' }, 'NO_PRODUCTION_NOT_ZERO'],
    ['no production with a non-zero part', { ...h1of2024, year: 2022, reportType: 'no_production', carats: '0', valueUsd: '0', asm: { carats: '1.00', valueUsd: '0' } }, 'NO_PRODUCTION_NOT_ZERO'],
    ['parts that do not add up', { ...h1of2024, year: 2022, asm: { carats: '1.00', valueUsd: '1.00' }, lsm: { carats: '12000000.00', valueUsd: '1499999999.00' } }, 'PRODUCTION_SPLIT_MISMATCH'],
    ['a part larger than the total', { ...h1of2024, year: 2022, lsm: { carats: '12000001.00', valueUsd: '1.00' } }, 'PRODUCTION_PART_EXCEEDS_TOTAL'],
    ['a negative amount', { ...h1of2024, year: 2022, carats: '-5.00' }, 'PRODUCTION_AMOUNT_NEGATIVE'],
    ['three decimals', { ...h1of2024, year: 2022, valueUsd: '10.005' }, 'PRODUCTION_AMOUNT_TOO_PRECISE'],
    ['a non-number', { ...h1of2024, year: 2022, carats: '12 million' }, 'PRODUCTION_AMOUNT_INVALID'],
    ['a correction without a note', { ...h1of2024 }, 'CORRECTION_NOTE_REQUIRED'],
  ];
  for (const [what, body, code] of refusals) {
    it(`refuses ${what} with ${code} and stores nothing`, async () => {
      at('2025-03-15T09:00:00Z');
      const before = await storedState(ctx.deps.db);
      const response = await submit('BW', body);
      expect(response.statusCode).toBe(422);
      expect(response.json().code).toBe(code);
      expect(response.json().message).not.toContain('errors.');
      expect(await storedState(ctx.deps.db)).toEqual(before);
    });
  }

  it('explains a refusal in the reader’s language', async () => {
    at('2025-03-15T09:00:00Z');
    const response = await submit('BW', { ...h1of2024 }, statsBw, { 'accept-language': 'fr' });
    expect(response.json()).toMatchObject({ code: 'CORRECTION_NOTE_REQUIRED' });
    expect(response.json().message).toContain('version 2');
    expect(response.json().message).toContain('correction doit être accompagnée');
  });

  it('only the participant’s statistics officer or administrator submits; others are refused and nothing is written', async () => {
    at('2025-03-15T09:00:00Z');
    const before = await storedState(ctx.deps.db);
    const body = { ...h1of2024, year: 2021 };
    expect((await submit('BW', body, statsZa)).statusCode).toBe(403);
    expect((await submit('BW', body, exporterBw)).statusCode).toBe(403);
    expect((await submit('BW', body, wgs)).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/participants/BW/production', payload: body })).statusCode).toBe(401);
    expect((await submit('XX', body)).statusCode).toBe(404);
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });

  it('figures are public; the history is for the participant, the Chair, WGS and WGM, and looks absent to others', async () => {
    expect((await get('/api/participants/BW/production')).statusCode).toBe(200);
    expect((await get('/api/participants/BW/production/2024/1/history', chair)).statusCode).toBe(200);
    expect((await get('/api/participants/BW/production/2024/1/history', wgs)).statusCode).toBe(200);
    expect((await get('/api/participants/BW/production/2024/1/history', exporterBw)).statusCode).toBe(200);
    expect((await get('/api/participants/BW/production/2024/1/history', statsZa)).json().code).toBe('NOT_FOUND');
    expect((await get('/api/participants/BW/production/2024/1/history', await loginAs(ctx.app, 'observer.wdc@demo.test'))).statusCode).toBe(404);
    expect((await get('/api/participants/BW/production/2024/1/history')).statusCode).toBe(401);
    expect((await get('/api/participants/BW/production/2019/2/history', statsBw)).statusCode).toBe(404);
  });
});

describe('returns missing after the deadline', () => {
  const missing = async () => (await get('/api/production/missing?year=2010&half=1')).json();

  it('lists nobody before the deadline, then participants in good standing without a return; a late return is shown as late', async () => {
    at('2010-09-01T10:00:00Z');
    const early = await missing();
    expect(early).toMatchObject({ year: 2010, half: 1, deadline: '2010-09-28', deadlinePassed: false, missing: [] });
    expect((await submit('BW', { year: 2010, half: 1, reportType: 'production', carats: '15000000.00', valueUsd: '1000000000.00' })).statusCode).toBe(201);

    at('2010-09-28T23:00:00Z');
    expect((await missing()).deadlinePassed).toBe(false);

    at('2010-10-15T10:00:00Z');
    expect((await submit('ZA', { year: 2010, half: 1, reportType: 'production', carats: '4000000.00', valueUsd: '600000000.00' }, statsZa)).statusCode).toBe(201);

    at('2010-10-20T10:00:00Z');
    const after = await missing();
    expect(after.deadlinePassed).toBe(true);
    const codes = after.missing.map((entry: { participantCode: string }) => entry.participantCode);
    expect(codes).not.toContain('BW');
    expect(codes).toContain('NA');
    expect(codes).toContain('AO');
    expect(codes).not.toContain('VE'); // self-suspended from 2008-06 to 2016-11
    expect(after.missing.find((entry: { participantCode: string }) => entry.participantCode === 'ZA')).toMatchObject({ returnedLateOn: '2010-10-15' });
    expect(after.missing.find((entry: { participantCode: string }) => entry.participantCode === 'AO')).toMatchObject({ returnedLateOn: null, name: 'Angola' });

    // the public list downloads as CSV, one row per participant, names in the language asked for
    const csv = await get('/api/production/missing?year=2010&half=1&format=csv&lang=fr');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('year,half,deadline,participantCode,name,returnedLateOn');
    expect(lines.slice(1)).toHaveLength(after.missing.length);
    expect(lines).toContain('2010,1,2010-09-28,ZA,Afrique du Sud,2010-10-15');
    const xlsx = await get('/api/production/missing?year=2010&half=1&format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('the deadline is a setting (PRODUCTION_DEADLINE_DAYS)', async () => {
    const days = ctx.deps.config.productionDeadlineDays;
    ctx.deps.config.productionDeadlineDays = 30;
    try {
      at('2010-08-15T10:00:00Z');
      expect((await missing()).deadline).toBe('2010-07-30');
      expect((await missing()).deadlinePassed).toBe(true);
    } finally {
      ctx.deps.config.productionDeadlineDays = days;
    }
  });

  it('a participant that was suspended for part of the half-year still owes its return', async () => {
    at('2014-01-01T10:00:00Z');
    const body = await (await get('/api/production/missing?year=2013&half=1')).json();
    expect(body.missing.map((entry: { participantCode: string }) => entry.participantCode)).toContain('CF');
    const later = await (await get('/api/production/missing?year=2014&half=1')).json();
    expect(later.deadlinePassed).toBe(false);
  });
});

/** "1234.56" → 123456n, straight from the text of the file. */
const units = (text: string) => BigInt(text.replace('.', ''));

/** Minimal RFC 4180 reader for the test's own, independent sums. */
function csvRecords(text: string): Record<string, string>[] {
  const lines = text.trim().split('\n');
  const split = (line: string) => [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => m[1].replace(/^"|"$/g, '').replace(/""/g, '"'));
  const header = split(lines[0]);
  return lines.slice(1).map((line) => Object.fromEntries(split(line).map((value, i) => [header[i], value])));
}

describe('historic statistics import', () => {
  let imports: TestContext;
  let wgsCookie: string;
  const send = (body: Record<string, unknown>, cookie = wgsCookie) => imports.app.inject({ method: 'POST', url: '/api/statistics/imports', headers: { cookie }, payload: body });

  beforeAll(async () => {
    imports = await createTestApp();
    imports.deps.now = () => new Date('2025-04-01T00:00:00Z');
    wgsCookie = await loginAs(imports.app, 'wgs@demo.test');
  });
  afterAll(async () => imports?.close());

  it('refuses anyone but the Chair and WGS, and stores nothing', async () => {
    const statsBwCookie = await loginAs(imports.app, 'stats.bw@demo.test');
    const before = await storedState(imports.deps.db);
    expect((await send({ fileName: 'p.csv', csv: SEMIANNUAL }, statsBwCookie)).statusCode).toBe(403);
    expect((await imports.app.inject({ method: 'POST', url: '/api/statistics/imports', payload: { fileName: 'p.csv', csv: SEMIANNUAL } })).statusCode).toBe(401);
    expect(await storedState(imports.deps.db)).toEqual(before);
  });

  it('a dry run reports what would be stored and stores nothing', async () => {
    const before = await storedState(imports.deps.db);
    const response = await send({ fileName: 'production_semiannual_kpdb.csv', csv: SEMIANNUAL, dryRun: true });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ dryRun: true, importId: null, rows: 1529, returns: 1455, stored: 1455 });
    expect(await storedState(imports.deps.db)).toEqual(before);
  });

  it('imports the real KP file: yearly totals equal the KP global figures, Namibia included, LSM and ASM combined', async () => {
    const response = await send({ fileName: 'production_semiannual_kpdb.csv', csv: SEMIANNUAL });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ rows: 1529, returns: 1455, stored: 1455, corrections: 0, skipped: 0, identicalDuplicates: 4, years: { from: 2003, to: 2024 } });
    expect(response.json().formerParticipantNilRows).toHaveLength(24);

    // Independently of the import: the file's own 2012 rows add up to the KP global figure for 2012.
    const global = new Map(csvRecords(fs.readFileSync(`${KP_DIR}/global_production_kpdb.csv`, 'utf8')).map((row) => [row.year, row]));
    const rows2012 = csvRecords(SEMIANNUAL).filter((row) => row.year === '2012');
    expect(rows2012.reduce((sum, row) => sum + units(row.carats), 0n)).toBe(units(global.get('2012')!.production_carats));

    const stored = await imports.deps.db.execute(sql`
      select year, sum(carats)::text as carats, sum(value_cents)::text as value from production_returns p
      where version = (select max(version) from production_returns q where q.participant_code = p.participant_code and q.year = p.year and q.half = p.half)
      group by year order by year`);
    const byYear = (stored as unknown as { rows: { year: number; carats: string; value: string }[] }).rows;
    expect(byYear).toHaveLength(global.size);
    for (const row of byYear) {
      const kp = global.get(String(row.year))!;
      expect({ year: row.year, carats: BigInt(row.carats), value: BigInt(row.value) }).toEqual({ year: row.year, carats: units(kp.production_carats), value: units(kp.production_usd) });
    }

    const namibia = (await imports.app.inject({ method: 'GET', url: '/api/participants/NA/production?year=2003' })).json();
    expect(namibia.returns.map((r: { carats: string }) => r.carats)).toEqual(['655146.00', '722459.94']);

    const split = csvRecords(SEMIANNUAL).filter((row) => row.iso2 === 'SL' && row.year === '2020' && row.half === '1');
    expect(split.map((row) => row.production_type).sort()).toEqual(['ASM', 'LSM']);
    const sierraLeone = (await imports.app.inject({ method: 'GET', url: '/api/participants/SL/production?year=2020' })).json().returns[0];
    const part = (type: string) => split.find((row) => row.production_type === type)!;
    expect(sierraLeone).toMatchObject({ source: 'import', version: 1, asm: { carats: part('ASM').carats, valueUsd: part('ASM').usd }, lsm: { carats: part('LSM').carats, valueUsd: part('LSM').usd } });
    expect(units(sierraLeone.carats)).toBe(units(part('ASM').carats) + units(part('LSM').carats));

    const [record] = await imports.deps.db.select().from(statisticsImports);
    expect(record).toMatchObject({ fileName: 'production_semiannual_kpdb.csv', rows: 1529, returns: 1455, importedBy: 'wgs@demo.test' });
    const audit = await imports.deps.db.select().from(auditLog).where(eq(auditLog.action, 'statistics.imported'));
    expect(audit).toHaveLength(1);
  });

  it('importing the same figures again creates no new versions; a changed figure becomes the next version', async () => {
    const count = async () => (await imports.deps.db.select({ n: sql<number>`count(*)::int` }).from(productionReturns))[0].n;
    const before = await count();
    const again = await send({ fileName: 'production_semiannual_kpdb.csv', csv: SEMIANNUAL });
    expect(again.json()).toMatchObject({ stored: 0, skipped: 1455 });
    expect(await count()).toBe(before);

    const revised = SEMIANNUAL.replace('2012,1,Botswana,BW,Production,Production,', '2012,1,Botswana,BW,Production,Production,1');
    const corrected = await send({ fileName: 'revised.csv', csv: revised });
    expect(corrected.json()).toMatchObject({ stored: 1, corrections: 1, skipped: 1454 });
    const history = (await imports.app.inject({ method: 'GET', url: '/api/participants/BW/production/2012/1/history', headers: { cookie: wgsCookie } })).json();
    expect(history.versions.map((v: { version: number; source: string }) => [v.version, v.source])).toEqual([[1, 'import'], [2, 'import']]);
    expect(history.versions[1].note).toMatch(/^revised\.csv, line \d+$/);
  });

  it('a file with bad rows is refused whole, with every line number and reason; nothing is stored', async () => {
    const before = await storedState(imports.deps.db);
    const csv = [
      'year,half,participant,iso2,report_type,production_type,carats,usd,created,last_modified,repeated_key',
      '2019,1,Botswana,BW,Production,Production,100.00,200.00,,,',
      '2019,1,Nowhere,XX,Production,Production,100.00,200.00,,,',
      'MMXIX,1,Angola,AO,Production,Production,100.00,200.00,,,',
      '2019,3,Angola,AO,Production,Production,100.00,200.00,,,',
      '2019,2,Angola,AO,Production,Production,-100.00,200.00,,,',
      '2019,2,Canada,CA,Production,Production,abc,1.234,,,',
      '2019,1,Botswana,BW,Production,Production,101.00,200.00,,,',
      '2030,1,Namibia,NA,Production,Production,1.00,1.00,,,',
      '2019,1,Armenia,AM,No Production,,3.00,0.00,,,',
      '"2019","1","Congo, Republic of",CG,Production,Production,5.00,6.00,,,',
    ].join('\n');
    const response = await send({ fileName: 'bad.csv', csv });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('IMPORT_ROWS_INVALID');
    const problems = response.json().details.errors.map((e: { line: number; reason: string; otherLine?: number }) => [e.line, e.reason, e.otherLine]);
    expect(problems).toEqual([
      [3, 'unknown_participant', undefined],
      [4, 'bad_year', undefined],
      [5, 'bad_half', undefined],
      [6, 'negative', undefined],
      [7, 'not_a_number', undefined],
      [7, 'too_precise', undefined],
      [8, 'conflicting_duplicate', 2],
      [9, 'future_half_year', undefined],
      [10, 'no_production_not_zero', undefined],
    ]);
    expect(await storedState(imports.deps.db)).toEqual(before);
  });

  it('imports an XLSX workbook; its line numbers are sheet rows', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Production');
    sheet.addRow(['year', 'half', 'participant', 'iso2', 'report_type', 'production_type', 'carats', 'usd']);
    sheet.addRow([2002 + 22, 1, 'Namibia', 'NA', 'Production', 'LSM', 1000000.25, 500000000]);
    sheet.addRow([2024, 1, 'Namibia', 'NA', 'Production', 'ASM', '2500.00', '1000000.50']);
    sheet.addRow([2024, 1, 'Armenia', 'AM', 'No Production', '', 0, 0]);
    const base64 = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
    const response = await send({ fileName: 'production-2024.xlsx', xlsxBase64: base64 });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ rows: 3, returns: 2 });
    const namibia = (await imports.app.inject({ method: 'GET', url: '/api/participants/NA/production?year=2024' })).json().returns.find((r: { half: number }) => r.half === 1);
    expect(namibia).toMatchObject({ carats: '1002500.25', valueUsd: '501000000.50', lsm: { carats: '1000000.25', valueUsd: '500000000.00' }, asm: { carats: '2500.00', valueUsd: '1000000.50' } });

    sheet.addRow([2024, 1, 'Atlantis', 'QQ', 'Production', 'LSM', 1, 1]);
    const bad = await send({ fileName: 'bad.xlsx', xlsxBase64: Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64') });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().details.errors).toEqual([{ line: 5, reason: 'unknown_participant', column: 'iso2', value: 'QQ' }]);
    const garbage = await send({ fileName: 'x.xlsx', xlsxBase64: Buffer.from('not a workbook').toString('base64') });
    expect(garbage.json().code).toBe('IMPORT_FILE_UNREADABLE');
  });
});
