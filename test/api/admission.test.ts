import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standAsApplicant } from '../support/applicant.ts';
import { storedState } from '../support/state.ts';
import { apiClient } from '../support/api-client.ts';
import { createTestApp, type TestContext } from '../support/test-database.ts';

/**
 * Zambia, an applicant in the register since 2005, files its application for admission
 * through the API; the CPC assesses it and recommends; the Chair records the plenary decision
 * through /api/decisions, and the application reads as admitted from the register.
 */
let ctx: TestContext;
const { as, call, at } = apiClient(() => ctx);
const ZM = 'admin.zm@demo.test';
const CPC = 'cpc@demo.test';
const CHAIR = 'chair@demo.test';
const base = '/api/admission/applications';
let id = '';

const content = {
  legislation: 'Import and Export (Control) Act 1950; Rough Diamonds (KPCS) Order 2026.',
  authorities: [{ name: 'Ministry of Commerce, KP Office', address: 'Zambia Secretariat, Dhaka 1000', email: 'kp@commerce.gov.zm.test', phone: '+880 2 0000000' }],
  contacts: [{ name: 'Focal point', position: 'Joint Secretary', email: 'focal@commerce.gov.zm.test', phone: '' }],
  internalControls: 'Licensed importers only; sealed containers checked by Customs at Dhaka airport.',
  statisticsCapability: 'Customs ASYCUDA records by HS code 7102, reported half-yearly.',
};
const specimen = { kind: 'certificate_specimen', fileName: 'specimen.pdf', mediaType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4 specimen').toString('base64') };
const allMet = Object.fromEntries(['legislation', 'authorities', 'certificate_specimen', 'internal_controls', 'statistics'].map((criterion) => [criterion, { result: 'met', note: `${criterion} in order` }]));

beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => ctx?.close());

describe('filing', () => {
  it('the applicant’s administrator opens a draft; only one open application at a time', async () => {
    at('2026-03-02T09:00:00Z');
    const opened = await call('POST', base, ZM, {});
    expect(opened.statusCode).toBe(201);
    expect(opened.json()).toMatchObject({ reference: 'APP 2026/01', applicantCode: 'ZM', status: 'draft', stage: 'draft', outcome: null, can: { edit: true, submit: true } });
    expect(opened.json().missing).toEqual(['legislation', 'authorities', 'certificate_specimen', 'contacts', 'internal_controls', 'statistics_capability']);
    id = opened.json().id;
    const again = await call('POST', base, ZM, {});
    expect(again.json()).toMatchObject({ code: 'ADMISSION_APPLICATION_OPEN', details: { id } });
  });

  it('refuses a participant that is not an applicant, and roles that file nothing', async () => {
    expect((await call('POST', base, 'admin.bw@demo.test', {})).json().code).toBe('ADMISSION_NOT_AN_APPLICANT');
    expect((await call('POST', base, CPC, { applicantCode: 'ZM' })).json().code).toBe('FORBIDDEN');
    // Zambia has an administrator of its own: the Chair does not file for it.
    expect((await call('POST', base, CHAIR, { applicantCode: 'ZM' })).json().code).toBe('FORBIDDEN');
  });

  it('refuses to submit without the certificate specimen, naming what is missing, and stores nothing', async () => {
    const saved = await call('PUT', `${base}/${id}`, ZM, { content });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().missing).toEqual(['certificate_specimen']);
    await as(ZM);
    const before = await storedState(ctx.deps.db);
    const refused = await call('POST', `${base}/${id}/submit`, ZM);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'ADMISSION_APPLICATION_INCOMPLETE', details: { missing: ['certificate_specimen'] } });
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });

  it('bad input changes nothing: an unknown document kind, empty or broken base64, an unknown field', async () => {
    await as(ZM);
    const before = await storedState(ctx.deps.db);
    expect((await call('POST', `${base}/${id}/files`, ZM, { ...specimen, kind: 'passport' })).json().code).toBe('VALIDATION_FAILED');
    expect((await call('POST', `${base}/${id}/files`, ZM, { ...specimen, contentBase64: '' })).json().code).toBe('EVIDENCE_FILE_INVALID');
    expect((await call('POST', `${base}/${id}/files`, ZM, { ...specimen, contentBase64: '%%%' })).json().code).toBe('EVIDENCE_FILE_INVALID');
    expect((await call('PUT', `${base}/${id}`, ZM, { content: { ...content, flag: 'x' } })).json().code).toBe('VALIDATION_FAILED');
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });

  it('another participant’s staff get NOT_FOUND, observers and working groups FORBIDDEN, the CPC does not see the draft', async () => {
    for (const email of ['admin.bw@demo.test', 'observer.wdc@demo.test', 'wgm@demo.test', CPC]) await as(email);
    const before = await storedState(ctx.deps.db);
    expect((await call('GET', `${base}/${id}`, 'admin.bw@demo.test')).statusCode).toBe(404);
    expect((await call('PUT', `${base}/${id}`, 'admin.bw@demo.test', { content })).statusCode).toBe(404);
    expect((await call('GET', `${base}/${id}`, 'observer.wdc@demo.test')).statusCode).toBe(403);
    expect((await call('GET', `${base}/${id}`, 'wgm@demo.test')).statusCode).toBe(403);
    expect((await call('GET', `${base}/${id}`, CPC)).statusCode).toBe(404);
    expect((await call('GET', base, CPC)).json().items).toEqual([]);
    expect((await call('GET', `${base}/public`, null)).json().items).toEqual([]);
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });

  it('submits once the specimen is attached; the content then stays as submitted and the CPC is told', async () => {
    const attached = await call('POST', `${base}/${id}/files`, ZM, specimen);
    expect(attached.statusCode).toBe(201);
    expect(attached.json().files[0]).toMatchObject({ kind: 'certificate_specimen', fileName: 'specimen.pdf', size: 17 });
    expect(attached.json().missing).toEqual([]);
    at('2026-03-05T09:00:00Z');
    const submitted = await call('POST', `${base}/${id}/submit`, ZM);
    expect(submitted.json()).toMatchObject({ status: 'submitted', stage: 'submitted', submittedAt: '2026-03-05T09:00:00.000Z', can: { edit: false, withdraw: true } });
    expect((await call('PUT', `${base}/${id}`, ZM, { content })).json().code).toBe('ADMISSION_APPLICATION_NOT_DRAFT');
    const notices = (await call('GET', '/api/notifications', CPC)).json();
    expect(JSON.stringify(notices)).toContain('admission.submitted');
    const download = await call('GET', `${base}/${id}/files/${attached.json().files[0].id}`, CPC);
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('%PDF-1.4 specimen');
  });
});

