import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.ts';
import { transact } from '../../src/deps.ts';
import { notify } from '../../src/notifications/notify.ts';
import { isActiveMember } from '../../src/bodies/body-membership.ts';
import { auditLog, kpBodies, users } from '../../src/db/schema.ts';
import { DEMO_PASSWORD } from '../../src/demo/demo-data.ts';
import { newId } from '../../src/domain/ids.ts';
import { apiClient } from '../support/api-client.ts';
import { storedState } from '../support/state.ts';
import { createTestApp, type TestContext } from '../support/test-database.ts';

/**
 * KP bodies through the API, on 2 March 2026: the Chair seats Botswana's administrator in the WGM,
 * who then reads what the WGM reads, until the seat ends; a body's own chair appoints to it;
 * chairmanships rotate (the Vice-Chair of one year chairs the next); the Chair's office takes
 * only people of the year's Chair participant; monitoring teams grant no role.
 */
let ctx: TestContext;
const { as, call, at } = apiClient(() => ctx);
const ids: Record<string, string> = {};
const THAI_OFFICIAL = 'official.th@example.org';
const MACHINE = 'system.bw@example.org';

const signIn = async (...emails: string[]) => {
  for (const email of emails) await as(email);
};
const rolesOf = async (email: string) => (await call('GET', '/api/auth/me', email)).json().roles as string[];
const appoint = (email: string, code: string, draft: Record<string, unknown>) => call('POST', `/api/bodies/${code}/members`, email, draft);

beforeAll(async () => {
  ctx = await createTestApp();
  at('2026-03-02T09:00:00Z');
  // A person of Thailand (Chair in 2026) who can sign in, and a national system's account of Botswana.
  await ctx.deps.db.insert(users).values([
    { id: newId(), email: THAI_OFFICIAL, name: 'Somchai Thai Official', kind: 'person', passwordHash: await hashPassword(DEMO_PASSWORD), roles: ['participant_admin'], participantCode: 'TH', observerCode: null, language: 'en' },
    { id: newId(), email: MACHINE, name: 'Botswana national system', kind: 'machine', passwordHash: null, roles: ['exporting_officer'], participantCode: 'BW', observerCode: null, language: 'en' },
  ]);
  const emails = ['admin.bw@demo.test', 'admin.za@demo.test', 'exporter.ca@demo.test', 'importer.cn@demo.test', 'wgs@demo.test', 'observer.wdc@demo.test', THAI_OFFICIAL, MACHINE];
  for (const row of await ctx.deps.db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, emails))) ids[row.email] = row.id;
});
afterAll(async () => ctx?.close());

describe('the register of bodies and chairmanships', () => {
  it('lists the historic chairmanships for anyone, with the Vice-Chair of 2025', async () => {
    const response = await call('GET', '/api/chairmanships', null);
    expect(response.statusCode).toBe(200);
    const byYear = Object.fromEntries(response.json().items.map((item: { year: number }) => [item.year, item]));
    expect([2021, 2022, 2023, 2024, 2025].map((year) => byYear[year].chairParticipantCode)).toEqual(['RU', 'BW', 'ZW', 'AE', 'AE']);
    expect(byYear[2025].viceChairParticipantCode).toBe('TH');
    expect(byYear[2024].viceChairParticipantCode).toBeNull();
    expect(byYear[2019]).toBeUndefined();
  });

  it('lists the standing bodies for signed-in users, with the role each grants', async () => {
    expect((await call('GET', '/api/bodies', null)).statusCode).toBe(401);
    const bodies = (await call('GET', '/api/bodies', 'exporter.ca@demo.test')).json().items as { code: string; grantsRole: string | null; members: unknown[] }[];
    expect(Object.fromEntries(bodies.map((body) => [body.code, body.grantsRole]))).toEqual({
      CHAIR: 'kp_chair',
      WGM: 'wgm',
      WGS: 'wgs',
      WGDE: 'wgde',
      WGAAP: 'wgaap',
      CPC: 'cpc',
      CRP: null,
    });
    expect(bodies.every((body) => body.members.length === 0)).toBe(true);
    expect((await call('GET', '/api/bodies/NOPE', 'exporter.ca@demo.test')).statusCode).toBe(404);
  });
});

