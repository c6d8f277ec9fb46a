import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operators, participantStatusEvents } from '../../src/db/schema.ts';
import { settleDueDecisions } from '../../src/decisions/settle-due-decisions.ts';
import { storedState } from '../support/state.ts';
import { apiClient } from '../support/api-client.ts';
import { createTestApp, type TestContext } from '../support/test-database.ts';

/**
 * Decisions by written procedure and in plenary, through the API, with the clock moved past
 * deadlines. Expected counts are worked out here from the register and the positions the test
 * itself takes; the effects are checked where a user meets them: issuing and verifying.
 */
const SUPPORT_PERCENT = 10;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let ctx: TestContext;
let realNow: Date;
const { as, call, at } = apiClient(() => ctx);
const post = async (url: string, email: string | null, payload: unknown) => call('POST', url, email, payload);
const get = async (url: string, email: string | null = null) => call('GET', url, email);
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

/** The participants a written procedure circulates to, read from the public register: counted, and in good standing (or zone-restricted) today. */
async function participantsInGoodStanding(): Promise<string[]> {
  const register = (await get('/api/participants')).json() as { code: string; countedAmongParticipants: boolean; status: string | null }[];
  return register
    .filter((entry) => entry.countedAmongParticipants && (entry.status === 'participant' || entry.status === 'zone_restricted'))
    .map((entry) => entry.code)
    .sort();
}

async function cfDraft() {
  const [berberati] = await ctx.deps.db.select().from(operators).where(eq(operators.licenceNumber, 'CF-BA-2025-0012'));
  return {
    importingParticipant: 'BW',
    exporterId: berberati.id,
    importer: { name: 'Okavango Diamond Company', address: 'Gaborone', licence: 'BW-DL-2024-0001' },
    originCountries: ['CF'],
    parcels: [{ hsCode: '7102.31', carats: '420.00', valueUsd: '105000.00' }],
  };
}
async function bwDraft(importingParticipant: string) {
  const [kalahari] = await ctx.deps.db.select().from(operators).where(eq(operators.licenceNumber, 'BW-DL-2024-0117'));
  return {
    importingParticipant,
    exporterId: kalahari.id,
    importer: { name: 'Importer', address: 'Somewhere', licence: 'X-1' },
    originCountries: ['BW'],
    parcels: [{ hsCode: '7102.31', carats: '100.00', valueUsd: '15000.00' }],
  };
}

const suspension = (deadline: Date, extra: Record<string, unknown> = {}) => ({
  kind: 'written_procedure',
  title: 'Suspension of the Central African Republic',
  body: 'Following the review mission, the Participants decide to suspend the Central African Republic.',
  deadline: deadline.toISOString(),
  effects: [{ type: 'status', participantCode: 'CF', status: 'suspended' }],
  ...extra,
});

beforeAll(async () => {
  ctx = await createTestApp({ writtenProcedureSupportPercent: SUPPORT_PERCENT });
  realNow = new Date();
});
afterAll(async () => ctx?.close());

