import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_SECTIONS } from '../../src/annual-reports/annual-report-rules.ts';
import { auditLog } from '../../src/db/schema.ts';
import { apiClient } from '../support/api-client.ts';
import { storedState } from '../support/state.ts';
import { createTestApp, type TestContext } from '../support/test-database.ts';

/**
 * Observers (WDC, the civil society coalition) read what the KP shares with them, record by
 * record: a written procedure marked KP ONLY stays hidden from them until the Chair shares it; a
 * submitted annual report only once its participant (or the WGM) shares it, without the WGM's
 * questions; a peer review they are not on the team of only once the Chair or WGM shares it.
 */
let ctx: TestContext;
const { as, call, at } = apiClient(() => ctx);
/** Signs everyone in before a refusal is checked against the stored state (a sign-in writes a session). */
const signIn = async (...emails: string[]) => {
  for (const email of emails) await as(email);
};

const filled = (text: string) => Object.fromEntries(REPORT_SECTIONS.map((section) => [section, `${text}: ${section}`]));

beforeAll(async () => {
  ctx = await createTestApp();
  at('2026-04-20T09:00:00Z');
});
afterAll(async () => ctx?.close());

const auditActions = async (entityId: string) =>
  (await ctx.deps.db.select({ action: auditLog.action, data: auditLog.data }).from(auditLog).where(and(eq(auditLog.entityId, entityId)))).map((row) => row.action);

describe('decisions marked KP ONLY', () => {
  let id = '';

  it('hides a KP ONLY written procedure from observers, not from participants, and sends observers no notice of it', async () => {
    const draft = {
      kind: 'written_procedure',
      title: 'Enhanced vigilance on shipments from a neighbouring area',
      body: 'Participants are invited to apply enhanced vigilance. Sensitive: KP ONLY.',
      deadline: '2026-05-20T12:00:00Z',
      sharedWithObservers: false,
    };
    const created = await call('POST', '/api/decisions', 'chair@demo.test', draft);
    expect(created.statusCode).toBe(201);
    id = created.json().id;
    expect(created.json()).toMatchObject({ status: 'circulating', sharedWithObservers: false, can: { share: true } });

    const listed = (email: string | null) => call('GET', '/api/decisions', email).then((response) => response.json().items.map((item: { id: string }) => item.id));
    expect(await listed('admin.bw@demo.test')).toContain(id);
    expect(await listed('wgde@demo.test')).toContain(id);
    expect(await listed('observer.wdc@demo.test')).not.toContain(id);
    expect(await listed(null)).not.toContain(id);
    expect((await call('GET', `/api/decisions/${id}`, 'observer.wdc@demo.test')).json().code).toBe('NOT_FOUND');

    await signIn('observer.csc@demo.test');
    const before = await storedState(ctx.deps.db);
    expect((await call('POST', `/api/decisions/${id}/comments`, 'observer.csc@demo.test', { body: 'Nous soutenons.' })).json().code).toBe('NOT_FOUND');
    expect(await storedState(ctx.deps.db)).toEqual(before);

    const notices = (await call('GET', '/api/notifications', 'observer.wdc@demo.test')).json().items as { link: string | null }[];
    expect(notices.map((notice) => notice.link)).not.toContain(`/decisions/${id}`);
    const bw = (await call('GET', '/api/notifications', 'admin.bw@demo.test')).json().items as { link: string | null }[];
    expect(bw.map((notice) => notice.link)).toContain(`/decisions/${id}`);
  });

  it('lets only the Chair share it; once shared, observers read it in full and comment', async () => {
    await signIn('wgm@demo.test', 'admin.bw@demo.test', 'observer.wdc@demo.test', 'chair@demo.test');
    const before = await storedState(ctx.deps.db);
    for (const email of ['wgm@demo.test', 'admin.bw@demo.test', 'observer.wdc@demo.test']) {
      expect((await call('PUT', `/api/decisions/${id}/sharing`, email, { sharedWithObservers: true })).json().code, email).toBe('FORBIDDEN');
    }
    expect((await call('PUT', `/api/decisions/${id}/sharing`, 'chair@demo.test', { sharedWithObservers: 'yes' })).json().code).toBe('VALIDATION_FAILED');
    expect(await storedState(ctx.deps.db)).toEqual(before);

    const shared = await call('PUT', `/api/decisions/${id}/sharing`, 'chair@demo.test', { sharedWithObservers: true });
    expect(shared.statusCode).toBe(200);
    expect(shared.json().sharedWithObservers).toBe(true);
    expect(await auditActions(id)).toContain('decision.sharing_changed');

    const seen = await call('GET', `/api/decisions/${id}`, 'observer.wdc@demo.test');
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ body: expect.stringContaining('KP ONLY'), can: { takePosition: false, comment: true, share: false } });
    const commented = await call('POST', `/api/decisions/${id}/comments`, 'observer.csc@demo.test', { body: 'Nous soutenons la vigilance renforcée.', language: 'fr' });
    expect(commented.statusCode).toBe(201);
    expect(commented.json().comments.map((comment: { onBehalfOf: string }) => comment.onBehalfOf)).toEqual(['CSC']);
    // still the public sees nothing while it circulates
    expect((await call('GET', `/api/decisions/${id}`, null)).json().code).toBe('NOT_FOUND');
  });
});