describe('a seat in the WGM', () => {
  let membership = '';

  it('grants the WGM role while it runs: Botswana’s administrator reads South Africa’s annual report', async () => {
    await signIn('admin.bw@demo.test', 'chair@demo.test');
    expect((await call('GET', '/api/participants/ZA/annual-reports/2025', 'admin.bw@demo.test')).statusCode).toBe(404);
    expect(await rolesOf('admin.bw@demo.test')).toEqual(['participant_admin']);

    const appointed = await appoint('chair@demo.test', 'WGM', { userId: ids['admin.bw@demo.test'], startsOn: '2026-01-01' });
    expect(appointed.statusCode).toBe(201);
    const seat = appointed.json().members.find((member: { userId: string }) => member.userId === ids['admin.bw@demo.test']);
    expect(seat).toMatchObject({ position: 'member', participantCode: 'BW', observerCode: null, startsOn: '2026-01-01', endsOn: null, active: true, appointedByName: 'KP Chair Secretariat' });
    membership = seat.id;
    const [audit] = await ctx.deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'body.member_appointed'), eq(auditLog.entityId, membership)));
    expect(audit.participantCode).toBe('BW');

    expect(await rolesOf('admin.bw@demo.test')).toEqual(['participant_admin', 'wgm']);
    expect((await call('GET', '/api/participants/ZA/annual-reports/2025', 'admin.bw@demo.test')).statusCode).toBe(200);
    expect(await isActiveMember(ctx.deps.db, { bodyCode: 'WGM', userId: ids['admin.bw@demo.test'], day: '2026-03-02' })).toBe(true);
    const listed = (await call('GET', '/api/bodies', 'exporter.ca@demo.test')).json().items.find((body: { code: string }) => body.code === 'WGM');
    expect(listed.members.map((member: { name: string }) => member.name)).toEqual(['Participant administrator BW']);

    // and is told what the WGM is told: a notice to the WGM reaches the seated member, not other administrators
    const told = await transact(ctx.deps, (tx) => notify(tx, { to: { roles: ['wgm'] }, kind: 'anomaly.raised', params: { rule: 'mirror', participantCode: 'ZA', period: '2025' }, link: '/anomalies' }, ctx.deps));
    expect(told).toBeGreaterThanOrEqual(2); // wgm@demo.test and the seat
    const kinds = async (email: string) => (await call('GET', '/api/notifications', email)).json().items.map((item: { kind: string }) => item.kind);
    expect(await kinds('admin.bw@demo.test')).toContain('anomaly.raised');
    expect(await kinds('wgm@demo.test')).toContain('anomaly.raised');
    expect(await kinds('admin.za@demo.test')).not.toContain('anomaly.raised');
  });

  it('grants nothing once ended, and stays in the body’s history', async () => {
    expect((await call('POST', `/api/bodies/WGM/members/${membership}/end`, 'admin.bw@demo.test', { endsOn: '2026-03-01' })).json().code).toBe('FORBIDDEN');
    expect((await call('POST', `/api/bodies/WGM/members/${membership}/end`, 'chair@demo.test', { endsOn: '2025-12-31' })).json().code).toBe('BODY_MEMBERSHIP_DATES_INVALID');
    const ended = await call('POST', `/api/bodies/WGM/members/${membership}/end`, 'chair@demo.test', { endsOn: '2026-03-01' });
    expect(ended.statusCode).toBe(200);
    expect(await rolesOf('admin.bw@demo.test')).toEqual(['participant_admin']);
    expect((await call('GET', '/api/participants/ZA/annual-reports/2025', 'admin.bw@demo.test')).statusCode).toBe(404);

    const detail = (await call('GET', '/api/bodies/WGM', 'admin.bw@demo.test')).json();
    expect(detail.members).toEqual([expect.objectContaining({ id: membership, active: false, endsOn: '2026-03-01', endedByName: 'KP Chair Secretariat' })]);
    expect(detail.can).toEqual({ appoint: false, end: false });
    expect((await call('POST', `/api/bodies/WGM/members/${membership}/end`, 'chair@demo.test', { endsOn: '2026-03-01' })).json().code).toBe('BODY_MEMBERSHIP_ALREADY_ENDED');
  });

  it('is appointed by the body’s own chair too, but not by a participant officer', async () => {
    await signIn('admin.za@demo.test');
    expect((await appoint('chair@demo.test', 'WGM', { userId: ids['admin.za@demo.test'], position: 'chair', startsOn: '2026-01-01', endsOn: '2026-12-31' })).statusCode).toBe(201);
    expect((await call('GET', '/api/bodies/WGM', 'admin.za@demo.test')).json().can).toEqual({ appoint: true, end: true });

    const before = await storedState(ctx.deps.db);
    expect((await appoint('admin.bw@demo.test', 'WGM', { userId: ids['exporter.ca@demo.test'], startsOn: '2026-03-02' })).json().code).toBe('FORBIDDEN');
    expect((await appoint('admin.za@demo.test', 'WGS', { userId: ids['exporter.ca@demo.test'], startsOn: '2026-03-02' })).json().code).toBe('FORBIDDEN');
    expect((await call('GET', '/api/bodies/WGM/candidates', 'admin.bw@demo.test')).json().code).toBe('FORBIDDEN');
    expect(await storedState(ctx.deps.db)).toEqual(before);

    const candidates = (await call('GET', '/api/bodies/WGM/candidates', 'admin.za@demo.test')).json().items.map((item: { userId: string }) => item.userId);
    expect(candidates).toContain(ids['exporter.ca@demo.test']);
    expect(candidates).toContain(ids['observer.wdc@demo.test']);
    expect(candidates).not.toContain(ids['admin.za@demo.test']);
    expect(candidates).not.toContain(ids['wgs@demo.test']);
    expect(candidates).not.toContain(ids[MACHINE]);

    expect((await appoint('admin.za@demo.test', 'WGM', { userId: ids['exporter.ca@demo.test'], startsOn: '2026-03-02' })).statusCode).toBe(201);
    expect(await rolesOf('exporter.ca@demo.test')).toEqual(['exporting_officer', 'wgm']);
  });

  it('refuses people who cannot sit in a body, overlapping seats and a second chair, changing nothing', async () => {
    await ctx.deps.db.update(users).set({ disabledAt: new Date('2026-02-01T00:00:00Z') }).where(eq(users.id, ids['importer.cn@demo.test']));
    const before = await storedState(ctx.deps.db);
    const refusal = async (draft: Record<string, unknown>, code = 'WGM') => {
      const response = await appoint('chair@demo.test', code, { startsOn: '2026-03-02', ...draft });
      return [response.json().code, response.json().details?.problem];
    };
    expect(await refusal({ userId: ids[MACHINE] })).toEqual(['BODY_MEMBER_NOT_ELIGIBLE', 'machine_account']);
    expect(await refusal({ userId: ids['importer.cn@demo.test'] })).toEqual(['BODY_MEMBER_NOT_ELIGIBLE', 'disabled']);
    expect(await refusal({ userId: ids['wgs@demo.test'] })).toEqual(['BODY_MEMBER_NOT_ELIGIBLE', 'no_organisation']);
    expect(await refusal({ userId: newId() })).toEqual(['BODY_MEMBER_NOT_ELIGIBLE', 'unknown_user']);
    expect((await refusal({ userId: ids['observer.wdc@demo.test'], endsOn: '2026-03-01' }))[0]).toBe('BODY_MEMBERSHIP_DATES_INVALID');
    expect((await refusal({ userId: ids['exporter.ca@demo.test'], startsOn: '2026-06-01' }))[0]).toBe('BODY_MEMBERSHIP_OVERLAP');
    expect((await refusal({ userId: ids['observer.wdc@demo.test'], position: 'chair' }))[0]).toBe('BODY_POSITION_TAKEN');
    expect((await refusal({ userId: ids['observer.wdc@demo.test'], position: 'dean' })).at(0)).toBe('VALIDATION_FAILED');
    expect((await appoint('chair@demo.test', 'NOPE', { userId: ids['observer.wdc@demo.test'], startsOn: '2026-03-02' })).statusCode).toBe(404);
    expect((await call('POST', `/api/bodies/WGM/members/${newId()}/end`, 'chair@demo.test', { endsOn: '2026-03-02' })).statusCode).toBe(404);
    expect(await storedState(ctx.deps.db)).toEqual(before);
    // an observer organisation's person may sit, from the day after the current chair's term
    expect((await appoint('chair@demo.test', 'WGM', { userId: ids['observer.wdc@demo.test'], position: 'chair', startsOn: '2027-01-01' })).statusCode).toBe(201);
  });
});