describe('written procedure', () => {
  let id = '';
  let deadline: Date;
  let cfSeal = '';
  let circulatedTo: string[] = [];

  it('circulates to every participant in good standing, with the support required by the setting', async () => {
    at(realNow);
    deadline = new Date(realNow.getTime() + 2 * DAY);
    const response = await post('/api/decisions', 'chair@demo.test', suspension(deadline));
    expect(response.statusCode).toBe(201);
    const decision = response.json();
    id = decision.id;
    const eligible = await participantsInGoodStanding();
    expect(decision).toMatchObject({ kind: 'written_procedure', status: 'circulating', reference: `WP ${realNow.getUTCFullYear()}/01`, eligible });
    expect(eligible).toContain('CF');
    expect(eligible).not.toContain('TW'); // the Chinese Taipei trading entity never takes part
    circulatedTo = eligible;
    expect(decision.requiredSupport).toBe(Math.max(1, Math.ceil((eligible.length * SUPPORT_PERCENT) / 100)));
    expect(decision.effects).toEqual([{ type: 'status', participantCode: 'CF', status: 'suspended', action: 'suspension', outcome: null }]);
    expect(decision.can).toEqual({ share: true, takePosition: false, comment: true, withdraw: true });

    // the exporter of CAR may still issue while the procedure circulates
    const issued = await ctx.app.inject({ method: 'POST', url: '/api/certificates', headers: { cookie: await as('exporter.cf@demo.test') }, payload: await cfDraft() });
    expect(issued.statusCode).toBe(201);
    cfSeal = issued.json().seal;
  });

  it('takes positions from participants’ administrators only, for their own participant; observers comment', async () => {
    const supporters = ['bw', 'za', 'ru', 'ca', 'ae', 'in'];
    for (const code of supporters) expect((await post(`/api/decisions/${id}/positions`, `admin.${code}@demo.test`, { position: 'support' })).statusCode).toBe(201);
    // a later position replaces an earlier one: the US objects, then supports
    expect((await post(`/api/decisions/${id}/positions`, 'admin.us@demo.test', { position: 'object', comment: 'Awaiting the mission report.' })).statusCode).toBe(201);
    expect((await post(`/api/decisions/${id}/positions`, 'admin.us@demo.test', { position: 'support', comment: 'Report received.' })).statusCode).toBe(201);

    for (const email of ['observer.csc@demo.test', 'exporter.cn@demo.test', 'chair@demo.test', 'admin.cn@demo.test']) await as(email); // signing in is stored too
    const before = await storedState(ctx.deps.db);
    expect((await post(`/api/decisions/${id}/positions`, 'observer.csc@demo.test', { position: 'object' })).json().code).toBe('FORBIDDEN');
    expect((await post(`/api/decisions/${id}/positions`, 'exporter.cn@demo.test', { position: 'object' })).json().code).toBe('FORBIDDEN');
    expect((await post(`/api/decisions/${id}/positions`, 'chair@demo.test', { position: 'support' })).json().code).toBe('FORBIDDEN');
    expect((await post(`/api/decisions/${id}/positions`, null, { position: 'support' })).statusCode).toBe(401);
    expect((await post(`/api/decisions/${id}/positions`, 'admin.cn@demo.test', { position: 'maybe' })).json().code).toBe('VALIDATION_FAILED');
    expect(await storedState(ctx.deps.db)).toEqual(before);

    const commented = await post(`/api/decisions/${id}/comments`, 'observer.csc@demo.test', { body: 'Civil society supports the suspension.', language: 'fr' });
    expect(commented.statusCode).toBe(201);
    expect(commented.json().comments).toEqual([expect.objectContaining({ onBehalfOf: 'CSC', body: 'Civil society supports the suspension.', language: 'fr' })]);

    const seen = (await get(`/api/decisions/${id}`, 'admin.cn@demo.test')).json();
    expect(seen.tally.support).toBe(7);
    expect(seen.tally.objections).toBe(0);
    expect(seen.positions.filter((entry: { participantCode: string }) => entry.participantCode === 'US').map((entry: { position: string }) => entry.position)).toEqual(['object', 'support']);
    expect(seen.can.takePosition).toBe(true);
    // the list tells each administrator where its position is still awaited
    const listed = async (email: string) => (await get('/api/decisions', email)).json().items.find((item: { id: string }) => item.id === id);
    expect((await listed('admin.cn@demo.test')).awaitsYourPosition).toBe(true);
    expect((await listed('admin.bw@demo.test')).awaitsYourPosition).toBe(false);
    expect((await listed('exporter.cn@demo.test')).awaitsYourPosition).toBe(false);
  });

  it('is not public while it circulates', async () => {
    expect((await get(`/api/decisions/${id}`)).statusCode).toBe(404);
    expect((await get('/api/decisions')).json().items.map((item: { id: string }) => item.id)).not.toContain(id);
    expect((await get('/api/decisions', 'observer.wdc@demo.test')).json().items.map((item: { id: string }) => item.id)).toContain(id);
  });

  it('is adopted at the deadline; from its day CAR can no longer issue and others cannot ship to it', async () => {
    const after = new Date(deadline.getTime() + HOUR);
    at(after);
    expect((await post(`/api/decisions/${id}/positions`, 'admin.cn@demo.test', { position: 'object' })).json().code).toBe('DECISION_NOT_CIRCULATING');

    const decided = (await get(`/api/decisions/${id}`)).json();
    const supporters = ['AE', 'BW', 'CA', 'IN', 'RU', 'US', 'ZA'];
    expect(decided).toMatchObject({ status: 'adopted', adoptedOn: dayOf(deadline), effectiveOn: dayOf(deadline), decidedAt: deadline.toISOString() });
    expect(decided.tally).toEqual({ support: 7, objections: 0, silent: decided.eligible.length - 7, detail: null }); // the public sees counts, not who
    expect(decided.positions).toEqual([]);
    expect(decided.comments).toEqual([]);
    expect(decided.effects[0].outcome).toBe('applied');
    expect(decided.eligible).toEqual(circulatedTo);
    expect(decided.eligible).toEqual(circulatedTo);

    const full = (await get(`/api/decisions/${id}`, 'wgm@demo.test')).json();
    expect(full.tally.detail.support).toEqual(supporters);
    expect(full.tally.detail.silent).toEqual(full.eligible.filter((code: string) => !supporters.includes(code)));

    const events = await ctx.deps.db.select().from(participantStatusEvents).where(eq(participantStatusEvents.participantCode, 'CF'));
    expect(events.find((event) => event.status === 'suspended' && event.effectiveOn === dayOf(deadline))?.note).toContain(decided.reference);

    const refused = await ctx.app.inject({ method: 'POST', url: '/api/certificates', headers: { cookie: await as('exporter.cf@demo.test') }, payload: await cfDraft() });
    expect(refused.json()).toMatchObject({ code: 'ISSUER_NOT_IN_GOOD_STANDING' });
    const toCar = await ctx.app.inject({ method: 'POST', url: '/api/certificates', headers: { cookie: await as('exporter.bw@demo.test') }, payload: await bwDraft('CF') });
    expect(toCar.json()).toMatchObject({ code: 'DESTINATION_NOT_IN_GOOD_STANDING' });

    // the certificate CAR issued before the effective date still verifies as issued in good standing
    const verified = (await ctx.app.inject({ method: 'POST', url: '/api/verify', payload: { qr: cfSeal } })).json();
    expect(verified.checks.find((check: { check: string }) => check.check === 'issuer_standing')).toMatchObject({ status: 'VALID', reason: 'issuer_in_good_standing' });
    // and the register shows the suspension
    expect((await get('/api/participants/CF')).json().status).toBe('suspended');
  });

  it('a plenary decision readmits CAR from its effective date', async () => {
    const today = ctx.deps.now();
    const response = await post('/api/decisions', 'chair@demo.test', {
      kind: 'plenary',
      title: 'Readmission of the Central African Republic',
      body: 'The Plenary lifts the suspension.',
      meeting: 'Extraordinary Plenary (test)',
      communique: 'Communiqué of the extraordinary Plenary',
      adoptedOn: dayOf(today),
      effectiveOn: dayOf(today),
      effects: [{ type: 'status', participantCode: 'CF', status: 'participant' }],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ status: 'adopted', reference: `AD ${today.getUTCFullYear()}/01`, effects: [{ action: 'readmission', outcome: 'applied' }] });
    const issued = await ctx.app.inject({ method: 'POST', url: '/api/certificates', headers: { cookie: await as('exporter.cf@demo.test') }, payload: await cfDraft() });
    expect(issued.statusCode).toBe(201);
    expect((await get('/api/decisions?participant=CF')).json().items.map((item: { status: string }) => item.status)).toEqual(['adopted', 'adopted']);
  });
});

