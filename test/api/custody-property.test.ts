import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.ts';
import { createTestApp, type TestContext } from '../support/test-database.ts';

/**
 * The stock rule through the real API and database: random production, sales, transfers,
 * corrections and cancellations, recorded by random officials, are each either stored (201) or
 * refused (409), exactly as an independent model of the rule says; and the stock the API reports
 * afterwards is never negative and equals the model's.
 */
let ctx: TestContext;
const { call } = apiClient(() => ctx);
const RECORDERS = ['mines.bw@demo.test', 'exporter.bw@demo.test', 'admin.bw@demo.test'];
const DAYS = 10;
const dayOf = (n: number) => `2026-03-${String(n).padStart(2, '0')}`;
const caratsText = (hundredths: number) => `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;

/** Four actors of the chain, shared by every run; each run licenses fresh sites, so its stocks start empty. */
let actorIds: string[] = [];
let run = 0;

interface ModelEntry {
  id: string;
  kind: 'production' | 'sale' | 'transfer';
  day: number;
  site: string;
  from: string | null;
  to: string;
  hundredths: number;
}

type Step =
  | { type: 'record'; kind: ModelEntry['kind']; from: number; to: number; site: number; day: number; hundredths: number; recorder: number }
  | { type: 'correct'; pick: number; stale: boolean; hundredths: number | null; day: number | null; site: number | null; to: number | null; recorder: number }
  | { type: 'cancel'; pick: number; recorder: number };

const recorder = fc.nat(RECORDERS.length - 1);
const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant('record' as const),
      kind: fc.constantFrom('production' as const, 'production' as const, 'sale' as const, 'transfer' as const),
      from: fc.nat(3),
      to: fc.nat(2),
      site: fc.nat(1),
      day: fc.integer({ min: 1, max: DAYS }),
      hundredths: fc.integer({ min: 1, max: 60_000 }),
      recorder,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('correct' as const),
      pick: fc.nat(),
      stale: fc.boolean(),
      hundredths: fc.option(fc.integer({ min: 1, max: 60_000 })),
      day: fc.option(fc.integer({ min: 1, max: DAYS })),
      site: fc.option(fc.nat(1)),
      to: fc.option(fc.nat(2)),
      recorder,
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('cancel' as const), pick: fc.nat(), recorder }) },
);

/** The rule, independently: every actor's end-of-day balance of every origin, over the entries that count, is at least zero. */
function negativeIn(live: Map<string, ModelEntry>): boolean {
  const sitesUsed = new Set([...live.values()].map((entry) => entry.site));
  for (const actor of actorIds) {
    for (const site of sitesUsed) {
      for (let day = 1; day <= DAYS; day++) {
        let balance = 0;
        for (const entry of live.values()) {
          if (entry.site !== site || entry.day > day) continue;
          if (entry.to === actor) balance += entry.hundredths;
          if (entry.from === actor) balance -= entry.hundredths;
        }
        if (balance < 0) return true;
      }
    }
  }
  return false;
}

/** Another actor than `from`, chosen by `index` among the other three. */
const otherThan = (from: string | null, index: number) => actorIds.filter((id) => id !== from)[index % (from ? 3 : 4)];

async function licenseSite(n: number, letter: string): Promise<string> {
  const response = await call('POST', '/api/participants/BW/sites', 'mines.bw@demo.test', {
    name: `Property site ${n}${letter}`,
    licenceNumber: `PROP-${n}-${letter}`,
    depositType: 'alluvial',
    artisanal: true,
    region: 'Central',
    validFrom: '2026-01-01',
    validUntil: '2030-12-31',
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

beforeAll(async () => {
  ctx = await createTestApp();
  const types = [['miner'], ['cooperative'], ['dealer'], ['dealer', 'exporter']];
  for (const [index, licenceTypes] of types.entries()) {
    const response = await call('POST', '/api/participants/BW/operators', 'mines.bw@demo.test', {
      name: `Property actor ${index}`,
      address: 'Gaborone',
      licenceNumber: `PROP-ACTOR-${index}`,
      licenceTypes,
      validFrom: '2026-01-01',
      validUntil: '2030-12-31',
    });
    expect(response.statusCode, response.body).toBe(201);
    actorIds.push(response.json().id);
  }
});
afterAll(async () => ctx?.close());

describe('stock never goes negative under random sequences of transactions and corrections (API, database)', () => {
  it('stores exactly the steps the model accepts, refuses the others with 409, and reports the model’s stock', async () => {
    const outcomes = { stored: 0, refused: 0, stale: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 25, maxLength: 25 }), async (steps) => {
        run++;
        const sites = [await licenseSite(run, 'A'), await licenseSite(run, 'B')];
        const live = new Map<string, ModelEntry>();
        /** Entries that were corrected or cancelled: correcting them again is refused. */
        const replaced: string[] = [];
        for (const step of steps) {
          const as = RECORDERS[step.recorder];
          if (step.type === 'record') {
            const from = step.kind === 'production' ? null : actorIds[step.from];
            const entry: Omit<ModelEntry, 'id'> = { kind: step.kind, day: step.day, site: sites[step.site], from, to: otherThan(from, step.to), hundredths: step.hundredths };
            const candidate = new Map(live).set('new', { ...entry, id: 'new' });
            const response = await call('POST', '/api/participants/BW/custody/entries', as, {
              kind: entry.kind,
              occurredOn: dayOf(entry.day),
              siteId: entry.site,
              ...(from && { fromOperatorId: from }),
              toOperatorId: entry.to,
              carats: caratsText(entry.hundredths),
              valueUsd: entry.kind === 'sale' ? '100.00' : '0.00',
            });
            if (negativeIn(candidate)) {
              expect(response.statusCode, response.body).toBe(409);
              expect(response.json().code).toBe('STOCK_INSUFFICIENT');
              outcomes.refused++;
            } else {
              expect(response.statusCode, response.body).toBe(201);
              live.set(response.json().id, { ...entry, id: response.json().id });
              outcomes.stored++;
            }
            continue;
          }
          if (step.type === 'correct' && step.stale && replaced.length > 0) {
            const response = await call('POST', `/api/custody/entries/${replaced[step.pick % replaced.length]}/correct`, as, { carats: '1.00', reason: 'stale' });
            expect(response.statusCode, response.body).toBe(409);
            expect(response.json().code).toBe('ENTRY_ALREADY_CORRECTED');
            outcomes.stale++;
            continue;
          }
          const inForce = [...live.values()];
          if (inForce.length === 0) continue;
          const original = inForce[step.pick % inForce.length];
          const candidate = new Map(live);
          candidate.delete(original.id);
          let body: Record<string, unknown>;
          let corrected: Omit<ModelEntry, 'id'> | null = null;
          if (step.type === 'cancel') {
            body = { cancel: true, reason: 'Recorded in error' };
          } else {
            corrected = {
              ...original,
              hundredths: step.hundredths ?? original.hundredths,
              day: step.day ?? original.day,
              site: step.site === null ? original.site : sites[step.site],
              to: step.to === null ? original.to : otherThan(original.from, step.to),
            };
            candidate.set('new', { ...corrected, id: 'new' });
            body = {
              reason: 'Corrected on inspection',
              ...(step.hundredths !== null && { carats: caratsText(step.hundredths) }),
              ...(step.day !== null && { occurredOn: dayOf(step.day) }),
              ...(step.site !== null && { siteId: corrected.site }),
              ...(step.to !== null && { toOperatorId: corrected.to }),
            };
          }
          const response = await call('POST', `/api/custody/entries/${original.id}/correct`, as, body);
          if (negativeIn(candidate)) {
            expect(response.statusCode, response.body).toBe(409);
            expect(response.json().code).toBe('CORRECTION_LEAVES_STOCK_NEGATIVE');
            outcomes.refused++;
          } else {
            expect(response.statusCode, response.body).toBe(201);
            live.delete(original.id);
            replaced.push(original.id);
            if (corrected) live.set(response.json().id, { ...corrected, id: response.json().id });
            outcomes.stored++;
          }
        }

        const stock = await call('GET', '/api/participants/BW/custody/stock', 'stats.bw@demo.test');
        expect(stock.statusCode).toBe(200);
        const reported = new Map<string, string>(
          stock
            .json()
            .filter((line: { siteId: string }) => sites.includes(line.siteId))
            .map((line: { operatorId: string; siteId: string; carats: string }) => [`${line.operatorId}|${line.siteId}`, line.carats]),
        );
        for (const carats of reported.values()) expect(carats.startsWith('-')).toBe(false);
        const expected = new Map<string, number>();
        for (const entry of live.values()) {
          expected.set(`${entry.to}|${entry.site}`, (expected.get(`${entry.to}|${entry.site}`) ?? 0) + entry.hundredths);
          if (entry.from) expected.set(`${entry.from}|${entry.site}`, (expected.get(`${entry.from}|${entry.site}`) ?? 0) - entry.hundredths);
        }
        expect(reported).toEqual(new Map([...expected].filter(([, hundredths]) => hundredths !== 0).map(([key, hundredths]) => [key, caratsText(hundredths)])));
      }),
      // No shrinking: each attempt licenses new sites and replays every step through the database.
      { seed: 20261202, numRuns: 8, endOnFailure: true },
    );
    // The runs exercised both outcomes, not only one of them.
    expect(outcomes.stored).toBeGreaterThan(50);
    expect(outcomes.refused).toBeGreaterThan(20);
    expect(outcomes.stale).toBeGreaterThan(0);
  }, 120_000);
});
