import { createHash } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, users } from '../../src/db/schema.ts';
import { notificationText } from '../../src/notifications/notification-kinds.ts';
import { storedState } from '../support/state.ts';
import { apiClient } from '../support/api-client.ts';
import { createTestApp, type TestContext } from '../support/test-database.ts';

/**
 * Peer review through the API: Botswana invites a review visit in March 2026; a team from South
 * Africa, Canada and civil society visits in April, drafts, hears Botswana's comments and
 * finalises in May with three recommendations, followed up until the last one closes. A review
 * mission is opened by the Chair from an adopted plenary decision. The clock is moved with
 * `ctx.deps.now`.
 */
let ctx: TestContext;
const { as, call, at } = apiClient(() => ctx);
const userIds: Record<string, string> = {};
/** Sign everyone in first: signing in is stored too, and would spoil a before/after comparison. */
const signIn = async (...emails: string[]) => {
  for (const email of emails) await as(email);
};

const LEADER = 'admin.za@demo.test';
const MEMBER = 'exporter.ca@demo.test';
const OBSERVER = 'observer.csc@demo.test';
const team = () => ({
  members: [
    { userId: userIds[LEADER], leader: true },
    { userId: userIds[MEMBER] },
    { userId: userIds[OBSERVER] },
  ],
});
const specimen = Buffer.from('Draft report annex: site visit notes, Jwaneng and Orapa.');

beforeAll(async () => {
  ctx = await createTestApp();
  const emails = [LEADER, MEMBER, OBSERVER, 'stats.bw@demo.test', 'wgs@demo.test', 'observer.wdc@demo.test'];
  for (const row of await ctx.deps.db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, emails))) userIds[row.email] = row.id;
});
afterAll(async () => ctx?.close());

