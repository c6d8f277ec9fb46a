import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embargoMeasures, kpBodies, notifications, operators, users } from '../../src/db/schema.ts';
import { apiClient } from '../support/api-client.ts';
import { botswanaDraft } from '../support/issue.ts';
import { seedMonitoringTeam } from '../support/monitoring-team.ts';
import { storedState } from '../support/state.ts';
import { createTestApp, type TestContext } from '../support/test-database.ts';

/**
 * Zone-restricted exports (the Central African Republic 2015–2024): a plenary decision puts CF
 * under zone restriction and lists a compliant zone; CF then certifies only from that zone, each
 * shipment waiting for its monitoring team. Embargoes imposed and lifted by decision and by the
 * Chair. Everything goes through the API, as users meet it.
 */
const DAY = 86_400_000;
let ctx: TestContext;
let realNow: Date;
const { as, call, at } = apiClient(() => ctx);
/** Signs the accounts in first, so that only the refused request could change the stored state. */
const stateAfterSigningIn = async (...emails: string[]) => {
  for (const email of emails) await as(email);
  return storedState(ctx.deps.db);
};
const post = (url: string, email: string | null, payload: unknown) => call('POST', url, email, payload);
const get = (url: string, email: string | null = null) => call('GET', url, email);
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

async function cfDraft(overrides: Record<string, unknown> = {}) {
  const [berberati] = await ctx.deps.db.select().from(operators).where(eq(operators.licenceNumber, 'CF-BA-2025-0012'));
  return {
    importingParticipant: 'BW',
    exporterId: berberati.id,
    importer: { name: 'Okavango Diamond Company', address: 'Gaborone', licence: 'BW-DL-2024-0001' },
    originCountries: ['CF'],
    parcels: [{ hsCode: '7102.31', carats: '420.00', valueUsd: '105000.00' }],
    ...overrides,
  };
}

const receiptOf = (receivedOn: string) => ({
  receivedOn,
  parcelCount: 1,
  carats: '420.00',
  importerName: 'Okavango Diamond Company',
  exporterName: 'Bureau d’achat Berbérati (démo)',
  sealIntact: true,
});

const checkOf = (result: { checks: { check: string; status: string; reason: string }[] }, name: string) => result.checks.find((check) => check.check === name);

beforeAll(async () => {
  ctx = await createTestApp({}, { demo: true });
  realNow = new Date();
  await seedMonitoringTeam(ctx.deps.db, { code: 'MT-CF', subject: 'CF', members: ['admin.za@demo.test', 'wgm@demo.test'], since: '2026-01-01' });
});
afterAll(async () => ctx?.close());