describe('annual reports shared with observers', () => {
  const specimen = Buffer.from('%PDF-1.4 specimen of the Canadian KP certificate');
  let fileId = '';

  it('cannot share a report before it is submitted, and changes nothing trying', async () => {
    at('2026-03-01T10:00:00Z');
    const saved = await call('PUT', '/api/participants/CA/annual-reports/2025', 'admin.ca@demo.test', { content: { partA: filled('Canada baseline'), partB: filled('Canada changes') } });
    expect(saved.statusCode).toBe(200);
    const attached = await call('POST', '/api/participants/CA/annual-reports/2025/files', 'admin.ca@demo.test', {
      section: 'import_export_regime',
      fileName: 'certificate-specimen.pdf',
      mediaType: 'application/pdf',
      contentBase64: specimen.toString('base64'),
    });
    fileId = attached.json().files[0].id;
    await signIn('admin.ca@demo.test');
    const before = await storedState(ctx.deps.db);
    const refused = await call('PUT', '/api/participants/CA/annual-reports/2025/sharing', 'admin.ca@demo.test', { sharedWithObservers: true });
    expect(refused.json().code).toBe('ANNUAL_REPORT_NOT_SUBMITTED');
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });

  it('keeps a submitted report from observers until its participant shares it; then they read it, not the WGM’s questions', async () => {
    const submitted = await call('POST', '/api/participants/CA/annual-reports/2025/submit', 'admin.ca@demo.test');
    expect(submitted.json()).toMatchObject({ status: 'submitted', sharedWithObservers: false, can: { share: true } });
    const asked = await call('POST', '/api/participants/CA/annual-reports/2025/messages', 'wgm@demo.test', { kind: 'question', body: 'How are the Yukon placer deposits monitored?' });
    expect(asked.statusCode).toBe(201);

    expect((await call('GET', '/api/participants/CA/annual-reports/2025', 'observer.csc@demo.test')).json().code).toBe('NOT_FOUND');
    expect((await call('GET', `/api/participants/CA/annual-reports/2025/files/${fileId}`, 'observer.csc@demo.test')).json().code).toBe('NOT_FOUND');
    expect((await call('GET', '/api/annual-reports/shared', 'observer.csc@demo.test')).json().items).toEqual([]);

    // another participant's administrator and the stats officer may not share Canada's report
    for (const email of ['admin.bw@demo.test', 'stats.ca@demo.test', 'observer.csc@demo.test', 'wgs@demo.test']) {
      const response = await call('PUT', '/api/participants/CA/annual-reports/2025/sharing', email, { sharedWithObservers: true });
      expect(['FORBIDDEN', 'NOT_FOUND'], email).toContain(response.json().code);
    }

    const shared = await call('PUT', '/api/participants/CA/annual-reports/2025/sharing', 'admin.ca@demo.test', { sharedWithObservers: true });
    expect(shared.json().sharedWithObservers).toBe(true);
    const report = (await call('GET', '/api/participants/CA/annual-reports/2025', 'observer.csc@demo.test')).json();
    expect(report).toMatchObject({ status: 'submitted', content: { partA: { legislation: 'Canada baseline: legislation' } }, messages: [], can: { edit: false, ask: false, comment: false, share: false } });
    expect((await call('GET', '/api/participants/CA/annual-reports/2025', 'wgm@demo.test')).json().messages).toHaveLength(1);
    const download = await call('GET', `/api/participants/CA/annual-reports/2025/files/${fileId}`, 'observer.csc@demo.test');
    expect(createHash('sha256').update(download.rawPayload).digest('hex')).toBe(createHash('sha256').update(specimen).digest('hex'));
    expect((await call('GET', '/api/annual-reports/shared', 'observer.wdc@demo.test')).json().items).toEqual([
      expect.objectContaining({ participantCode: 'CA', year: 2025 }),
    ]);
    // observers still do not write: a message from them is refused
    expect((await call('POST', '/api/participants/CA/annual-reports/2025/messages', 'observer.csc@demo.test', { kind: 'comment', body: 'x' })).statusCode).toBe(403);
  });

  it('the WGM can mark it KP ONLY again, and observers lose it', async () => {
    const hidden = await call('PUT', '/api/participants/CA/annual-reports/2025/sharing', 'wgm@demo.test', { sharedWithObservers: false });
    expect(hidden.json().sharedWithObservers).toBe(false);
    expect((await call('GET', '/api/participants/CA/annual-reports/2025', 'observer.csc@demo.test')).json().code).toBe('NOT_FOUND');
    const report = (await call('GET', '/api/participants/CA/annual-reports/2025', 'admin.ca@demo.test')).json();
    expect(await auditActions(report.id)).toEqual(expect.arrayContaining(['annual_report.sharing_changed']));
  });
});