describe('what blocks a written procedure', () => {
  const procedure = async (title: string, deadline: Date) => {
    const response = await post('/api/decisions', 'chair@demo.test', { kind: 'written_procedure', title, body: 'Text.', deadline: deadline.toISOString() });
    expect(response.statusCode).toBe(201);
    return response.json().id as string;
  };

  it('one objection blocks it, whatever the support; too little support leaves it not adopted; both are published to members', async () => {
    at(realNow);
    const deadline = new Date(realNow.getTime() + DAY);
    const blocked = await procedure('Blocked by one objection', deadline);
    const quiet = await procedure('Too little support', deadline);
    for (const code of ['bw', 'za', 'ru', 'ca', 'ae', 'in', 'us']) await post(`/api/decisions/${blocked}/positions`, `admin.${code}@demo.test`, { position: 'support' });
    await post(`/api/decisions/${blocked}/positions`, 'admin.cn@demo.test', { position: 'object', comment: 'Not acceptable.' });
    await post(`/api/decisions/${quiet}/positions`, 'admin.bw@demo.test', { position: 'support' });

    at(new Date(deadline.getTime() + 1));
    const settled = await settleDueDecisions(ctx.deps);
    expect(settled).toHaveLength(2);
    const one = (await get(`/api/decisions/${blocked}`, 'chair@demo.test')).json();
    expect(one.status).toBe('blocked');
    expect(one.tally.detail).toMatchObject({ objections: ['CN'], support: ['AE', 'BW', 'CA', 'IN', 'RU', 'US', 'ZA'] });
    const two = (await get(`/api/decisions/${quiet}`, 'chair@demo.test')).json();
    expect(two.status).toBe('not_adopted');
    expect(two.tally.support).toBeLessThan(two.requiredSupport);
    // settling again changes nothing
    const before = await storedState(ctx.deps.db);
    expect(await settleDueDecisions(ctx.deps)).toEqual([]);
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });

  it('the participant concerned cannot block its own suspension when the setting says so', async () => {
    ctx.deps.config.concernedParticipantMayBlock = false;
    try {
      at(realNow);
      const deadline = new Date(realNow.getTime() + 3 * DAY);
      const response = await post('/api/decisions', 'chair@demo.test', {
        ...suspension(deadline),
        title: 'Suspension of Angola (test)',
        effects: [{ type: 'status', participantCode: 'AO', status: 'suspended' }],
        effectiveOn: dayOf(new Date(deadline.getTime() + 2 * DAY)),
      });
      const id = response.json().id;
      for (const code of ['bw', 'za', 'ru', 'ca', 'ae', 'in']) await post(`/api/decisions/${id}/positions`, `admin.${code}@demo.test`, { position: 'support' });
      await post(`/api/decisions/${id}/positions`, 'admin.ao@demo.test', { position: 'object' });
      at(new Date(deadline.getTime() + HOUR));
      const decided = (await get(`/api/decisions/${id}`, 'admin.ao@demo.test')).json();
      expect(decided.status).toBe('adopted');
      expect(decided.tally.detail).toMatchObject({ objections: [], objectionsNotBlocking: ['AO'] });
      // it takes effect on the later date it names, not at the deadline
      expect(decided.effectiveOn).toBe(dayOf(new Date(deadline.getTime() + 2 * DAY)));
      expect((await get('/api/participants/AO')).json().status).toBe('participant');
    } finally {
      ctx.deps.config.concernedParticipantMayBlock = true;
    }
  });

  it('the Chair may withdraw a procedure before its deadline; then nobody can take a position', async () => {
    at(realNow);
    const id = await procedure('To be withdrawn', new Date(realNow.getTime() + DAY));
    expect((await post(`/api/decisions/${id}/withdraw`, 'admin.bw@demo.test', { note: 'no' })).json().code).toBe('FORBIDDEN');
    expect((await post(`/api/decisions/${id}/withdraw`, 'chair@demo.test', { note: 'Superseded.' })).json()).toMatchObject({ status: 'withdrawn', withdrawalNote: 'Superseded.' });
    expect((await post(`/api/decisions/${id}/positions`, 'admin.bw@demo.test', { position: 'support' })).json()).toMatchObject({ code: 'DECISION_NOT_CIRCULATING' });
  });
});

