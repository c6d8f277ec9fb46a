import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { participantStatusEvents } from '../db/schema.ts';
import { createTestApp, loginAs, type TestContext } from '../../test/support/test-database.ts';
import { storedState } from '../../test/support/state.ts';
import { seedDemoAdmission } from './seed-demo-admission.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => ctx?.close());

describe('demo admission', () => {
  it('files the demo applicant’s application with a specimen, submitted and under assessment with an open CPC question, changing nobody’s status', async () => {
    const events = (await ctx.deps.db.select().from(participantStatusEvents)).length;
    await seedDemoAdmission(ctx.deps);
    const cpc = await loginAs(ctx.app, 'cpc@demo.test');
    const { items } = (await ctx.app.inject({ method: 'GET', url: '/api/admission/applications', headers: { cookie: cpc } })).json();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ applicantCode: 'ZM', stage: 'under_assessment', openQuestions: 1 });
    const application = (await ctx.app.inject({ method: 'GET', url: `/api/admission/applications/${items[0].id}`, headers: { cookie: cpc } })).json();
    expect(application.files.map((file: { kind: string }) => file.kind)).toEqual(['certificate_specimen']);
    expect(await ctx.deps.db.select().from(participantStatusEvents)).toHaveLength(events);
  });

  it('runs once, and not at all once the applicant is admitted', async () => {
    const before = await storedState(ctx.deps.db);
    await seedDemoAdmission(ctx.deps);
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });
});