describe('a review visit, from invitation to the last recommendation', () => {
  let id = '';
  const rec: Record<number, string> = {};
  const review = async (email = 'chair@demo.test') => (await call('GET', `/api/peer-reviews/${id}`, email)).json();

  it('is invited by the host participant’s administrator only', async () => {
    at('2026-03-02T09:00:00Z');
    await signIn('exporter.bw@demo.test', 'admin.za@demo.test', 'chair@demo.test');
    const before = await storedState(ctx.deps.db);
    const invitation = { kind: 'visit', hostParticipantCode: 'BW', scope: 'Botswana invites a review of its export controls and internal controls at the mines.' };
    expect((await call('POST', '/api/peer-reviews', 'exporter.bw@demo.test', invitation)).json().code).toBe('FORBIDDEN');
    expect((await call('POST', '/api/peer-reviews', 'admin.za@demo.test', invitation)).json().code).toBe('FORBIDDEN');
    expect((await call('POST', '/api/peer-reviews', 'chair@demo.test', invitation)).json().code).toBe('FORBIDDEN');
    expect((await call('POST', '/api/peer-reviews', null, invitation)).statusCode).toBe(401);
    expect(await storedState(ctx.deps.db)).toEqual(before);

    const invited = await call('POST', '/api/peer-reviews', 'admin.bw@demo.test', invitation);
    expect(invited.statusCode).toBe(201);
    const created = invited.json();
    id = created.id;
    expect(created).toMatchObject({
      reference: 'PR 2026/01',
      kind: 'visit',
      hostParticipantCode: 'BW',
      status: 'invited',
      decision: null,
      invitedByName: 'Participant administrator BW',
      team: [],
      steps: [{ step: 'invited', at: '2026-03-02T09:00:00.000Z', on: '2026-03-02', until: null }],
      recommendationCounts: { total: 0, open: 0, overdue: 0 },
    });
    expect(created.can).toMatchObject({ formTeam: false, comment: false, close: false });
  });

  it('offers the Chair and the WGM the people who may sit on its team: other participants’ and observers’ staff, never the host’s', async () => {
    const listed = await call('GET', `/api/peer-reviews/${id}/team-candidates`, 'wgm@demo.test');
    expect(listed.statusCode).toBe(200);
    const candidates = listed.json().items as { userId: string; participantCode: string | null; observerCode: string | null }[];
    const ids = candidates.map((candidate) => candidate.userId);
    expect(ids).toEqual(expect.arrayContaining([userIds[LEADER], userIds[MEMBER], userIds[OBSERVER]]));
    expect(ids).not.toContain(userIds['stats.bw@demo.test']);
    expect(ids).not.toContain(userIds['wgs@demo.test']);
    expect(candidates.every((candidate) => candidate.participantCode !== 'BW' && (candidate.participantCode !== null || candidate.observerCode !== null))).toBe(true);
    // the people counted from the accounts themselves: active persons of another participant or of an observer organisation
    const people = await ctx.deps.db.select().from(users);
    const eligible = people.filter((user) => user.disabledAt === null && user.kind === 'person' && user.participantCode !== 'BW' && (user.participantCode !== null || (user.observerCode !== null && user.roles.includes('observer'))));
    expect(ids.sort()).toEqual(eligible.map((user) => user.id).sort());
    expect((await call('GET', `/api/peer-reviews/${id}/team-candidates`, 'admin.bw@demo.test')).json().code).toBe('FORBIDDEN');
    expect((await call('GET', `/api/peer-reviews/${id}/team-candidates`, 'admin.cn@demo.test')).json().code).toBe('NOT_FOUND');
  });

  it('gets its team from the Chair or WGM: one leader, participants and an observer, never the host’s staff', async () => {
    await signIn('chair@demo.test', 'wgm@demo.test', 'admin.bw@demo.test', LEADER);
    const before = await storedState(ctx.deps.db);
    const refusal = async (email: string, body: unknown) => (await call('PUT', `/api/peer-reviews/${id}/team`, email, body)).json();
    expect(await refusal('chair@demo.test', { members: [...team().members, { userId: userIds['stats.bw@demo.test'] }] })).toMatchObject({
      code: 'PEER_REVIEW_MEMBER_FROM_HOST',
      details: { userId: userIds['stats.bw@demo.test'] },
    });
    expect((await refusal('chair@demo.test', { members: [...team().members, { userId: userIds['stats.bw@demo.test'] }] })).message).toContain('Statistics officer BW');
    expect(await refusal('wgm@demo.test', { members: team().members.map((member) => ({ ...member, leader: true })) })).toMatchObject({ code: 'PEER_REVIEW_TEAM_LEADER', details: { leaders: 3 } });
    expect(await refusal('wgm@demo.test', { members: team().members.map((member) => ({ ...member, leader: false })) })).toMatchObject({ code: 'PEER_REVIEW_TEAM_LEADER', details: { leaders: 0 } });
    expect(await refusal('chair@demo.test', { members: [...team().members, { userId: userIds['wgs@demo.test'] }] })).toMatchObject({
      code: 'PEER_REVIEW_MEMBER_NOT_ELIGIBLE',
      details: { problem: 'not_eligible' },
    });
    expect(await refusal('chair@demo.test', { members: [...team().members, { userId: userIds[MEMBER] }] })).toMatchObject({ code: 'PEER_REVIEW_MEMBER_NOT_ELIGIBLE', details: { problem: 'duplicate' } });
    expect((await refusal('admin.bw@demo.test', team())).code).toBe('FORBIDDEN');
    // South Africa's administrator is not on any team yet: the review does not exist for it
    expect((await refusal(LEADER, team())).code).toBe('NOT_FOUND');
    expect(await storedState(ctx.deps.db)).toEqual(before);

    const formed = await call('PUT', `/api/peer-reviews/${id}/team`, 'chair@demo.test', team());
    expect(formed.statusCode).toBe(200);
    expect(formed.json().status).toBe('team_formed');
    expect(formed.json().team).toEqual([
      { userId: userIds[LEADER], name: 'Participant administrator ZA', participantCode: 'ZA', observerCode: null, leader: true },
      { userId: userIds[MEMBER], name: 'Exporting officer CA', participantCode: 'CA', observerCode: null, leader: false },
      { userId: userIds[OBSERVER], name: 'KP Civil Society Coalition', participantCode: null, observerCode: 'CSC', leader: false },
    ]);
    // each member is told of the assignment, in the language of their account; the leader as leader
    const assigned = async (email: string) =>
      ((await call('GET', '/api/notifications', email)).json().items as { kind: string; params: Record<string, string>; link: string }[]).filter((item) => item.kind === 'peer_review.assigned');
    const leaderNotice = await assigned(LEADER);
    expect(leaderNotice).toHaveLength(1);
    expect(leaderNotice[0]).toMatchObject({ link: `/peer-reviews/${id}`, params: { participantCode: 'BW', leader: 'yes' } });
    expect(notificationText('en', leaderNotice[0])).toContain('as its leader');
    expect(notificationText('fr', (await assigned(OBSERVER))[0])).toContain('examen par les pairs');
    expect(notificationText('en', (await assigned(MEMBER))[0])).not.toContain('leader');
    expect(await assigned('admin.bw@demo.test')).toHaveLength(0);
  });

  it('is seen by the Chair, the WGM, the host’s staff and the team only', async () => {
    const seen = async (email: string | null) => (await call('GET', `/api/peer-reviews/${id}`, email)).statusCode;
    for (const email of ['chair@demo.test', 'wgm@demo.test', 'admin.bw@demo.test', 'exporter.bw@demo.test', LEADER, MEMBER, OBSERVER]) expect(await seen(email), email).toBe(200);
    for (const email of ['exporter.za@demo.test', 'admin.ca@demo.test', 'observer.wdc@demo.test']) expect(await seen(email), email).toBe(404);
    for (const email of ['wgs@demo.test', 'wgde@demo.test', 'admin@demo.test']) expect(await seen(email), email).toBe(403);
    expect(await seen(null)).toBe(401);

    const listed = async (email: string) => (await call('GET', '/api/peer-reviews', email)).json().items.map((item: { id: string }) => item.id);
    expect(await listed(OBSERVER)).toEqual([id]);
    expect(await listed('stats.bw@demo.test')).toEqual([id]);
    expect(await listed('observer.wdc@demo.test')).toEqual([]);
    expect(await listed('exporter.za@demo.test')).toEqual([]);
    expect((await call('GET', '/api/peer-reviews', 'wgs@demo.test')).statusCode).toBe(403);
    expect((await review(OBSERVER)).can).toMatchObject({ scheduleVisit: false, draftReport: false });
    expect((await review(LEADER)).can).toMatchObject({ scheduleVisit: true, draftReport: false });
  });

  it('has its visit dates set by the leader', async () => {
    await signIn(OBSERVER, LEADER);
    const before = await storedState(ctx.deps.db);
    expect((await call('PUT', `/api/peer-reviews/${id}/visit`, OBSERVER, { startsOn: '2026-04-13', endsOn: '2026-04-17' })).json().code).toBe('FORBIDDEN');
    expect((await call('PUT', `/api/peer-reviews/${id}/visit`, LEADER, { startsOn: '2026-04-17', endsOn: '2026-04-13' })).json()).toMatchObject({
      code: 'PEER_REVIEW_DATES_INVALID',
      message: 'The visit cannot end (2026-04-13) before it starts (2026-04-17).',
    });
    expect((await call('POST', `/api/peer-reviews/${id}/draft-report`, LEADER, { body: 'Too early' })).json()).toMatchObject({ code: 'PEER_REVIEW_STEP_NOT_ALLOWED', details: { status: 'team_formed' } });
    expect(await storedState(ctx.deps.db)).toEqual(before);

    const scheduled = (await call('PUT', `/api/peer-reviews/${id}/visit`, LEADER, { startsOn: '2026-04-13', endsOn: '2026-04-17' })).json();
    expect(scheduled).toMatchObject({ status: 'visit_scheduled', visit: { startsOn: '2026-04-13', endsOn: '2026-04-17' } });
    expect(scheduled.steps.at(-1)).toEqual({ step: 'visit', at: '2026-03-02T09:00:00.000Z', on: '2026-04-13', until: '2026-04-17' });
  });

  it('gets a draft report from the leader once the visit is over, with files', async () => {
    at('2026-04-15T12:00:00Z');
    await signIn(LEADER);
    const before = await storedState(ctx.deps.db);
    expect((await call('POST', `/api/peer-reviews/${id}/draft-report`, LEADER, { body: 'Halfway through' })).json()).toMatchObject({ code: 'PEER_REVIEW_VISIT_NOT_OVER', details: { endsOn: '2026-04-17' } });
    expect(await storedState(ctx.deps.db)).toEqual(before);

    at('2026-04-17T16:00:00Z');
    await signIn(MEMBER, LEADER);
    expect((await call('POST', `/api/peer-reviews/${id}/draft-report`, MEMBER, { body: 'Not the leader' })).json().code).toBe('FORBIDDEN');
    const drafted = await call('POST', `/api/peer-reviews/${id}/draft-report`, LEADER, {
      body: 'The team found the export controls sound; the register of rough diamond stocks is kept on paper.',
      files: [{ fileName: 'annex.txt', mediaType: 'text/plain', contentBase64: specimen.toString('base64') }],
    });
    expect(drafted.statusCode).toBe(200);
    const draft = drafted.json();
    expect(draft).toMatchObject({ status: 'draft_report', draftReport: { at: '2026-04-17T16:00:00.000Z', byName: 'Participant administrator ZA' } });
    expect(draft.files).toEqual([expect.objectContaining({ stage: 'draft', fileName: 'annex.txt', size: specimen.length, sha256: createHash('sha256').update(specimen).digest('hex') })]);

    const file = await call('GET', `/api/peer-reviews/${id}/files/${draft.files[0].id}`, 'admin.bw@demo.test');
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(specimen)).toBe(true);
    expect((await call('GET', `/api/peer-reviews/${id}/files/${draft.files[0].id}`, 'admin.ca@demo.test')).statusCode).toBe(404);
  });

  it('is commented by the host, and only then finalised', async () => {
    at('2026-05-04T10:00:00Z');
    await signIn('chair@demo.test', 'exporter.bw@demo.test', LEADER);
    const before = await storedState(ctx.deps.db);
    expect((await call('POST', `/api/peer-reviews/${id}/final-report`, 'chair@demo.test', { body: 'Final' })).json()).toMatchObject({ code: 'PEER_REVIEW_STEP_NOT_ALLOWED', details: { status: 'draft_report' } });
    expect((await call('POST', `/api/peer-reviews/${id}/host-comments`, 'exporter.bw@demo.test', { body: 'Not the administrator' })).json().code).toBe('FORBIDDEN');
    expect((await call('POST', `/api/peer-reviews/${id}/host-comments`, LEADER, { body: 'Not the host' })).json().code).toBe('FORBIDDEN');
    expect(await storedState(ctx.deps.db)).toEqual(before);

    const commented = await call('POST', `/api/peer-reviews/${id}/host-comments`, 'admin.bw@demo.test', { body: 'The stock register went electronic in March.', language: 'en' });
    expect(commented.statusCode).toBe(201);
    expect(commented.json()).toMatchObject({ status: 'host_comments', hostComments: [{ body: 'The stock register went electronic in March.', authorName: 'Participant administrator BW', at: '2026-05-04T10:00:00.000Z' }] });
    // once commented, the draft is no longer the leader's to replace
    expect((await call('POST', `/api/peer-reviews/${id}/draft-report`, LEADER, { body: 'Revised' })).json().code).toBe('PEER_REVIEW_STEP_NOT_ALLOWED');
  });

  it('is finalised by the leader with recommendations, each with an owner and a due date', async () => {
    at('2026-05-20T08:00:00Z');
    await signIn(LEADER, 'wgs@demo.test');
    const recommendations = [
      { text: 'Keep the register of rough diamond stocks electronically at every dealer.', owner: { kind: 'participant' }, dueOn: '2026-09-30' },
      { text: 'Provide technical assistance on footprint analysis.', owner: { kind: 'body', name: 'WGDE' }, dueOn: '2026-06-30' },
      { text: 'Publish the annual production figures by mine.', owner: { kind: 'participant' }, dueOn: '2026-12-31' },
    ];
    const before = await storedState(ctx.deps.db);
    expect((await call('POST', `/api/peer-reviews/${id}/final-report`, LEADER, { body: 'Final', recommendations: [{ ...recommendations[0], dueOn: '2026-05-19' }] })).json()).toMatchObject({
      code: 'PEER_REVIEW_DUE_DATE_PAST',
      details: { dueOn: '2026-05-19' },
    });
    expect((await call('POST', `/api/peer-reviews/${id}/final-report`, 'wgs@demo.test', { body: 'Final', recommendations })).json().code).toBe('FORBIDDEN');
    expect(await storedState(ctx.deps.db)).toEqual(before);

    const finalised = await call('POST', `/api/peer-reviews/${id}/final-report`, LEADER, { body: 'Final report of the review visit to Botswana, April 2026.', recommendations });
    expect(finalised.statusCode).toBe(200);
    const final = finalised.json();
    expect(final).toMatchObject({ status: 'final_report', finalReport: { byName: 'Participant administrator ZA' }, recommendationCounts: { total: 3, open: 3, overdue: 0 } });
    expect(final.recommendations.map((entry: { number: number; owner: string; ownerKind: string; dueOn: string; status: string }) => [entry.number, entry.ownerKind, entry.owner, entry.dueOn, entry.status])).toEqual([
      [1, 'participant', 'BW', '2026-09-30', 'open'],
      [2, 'body', 'WGDE', '2026-06-30', 'open'],
      [3, 'participant', 'BW', '2026-12-31', 'open'],
    ]);
    for (const entry of final.recommendations) rec[entry.number] = entry.id;
    expect((await review('admin.bw@demo.test')).can).toMatchObject({ reportProgress: true, closeRecommendations: false, close: false });
    expect((await review('wgm@demo.test')).can).toMatchObject({ reportProgress: false, closeRecommendations: true, addRecommendations: true });
  });

  it('is followed up: the host reports progress, the WGM closes', async () => {
    at('2026-06-10T09:00:00Z');
    await signIn('admin.bw@demo.test', 'exporter.bw@demo.test', OBSERVER);
    const event = (number: number, email: string, body: unknown) => call('POST', `/api/peer-reviews/${id}/recommendations/${rec[number]}/events`, email, body);
    const before = await storedState(ctx.deps.db);
    expect((await event(1, 'admin.bw@demo.test', { status: 'closed', note: 'Done, we think' })).json().code).toBe('FORBIDDEN');
    expect((await event(1, 'exporter.bw@demo.test', { status: 'in_progress', note: 'Not the administrator' })).json().code).toBe('FORBIDDEN');
    expect((await event(1, OBSERVER, { status: 'in_progress', note: 'Not the host' })).json().code).toBe('FORBIDDEN');
    expect((await event(1, 'admin.bw@demo.test', { status: 'in_progress' })).json().code).toBe('VALIDATION_FAILED');
    expect(await storedState(ctx.deps.db)).toEqual(before);

    expect((await event(1, 'admin.bw@demo.test', { status: 'in_progress', note: 'Dealers are being trained.' })).statusCode).toBe(201);
    expect((await event(1, 'admin.bw@demo.test', { status: 'implemented', note: 'All 14 dealers keep the register electronically.' })).statusCode).toBe(201);
    const closed = (await event(1, 'wgm@demo.test', { status: 'closed', note: 'Verified against the dealers’ returns.' })).json();
    const first = closed.recommendations[0];
    expect(first).toMatchObject({ status: 'closed', closedAt: '2026-06-10T09:00:00.000Z', overdue: false });
    expect(first.events.map((entry: { status: string; onBehalfOf: string | null; note: string | null }) => [entry.status, entry.onBehalfOf, entry.note])).toEqual([
      ['open', null, null],
      ['in_progress', 'BW', 'Dealers are being trained.'],
      ['implemented', 'BW', 'All 14 dealers keep the register electronically.'],
      ['closed', null, 'Verified against the dealers’ returns.'],
    ]);
    expect(closed.status).toBe('final_report');

    await signIn('wgm@demo.test');
    const again = await storedState(ctx.deps.db);
    expect((await event(1, 'wgm@demo.test', { status: 'in_progress', note: 'Reopen' })).json()).toMatchObject({ code: 'PEER_REVIEW_RECOMMENDATION_CLOSED', message: 'Recommendation 1 has been closed and can no longer change.' });
    expect(await storedState(ctx.deps.db)).toEqual(again);

    // the events are the record: the database refuses to change them
    await expect(ctx.deps.db.execute(sql`update peer_review_recommendation_events set note = 'rewritten'`)).rejects.toThrow();
    await expect(ctx.deps.db.execute(sql`delete from peer_review_comments`)).rejects.toThrow();
  });

  it('lists what is still open, and flags a recommendation overdue once its due date has passed', async () => {
    const followUp = async (email: string, query = '') => call('GET', `/api/peer-reviews/follow-up${query}`, email);
    const rows = async (email: string, query = '') =>
      (await followUp(email, query)).json().items.map((item: { number: number; reviewReference: string; overdue: boolean }) => [item.reviewReference, item.number, item.overdue]);
    expect(await rows('wgm@demo.test')).toEqual([
      ['PR 2026/01', 2, false],
      ['PR 2026/01', 3, false],
    ]);

    at('2026-06-30T23:00:00Z'); // the due day itself is still in time
    expect(await rows('chair@demo.test')).toEqual([
      ['PR 2026/01', 2, false],
      ['PR 2026/01', 3, false],
    ]);
    at('2026-07-01T07:00:00Z');
    expect(await rows('chair@demo.test')).toEqual([
      ['PR 2026/01', 2, true],
      ['PR 2026/01', 3, false],
    ]);
    expect(await rows('stats.bw@demo.test')).toEqual([
      ['PR 2026/01', 2, true],
      ['PR 2026/01', 3, false],
    ]);
    const item = (await followUp('admin.bw@demo.test')).json().items[0];
    expect(item).toMatchObject({ owner: 'WGDE', ownerKind: 'body', hostParticipantCode: 'BW', dueOn: '2026-06-30', status: 'open', lastNote: null });
    expect(await rows('chair@demo.test', '?participant=ZA')).toEqual([]);
    expect(await rows('admin.za@demo.test')).toEqual([]);
    expect((await followUp('admin.za@demo.test', '?participant=BW')).statusCode).toBe(404);
    expect((await followUp(OBSERVER)).statusCode).toBe(403);
    expect((await followUp('wgs@demo.test')).statusCode).toBe(403);
    expect((await review('admin.bw@demo.test')).recommendationCounts).toEqual({ total: 3, open: 2, overdue: 1 });
  });

  it('closes when its last recommendation closes, and shows on the participant’s timeline', async () => {
    at('2026-09-01T09:00:00Z');
    const event = (number: number, email: string, body: unknown) => call('POST', `/api/peer-reviews/${id}/recommendations/${rec[number]}/events`, email, body);
    expect((await event(2, 'wgm@demo.test', { status: 'closed', note: 'Assistance delivered in August.' })).json().status).toBe('final_report');
    const last = (await event(3, 'chair@demo.test', { status: 'closed', note: 'Figures published.' })).json();
    expect(last).toMatchObject({ status: 'closed', closingNote: null, recommendationCounts: { total: 3, open: 0, overdue: 0 } });
    expect((await call('GET', '/api/peer-reviews/follow-up', 'wgm@demo.test')).json().items).toEqual([]);

    const timeline = await call('GET', '/api/participants/BW/peer-reviews', 'exporter.bw@demo.test');
    expect(timeline.statusCode).toBe(200);
    expect(timeline.json().items).toHaveLength(1);
    expect(timeline.json().items[0].steps.map((step: { step: string; on: string; until: string | null }) => [step.step, step.on, step.until])).toEqual([
      ['invited', '2026-03-02', null],
      ['team_formed', '2026-03-02', null],
      ['visit', '2026-04-13', '2026-04-17'],
      ['draft_report', '2026-04-17', null],
      ['host_comments', '2026-05-04', null],
      ['final_report', '2026-05-20', null],
      ['closed', '2026-09-01', null],
    ]);
    expect((await call('GET', '/api/participants/BW/peer-reviews', LEADER)).statusCode).toBe(404);
    expect((await call('GET', '/api/participants/BW/peer-reviews', OBSERVER)).statusCode).toBe(403);
    expect((await call('GET', '/api/participants/XX/peer-reviews', 'chair@demo.test')).statusCode).toBe(404);

    const audited = await ctx.deps.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, id)).orderBy(auditLog.seq);
    expect(audited.map((entry) => entry.action)).toEqual([
      'peer_review.invited',
      'peer_review.team_formed',
      'peer_review.visit_scheduled',
      'peer_review.draft_report',
      'peer_review.host_commented',
      'peer_review.final_report',
      ...Array(5).fill('peer_review.recommendation_status'),
      'peer_review.closed',
    ]);
  });
});

