import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_SECTIONS } from '../../src/annual-reports/annual-report-rules.ts';
import { storedState } from '../support/state.ts';
import { apiClient } from '../support/api-client.ts';
import { createTestApp, type TestContext } from '../support/test-database.ts';

/**
 * Annual reports for 2025 through the API, the clock set around the 31 March 2026 deadline:
 * Canada files on time, South Africa late, Botswana not at all. Expected figures come from the
 * public register and statistics endpoints and from what the test itself sends.
 */
let ctx: TestContext;
const { as, call, at } = apiClient(() => ctx);

const filled = (text: string) => Object.fromEntries(REPORT_SECTIONS.map((section) => [section, `${text}: ${section}`]));
const complete = (text: string) => ({ partA: filled(`${text} baseline`), partB: filled(`${text} changes`) });

beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => ctx?.close());

describe('drafting and submitting', () => {
  it('starts from a template: the register’s authorities, and the year’s figures as the public statistics give them', async () => {
    at('2026-02-10T09:00:00Z');
    const report = (await call('GET', '/api/participants/ZA/annual-reports/2025', 'admin.za@demo.test')).json();
    expect(report).toMatchObject({ id: null, status: 'not_started', dueOn: '2026-03-31', late: false, submittedAt: null });
    const authorities = (await call('GET', '/api/participants/ZA/authorities', 'admin.za@demo.test')).json() as { name: string }[];
    expect(authorities.length).toBeGreaterThan(0);
    for (const authority of authorities) expect(report.content.partA.authorities).toContain(authority.name);
    expect(report.content.partB.authorities).toBe('');

    const statistics = (await call('GET', '/api/statistics/participants/ZA?year=2025', null)).json();
    const year = (rows: { period: string; certificates: number; carats: string; valueUsd: string }[]) => rows.find((row) => row.period === '2025')!;
    expect(report.statistics.exports).toEqual({ certificates: year(statistics.exports.totals).certificates, carats: year(statistics.exports.totals).carats, valueUsd: year(statistics.exports.totals).valueUsd });
    expect(report.statistics.imports.carats).toBe(year(statistics.imports.totals).carats);
    expect(report.statistics.production.map((row: { period: string }) => row.period)).toEqual(['2025-H1', '2025-H2', '2025']);
  });

  it('keeps drafts; refuses to submit while a section is empty, naming each one, and stores nothing', async () => {
    const content = complete('South Africa');
    content.partB.enforcement = '';
    content.partA.legislation = '   ';
    const saved = await call('PUT', '/api/participants/ZA/annual-reports/2025', 'admin.za@demo.test', { content });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().status).toBe('draft');
    const before = await storedState(ctx.deps.db);
    const refused = await call('POST', '/api/participants/ZA/annual-reports/2025/submit', 'admin.za@demo.test');
    expect(refused.json()).toMatchObject({ code: 'ANNUAL_REPORT_INCOMPLETE', details: { sections: ['partA.legislation', 'partB.enforcement'] } });
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });

  it('only the participant’s administrator writes; its other staff read; other participants see nothing', async () => {
    for (const email of ['stats.za@demo.test', 'admin.bw@demo.test', 'observer.csc@demo.test', 'wgm@demo.test']) await as(email);
    const before = await storedState(ctx.deps.db);
    const body = { content: complete('x') };
    expect((await call('PUT', '/api/participants/ZA/annual-reports/2025', 'stats.za@demo.test', body)).json().code).toBe('FORBIDDEN');
    expect((await call('GET', '/api/participants/ZA/annual-reports/2025', 'stats.za@demo.test')).statusCode).toBe(200);
    expect((await call('PUT', '/api/participants/ZA/annual-reports/2025', 'admin.bw@demo.test', body)).json().code).toBe('NOT_FOUND');
    expect((await call('GET', '/api/participants/ZA/annual-reports/2025', 'admin.bw@demo.test')).json().code).toBe('NOT_FOUND');
    // observers read only submitted reports shared with them (test/api/observer-sharing.test.ts)
    expect((await call('GET', '/api/participants/ZA/annual-reports/2025', 'observer.csc@demo.test')).json().code).toBe('NOT_FOUND');
    expect((await call('PUT', '/api/participants/ZA/annual-reports/2025', 'wgm@demo.test', body)).json().code).toBe('FORBIDDEN');
    expect((await call('GET', '/api/participants/ZA/annual-reports/2025', null)).statusCode).toBe(401);
    expect((await call('PUT', '/api/participants/ZA/annual-reports/2026', 'admin.za@demo.test', body)).json()).toMatchObject({ code: 'ANNUAL_REPORT_YEAR_INVALID' });
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });

  it('Canada files on time with an attachment; the figures are frozen into the report', async () => {
    at('2026-03-01T10:00:00Z');
    const specimen = Buffer.from('%PDF-1.4 specimen of the Canadian KP certificate');
    const attached = await call('POST', '/api/participants/CA/annual-reports/2025/files', 'admin.ca@demo.test', {
      section: 'import_export_regime',
      fileName: 'certificate-specimen.pdf',
      mediaType: 'application/pdf',
      contentBase64: specimen.toString('base64'),
    });
    expect(attached.statusCode).toBe(201);
    const file = attached.json().files[0];
    expect(file).toMatchObject({ section: 'import_export_regime', size: specimen.length, sha256: createHash('sha256').update(specimen).digest('hex') });
    const download = await call('GET', `/api/participants/CA/annual-reports/2025/files/${file.id}`, 'wgm@demo.test');
    expect(download.rawPayload.equals(specimen)).toBe(true);
    expect((await call('GET', `/api/participants/CA/annual-reports/2025/files/${file.id}`, 'admin.bw@demo.test')).statusCode).toBe(404);

    await call('PUT', '/api/participants/CA/annual-reports/2025', 'admin.ca@demo.test', { content: complete('Canada') });
    const submitted = (await call('POST', '/api/participants/CA/annual-reports/2025/submit', 'admin.ca@demo.test')).json();
    expect(submitted).toMatchObject({ status: 'submitted', submittedAt: '2026-03-01T10:00:00.000Z', late: false });
    const frozen = submitted.statistics;

    // a later correction of Canada's 2025 production changes the public figures, not the report
    const correction = await call('POST', '/api/participants/CA/production', 'stats.ca@demo.test', { year: 2025, half: 1, reportType: 'production', carats: '1.00', valueUsd: '1.00', note: 'test correction' });
    expect(correction.statusCode).toBe(201);
    const live = (await call('GET', '/api/statistics/participants/CA?year=2025', null)).json();
    expect(live.production.find((row: { period: string }) => row.period === '2025-H1').carats).toBe('1.00');
    expect((await call('GET', '/api/participants/CA/annual-reports/2025', 'wgm@demo.test')).json().statistics).toEqual(frozen);

    expect((await call('PUT', '/api/participants/CA/annual-reports/2025', 'admin.ca@demo.test', { content: complete('again') })).json().code).toBe('ANNUAL_REPORT_SUBMITTED');
  });

  it('South Africa files after the deadline: late', async () => {
    at('2026-04-15T10:00:00Z');
    const content = complete('South Africa');
    await call('PUT', '/api/participants/ZA/annual-reports/2025', 'admin.za@demo.test', { content });
    const submitted = (await call('POST', '/api/participants/ZA/annual-reports/2025/submit', 'admin.za@demo.test')).json();
    expect(submitted).toMatchObject({ status: 'submitted', late: true, content });
  });
});