describe('the CPC’s assessment', () => {
  it('the CPC takes the application up, asks; the applicant is told and answers once', async () => {
    expect((await call('POST', `${base}/${id}/assessment/start`, ZM)).json().code).toBe('FORBIDDEN');
    const started = await call('POST', `${base}/${id}/assessment/start`, CPC);
    expect(started.json()).toMatchObject({ status: 'under_assessment', can: { assess: true, ask: true } });
    const asked = await call('POST', `${base}/${id}/messages`, CPC, { kind: 'question', body: 'Which authority validates export certificates?' });
    expect(asked.statusCode).toBe(201);
    const question = asked.json().messages[0];
    expect(question).toMatchObject({ kind: 'question', answered: false });
    expect(JSON.stringify((await call('GET', '/api/notifications', ZM)).json())).toContain('admission.question');
    expect((await call('GET', `${base}/${id}`, ZM)).json().can.answer).toBe(true);
    const answer = { kind: 'answer', body: 'The KP Office of the Ministry of Commerce.', questionId: question.id };
    expect((await call('POST', `${base}/${id}/messages`, ZM, answer)).statusCode).toBe(201);
    expect((await call('POST', `${base}/${id}/messages`, ZM, answer)).json().code).toBe('ADMISSION_QUESTION_ANSWERED');
    expect(JSON.stringify((await call('GET', '/api/notifications', CPC)).json())).toContain('admission.answer');
    expect((await call('POST', `${base}/${id}/messages`, 'chair@demo.test', { kind: 'question', body: 'x' })).json().code).toBe('FORBIDDEN');
  });

  it('records findings per criterion; no recommendation while one needs information, and no admission while one is not met', async () => {
    const partial = await call('PUT', `${base}/${id}/assessment`, CPC, { findings: { ...allMet, statistics: { result: 'needs_info', note: 'Half-year figures?' } } });
    expect(partial.json().assessment.findings.statistics).toEqual({ result: 'needs_info', note: 'Half-year figures?' });
    // the applicant does not read the CPC's working notes before the recommendation
    expect((await call('GET', `${base}/${id}`, ZM)).json().assessment).toBeNull();
    await as(CPC);
    const before = await storedState(ctx.deps.db);
    const early = await call('POST', `${base}/${id}/recommendation`, CPC, { recommendation: 'admit', note: 'Ready.' });
    expect(early.json()).toMatchObject({ code: 'ADMISSION_ASSESSMENT_INCOMPLETE', details: { criteria: ['statistics'] } });
    expect(await storedState(ctx.deps.db)).toEqual(before);
    await call('PUT', `${base}/${id}/assessment`, CPC, { findings: { statistics: { result: 'not_met', note: 'No half-year reporting yet.' } } });
    expect((await call('POST', `${base}/${id}/recommendation`, CPC, { recommendation: 'admit', note: 'Ready.' })).json()).toMatchObject({ code: 'ADMISSION_CRITERIA_NOT_MET', details: { criteria: ['statistics'] } });
  });

  it('recommends admission once every criterion is met; the Chair may then propose the decision', async () => {
    await call('PUT', `${base}/${id}/assessment`, CPC, { findings: { statistics: { result: 'met', note: 'Half-year reporting set up.' } } });
    const recommended = await call('POST', `${base}/${id}/recommendation`, CPC, { recommendation: 'admit', note: 'All criteria met.' });
    expect(recommended.json()).toMatchObject({ status: 'recommended', stage: 'awaiting_decision', recommendation: 'admit', can: { assess: false } });
    expect((await call('GET', `${base}/${id}`, ZM)).json().assessment).toMatchObject({ recommendationNote: 'All criteria met.' });
    expect((await call('GET', `${base}/${id}`, CHAIR)).json().can.proposeDecision).toBe(true);
    const dashboard = (await call('GET', base, CPC)).json();
    expect(dashboard.counts).toMatchObject({ awaiting_decision: 1, submitted: 0 });
    const publicRow = (await call('GET', `${base}/public`, null)).json().items[0];
    expect(publicRow).toEqual({ reference: 'APP 2026/01', applicantCode: 'ZM', name: 'Zambia', submittedOn: '2026-03-05', stage: 'awaiting_decision', outcome: null, admittedOn: null, decisionReference: null });
  });
});

