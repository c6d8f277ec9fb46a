import { eq } from 'drizzle-orm';
import { operators } from '../../src/db/schema.ts';
import type { TestContext } from './test-database.ts';

/** A Botswana → UAE draft with a licensed demo exporter, as an exporting officer would submit it. */
export async function botswanaDraft(ctx: TestContext, overrides: Record<string, unknown> = {}) {
  const [kalahari] = await ctx.deps.db.select().from(operators).where(eq(operators.licenceNumber, 'BW-DL-2024-0117'));
  return {
    importingParticipant: 'AE',
    exporterId: kalahari.id,
    importer: { name: 'Almas Rough Trading DMCC', address: 'Almas Tower, Dubai', licence: 'AE-DMCC-2024-5531' },
    originCountries: ['BW'],
    parcels: [
      { hsCode: '7102.31', carats: '3120.45', valueUsd: '468067.50' },
      { hsCode: '7102.21', carats: '1210.00', valueUsd: '24200.00' },
    ],
    seals: ['GAB-778812'],
    ...overrides,
  };
}

/** Issues a certificate through the API and returns its detail (number, seal, credential, content…). */
export async function issueThroughApi(ctx: TestContext, cookie: string, overrides: Record<string, unknown> = {}) {
  const response = await ctx.app.inject({ method: 'POST', url: '/api/certificates', headers: { cookie }, payload: await botswanaDraft(ctx, overrides) });
  if (response.statusCode !== 201) throw new Error(`issue failed: ${response.statusCode} ${response.body}`);
  return response.json();
}
