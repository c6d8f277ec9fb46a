import { execFileSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSeal } from '../../src/certificates/seal.ts';
import { sizeProfilesDigest } from '../../src/footprints/declared-profiles.ts';
import { classesOfProfile } from '../../src/footprints/size-profile.ts';
import { SYNTHETIC_AREAS, syntheticProfile } from '../../src/footprints/synthetic-model.ts';
import { apiClient } from '../support/api-client.ts';
import { botswanaDraft } from '../support/issue.ts';
import { storedState } from '../support/state.ts';
import { createTestApp, type TestContext } from '../support/test-database.ts';

/**
 * Size-frequency profiles declared with the certificate (issue #7): for an origin on the WGDE's
 * list the exporter cannot issue without one per parcel; the profiles' digest is signed with the
 * certificate (credential and QR seal), so a profile changed after issue shows as altered.
 */
let ctx: TestContext;
const { as, call } = apiClient(() => ctx);
const post = (url: string, email: string | null, payload: unknown) => call('POST', url, email, payload);
const get = (url: string, email: string | null = null) => call('GET', url, email);
const botswana = SYNTHETIC_AREAS.find((each) => each.key === 'BW-kimberlite')!;

/** A parcel's profile as a laboratory sheet gives it: carats written with two decimals, in any order. */
function profileOf(stones: number, seed: number) {
  const classes = classesOfProfile(syntheticProfile(botswana, { stones, series: 'sieve', seed })).map((entry) => ({ code: entry.code, stones: entry.stones, carats: entry.carats.toFixed(2) }));
  return { series: 'sieve' as const, classes: classes.reverse() };
}

async function draftWithProfiles(profiles: (ReturnType<typeof profileOf> | null)[]) {
  const draft = await botswanaDraft(ctx);
  return { ...draft, parcels: draft.parcels.map((parcel, index) => (profiles[index] ? { ...parcel, sizeProfile: profiles[index] } : parcel)) };
}

beforeAll(async () => {
  ctx = await createTestApp();
  const footprint = {
    participantCode: 'BW',
    region: 'Central District (test)',
    depositType: 'kimberlite',
    ...profileOf(5000, 77),
    sampledOn: '2026-06-01',
    measuredBy: 'WGDE test laboratory',
    synthetic: true,
  };
  expect((await post('/api/footprints', 'wgde@demo.test', footprint)).statusCode).toBe(201);
  expect((await call('PUT', '/api/footprint-requirements/BW', 'wgde@demo.test', { note: 'test: BW must attach profiles' })).statusCode).toBe(200);
});
afterAll(async () => ctx?.close());