describe('peer reviews shared with observers', () => {
  it('shows observers not on the team a review only once the Chair or the WGM shares it, read-only', async () => {
    at('2026-04-21T09:00:00Z');
    const invited = await call('POST', '/api/peer-reviews', 'admin.bw@demo.test', { kind: 'visit', hostParticipantCode: 'BW', scope: 'Botswana invites a review of its export controls.' });
    expect(invited.statusCode).toBe(201);
    const id = invited.json().id;
    const listed = async (email: string) => (await call('GET', '/api/peer-reviews', email)).json().items.map((item: { id: string }) => item.id);
    expect((await call('GET', `/api/peer-reviews/${id}`, 'observer.csc@demo.test')).json().code).toBe('NOT_FOUND');
    expect(await listed('observer.csc@demo.test')).not.toContain(id);

    await signIn('admin.bw@demo.test', 'observer.csc@demo.test');
    const before = await storedState(ctx.deps.db);
    expect((await call('PUT', `/api/peer-reviews/${id}/sharing`, 'admin.bw@demo.test', { sharedWithObservers: true })).json().code).toBe('FORBIDDEN');
    expect((await call('PUT', `/api/peer-reviews/${id}/sharing`, 'observer.csc@demo.test', { sharedWithObservers: true })).json().code).toBe('NOT_FOUND');
    expect(await storedState(ctx.deps.db)).toEqual(before);

    expect((await call('PUT', `/api/peer-reviews/${id}/sharing`, 'wgm@demo.test', { sharedWithObservers: true })).json().sharedWithObservers).toBe(true);
    const seen = await call('GET', `/api/peer-reviews/${id}`, 'observer.csc@demo.test');
    expect(seen.statusCode).toBe(200);
    expect(Object.values(seen.json().can).every((may) => may === false)).toBe(true);
    expect(await listed('observer.csc@demo.test')).toContain(id);
    // a participant not concerned still sees nothing: sharing is with observers only
    expect((await call('GET', `/api/peer-reviews/${id}`, 'admin.za@demo.test')).json().code).toBe('NOT_FOUND');
    expect((await call('POST', `/api/peer-reviews/${id}/close`, 'observer.csc@demo.test', { note: 'x' })).json().code).toBe('FORBIDDEN');
  });
});