describe('chairmanship', () => {
  const record = (email: string, year: number | string, draft: Record<string, unknown>) => call('PUT', `/api/chairmanships/${year}`, email, draft);
  const year = async (wanted: number) => (await call('GET', '/api/chairmanships', null)).json().items.find((item: { year: number }) => item.year === wanted);

  it('makes the Vice-Chair the Chair of the next year', async () => {
    expect((await record('admin.bw@demo.test', 2026, { viceChairParticipantCode: 'ZA' })).json().code).toBe('FORBIDDEN');
    const recorded = await record('chair@demo.test', 2026, { viceChairParticipantCode: 'ZA', note: 'Chosen by the Plenary, November 2026' });
    expect(recorded.statusCode).toBe(200);
    expect(await year(2026)).toMatchObject({ chairParticipantCode: 'TH', viceChairParticipantCode: 'ZA', note: 'Chosen by the Plenary, November 2026' });
    expect(await year(2027)).toMatchObject({ chairParticipantCode: 'ZA', viceChairParticipantCode: null });
    // a Vice-Chair changed moves the next year's Chair with it
    expect((await record('chair@demo.test', 2026, { viceChairParticipantCode: 'CA' })).statusCode).toBe(200);
    expect(await year(2027)).toMatchObject({ chairParticipantCode: 'CA' });
  });

  it('refuses what contradicts the rotation, changing nothing', async () => {
    expect((await call('POST', '/api/participants/VE/status-events', 'chair@demo.test', { status: 'self_suspended', effectiveOn: '2026-03-01', note: 'For the test' })).statusCode).toBe(201);
    const before = await storedState(ctx.deps.db);
    const code = async (wanted: number | string, draft: Record<string, unknown>) => (await record('chair@demo.test', wanted, draft)).json().code;
    expect(await code(2027, { chairParticipantCode: 'BW' })).toBe('CHAIRMANSHIP_CHAIR_NOT_VICE_CHAIR');
    expect(await code(2024, { viceChairParticipantCode: 'BW' })).toBe('CHAIRMANSHIP_NEXT_CHAIR_DIFFERS');
    expect(await code(2027, { viceChairParticipantCode: 'CA' })).toBe('CHAIRMANSHIP_VICE_CHAIR_IS_CHAIR');
    expect(await code(2027, { viceChairParticipantCode: 'VE' })).toBe('CHAIRMANSHIP_NOT_IN_GOOD_STANDING');
    expect(await code(2027, { viceChairParticipantCode: 'QQ' })).toBe('UNKNOWN_PARTICIPANT');
    expect(await code(2028, { viceChairParticipantCode: 'BW' })).toBe('CHAIRMANSHIP_YEAR_INVALID');
    expect(await code(2019, { viceChairParticipantCode: 'BW' })).toBe('CHAIRMANSHIP_CHAIR_REQUIRED');
    expect(await code(2027, { decisionId: newId() })).toBe('BODY_DECISION_NOT_ADOPTED');
    expect(await code('next', {})).toBe('VALIDATION_FAILED');
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });

  it('seats only people of the year’s Chair participant in the Chair’s office, within the year, who then act as Chair', async () => {
    await signIn(THAI_OFFICIAL);
    const before = await storedState(ctx.deps.db);
    const refusal = async (draft: Record<string, unknown>) => (await appoint('chair@demo.test', 'CHAIR', { startsOn: '2026-01-01', ...draft })).json().code;
    expect(await refusal({ userId: ids['admin.bw@demo.test'] })).toBe('CHAIR_MEMBER_NOT_OF_CHAIR_PARTICIPANT');
    expect(await refusal({ userId: ids[THAI_OFFICIAL], endsOn: '2027-01-31' })).toBe('CHAIR_TERM_OUTSIDE_YEAR');
    expect(await refusal({ userId: ids[THAI_OFFICIAL], position: 'vice_chair' })).toBe('BODY_POSITION_NOT_ALLOWED');
    expect(await refusal({ userId: ids[THAI_OFFICIAL], startsOn: '2019-01-01' })).toBe('CHAIRMANSHIP_NOT_RECORDED');
    expect((await appoint('admin.za@demo.test', 'CHAIR', { userId: ids['admin.za@demo.test'], startsOn: '2026-03-02' })).json().code).toBe('FORBIDDEN');
    expect(await storedState(ctx.deps.db)).toEqual(before);

    expect((await call('GET', '/api/audit/verify', THAI_OFFICIAL)).statusCode).toBe(403);
    const seated = await appoint('chair@demo.test', 'CHAIR', { userId: ids[THAI_OFFICIAL], position: 'chair', startsOn: '2026-01-01' });
    expect(seated.statusCode).toBe(201);
    expect(seated.json().members[0]).toMatchObject({ endsOn: '2026-12-31', participantCode: 'TH' });
    expect(await rolesOf(THAI_OFFICIAL)).toEqual(['participant_admin', 'kp_chair']);
    expect((await call('GET', '/api/audit/verify', THAI_OFFICIAL)).statusCode).toBe(200);
  });
});

