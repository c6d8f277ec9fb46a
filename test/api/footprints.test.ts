import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classesOfProfile } from '../../src/footprints/size-profile.ts';
import { SYNTHETIC_AREAS, syntheticProfile, type SyntheticArea } from '../../src/footprints/synthetic-model.ts';
import type { SeriesId } from '../../src/footprints/size-classes.ts';
import { apiClient } from '../support/api-client.ts';
import { issueThroughApi } from '../support/issue.ts';
import { storedState } from '../support/state.ts';
import { createTestApp, type TestContext } from '../support/test-database.ts';

/**
 * Footprints through the API: the WGDE keeps the library, the exporter attaches a parcel's
 * profile, the importer records what it measured on arrival, and both are compared with the
 * declared origin's footprint and the whole library.
 */
let ctx: TestContext;
const { as, call } = apiClient(() => ctx);
const post = (url: string, email: string | null, payload: unknown) => call('POST', url, email, payload);
const get = (url: string, email: string | null = null) => call('GET', url, email);
const area = (key: string) => SYNTHETIC_AREAS.find((each) => each.key === key)!;

function apiClasses(model: Pick<SyntheticArea, 'medianCarats' | 'sigma'>, stones: number, seed: number, series: SeriesId = 'sieve') {
  return classesOfProfile(syntheticProfile(model, { stones, series, seed })).map((entry) => ({ code: entry.code, stones: entry.stones, carats: entry.carats.toFixed(2) }));
}

function footprintDraft(key: string, seed: number, overrides: Record<string, unknown> = {}) {
  const model = area(key);
  return {
    participantCode: model.participantCode,
    region: model.region,
    depositType: model.depositType,
    series: 'sieve',
    classes: apiClasses(model, 5000, seed),
    morphology: { octahedron: 45, dodecahedron: 30, macle: 15, irregular: 10 },
    sampledOn: '2026-06-01',
    measuredBy: 'WGDE test laboratory',
    synthetic: true,
    note: 'SYNTHETIC: generated from the log-normal model (docs/footprints.md)',
    ...overrides,
  };
}

let bwAreaId = '';

beforeAll(async () => {
  ctx = await createTestApp();
  for (const [index, key] of ['BW-kimberlite', 'ZA-kimberlite', 'CF-west-alluvial', 'GH-alluvial'].entries()) {
    const response = await post('/api/footprints', 'wgde@demo.test', footprintDraft(key, 100 + index));
    expect(response.statusCode, response.body).toBe(201);
    if (key === 'BW-kimberlite') bwAreaId = response.json().latest.areaId;
  }
});
afterAll(async () => ctx?.close());