describe('zone restriction by decision', () => {
  let zoneId = '';
  let decisionId = '';

  it('refuses a compliant zone for a participant that is not zone-restricted, and changes nothing', async () => {
    at(realNow);
    const before = await stateAfterSigningIn('chair@demo.test');
    const response = await post('/api/decisions', 'chair@demo.test', {
      kind: 'plenary',
      title: 'Zones of Botswana',
      body: 'Not a zone-restricted participant.',
      meeting: 'Intersessional',
      communique: 'Communiqué',
      adoptedOn: dayOf(realNow),
      effectiveOn: dayOf(realNow),
      effects: [{ type: 'compliant_zone', participantCode: 'BW', zone: { name: 'Orapa' } }],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'DECISION_EFFECT_INVALID', details: { participant: 'BW', reason: 'not_zone_restricted' } });
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });

  it('puts CF under zone restriction and lists its compliant zone, with the decision as legal basis', async () => {
    const response = await post('/api/decisions', 'chair@demo.test', {
      kind: 'plenary',
      title: 'Administrative decision on the Central African Republic',
      body: 'Exports resume from compliant zones, each shipment approved by the monitoring team.',
      meeting: 'Plenary, Luanda',
      communique: 'Final communiqué',
      adoptedOn: dayOf(realNow),
      effectiveOn: dayOf(realNow),
      effects: [
        { type: 'status', participantCode: 'CF', status: 'zone_restricted' },
        { type: 'compliant_zone', participantCode: 'CF', zone: { name: 'Berbérati', description: 'Sous-préfecture de Berbérati' } },
      ],
    });
    expect(response.statusCode).toBe(201);
    const decision = response.json();
    decisionId = decision.id;
    expect(decision.effects).toEqual([
      expect.objectContaining({ type: 'status', participantCode: 'CF', action: 'zone_restriction', outcome: 'applied' }),
      expect.objectContaining({ type: 'compliant_zone', participantCode: 'CF', action: 'zone_listing', outcome: 'applied' }),
    ]);
    const zones = (await get('/api/participants/CF/zones')).json();
    expect(zones).toEqual([
      expect.objectContaining({ name: 'Berbérati', compliantFrom: dayOf(realNow), compliantUntil: null, decisionId, compliantToday: true, legalBasis: expect.stringContaining(decision.reference) }),
    ]);
    zoneId = zones[0].id;
  });

  it('lets the Chair list another zone on a legal basis, and end it', async () => {
    const listed = await post('/api/participants/CF/zones', 'chair@demo.test', { name: 'Carnot', compliantFrom: dayOf(realNow), legalBasis: 'Operational framework, annex 2', decisionId });
    expect(listed.statusCode).toBe(201);
    const ended = await post(`/api/participants/CF/zones/${listed.json().id}/end`, 'chair@demo.test', { compliantUntil: dayOf(new Date(realNow.getTime() - DAY)), legalBasis: 'Monitoring team report' });
    expect(ended.statusCode).toBe(422);
    expect(ended.json().code).toBe('ZONE_DATES_INVALID');
    const endedToday = await post(`/api/participants/CF/zones/${listed.json().id}/end`, 'chair@demo.test', { compliantUntil: dayOf(realNow), legalBasis: 'Monitoring team report' });
    expect(endedToday.statusCode).toBe(200);
    expect(endedToday.json()).toMatchObject({ compliantUntil: dayOf(realNow), legalBasis: expect.stringContaining('Monitoring team report') });
    const again = await post(`/api/participants/CF/zones/${listed.json().id}/end`, 'chair@demo.test', { compliantUntil: dayOf(realNow), legalBasis: 'again' });
    expect(again.json().code).toBe('ZONE_ALREADY_ENDED');
  });

  it('refuses bad zone requests and changes nothing', async () => {
    const before = await stateAfterSigningIn('chair@demo.test', 'admin.cf@demo.test');
    expect((await post('/api/participants/CF/zones', 'chair@demo.test', { name: 'Nola', compliantFrom: dayOf(realNow) })).statusCode).toBe(400);
    expect((await post('/api/participants/CF/zones', 'admin.cf@demo.test', { name: 'Nola', compliantFrom: dayOf(realNow), legalBasis: 'Self-declared' })).statusCode).toBe(403);
    expect((await post('/api/participants/ZZ/zones', 'chair@demo.test', { name: 'Nola', compliantFrom: dayOf(realNow), legalBasis: 'x x x' })).statusCode).toBe(404);
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });

  it('refuses a CF certificate without a zone, with another participant’s or an ended zone, or of foreign origin', async () => {
    const without = await post('/api/certificates', 'exporter.cf@demo.test', await cfDraft());
    expect(without.statusCode).toBe(422);
    expect(without.json().code).toBe('ZONE_REQUIRED');
    const unknown = await post('/api/certificates', 'exporter.cf@demo.test', await cfDraft({ originZoneId: '0190a000-0000-7000-8000-000000000000' }));
    expect(unknown.json().code).toBe('ZONE_NOT_COMPLIANT');
    at(new Date(realNow.getTime() + DAY));
    const carnot = (await get('/api/participants/CF/zones')).json().find((zone: { name: string }) => zone.name === 'Carnot');
    const ended = await post('/api/certificates', 'exporter.cf@demo.test', await cfDraft({ originZoneId: carnot.id }));
    expect(ended.json().code).toBe('ZONE_NOT_COMPLIANT');
    at(realNow);
    const foreign = await post('/api/certificates', 'exporter.cf@demo.test', await cfDraft({ originZoneId: zoneId, originCountries: ['CF', 'CD'] }));
    expect(foreign.json()).toMatchObject({ code: 'ZONE_ORIGIN_NOT_ISSUER' });
    const bw = await post('/api/certificates', 'exporter.bw@demo.test', await botswanaDraft(ctx, { originZoneId: zoneId }));
    expect(bw.json().code).toBe('ZONE_NOT_APPLICABLE');
  });

  describe('a shipment from a compliant zone', () => {
    let number = '';
    let seal = '';

    it('is issued with its zone in the signed content and waits for the monitoring team', async () => {
      const response = await post('/api/certificates', 'exporter.cf@demo.test', await cfDraft({ originZoneId: zoneId }));
      expect(response.statusCode).toBe(201);
      const certificate = response.json();
      number = certificate.number;
      seal = certificate.seal;
      expect(certificate.content.originZone).toEqual({ name: 'Berbérati', monitoringTeam: 'MT-CF' });
      expect(certificate.approval).toMatchObject({ state: 'pending', bodyCode: 'MT-CF', zone: { id: zoneId, name: 'Berbérati' } });
      const pdf = await get(`/api/certificates/${number}/pdf`, 'exporter.cf@demo.test');
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
    });

    it('is not valid on public verification while it waits', async () => {
      const result = (await post('/api/verify', null, { qr: seal })).json();
      expect(result.verdict).toBe('INVALID');
      expect(checkOf(result, 'issuer_standing')).toMatchObject({ status: 'VALID', reason: 'issuer_zone_restricted' });
      expect(checkOf(result, 'approval')).toMatchObject({ status: 'INVALID', reason: 'awaiting_monitoring_team_approval' });
      expect(result.certificate.originZone.name).toBe('Berbérati');
    });

    it('cannot be received yet', async () => {
      const response = await post(`/api/certificates/${number}/receipt`, 'importer.bw@demo.test', receiptOf(dayOf(realNow)));
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('CERTIFICATE_AWAITING_APPROVAL');
    });

    it('is in the queue of the team’s members only', async () => {
      const queue = (await get('/api/shipment-approvals', 'admin.za@demo.test')).json();
      expect(queue.map((item: { number: string }) => item.number)).toEqual([number]);
      expect((await get('/api/shipment-approvals', 'admin.bw@demo.test')).json()).toEqual([]);
    });

    it('refuses approval by anyone not on the team, and changes nothing', async () => {
      const before = await stateAfterSigningIn('chair@demo.test', 'wgs@demo.test', 'admin.za@demo.test');
      const chair = await post(`/api/certificates/${number}/approval`, 'chair@demo.test', { outcome: 'approved' });
      expect(chair.statusCode).toBe(403);
      expect(chair.json().code).toBe('NOT_ON_MONITORING_TEAM');
      expect((await post(`/api/certificates/${number}/approval`, 'wgs@demo.test', { outcome: 'approved' })).statusCode).toBe(404);
      expect((await post(`/api/certificates/${number}/approval`, 'admin.za@demo.test', { outcome: 'refused' })).statusCode).toBe(400);
      expect(await storedState(ctx.deps.db)).toEqual(before);
    });

    it('becomes valid once a member approves it, once', async () => {
      const approved = await post(`/api/certificates/${number}/approval`, 'admin.za@demo.test', { outcome: 'approved', note: 'Parcel checked in Berbérati' });
      expect(approved.statusCode).toBe(200);
      expect(approved.json().approval).toMatchObject({ state: 'approved', note: 'Parcel checked in Berbérati' });
      const again = await post(`/api/certificates/${number}/approval`, 'wgm@demo.test', { outcome: 'refused', note: 'Too late' });
      expect(again.json().code).toBe('SHIPMENT_ALREADY_DECIDED');
      const result = (await post('/api/verify', null, { qr: seal })).json();
      expect(checkOf(result, 'approval')).toMatchObject({ status: 'VALID', reason: 'approved_by_monitoring_team' });
      expect(result.verdict).toBe('VALID');
      const [cfExporter] = await ctx.deps.db.select({ id: users.id }).from(users).where(eq(users.email, 'exporter.cf@demo.test'));
      const told = await ctx.deps.db.select().from(notifications).where(eq(notifications.userId, cfExporter.id));
      expect(told.map((entry) => entry.kind)).toContain('shipment.approved');
    });

    it('can then be received', async () => {
      const response = await post(`/api/certificates/${number}/receipt`, 'importer.bw@demo.test', receiptOf(dayOf(realNow)));
      expect(response.statusCode).toBe(201);
    });
  });

  it('voids a refused shipment, which verification then reports and the statistics leave out', async () => {
    const year = realNow.getUTCFullYear();
    const totalsBefore = (await get(`/api/statistics/global?year=${year}`)).json().summary;
    const issued = (await post('/api/certificates', 'exporter.cf@demo.test', await cfDraft({ originZoneId: zoneId }))).json();
    const refused = await post(`/api/certificates/${issued.number}/approval`, 'wgm@demo.test', { outcome: 'refused', note: 'Parcel not from Berbérati' });
    expect(refused.statusCode).toBe(200);
    expect(refused.json()).toMatchObject({ status: 'voided', voidReason: expect.stringContaining('Parcel not from Berbérati'), approval: { state: 'refused' } });
    const result = (await post('/api/verify', null, { qr: issued.seal })).json();
    expect(result.verdict).toBe('INVALID');
    expect(checkOf(result, 'approval')).toMatchObject({ status: 'INVALID', reason: 'refused_by_monitoring_team' });
    expect(checkOf(result, 'status')).toMatchObject({ reason: 'voided' });
    expect((await get(`/api/statistics/global?year=${year}`)).json().summary).toEqual(totalsBefore);
    const receipt = await post(`/api/certificates/${issued.number}/receipt`, 'importer.bw@demo.test', receiptOf(dayOf(realNow)));
    expect(receipt.json().code).toBe('CERTIFICATE_NOT_RECEIVABLE');
  });

  it('refuses shipments to a zone-restricted participant by default', async () => {
    const response = await post('/api/certificates', 'exporter.bw@demo.test', await botswanaDraft(ctx, { importingParticipant: 'CF' }));
    expect(response.json().code).toBe('DESTINATION_NOT_IN_GOOD_STANDING');
  });

  it('refuses CF certificates when CF has no monitoring team', async () => {
    await ctx.deps.db.update(kpBodies).set({ dissolvedOn: dayOf(new Date(realNow.getTime() - DAY)) }).where(eq(kpBodies.code, 'MT-CF'));
    const response = await post('/api/certificates', 'exporter.cf@demo.test', await cfDraft({ originZoneId: zoneId }));
    expect(response.json().code).toBe('NO_MONITORING_TEAM');
    await ctx.deps.db.update(kpBodies).set({ dissolvedOn: null }).where(eq(kpBodies.code, 'MT-CF'));
  });
});