describe('monitoring teams', () => {
  it('are set up by the Chair for a participant, and grant their members no role', async () => {
    const draft = { subjectParticipantCode: 'CF', mandate: 'Approve each shipment from the compliant zones.' };
    const before = await storedState(ctx.deps.db);
    expect((await call('POST', '/api/bodies', 'admin.bw@demo.test', draft)).json().code).toBe('FORBIDDEN');
    expect((await call('POST', '/api/bodies', 'chair@demo.test', { ...draft, subjectParticipantCode: 'QQ' })).json().code).toBe('UNKNOWN_PARTICIPANT');
    expect((await call('POST', '/api/bodies', 'chair@demo.test', { ...draft, decisionId: newId() })).json().code).toBe('BODY_DECISION_NOT_ADOPTED');
    expect(await storedState(ctx.deps.db)).toEqual(before);

    const created = await call('POST', '/api/bodies', 'chair@demo.test', draft);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: 'MT-CF', kind: 'monitoring_team', grantsRole: null, subjectParticipantCode: 'CF', name: 'Monitoring Team for Central African Republic' });
    expect((await call('POST', '/api/bodies', 'chair@demo.test', draft)).json().code).toBe('MONITORING_TEAM_EXISTS');

    await signIn('observer.wdc@demo.test');
    expect((await appoint('chair@demo.test', 'MT-CF', { userId: ids['observer.wdc@demo.test'], startsOn: '2026-03-02' })).statusCode).toBe(201);
    expect(await isActiveMember(ctx.deps.db, { bodyCode: 'MT-CF', userId: ids['observer.wdc@demo.test'], day: '2026-03-02' })).toBe(true);
    expect(await rolesOf('observer.wdc@demo.test')).toEqual(['observer']);
  });
});

describe('a dissolved body', () => {
  it('grants nothing from the day after its dissolution, and takes no new members', async () => {
    expect((await appoint('chair@demo.test', 'WGAAP', { userId: ids['admin.za@demo.test'], startsOn: '2026-01-01' })).statusCode).toBe(201);
    expect(await rolesOf('admin.za@demo.test')).toEqual(['participant_admin', 'wgm', 'wgaap']);
    await ctx.deps.db.update(kpBodies).set({ dissolvedOn: '2026-03-01' }).where(eq(kpBodies.code, 'WGAAP'));
    expect(await rolesOf('admin.za@demo.test')).toEqual(['participant_admin', 'wgm']);
    const before = await storedState(ctx.deps.db);
    expect((await appoint('chair@demo.test', 'WGAAP', { userId: ids['exporter.ca@demo.test'], startsOn: '2026-01-01' })).json().code).toBe('BODY_DISSOLVED');
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });
});