describe('refused decisions store nothing', () => {
  it('refuses an impossible effect, a past deadline, inconsistent plenary dates, and anyone but the Chair', async () => {
    at(realNow);
    for (const email of ['chair@demo.test', 'wgm@demo.test']) await as(email);
    const before = await storedState(ctx.deps.db);
    const tomorrow = new Date(realNow.getTime() + DAY);
    const unchanged = await post('/api/decisions', 'chair@demo.test', suspension(tomorrow, { effects: [{ type: 'status', participantCode: 'BW', status: 'participant' }] }));
    expect(unchanged.json()).toMatchObject({ code: 'DECISION_EFFECT_INVALID', details: { participant: 'BW', reason: 'status_unchanged' } });
    const unknown = await post('/api/decisions', 'chair@demo.test', suspension(tomorrow, { effects: [{ type: 'status', participantCode: 'QQ', status: 'suspended' }] }));
    expect(unknown.json()).toMatchObject({ code: 'DECISION_EFFECT_INVALID', details: { participant: 'QQ', reason: 'unknown_participant' } });
    const twice = await post('/api/decisions', 'chair@demo.test', suspension(tomorrow, { effects: [{ type: 'status', participantCode: 'ZA', status: 'suspended' }, { type: 'status', participantCode: 'ZA', status: 'removed' }] }));
    expect(twice.json()).toMatchObject({ code: 'DECISION_EFFECT_INVALID', details: { participant: 'ZA', reason: 'duplicate' } });
    expect((await post('/api/decisions', 'chair@demo.test', suspension(new Date(realNow.getTime() - HOUR)))).json()).toMatchObject({ code: 'DECISION_DATE_INVALID', details: { reason: 'deadline_passed' } });
    const plenary = { kind: 'plenary', title: 'T', body: 'B', meeting: 'M', communique: 'C', adoptedOn: dayOf(realNow), effectiveOn: dayOf(new Date(realNow.getTime() - 2 * DAY)) };
    expect((await post('/api/decisions', 'chair@demo.test', plenary)).json()).toMatchObject({ code: 'DECISION_DATE_INVALID', details: { reason: 'effective_before_adopted' } });
    expect((await post('/api/decisions', 'wgm@demo.test', suspension(tomorrow))).json().code).toBe('FORBIDDEN');
    expect((await post('/api/decisions', 'chair@demo.test', { ...suspension(tomorrow), deadline: 'next week' })).json().code).toBe('VALIDATION_FAILED');
    const french = await ctx.app.inject({
      method: 'POST',
      url: '/api/decisions',
      headers: { cookie: await as('chair@demo.test'), 'accept-language': 'fr' },
      payload: suspension(tomorrow, { effects: [{ type: 'status', participantCode: 'BW', status: 'participant' }] }),
    });
    expect(french.json().message).toContain('La décision ne peut pas modifier le statut de BW');
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });
});