describe('a review mission initiated by decision', () => {
  it('is opened by the Chair from an adopted plenary decision, and refused for one not adopted', async () => {
    at('2026-10-05T09:00:00Z');
    const plenary = await call('POST', '/api/decisions', 'chair@demo.test', {
      kind: 'plenary',
      title: 'Review mission to the Central African Republic',
      body: 'The Plenary decides to send a review mission to the Central African Republic.',
      meeting: 'Intersessional, October 2026',
      communique: 'Intersessional communiqué 2026',
      adoptedOn: '2026-10-05',
      effectiveOn: '2026-10-05',
    });
    expect(plenary.statusCode).toBe(201);
    const circulating = await call('POST', '/api/decisions', 'chair@demo.test', {
      kind: 'written_procedure',
      title: 'Review mission to Angola',
      body: 'Proposed by written procedure.',
      deadline: '2026-10-20T17:00:00Z',
    });
    expect(circulating.json().status).toBe('circulating');

    await signIn('admin.cf@demo.test', 'wgm@demo.test');
    const before = await storedState(ctx.deps.db);
    const mission = (decisionId: string) => ({ kind: 'mission', hostParticipantCode: 'CF', decisionId, scope: 'Terms of reference: compliance of exports from the zones.' });
    expect((await call('POST', '/api/peer-reviews', 'chair@demo.test', mission(circulating.json().id))).json()).toMatchObject({
      code: 'PEER_REVIEW_DECISION_NOT_ADOPTED',
      details: { status: 'circulating' },
      message: expect.stringContaining(circulating.json().reference),
    });
    expect((await call('POST', '/api/peer-reviews', 'chair@demo.test', mission('00000000-0000-4000-8000-000000000000'))).json()).toMatchObject({ code: 'PEER_REVIEW_DECISION_NOT_ADOPTED', details: { status: null } });
    expect((await call('POST', '/api/peer-reviews', 'chair@demo.test', { ...mission(plenary.json().id), hostParticipantCode: 'XX' })).json().code).toBe('UNKNOWN_PARTICIPANT');
    expect((await call('POST', '/api/peer-reviews', 'wgm@demo.test', mission(plenary.json().id))).json().code).toBe('FORBIDDEN');
    expect((await call('POST', '/api/peer-reviews', 'admin.cf@demo.test', mission(plenary.json().id))).json().code).toBe('FORBIDDEN');
    expect(await storedState(ctx.deps.db)).toEqual(before);

    const opened = await call('POST', '/api/peer-reviews', 'chair@demo.test', mission(plenary.json().id));
    expect(opened.statusCode).toBe(201);
    expect(opened.json()).toMatchObject({
      reference: 'RM 2026/01',
      kind: 'mission',
      hostParticipantCode: 'CF',
      status: 'invited',
      decision: { id: plenary.json().id, reference: plenary.json().reference, title: 'Review mission to the Central African Republic' },
    });
    const missionId = opened.json().id;
    expect((await call('GET', `/api/peer-reviews/${missionId}`, 'stats.cf@demo.test')).statusCode).toBe(200);
    expect((await call('GET', `/api/peer-reviews/${missionId}`, 'admin.bw@demo.test')).statusCode).toBe(404);

    // the Chair may close it at any step, with a note; only the Chair
    await signIn('wgm@demo.test');
    const unchanged = await storedState(ctx.deps.db);
    expect((await call('POST', `/api/peer-reviews/${missionId}/close`, 'wgm@demo.test', { note: 'Not ours' })).json().code).toBe('FORBIDDEN');
    expect(await storedState(ctx.deps.db)).toEqual(unchanged);
    const closed = (await call('POST', `/api/peer-reviews/${missionId}/close`, 'chair@demo.test', { note: 'Overtaken by the readmission decision.' })).json();
    expect(closed).toMatchObject({ status: 'closed', closingNote: 'Overtaken by the readmission decision.', can: { close: false } });
    expect(closed.steps.map((step: { step: string }) => step.step)).toEqual(['invited', 'closed']);
    expect((await call('POST', `/api/peer-reviews/${missionId}/close`, 'chair@demo.test', { note: 'Twice' })).json().code).toBe('PEER_REVIEW_STEP_NOT_ALLOWED');
    expect((await call('GET', '/api/participants/CF/peer-reviews', 'wgm@demo.test')).json().items.map((item: { reference: string }) => item.reference)).toEqual(['RM 2026/01']);
  });
});