describe('profiles declared with the certificate', () => {
  it('refuses to issue a listed origin without a profile for every parcel, storing nothing', async () => {
    await as('exporter.bw@demo.test');
    const before = await storedState(ctx.deps.db);
    const none = await post('/api/certificates', 'exporter.bw@demo.test', await draftWithProfiles([]));
    expect(none.statusCode).toBe(422);
    expect(none.json()).toMatchObject({ code: 'FOOTPRINT_PROFILE_REQUIRED_AT_ISSUE', details: { parcels: [1, 2] } });
    expect(none.json().message).toContain('1, 2');
    const one = await post('/api/certificates', 'exporter.bw@demo.test', await draftWithProfiles([profileOf(400, 1)]));
    expect(one.json()).toMatchObject({ code: 'FOOTPRINT_PROFILE_REQUIRED_AT_ISSUE', details: { parcels: [2] } });
    // in French for a French-speaking officer
    const french = await ctx.app.inject({ method: 'POST', url: '/api/certificates', headers: { cookie: await as('exporter.bw@demo.test'), 'accept-language': 'fr' }, payload: await draftWithProfiles([]) });
    expect(french.json().message).toContain('avant d’émettre');
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });

  it('refuses a malformed profile, naming the parcel, storing nothing', async () => {
    await as('exporter.bw@demo.test');
    const before = await storedState(ctx.deps.db);
    const bad = await post('/api/certificates', 'exporter.bw@demo.test', await draftWithProfiles([profileOf(400, 1), { series: 'sieve', classes: [{ code: '+99', stones: 3, carats: '1.00' }] }]));
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'FOOTPRINT_PROFILE_INVALID', details: { problem: 'unknown_class', code: '+99', parcel: 2 } });
    expect(bad.json().message).toBe('The size-frequency profile is not valid (a class the chosen series does not have).');
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });

  let number = '';
  let seal = '';
  const first = profileOf(600, 11);
  const second = profileOf(300, 12);

  it('signs the digest of the declared profiles into the credential and the QR seal', async () => {
    const issued = await post('/api/certificates', 'exporter.bw@demo.test', await draftWithProfiles([first, second]));
    expect(issued.statusCode, issued.body).toBe(201);
    ({ number, seal } = issued.json());
    // the digest of the profiles as stored: classes in series order, zero classes dropped, carats "12.30"
    const canonical = (profile: ReturnType<typeof profileOf>) => [...profile.classes].reverse().map((entry) => ({ ...entry, carats: Number(entry.carats).toFixed(2) }));
    const expected = sizeProfilesDigest([
      { position: 1, series: 'sieve', classes: canonical(first), declaredAreaId: null },
      { position: 2, series: 'sieve', classes: canonical(second), declaredAreaId: null },
    ]);
    expect(issued.json().content.sizeProfiles).toEqual({ parcels: [1, 2], digest: expected });
    expect((issued.json().credential as { credentialSubject: { sizeProfiles: unknown } }).credentialSubject.sizeProfiles).toEqual({ parcels: [1, 2], digest: expected });
    const opened = openSeal(seal);
    expect(opened.ok && opened.content.sizeProfiles).toEqual({ parcels: [1, 2], digest: expected });

    const verified = (await post('/api/verify', null, { qr: seal })).json();
    expect(verified.verdict).toBe('VALID');
    expect(verified.certificate.sizeProfiles).toEqual({ parcels: [1, 2], digest: expected });
  });

  it('shows the importer that the profiles are the ones signed, and receipt needs no further step', async () => {
    const footprints = (await get(`/api/certificates/${number}/footprints`, 'importer.ae@demo.test')).json();
    expect(footprints.signedProfiles).toMatchObject({ state: 'intact', parcels: [1, 2] });
    expect(footprints.parcels.map((parcel: { comparisons: { signedWithCertificate: boolean }[] }) => parcel.comparisons.map((each) => each.signedWithCertificate))).toEqual([[true], [true]]);
    expect(footprints.parcels[0].comparisons[0].declaredOrigin).toMatchObject({ participantCode: 'BW', verdict: 'consistent' });
    // a second exporter profile for a signed parcel is refused: the signed one stands
    const again = await post(`/api/certificates/${number}/parcels/1/profile`, 'exporter.bw@demo.test', profileOf(600, 13));
    expect(again.json()).toMatchObject({ code: 'PARCEL_PROFILE_EXISTS' });
  });

  it('shows a profile changed in the database after issue as altered', async () => {
    // someone with database access bypasses the append-only trigger and edits parcel 2's profile
    await ctx.deps.db.execute(sql`alter table parcel_profiles disable trigger user`);
    try {
      await ctx.deps.db.execute(sql`update parcel_profiles set classes = '[{"code":"+9","stones":1000,"carats":"50.00"}]'::jsonb where position = 2 and certificate_id = (select id from certificates where number = ${number})`);
    } finally {
      await ctx.deps.db.execute(sql`alter table parcel_profiles enable trigger user`);
    }
    const footprints = (await get(`/api/certificates/${number}/footprints`, 'importer.ae@demo.test')).json();
    expect(footprints.signedProfiles).toMatchObject({ state: 'altered', parcels: [1, 2] });
    const report = await get(`/api/certificates/${number}/footprint-report.pdf`, 'exporter.bw@demo.test');
    expect(report.statusCode).toBe(200);
    const text = execFileSync('pdftotext', ['-', '-'], { input: report.rawPayload }).toString().replace(/\s+/g, ' ');
    expect(text).toContain('WARNING: the stored profiles of parcel(s) 1, 2 no longer match');
  });

  it('takes profiles as optional for an origin that is not listed, signing only those given', async () => {
    expect((await call('DELETE', '/api/footprint-requirements/BW', 'wgde@demo.test')).statusCode).toBe(204);
    const plain = await post('/api/certificates', 'exporter.bw@demo.test', await draftWithProfiles([]));
    expect(plain.statusCode, plain.body).toBe(201);
    expect(plain.json().content.sizeProfiles).toBeUndefined();
    expect((await get(`/api/certificates/${plain.json().number}/footprints`, 'importer.ae@demo.test')).json().signedProfiles.state).toBe('not_signed');
    const partial = await post('/api/certificates', 'exporter.bw@demo.test', await draftWithProfiles([null, second]));
    expect(partial.statusCode, partial.body).toBe(201);
    expect(partial.json().content.sizeProfiles.parcels).toEqual([2]);
  });
});
