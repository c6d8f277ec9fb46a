import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../src/db/database.ts';
import { createTestApp, loginAs, type TestContext } from '../support/test-database.ts';
import { botswanaDraft, issueThroughApi } from '../support/issue.ts';

/**
 * The statistics totals (migration 0007) are kept by triggers: after every kind of write they must
 * equal the GROUP BY over certificates, parcels and receipts they replace, bucket for bucket.
 */

let ctx: TestContext;
let exporter: string;
let importer: string;

const rows = async (query: ReturnType<typeof sql>) => ((await ctx.deps.db.execute(query)) as unknown as { rows: unknown[] }).rows.map((row) => JSON.stringify(row));

/** What the triggers keep, and the same figures computed from the raw rows, in one order. */
async function totalsAndRaw() {
  const stored = {
    trade: await rows(sql`select year, quarter, participant_code, territory_code, importing_participant, certificates::text, carats::text, value_cents::text
      from trade_totals order by 1, 2, 3, 4, 5`),
    byHsCode: await rows(sql`select year, quarter, participant_code, importing_participant, hs_code, certificates::text, carats::text, value_cents::text
      from trade_totals_by_hs_code order by 1, 2, 3, 4, 5`),
    receipts: await rows(sql`select year, quarter, participant_code, certificates::text, carats::text from receipt_totals order by 1, 2, 3`),
  };
  const raw = {
    trade: await rows(sql`select extract(year from issue_date)::int as year, extract(quarter from issue_date)::int as quarter, participant_code,
        coalesce(territory_code, '') as territory_code, importing_participant, count(*)::text as certificates, sum(total_carats)::text as carats, sum(total_value_cents)::text as value_cents
      from certificates where status in ('issued', 'received') group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`),
    byHsCode: await rows(sql`select extract(year from c.issue_date)::int as year, extract(quarter from c.issue_date)::int as quarter, c.participant_code, c.importing_participant,
        p.hs_code, count(distinct c.id)::text as certificates, sum(p.carats)::text as carats, sum(p.value_cents)::text as value_cents
      from certificates c join certificate_parcels p on p.certificate_id = c.id where c.status in ('issued', 'received') group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`),
    receipts: await rows(sql`select extract(year from r.received_on)::int as year, extract(quarter from r.received_on)::int as quarter, r.participant_code,
        count(*)::text as certificates, sum(r.carats)::text as carats
      from certificate_receipts r join certificates c on c.id = r.certificate_id where c.status in ('issued', 'received') group by 1, 2, 3 order by 1, 2, 3`),
  };
  return { stored, raw };
}

async function expectTotalsEqualRaw() {
  const { stored, raw } = await totalsAndRaw();
  expect(stored).toEqual(raw);
}

const post = async (url: string, cookie: string, payload: Record<string, unknown>) => {
  const response = await ctx.app.inject({ method: 'POST', url, headers: { cookie }, payload });
  if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
  return response.json();
};

beforeAll(async () => {
  ctx = await createTestApp();
  exporter = await loginAs(ctx.app, 'exporter.bw@demo.test');
  importer = await loginAs(ctx.app, 'importer.ae@demo.test');
});
afterAll(async () => ctx?.close());

describe('statistics totals kept by the database', () => {
  it('are empty while no certificate is issued', async () => {
    const { stored } = await totalsAndRaw();
    expect(stored).toEqual({ trade: [], byHsCode: [], receipts: [] });
  });

  it('follow issue, receipt, void and replacement, and count two parcels of one HS code once', async () => {
    const twoOfOneCode = await issueThroughApi(ctx, exporter, {
      parcels: [
        { hsCode: '7102.31', carats: '100.00', valueUsd: '15000.00' },
        { hsCode: '7102.31', carats: '50.25', valueUsd: '7000.10' },
        { hsCode: '7102.10', carats: '7.00', valueUsd: '70.00' },
      ],
    });
    await expectTotalsEqualRaw();
    const byHsCode = await rows(sql`select certificates::int as certificates, carats::text as carats from trade_totals_by_hs_code where hs_code = '7102.31'`);
    expect(byHsCode.map((row) => JSON.parse(row))).toEqual([{ certificates: 1, carats: '15025' }]);

    await post(`/api/certificates/${twoOfOneCode.number}/receipt`, importer, {
      receivedOn: twoOfOneCode.issueDate,
      parcelCount: 3,
      carats: '157.20',
      importerName: 'Almas Rough Trading DMCC',
      exporterName: 'Kalahari',
      sealIntact: true,
    });
    await expectTotalsEqualRaw();

    const toVoid = await issueThroughApi(ctx, exporter);
    await post(`/api/certificates/${toVoid.number}/void`, exporter, { reason: 'shipment cancelled' });
    await expectTotalsEqualRaw();

    const toReplace = await issueThroughApi(ctx, exporter);
    const draft = { ...(await botswanaDraft(ctx)), parcels: [{ hsCode: '7102.21', carats: '999.99', valueUsd: '12345.67' }] };
    await post(`/api/certificates/${toReplace.number}/replace`, exporter, { reason: 'weights corrected', draft });
    await expectTotalsEqualRaw();
  });

  it('follow a direct correction of a certificate row and a statement changing many rows at once', async () => {
    await ctx.deps.db.execute(sql`update certificates set issue_date = issue_date - 400 where status = 'received' and participant_code = 'BW'`);
    await expectTotalsEqualRaw();
    await ctx.deps.db.execute(sql`update certificates set issue_date = issue_date + 400 where status = 'received' and participant_code = 'BW'`);
    await expectTotalsEqualRaw();
    await ctx.deps.db.execute(sql`update certificates set status = 'voided' where status = 'received' and importing_participant = 'AE'`);
    await expectTotalsEqualRaw();
    await ctx.deps.db.execute(sql`update certificates set status = 'received' where status = 'voided' and importing_participant = 'AE' and voided_at is null`);
    await expectTotalsEqualRaw();
  });

  it('are rebuilt by the migration from existing certificates exactly as the triggers keep them', async () => {
    const before = await totalsAndRaw();
    const backfill = fs
      .readFileSync(path.join(MIGRATIONS_FOLDER, '0007_statistics_totals.sql'), 'utf8')
      .split('--> statement-breakpoint')
      .map((statement) => statement.trim())
      .filter((statement) => statement.startsWith('INSERT INTO'));
    expect(backfill).toHaveLength(3);
    await ctx.deps.db.execute(sql`delete from trade_totals`);
    await ctx.deps.db.execute(sql`delete from trade_totals_by_hs_code`);
    await ctx.deps.db.execute(sql`delete from receipt_totals`);
    for (const statement of backfill) await ctx.deps.db.execute(sql.raw(statement));
    expect(await totalsAndRaw()).toEqual(before);
    await expectTotalsEqualRaw();
  });

  it('refuses changing or deleting the parcels a certificate was signed for', async () => {
    await expect(ctx.deps.db.execute(sql`update certificate_parcels set carats = carats + 1`)).rejects.toThrow();
    await expect(ctx.deps.db.execute(sql`delete from certificate_parcels`)).rejects.toThrow();
    await expectTotalsEqualRaw();
  });
});