describe('the footprint library', () => {
  it('lets the WGDE record footprints, which every signed-in user reads', async () => {
    const list = await get('/api/footprints', 'importer.ae@demo.test');
    expect(list.statusCode).toBe(200);
    expect(list.json().map((footprint: { participantCode: string }) => footprint.participantCode).sort()).toEqual(['BW', 'CF', 'GH', 'ZA']);
    expect(list.json()[0]).toMatchObject({ version: 1, synthetic: true, sampleStones: 5000, series: 'sieve' });
    expect((await get('/api/footprints')).statusCode).toBe(401);
  });

  it('refuses a footprint from anyone but the WGDE, changing nothing', async () => {
    await as('wgm@demo.test');
    const before = await storedState(ctx.deps.db);
    const response = await post('/api/footprints', 'wgm@demo.test', footprintDraft('BW-kimberlite', 1));
    expect(response.statusCode).toBe(403);
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });

  it('refuses a class the series does not have', async () => {
    const response = await post('/api/footprints', 'wgde@demo.test', footprintDraft('BW-kimberlite', 1, { classes: [{ code: 'sand', stones: 10, carats: '0.50' }] }));
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'FOOTPRINT_PROFILE_INVALID', details: { problem: 'unknown_class', code: 'sand' } });
  });

  it('refuses morphology or colour shares that add up to more than 100 %, changing nothing', async () => {
    const before = await storedState(ctx.deps.db);
    const morphology = await post('/api/footprints', 'wgde@demo.test', footprintDraft('BW-kimberlite', 2, { morphology: { octahedron: 60, macle: 45 } }));
    expect(morphology.statusCode).toBe(422);
    expect(morphology.json()).toMatchObject({ code: 'FOOTPRINT_SHARES_OVER_100', details: { field: 'morphology', total: 105 } });
    const { participantCode: _p, region: _r, depositType: _d, ...measurement } = footprintDraft('BW-kimberlite', 3);
    const colour = await post(`/api/footprints/${bwAreaId}/versions`, 'wgde@demo.test', { ...measurement, basedOnVersion: 1, colour: { white: 70.5, yellow: 30 } });
    expect(colour.statusCode).toBe(422);
    expect(colour.json()).toMatchObject({ code: 'FOOTPRINT_SHARES_OVER_100', details: { field: 'colour', total: 100.5 } });
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });

  it('keeps every version; a new one must name the latest it was based on', async () => {
    const { version: _version, participantCode: _p, region: _r, depositType: _d, ...measurement } = { version: 0, ...footprintDraft('BW-kimberlite', 555) };
    const added = await post(`/api/footprints/${bwAreaId}/versions`, 'wgde@demo.test', {
      ...measurement,
      basedOnVersion: 1,
      // decimal shares that make exactly 100 are taken
      colour: { white: 33.3, yellow: 33.3, brown: 33.4 },
      photos: [{ fileName: 'sample.jpg', mediaType: 'image/jpeg', contentBase64: 'aGVsbG8=' }],
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().latest.colour).toEqual({ white: 33.3, yellow: 33.3, brown: 33.4 });
    expect(added.json().versions.map((version: { version: number }) => version.version)).toEqual([2, 1]);
    expect(added.json().latest.photos[0]).toMatchObject({ fileName: 'sample.jpg', sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824' });
    const photo = await get(`/api/footprint-photos/${added.json().latest.photos[0].id}`, 'exporter.bw@demo.test');
    expect(photo.body).toBe('hello');
    const stale = await post(`/api/footprints/${bwAreaId}/versions`, 'wgde@demo.test', { ...measurement, basedOnVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'FOOTPRINT_VERSION_CONFLICT', details: { latestVersion: 2 } });
  });

  it('never lets a stored footprint or parcel profile change', async () => {
    await expect(ctx.deps.db.execute(sql`update footprints set region = 'x'`)).rejects.toThrow();
    await expect(ctx.deps.db.execute(sql`delete from footprints`)).rejects.toThrow();
  });

  it('keeps the WGDE list of origins that must attach profiles', async () => {
    expect((await call('PUT', '/api/footprint-requirements/CF', 'wgde@demo.test', { note: 'UNGA 69/136 §21' })).statusCode).toBe(200);
    expect((await call('PUT', '/api/footprint-requirements/CF', 'exporter.cf@demo.test', { note: 'x' })).statusCode).toBe(403);
    expect((await get('/api/footprint-requirements', 'importer.ae@demo.test')).json()).toMatchObject([{ participantCode: 'CF', note: 'UNGA 69/136 §21' }]);
    expect((await call('DELETE', '/api/footprint-requirements/CF', 'wgde@demo.test')).statusCode).toBe(204);
    expect((await call('DELETE', '/api/footprint-requirements/CF', 'wgde@demo.test')).statusCode).toBe(404);
  });
});

describe('parcel profiles and comparisons', () => {
  let number = '';
  beforeAll(async () => {
    number = (await issueThroughApi(ctx, await as('exporter.bw@demo.test'))).number;
  });

  it('compares the exporter’s profile of a Botswana parcel with the BW footprint: consistent, BW ranked first', async () => {
    const profile = await post(`/api/certificates/${number}/parcels/1/profile`, 'exporter.bw@demo.test', { series: 'sieve', classes: apiClasses(area('BW-kimberlite'), 800, 42) });
    expect(profile.statusCode, profile.body).toBe(201);
    const result = (await get(`/api/certificates/${number}/footprints`, 'importer.ae@demo.test')).json();
    expect(result.parcels[0].state).toBe('consistent');
    const comparison = result.parcels[0].comparisons[0];
    expect(comparison.declaredOrigin).toMatchObject({ participantCode: 'BW', version: 2, verdict: 'consistent' });
    expect(comparison.ranking[0].participantCode).toBe('BW');
    expect(result.parcels[1].state).toBe('no_profile');
    expect(result.state).toBe('consistent');
  });

  it('flags the importer’s measurement of a parcel that looks like Central African alluvial goods', async () => {
    const measured = await post(`/api/certificates/${number}/parcels/2/arrival-profile`, 'importer.ae@demo.test', { series: 'carat_classes', classes: apiClasses(area('CF-west-alluvial'), 400, 7, 'carat_classes') });
    expect(measured.statusCode, measured.body).toBe(201);
    const result = (await get(`/api/certificates/${number}/footprints`, 'wgde@demo.test')).json();
    expect(result.parcels[1].state).toBe('inconsistent');
    const comparison = result.parcels[1].comparisons[0];
    expect(comparison.profile.source).toBe('importer');
    expect(comparison.declaredOrigin.verdict).toBe('inconsistent');
    expect(comparison.declaredOrigin.pValue).toBeLessThan(0.001);
    expect(comparison.ranking[0].participantCode).toBe('CF');
    expect(result.state).toBe('inconsistent');
  });

  it('raises an anomaly case for the inconsistent parcel, once', async () => {
    const run = await call('POST', '/api/anomalies/run', 'wgs@demo.test');
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json().rules.find((rule: { rule: string }) => rule.rule === 'footprint_inconsistent')).toMatchObject({ flagged: 1, created: 1 });
    const cases = (await get('/api/anomalies/cases?rule=footprint_inconsistent', 'wgm@demo.test')).json();
    const { items } = cases;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ participantCode: 'BW', partnerCode: 'AE' });
    const again = await call('POST', '/api/anomalies/run', 'wgs@demo.test');
    expect(again.json().rules.find((rule: { rule: string }) => rule.rule === 'footprint_inconsistent')).toMatchObject({ flagged: 1, created: 0 });
  });

  it('refuses a second profile, a profile from the wrong authority, and a parcel that does not exist', async () => {
    const again = await post(`/api/certificates/${number}/parcels/1/profile`, 'exporter.bw@demo.test', { series: 'sieve', classes: apiClasses(area('BW-kimberlite'), 200, 1) });
    expect(again.json()).toMatchObject({ code: 'PARCEL_PROFILE_EXISTS' });
    expect((await post(`/api/certificates/${number}/parcels/2/profile`, 'importer.ae@demo.test', { series: 'sieve', classes: [{ code: '+9', stones: 1, carats: '0.10' }] })).statusCode).toBe(403);
    expect((await post(`/api/certificates/${number}/parcels/3/profile`, 'exporter.bw@demo.test', { series: 'sieve', classes: [{ code: '+9', stones: 1, carats: '0.10' }] })).statusCode).toBe(404);
    expect((await post(`/api/certificates/${number}/parcels/1/profile`, 'exporter.za@demo.test', { series: 'sieve', classes: [{ code: '+9', stones: 1, carats: '0.10' }] })).statusCode).toBe(404);
  });

  it('shows the comparison to the issuer, the destination, the WGM and the WGDE, and to nobody else', async () => {
    for (const email of ['exporter.bw@demo.test', 'importer.ae@demo.test', 'wgm@demo.test', 'wgde@demo.test', 'chair@demo.test']) {
      expect((await get(`/api/certificates/${number}/footprints`, email)).statusCode).toBe(200);
    }
    for (const email of ['importer.za@demo.test', 'wgs@demo.test', 'observer.wdc@demo.test']) {
      expect((await get(`/api/certificates/${number}/footprints`, email)).statusCode).toBe(404);
    }
  });

  it('prints the comparison as a PDF in the reader’s language', async () => {
    const pdf = await get(`/api/certificates/${number}/footprint-report.pdf`, 'wgaap@demo.test');
    expect(pdf.statusCode).toBe(404);
    const report = await get(`/api/certificates/${number}/footprint-report.pdf`, 'importer.ae@demo.test');
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toBe('application/pdf');
    expect(report.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('origins on the WGDE list', () => {
  const receipt = (certificate: { issueDate: string }) => ({
    receivedOn: certificate.issueDate,
    parcelCount: 2,
    carats: '4330.45',
    importerName: 'Almas Rough Trading DMCC',
    exporterName: 'Kalahari Diamond Sorting (Pty) Ltd',
    sealIntact: true,
  });

  it('refuses confirmation of receipt of a certificate issued before its origin was listed until every parcel has the exporter’s profile', async () => {
    const certificate = await issueThroughApi(ctx, await as('exporter.bw@demo.test'));
    expect((await call('PUT', '/api/footprint-requirements/BW', 'wgde@demo.test', { note: 'test' })).statusCode).toBe(200);
    try {
      const number: string = certificate.number;
      const first = await post(`/api/certificates/${number}/receipt`, 'importer.ae@demo.test', receipt(certificate));
      expect(first.statusCode).toBe(409);
      expect(first.json()).toMatchObject({ code: 'FOOTPRINT_PROFILE_REQUIRED', details: { parcels: [1, 2] } });
      expect(first.json().message).toContain('1, 2');
      // the importer's own measurement on arrival does not stand in for the exporter's profile
      expect((await post(`/api/certificates/${number}/parcels/1/arrival-profile`, 'importer.ae@demo.test', { series: 'sieve', classes: apiClasses(area('BW-kimberlite'), 300, 3) })).statusCode).toBe(201);
      expect((await post(`/api/certificates/${number}/parcels/1/profile`, 'exporter.bw@demo.test', { series: 'sieve', classes: apiClasses(area('BW-kimberlite'), 300, 4) })).statusCode).toBe(201);
      const second = await post(`/api/certificates/${number}/receipt`, 'importer.ae@demo.test', receipt(certificate));
      expect(second.json()).toMatchObject({ code: 'FOOTPRINT_PROFILE_REQUIRED', details: { parcels: [2] } });
      expect((await get(`/api/certificates/${number}`, 'importer.ae@demo.test')).json().status).toBe('issued');

      expect((await post(`/api/certificates/${number}/parcels/2/profile`, 'exporter.bw@demo.test', { series: 'sieve', classes: apiClasses(area('BW-kimberlite'), 300, 5) })).statusCode).toBe(201);
      const confirmed = await post(`/api/certificates/${number}/receipt`, 'importer.ae@demo.test', receipt(certificate));
      expect(confirmed.statusCode, confirmed.body).toBe(201);
    } finally {
      expect((await call('DELETE', '/api/footprint-requirements/BW', 'wgde@demo.test')).statusCode).toBe(204);
    }
  });

  it('leaves receipt of an origin that is not listed as it was', async () => {
    const certificate = await issueThroughApi(ctx, await as('exporter.bw@demo.test'));
    const confirmed = await post(`/api/certificates/${certificate.number}/receipt`, 'importer.ae@demo.test', receipt(certificate));
    expect(confirmed.statusCode, confirmed.body).toBe(201);
  });
});