describe('the WGM’s review and the dashboard', () => {
  it('shows who filed, who is late, who has open questions; questions are answered once', async () => {
    at('2026-04-20T10:00:00Z');
    const register = (await call('GET', '/api/participants', null)).json() as { code: string; countedAmongParticipants: boolean; status: string }[];
    // nobody's standing changed during 2025 in the register: those in good standing now owed a report
    const owed = register.filter((entry) => entry.countedAmongParticipants && entry.status === 'participant').map((entry) => entry.code).sort();

    expect((await call('POST', '/api/participants/BW/annual-reports/2025/messages', 'wgm@demo.test', { kind: 'question', body: 'Not filed?' })).json().code).toBe('NOT_FOUND');
    const asked = await call('POST', '/api/participants/ZA/annual-reports/2025/messages', 'wgm@demo.test', { kind: 'question', body: 'Why did imports double?', language: 'en' });
    expect(asked.statusCode).toBe(201);
    const question = asked.json().messages.find((message: { kind: string }) => message.kind === 'question');
    expect(question).toMatchObject({ answered: false, body: 'Why did imports double?' });
    expect((await call('POST', '/api/participants/ZA/annual-reports/2025/messages', 'admin.za@demo.test', { kind: 'question', body: 'x' })).json().code).toBe('FORBIDDEN');

    let dashboard = (await call('GET', '/api/annual-reports?year=2025', 'wgm@demo.test')).json();
    expect(dashboard.rows.map((row: { participantCode: string }) => row.participantCode).sort()).toEqual(owed);
    const row = (code: string) => dashboard.rows.find((entry: { participantCode: string }) => entry.participantCode === code);
    expect(row('CA')).toMatchObject({ status: 'submitted', late: false, openQuestions: 0 });
    expect(row('ZA')).toMatchObject({ status: 'submitted', late: true, openQuestions: 1 });
    expect(row('BW')).toMatchObject({ status: 'not_started', late: true, submittedAt: null });
    expect(dashboard.counts).toEqual({ owed: owed.length, submitted: 2, submittedLate: 1, missing: owed.length - 2, withOpenQuestions: 1 });

    const answered = await call('POST', '/api/participants/ZA/annual-reports/2025/messages', 'admin.za@demo.test', { kind: 'answer', questionId: question.id, body: 'A new cutting centre opened.', language: 'en' });
    expect(answered.statusCode).toBe(201);
    expect(answered.json().messages.find((message: { id: string }) => message.id === question.id).answered).toBe(true);
    expect((await call('POST', '/api/participants/ZA/annual-reports/2025/messages', 'admin.za@demo.test', { kind: 'answer', questionId: question.id, body: 'Again.' })).json().code).toBe('ANNUAL_REPORT_QUESTION_ANSWERED');
    dashboard = (await call('GET', '/api/annual-reports?year=2025', 'wgm@demo.test')).json();
    expect(dashboard.counts.withOpenQuestions).toBe(0);

    // a participant's staff see their own row only; observers no dashboard
    const own = (await call('GET', '/api/annual-reports?year=2025', 'stats.za@demo.test')).json();
    expect(own.rows.map((entry: { participantCode: string }) => entry.participantCode)).toEqual(['ZA']);
    expect((await call('GET', '/api/annual-reports?year=2025', 'observer.wdc@demo.test')).json().code).toBe('FORBIDDEN');
  });

  it('the public sees who filed and when, never the content', async () => {
    const filed = (await call('GET', '/api/annual-reports/filed?year=2025', null)).json();
    const entry = (code: string) => filed.rows.find((row: { participantCode: string }) => row.participantCode === code);
    expect(entry('CA')).toEqual({ participantCode: 'CA', name: 'Canada', filed: true, filedOn: '2026-03-01' });
    expect(entry('ZA')).toMatchObject({ filed: true, filedOn: '2026-04-15' });
    expect(entry('BW')).toMatchObject({ filed: false, filedOn: null });
    expect(JSON.stringify(filed)).not.toContain('baseline');
  });

  it('next year’s report starts from this year’s Part A', async () => {
    at('2027-01-10T10:00:00Z');
    const next = (await call('GET', '/api/participants/ZA/annual-reports/2026', 'admin.za@demo.test')).json();
    expect(next.status).toBe('not_started');
    expect(next.content.partA).toEqual(complete('South Africa').partA);
    expect(next.content.partB.legislation).toBe('');
  });
});