describe('embargoes', () => {
  const zimbabwe = async () => botswanaDraft(ctx, { originCountries: ['ZW'] });

  it('imposes an embargo by decision from its effective date and lifts it by another', async () => {
    at(realNow);
    const tomorrow = dayOf(new Date(realNow.getTime() + DAY));
    const imposed = await post('/api/decisions', 'chair@demo.test', {
      kind: 'plenary',
      title: 'Measures on rough diamonds of Zimbabwe (test)',
      body: 'Imports from Zimbabwe are barred.',
      meeting: 'Plenary',
      communique: 'Communiqué',
      adoptedOn: dayOf(realNow),
      effectiveOn: tomorrow,
      effects: [{ type: 'embargo', participantCode: 'ZW', measure: 'impose', legalBasis: 'Plenary decision (test)' }],
    });
    expect(imposed.statusCode).toBe(201);
    expect(imposed.json().effects[0]).toMatchObject({ action: 'embargo', outcome: 'applied' });
    const measure = (await get('/api/embargoes')).json().find((entry: { originCode: string }) => entry.originCode === 'ZW');
    expect(measure).toMatchObject({ startsOn: tomorrow, endsOn: null, legalBasis: 'Plenary decision (test)', decisionId: imposed.json().id });

    expect((await post('/api/certificates', 'exporter.bw@demo.test', await zimbabwe())).statusCode).toBe(201);
    at(new Date(realNow.getTime() + DAY));
    const barred = await post('/api/certificates', 'exporter.bw@demo.test', await zimbabwe());
    expect(barred.json()).toMatchObject({ code: 'ORIGIN_UNDER_EMBARGO' });

    const inTwoDays = dayOf(new Date(realNow.getTime() + 2 * DAY));
    const lifted = await post('/api/decisions', 'chair@demo.test', {
      kind: 'plenary',
      title: 'Lifting of the measures on Zimbabwe (test)',
      body: 'Lifted.',
      meeting: 'Plenary',
      communique: 'Communiqué',
      adoptedOn: dayOf(new Date(realNow.getTime() + DAY)),
      effectiveOn: inTwoDays,
      effects: [{ type: 'embargo', participantCode: 'ZW', measure: 'lift' }],
    });
    expect(lifted.json().effects[0]).toMatchObject({ action: 'embargo_lift', outcome: 'applied' });
    const [row] = await ctx.deps.db.select().from(embargoMeasures).where(eq(embargoMeasures.originCode, 'ZW'));
    expect(row).toMatchObject({ endsOn: tomorrow, liftLegalBasis: expect.stringContaining('Lifting of the measures on Zimbabwe') });
    expect((await post('/api/certificates', 'exporter.bw@demo.test', await zimbabwe())).statusCode).toBe(422);
    at(new Date(realNow.getTime() + 2 * DAY));
    expect((await post('/api/certificates', 'exporter.bw@demo.test', await zimbabwe())).statusCode).toBe(201);
  });

  it('lets the Chair lift a measure with a legal basis, once', async () => {
    at(realNow);
    const created = await post('/api/embargoes', 'chair@demo.test', { originCode: 'LR', legalBasis: 'UNSC resolution (test)', startsOn: dayOf(realNow), endsOn: null });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const before = await stateAfterSigningIn('chair@demo.test', 'admin.bw@demo.test');
    expect((await post(`/api/embargoes/${id}/lift`, 'admin.bw@demo.test', { endsOn: dayOf(realNow), liftLegalBasis: 'none' })).statusCode).toBe(403);
    expect((await post(`/api/embargoes/${id}/lift`, 'chair@demo.test', { endsOn: dayOf(realNow) })).statusCode).toBe(400);
    const early = await post(`/api/embargoes/${id}/lift`, 'chair@demo.test', { endsOn: '2000-01-01', liftLegalBasis: 'UNSC resolution (lift)' });
    expect(early.json().code).toBe('EMBARGO_LIFT_DATE_INVALID');
    expect(await storedState(ctx.deps.db)).toEqual(before);
    const lifted = await post(`/api/embargoes/${id}/lift`, 'chair@demo.test', { endsOn: dayOf(realNow), liftLegalBasis: 'UNSC resolution (lift)' });
    expect(lifted.statusCode).toBe(200);
    expect(lifted.json()).toMatchObject({ endsOn: dayOf(realNow), liftLegalBasis: 'UNSC resolution (lift)', decisionId: null });
    expect((await post(`/api/embargoes/${id}/lift`, 'chair@demo.test', { endsOn: dayOf(realNow), liftLegalBasis: 'again' })).json().code).toBe('EMBARGO_ALREADY_LIFTED');
  });
});