describe('admission by decision', () => {
  it('the Chair records the plenary decision; the register shows ZM as a participant and the application reads as admitted', async () => {
    at('2026-03-20T09:00:00Z');
    const decision = await call('POST', '/api/decisions', CHAIR, {
      kind: 'plenary',
      title: 'Admission of Zambia',
      body: 'The Plenary admits Zambia as a Participant.',
      meeting: 'Intersessional, March 2026',
      communique: 'Communiqué of the Intersessional, March 2026',
      adoptedOn: '2026-03-20',
      effectiveOn: '2026-03-20',
      effects: [{ type: 'status', participantCode: 'ZM', status: 'participant' }],
    });
    expect(decision.statusCode).toBe(201);
    const participant = (await call('GET', '/api/participants/ZM', null)).json();
    expect(participant).toMatchObject({ status: 'participant', since: '2026-03-20' });
    expect(participant.history.map((event: { status: string }) => event.status).slice(-2)).toEqual(['applicant', 'participant']);
    const application = (await call('GET', `${base}/${id}`, ZM)).json();
    expect(application).toMatchObject({ stage: 'admitted', outcome: 'admitted', admittedOn: '2026-03-20', decision: { id: decision.json().id, reference: decision.json().reference, status: 'adopted' }, can: { withdraw: false, proposeDecision: false } });
    expect((await call('GET', `${base}/public?participant=ZM`, null)).json().items[0]).toMatchObject({ stage: 'admitted', outcome: 'admitted', decisionReference: decision.json().reference });
    expect((await call('POST', `${base}/${id}/withdraw`, ZM, { note: 'late' })).json().code).toBe('ADMISSION_APPLICATION_CLOSED');
    // once a participant, Zambia files no new application
    expect((await call('POST', base, ZM, {})).json().code).toBe('ADMISSION_NOT_AN_APPLICANT');
  });
});

describe('filing on behalf of an applicant without an account', () => {
  it('the Chair opens and writes the draft for Namibia (no account in Kimberlite); the CPC sees it only once submitted', async () => {
    await standAsApplicant(ctx.deps.db, 'NA', '2026-03-01');
    expect((await call('POST', base, 'admin.bw@demo.test', { applicantCode: 'NA' })).json().code).toBe('FORBIDDEN');
    const opened = await call('POST', base, CHAIR, { applicantCode: 'NA' });
    expect(opened.statusCode).toBe(201);
    expect(opened.json()).toMatchObject({ applicantCode: 'NA', status: 'draft', can: { edit: true } });
    const draftId = opened.json().id;
    expect((await call('GET', base, CHAIR)).json().items.map((item: { id: string }) => item.id)).toContain(draftId);
    expect((await call('GET', `${base}/${draftId}`, CPC)).statusCode).toBe(404);
    expect((await call('PUT', `${base}/${draftId}`, CHAIR, { content })).statusCode).toBe(200);
    await call('POST', `${base}/${draftId}/files`, CHAIR, specimen);
    expect((await call('POST', `${base}/${draftId}/submit`, CHAIR)).json().stage).toBe('submitted');
    expect((await call('GET', `${base}/${draftId}`, CPC)).statusCode).toBe(200);
  });
});
