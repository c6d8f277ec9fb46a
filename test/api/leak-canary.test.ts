import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anomalyCases, operators } from '../../src/db/schema.ts';
import { demoAccounts, type DemoAccount } from '../../src/demo/demo-data.ts';
import { newId } from '../../src/domain/ids.ts';
import { createTestApp, loginAs, type TestContext } from '../support/test-database.ts';

/**
 * Issue #8: nothing leaks another participant's data. Records carrying unique canary strings are
 * planted through the app's own routes, then every GET route the API publishes is called as
 * anonymous and as demo accounts, and every response — JSON, HTML, CSV, PDF text, XLSX parts —
 * is searched for canaries the caller may not see. The access matrix checks the status codes;
 * this checks what the bodies carry.
 */
type Who = DemoAccount | null;

const token = () => randomBytes(5).toString('hex').toUpperCase();
const canary = (kind: string) => `CANARY-${kind}-${token()}`;

const bwStaff = (who: Who) => who?.participantCode === 'BW';
const aeStaff = (who: Who) => who?.participantCode === 'AE';
const hasRole = (who: Who, ...roles: string[]) => who !== null && who.roles.some((role) => roles.includes(role));
const is = (who: Who, email: string) => who?.email === email;
/** A Botswana → UAE shipment: the issuing and the destination participant's staff, the Chair and the WGM (KPCS Section IV, access matrix). */
const seesBwAeShipment = (who: Who) => bwStaff(who) || aeStaff(who) || hasRole(who, 'kp_chair', 'wgm');
const readsBwCustody = (who: Who) => bwStaff(who) && hasRole(who, 'exporting_officer', 'statistics_officer', 'participant_admin', 'mines_officer');

interface Canary {
  what: string;
  value: string;
  /** Who may see it, by the KP rules the access matrix encodes. */
  may: (who: Who) => boolean;
}

const CANARIES = {
  importerName: { what: 'importer name on a BW → AE certificate', value: canary('IMPORTER'), may: seesBwAeShipment },
  importerAddress: { what: 'importer address on a BW → AE certificate', value: canary('ADDRESS'), may: seesBwAeShipment },
  importerLicence: { what: 'importer licence on a BW → AE certificate', value: canary('LICENCE'), may: seesBwAeShipment },
  seal: { what: 'seal number on a BW → AE certificate', value: canary('SEAL'), may: seesBwAeShipment },
  voidReason: { what: 'reason BW gave for voiding a certificate to AE', value: canary('VOID'), may: seesBwAeShipment },
  replaceReason: { what: 'reason BW gave for replacing a certificate to AE', value: canary('REPLACE'), may: seesBwAeShipment },
  receiptNotes: { what: 'notes of the UAE’s confirmation of receipt', value: canary('RECEIPT'), may: seesBwAeShipment },
  report: { what: 'description of the UAE’s report of a suspicious shipment', value: canary('REPORT'), may: seesBwAeShipment },
  reportComment: { what: 'BW’s comment on that report', value: canary('COMMENT'), may: seesBwAeShipment },
  reportClosing: { what: 'BW’s note closing a report on a BW → AE certificate', value: canary('CLOSING'), may: seesBwAeShipment },
  /** The footprint views of a shipment also serve the Working Group of Diamond Experts. */
  parcelProfile: { what: 'note of BW’s declared parcel size profile', value: canary('PROFILE'), may: (who) => seesBwAeShipment(who) || hasRole(who, 'wgde') },
  anomalyAnswer: { what: 'BW’s answer to an anomaly case', value: canary('ANSWER'), may: (who) => bwStaff(who) || hasRole(who, 'kp_chair', 'wgs', 'wgm') },
  /** KP ONLY and unshared: observers do not read it (docs/observers-and-public.md). */
  annualReport: { what: 'a section of BW’s draft annual report', value: canary('ANNUAL'), may: (who) => bwStaff(who) || hasRole(who, 'kp_chair', 'wgm') },
  annualReportMessage: { what: 'BW’s message on its annual report', value: canary('ARMSG'), may: (who) => bwStaff(who) || hasRole(who, 'kp_chair', 'wgm') },
  /** Accounts are managed by the participant's administrator and the system administrator; the Chair reads the audit trail and appoints to bodies. */
  userName: { what: 'name of a BW account', value: canary('USER'), may: (who) => is(who, 'admin.bw@demo.test') || hasRole(who, 'system_admin', 'kp_chair') },
  tokenLabel: { what: 'label of an API token of that BW account', value: canary('TOKEN'), may: (who) => is(who, 'admin.bw@demo.test') || hasRole(who, 'system_admin') },
  webhookUrl: { what: 'address of BW’s webhook', value: canary('HOOK'), may: (who) => is(who, 'admin.bw@demo.test') || hasRole(who, 'system_admin') },
  /** A KP ONLY review of BW: the host's staff, the Chair, the WGM and the team (ZA's administrator leads, the WDC observer sits on it). */
  peerReview: {
    what: 'draft report of a peer review of BW',
    value: canary('REVIEW'),
    may: (who) => bwStaff(who) || hasRole(who, 'kp_chair', 'wgm') || is(who, 'admin.za@demo.test') || is(who, 'observer.wdc@demo.test'),
  },
  /** The applicant's staff, the CPC and the Chair. */
  admission: { what: 'content of Zambia’s admission application', value: canary('ADMISSION'), may: (who) => who?.participantCode === 'ZM' || hasRole(who, 'cpc', 'kp_chair') },
  /** A circulating written procedure is for KP members (observers read shared ones), never the public. */
  decision: {
    what: 'text of a circulating written procedure',
    value: canary('PROCEDURE'),
    may: (who) => who !== null && (who.participantCode !== undefined || hasRole(who, 'kp_chair', 'wgm', 'wgs', 'wgde', 'wgaap', 'cpc', 'observer')),
  },
  withdrawal: {
    what: 'note withdrawing a written procedure',
    value: canary('WITHDRAWN'),
    may: (who) => who !== null && (who.participantCode !== undefined || hasRole(who, 'kp_chair', 'wgm', 'wgs', 'wgde', 'wgaap', 'cpc', 'observer')),
  },
  /** Internal controls (issue #9): the custody ledger is for the participant's officials who keep or check it (access.readCustody). */
  custodyParcel: { what: 'parcel reference of a BW custody entry', value: canary('PARCELREF'), may: (who) => readsBwCustody(who) },
  custodyNote: { what: 'note on a BW custody entry', value: canary('CUSTODYNOTE'), may: (who) => readsBwCustody(who) },
  custodyReason: { what: 'reason BW gave for correcting a custody entry', value: canary('CORRECTION'), may: (who) => readsBwCustody(who) },
  /** Sites are part of the licence register: BW's staff, the Chair and the WGM (access.readOperators). */
  siteSuspension: { what: 'reason BW gave for suspending a mining site', value: canary('SITESUSPEND'), may: (who) => bwStaff(who) || hasRole(who, 'kp_chair', 'wgm') },
  /** Footprints are reference data for every signed-in KP user, not for the public. */
  footprint: { what: 'note of a footprint the WGDE recorded', value: canary('FOOTPRINT'), may: (who) => who !== null },
} satisfies Record<string, Canary>;

/**
 * Every GET route × every demo account takes minutes on a 2-core runner, so the scan calls each
 * route as a representative set: anonymous; both observers (the WDC sits on the review team, the
 * CSC does not); every KP-wide role; every role of an uninvolved participant (Russia); and the
 * entitled accounts — every role of Botswana and the UAE, and South Africa's administrator, who
 * leads the review team.
 */
const CALLERS: Who[] = [
  null,
  ...demoAccounts().filter((a) => a.participantCode === undefined || ['BW', 'AE', 'RU', 'ZM'].includes(a.participantCode) || a.email === 'admin.za@demo.test'),
];

let ctx: TestContext;
const cookies = new Map<string, string>();
const planted = { certificate: '', voided: '', replaced: '', drawn: '', report: '', anomalyCase: '', user: '', webhook: '' };
const attachment = (fileName: string, text: string) => ({ fileName, mediaType: 'text/plain', contentBase64: Buffer.from(text).toString('base64') });

const headersOf = (who: Who) => (who ? { cookie: cookies.get(who.email)! } : {});
const account = (email: string) => demoAccounts().find((a) => a.email === email)!;
async function call(method: 'GET' | 'POST' | 'PUT', url: string, email: string | null, payload?: unknown) {
  const response = await ctx.app.inject({ method, url, headers: headersOf(email ? account(email) : null), ...(payload !== undefined && { payload: payload as object }) });
  return response;
}
async function must(method: 'POST' | 'PUT', url: string, email: string, payload?: unknown) {
  const response = await call(method, url, email, payload);
  if (response.statusCode >= 300) throw new Error(`${method} ${url} as ${email}: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** Plants every canary through the routes, each as the account whose step it is. */
async function plant(): Promise<void> {
  const c = CANARIES;
  const [exporter] = await ctx.deps.db.select().from(operators).where(eq(operators.licenceNumber, 'BW-DL-2024-0117'));
  const draft = (importerName: string) => ({
    importingParticipant: 'AE',
    exporterId: exporter.id,
    importer: { name: importerName, address: `${c.importerAddress.value} Tower, Dubai`, licence: c.importerLicence.value },
    originCountries: ['BW'],
    parcels: [{ hsCode: '7102.31', carats: '120.00', valueUsd: '18000.00' }],
    seals: [c.seal.value],
  });
  const issued = await must('POST', '/api/certificates', 'exporter.bw@demo.test', draft(`${c.importerName.value} Trading DMCC`));
  planted.certificate = issued.number;
  const toVoid = await must('POST', '/api/certificates', 'exporter.bw@demo.test', draft(`${c.importerName.value} Trading DMCC`));
  planted.voided = toVoid.number;
  await must('POST', `/api/certificates/${toVoid.number}/void`, 'exporter.bw@demo.test', { reason: c.voidReason.value });
  const toReplace = await must('POST', '/api/certificates', 'exporter.bw@demo.test', draft(`${c.importerName.value} Trading DMCC`));
  planted.replaced = toReplace.number;
  await must('POST', `/api/certificates/${toReplace.number}/replace`, 'exporter.bw@demo.test', { reason: c.replaceReason.value, draft: draft(`${c.importerName.value} Trading DMCC`) });
  await must('POST', `/api/certificates/${issued.number}/parcels/1/profile`, 'exporter.bw@demo.test', {
    series: 'sieve',
    classes: [
      { code: '+3', stones: 300, carats: '40.00' },
      { code: '+9', stones: 200, carats: '80.00' },
    ],
    note: c.parcelProfile.value,
  });
  await must('POST', `/api/certificates/${issued.number}/receipt`, 'importer.ae@demo.test', {
    receivedOn: new Date().toISOString().slice(0, 10),
    parcelCount: 1,
    carats: '120.00',
    importerName: `${c.importerName.value} Trading DMCC`,
    exporterName: exporter.name,
    sealIntact: true,
    notes: c.receiptNotes.value,
  });
  const report = await must('POST', '/api/reports', 'importer.ae@demo.test', {
    certificateNumber: issued.number,
    kind: 'suspicious',
    description: c.report.value,
    files: [attachment('evidence.txt', c.report.value)],
  });
  planted.report = report.id;
  await must('POST', `/api/reports/${report.id}/comments`, 'exporter.bw@demo.test', { body: c.reportComment.value });
  const closed = await must('POST', '/api/reports', 'importer.ae@demo.test', { certificateNumber: toVoid.number, kind: 'shipment_refused', description: 'closed report' });
  await must('POST', `/api/reports/${closed.id}/close`, 'exporter.bw@demo.test', { outcome: 'resolved', note: c.reportClosing.value });

  // The engine flags a case only from a year's figures; the case itself carries no canary, BW's answer does.
  planted.anomalyCase = newId();
  await ctx.deps.db
    .insert(anomalyCases)
    .values({ id: planted.anomalyCase, rule: 'mirror', participantCode: 'BW', partnerCode: 'AE', period: '2025', fingerprint: 'mirror|BW|AE|2025|canary', evidence: {}, status: 'open' });
  await must('POST', `/api/anomalies/cases/${planted.anomalyCase}/answer`, 'stats.bw@demo.test', { body: c.anomalyAnswer.value, language: 'en' });

  await must('PUT', '/api/participants/BW/annual-reports/2025', 'admin.bw@demo.test', { content: { partA: { legislation: c.annualReport.value }, partB: {} } });
  await must('POST', '/api/participants/BW/annual-reports/2025/messages', 'admin.bw@demo.test', { kind: 'comment', body: c.annualReportMessage.value });
  await must('POST', '/api/participants/BW/annual-reports/2025/files', 'admin.bw@demo.test', { section: 'legislation', ...attachment('act.txt', c.annualReport.value) });

  const review = await must('POST', '/api/peer-reviews', 'admin.bw@demo.test', { kind: 'visit', hostParticipantCode: 'BW', scope: 'canary review' });
  const usersByEmail = new Map(items((await call('GET', '/api/users', 'admin@demo.test')).json()).map((u) => [u.email as string, u.id as string]));
  await must('PUT', `/api/peer-reviews/${review.id}/team`, 'chair@demo.test', {
    members: [
      { userId: usersByEmail.get('admin.za@demo.test'), leader: true },
      { userId: usersByEmail.get('observer.wdc@demo.test'), leader: false },
    ],
  });
  await must('PUT', `/api/peer-reviews/${review.id}/visit`, 'admin.za@demo.test', { startsOn: '2025-03-10', endsOn: '2025-03-14' });
  await must('POST', `/api/peer-reviews/${review.id}/draft-report`, 'admin.za@demo.test', { body: c.peerReview.value, files: [attachment('annex.txt', c.peerReview.value)] });

  const application = await must('POST', '/api/admission/applications', 'admin.zm@demo.test', {});
  await must('PUT', `/api/admission/applications/${application.id}`, 'admin.zm@demo.test', {
    content: {
      legislation: c.admission.value,
      authorities: [{ name: 'KP Office', address: 'Lusaka' }],
      contacts: [{ name: 'Focal point', email: 'focal@zm.test' }],
      internalControls: 'canary',
      statisticsCapability: 'canary',
    },
  });
  await must('POST', `/api/admission/applications/${application.id}/files`, 'admin.zm@demo.test', { kind: 'certificate_specimen', ...attachment('specimen.txt', c.admission.value) });
  await must('POST', `/api/admission/applications/${application.id}/submit`, 'admin.zm@demo.test');

  await must('POST', '/api/decisions', 'chair@demo.test', {
    kind: 'written_procedure',
    title: c.decision.value,
    body: c.decision.value,
    deadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  const withdrawn = await must('POST', '/api/decisions', 'chair@demo.test', {
    kind: 'written_procedure',
    title: 'Procedure withdrawn',
    body: 'To be withdrawn.',
    deadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  await must('POST', `/api/decisions/${withdrawn.id}/withdraw`, 'chair@demo.test', { note: c.withdrawal.value });
  await must('POST', '/api/footprints', 'wgde@demo.test', {
    participantCode: 'BW',
    region: 'Canary (synthetic)',
    depositType: 'kimberlite',
    series: 'sieve',
    classes: [
      { code: '+3', stones: 300, carats: '12.00' },
      { code: '+9', stones: 200, carats: '24.00' },
    ],
    sampledOn: '2026-01-01',
    measuredBy: 'canary',
    synthetic: true,
    note: c.footprint.value,
    photos: [{ fileName: 'sample.jpg', mediaType: 'image/jpeg', contentBase64: 'aGVsbG8=' }],
  });

  // A site, production and a sale to the exporter with free text, a correction, and a certificate drawing on that stock.
  const site = await must('POST', '/api/participants/BW/sites', 'mines.bw@demo.test', {
    name: 'Canary alluvial field',
    licenceNumber: 'BW-ML-CANARY-1',
    depositType: 'alluvial',
    artisanal: true,
    region: 'Central District',
    validFrom: '2026-01-01',
    validUntil: '2030-12-31',
  });
  const miner = await must('POST', '/api/participants/BW/operators', 'mines.bw@demo.test', {
    name: 'Canary diggers cooperative',
    address: 'Letlhakane',
    licenceNumber: 'BW-COOP-CANARY',
    licenceTypes: ['cooperative'],
    validFrom: '2026-01-01',
    validUntil: '2030-12-31',
  });
  const produced = await must('POST', '/api/participants/BW/custody/entries', 'mines.bw@demo.test', {
    kind: 'production',
    occurredOn: '2026-01-10',
    siteId: site.id,
    toOperatorId: miner.id,
    carats: '500.00',
    valueUsd: '0.00',
    note: c.custodyNote.value,
  });
  await must('POST', `/api/custody/entries/${produced.id}/correct`, 'mines.bw@demo.test', { carats: '450.00', reason: c.custodyReason.value });
  await must('POST', '/api/participants/BW/custody/entries', 'mines.bw@demo.test', {
    kind: 'sale',
    occurredOn: '2026-01-12',
    siteId: site.id,
    fromOperatorId: miner.id,
    toOperatorId: exporter.id,
    carats: '300.00',
    valueUsd: '45000.00',
    parcelReference: c.custodyParcel.value,
  });
  await must('PUT', '/api/participants/BW/internal-controls', 'admin.bw@demo.test', { enabled: true });
  const drawn = await must('POST', '/api/certificates', 'exporter.bw@demo.test', {
    ...draft(`${c.importerName.value} Trading DMCC`),
    parcels: [{ hsCode: '7102.31', carats: '120.00', valueUsd: '18000.00', stockDraws: [{ siteId: site.id, carats: '120.00' }] }],
  });
  planted.drawn = drawn.number;
  await must('PUT', '/api/participants/BW/internal-controls', 'admin.bw@demo.test', { enabled: false });
  await must('POST', `/api/sites/${site.id}/suspend`, 'mines.bw@demo.test', { reason: c.siteSuspension.value });

  const user = await must('POST', '/api/users', 'admin.bw@demo.test', {
    email: `canary-${token().toLowerCase()}@bw.example`,
    name: c.userName.value,
    roles: ['statistics_officer'],
    password: 'a sufficiently long password',
  });
  planted.user = user.id;
  await must('POST', `/api/users/${user.id}/tokens`, 'admin.bw@demo.test', { label: c.tokenLabel.value });
  const webhook = await must('POST', '/api/webhooks', 'admin.bw@demo.test', { url: `https://kp.gov.example/hooks/${c.webhookUrl.value}`, events: ['alert.raised', 'receipt.recorded'] });
  planted.webhook = webhook.id;
}

const YEAR = new Date().getUTCFullYear();
const items = (json: unknown): Record<string, unknown>[] => (Array.isArray(json) ? json : ((json as { items?: unknown[] })?.items ?? [])) as Record<string, unknown>[];
/** Every `{ id, fileName }` inside a record: its attachments. */
function fileIds(json: unknown, found: string[] = []): string[] {
  if (Array.isArray(json)) for (const item of json) fileIds(item, found);
  else if (json && typeof json === 'object') {
    const record = json as Record<string, unknown>;
    if (typeof record.id === 'string' && typeof record.fileName === 'string') found.push(record.id);
    for (const value of Object.values(record)) fileIds(value, found);
  }
  return found;
}
const firstOf = (values: unknown[], n = 3) => [...new Set(values.filter((v): v is string => typeof v === 'string'))].slice(0, n);
async function listed(url: string, email: string | null, key = 'id'): Promise<string[]> {
  const response = await call('GET', url, email);
  return response.statusCode === 200 ? items(response.json()).map((item) => item[key] as string) : [];
}
async function detail(url: string, email: string): Promise<unknown> {
  const response = await call('GET', url, email);
  return response.statusCode === 200 ? response.json() : null;
}

/**
 * Concrete addresses for each route with path parameters: the planted records and demo records
 * found through the list routes, read as an account entitled to them.
 */
async function pathFillers(): Promise<Record<string, string[]>> {
  const certificates = [planted.certificate, planted.voided, planted.replaced, planted.drawn, ...firstOf(await listed('/api/certificates', 'chair@demo.test', 'number'), 2)];
  const reports = firstOf([planted.report, ...(await listed('/api/reports', 'chair@demo.test'))]);
  const reportFiles = (await Promise.all(reports.map(async (id) => fileIds(await detail(`/api/reports/${id}`, 'chair@demo.test')).map((file) => `/api/reports/${id}/files/${file}`)))).flat();
  const anomalies = firstOf([planted.anomalyCase, ...(await listed('/api/anomalies/cases', 'chair@demo.test'))]);
  const decisions = firstOf([...(await listed('/api/decisions', 'chair@demo.test')), ...(await listed('/api/decisions', null))]);
  const peerReviews = firstOf(await listed('/api/peer-reviews', 'chair@demo.test'));
  const peerReviewFiles = (await Promise.all(peerReviews.map(async (id) => fileIds(await detail(`/api/peer-reviews/${id}`, 'chair@demo.test')).map((file) => `/api/peer-reviews/${id}/files/${file}`)))).flat();
  const applications = firstOf(await listed('/api/admission/applications', 'chair@demo.test'));
  const applicationFiles = (
    await Promise.all(applications.map(async (id) => fileIds(await detail(`/api/admission/applications/${id}`, 'chair@demo.test')).map((file) => `/api/admission/applications/${id}/files/${file}`)))
  ).flat();
  const annualReportFiles = (
    await Promise.all(
      ['BW', 'AE'].map(async (code) => fileIds(await detail(`/api/participants/${code}/annual-reports/2025`, 'chair@demo.test')).map((file) => `/api/participants/${code}/annual-reports/2025/files/${file}`)),
    )
  ).flat();
  const footprints = await call('GET', '/api/footprints', 'wgde@demo.test');
  const areas = firstOf(items(footprints.json()).map((footprint) => footprint.areaId));
  const photos = firstOf(fileIds(footprints.json()));
  const users = firstOf([planted.user, ...(await listed('/api/users?participant=BW', 'admin@demo.test'))]);
  const webhooks = firstOf([planted.webhook, ...(await listed('/api/webhooks', 'admin@demo.test'))]);
  const bodies = firstOf(await listed('/api/bodies', 'chair@demo.test', 'code'), 10);
  const codes = ['BW', 'AE', 'ZA'];
  return {
    '/api/participants/{code}': codes.map((code) => `/api/participants/${code}`),
    '/api/participants/{code}/authorities': codes.map((code) => `/api/participants/${code}/authorities`),
    '/api/participants/{code}/operators': codes.map((code) => `/api/participants/${code}/operators`),
    '/api/operators/{id}': firstOf(await listed('/api/participants/BW/operators', 'admin.bw@demo.test'), 2).map((id) => `/api/operators/${id}`),
    '/api/users/{id}': users.map((id) => `/api/users/${id}`),
    '/api/users/{id}/tokens': users.map((id) => `/api/users/${id}/tokens`),
    '/api/certificates/{number}': certificates.map((number) => `/api/certificates/${number}`),
    '/api/certificates/{number}/pdf': certificates.map((number) => `/api/certificates/${number}/pdf`),
    '/api/certificates/{number}/receipt': certificates.map((number) => `/api/certificates/${number}/receipt`),
    '/api/certificates/{number}/footprints': certificates.map((number) => `/api/certificates/${number}/footprints`),
    '/api/certificates/{number}/footprint-report.pdf': [planted.certificate].map((number) => `/api/certificates/${number}/footprint-report.pdf`),
    '/api/participants/{code}/certificate-settings': codes.map((code) => `/api/participants/${code}/certificate-settings`),
    '/api/participants/{code}/production': codes.map((code) => `/api/participants/${code}/production`),
    '/api/participants/{code}/production/{year}/{half}/history': codes.map((code) => `/api/participants/${code}/production/2025/1/history`),
    '/api/reports/{id}': reports.map((id) => `/api/reports/${id}`),
    '/api/reports/{id}/files/{fileId}': reportFiles,
    '/api/webhooks/{id}/deliveries': webhooks.map((id) => `/api/webhooks/${id}/deliveries`),
    '/api/statistics/participants/{code}': codes.map((code) => `/api/statistics/participants/${code}`),
    '/api/anomalies/cases/{id}': anomalies.map((id) => `/api/anomalies/cases/${id}`),
    '/api/decisions/{id}': decisions.map((id) => `/api/decisions/${id}`),
    '/api/participants/{code}/annual-reports/{year}': codes.map((code) => `/api/participants/${code}/annual-reports/2025`),
    '/api/participants/{code}/annual-reports/{year}/files/{fileId}': annualReportFiles,
    '/api/participants/{code}/peer-reviews': codes.map((code) => `/api/participants/${code}/peer-reviews`),
    '/api/peer-reviews/{id}': peerReviews.map((id) => `/api/peer-reviews/${id}`),
    '/api/peer-reviews/{id}/files/{fileId}': peerReviewFiles,
    '/api/peer-reviews/{id}/team-candidates': peerReviews.map((id) => `/api/peer-reviews/${id}/team-candidates`),
    '/api/participants/{code}/zones': ['CF', 'BW'].map((code) => `/api/participants/${code}/zones`),
    '/api/bodies/{code}': bodies.map((code) => `/api/bodies/${code}`),
    '/api/bodies/{code}/candidates': bodies.map((code) => `/api/bodies/${code}/candidates`),
    '/api/admission/applications/{id}': applications.map((id) => `/api/admission/applications/${id}`),
    '/api/admission/applications/{id}/files/{fileId}': applicationFiles,
    '/api/footprints/{areaId}': areas.map((id) => `/api/footprints/${id}`),
    '/api/footprint-photos/{id}': photos.map((id) => `/api/footprint-photos/${id}`),
    ...Object.fromEntries(
      ['internal-controls', 'sites', 'custody/entries', 'custody/stock', 'custody/register', 'custody/reconciliation', 'custody/expiring', 'custody/unusual', 'custody/production'].map((tail) => [
        `/api/participants/{code}/${tail}`,
        codes.map((code) => `/api/participants/${code}/${tail}`),
      ]),
    ),
    '/api/sites/{id}': firstOf(await listed('/api/participants/BW/sites', 'admin.bw@demo.test'), 2).map((id) => `/api/sites/${id}`),
    '/api/certificates/{number}/origin-trail': certificates.map((number) => `/api/certificates/${number}/origin-trail`),
  };
}

interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: { enum?: string[] };
}

/** The query strings to try on a route: its required parameters, then each filter and download format that could widen what it returns. */
function queryVariants(parameters: OpenApiParameter[]): string[] {
  const query = new Map(parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]));
  const base = new URLSearchParams();
  if (query.has('year')) base.set('year', String(YEAR));
  if (query.has('half')) base.set('half', '1');
  if (query.get('measure')?.required) base.set('measure', query.get('measure')!.schema!.enum![0]);
  const variants = [new URLSearchParams(base)];
  if (query.has('year')) variants.push(new URLSearchParams({ ...Object.fromEntries(base), year: '2025' }));
  for (const code of ['BW', 'AE']) if (query.has('participant')) variants.push(new URLSearchParams({ ...Object.fromEntries(base), participant: code }));
  for (const format of ['csv', 'xlsx']) if (query.get('format')?.schema?.enum?.includes(format)) variants.push(new URLSearchParams({ ...Object.fromEntries(base), format, lang: 'fr' }));
  if (query.has('status')) for (const status of query.get('status')!.schema?.enum ?? []) variants.push(new URLSearchParams({ ...Object.fromEntries(base), status }));
  if (query.has('direction')) variants.push(new URLSearchParams({ ...Object.fromEntries(base), direction: 'imports' }));
  if (query.has('pageSize')) variants.push(new URLSearchParams({ ...Object.fromEntries(base), pageSize: '200' }));
  return [...new Set(variants.map((v) => v.toString()))];
}

const pdfTexts = new Map<string, string>();
/** The text a reader of the response sees, whatever its format. */
function readable(body: Buffer, contentType: string): string {
  if (body.subarray(0, 5).toString('latin1') === '%PDF-') {
    const key = createHash('sha256').update(body).digest('hex');
    if (!pdfTexts.has(key)) pdfTexts.set(key, execFileSync('pdftotext', ['-', '-'], { input: body }).toString('utf8') + body.toString('latin1'));
    return pdfTexts.get(key)!;
  }
  if (body[0] === 0x50 && body[1] === 0x4b) {
    return Object.values(unzipSync(new Uint8Array(body)))
      .map((part) => strFromU8(part))
      .join('\n');
  }
  if (/json|text|html|csv|xml|javascript/.test(contentType)) return body.toString('utf8');
  return body.toString('latin1');
}
/** A canary a PDF line break split still counts. */
const carries = (text: string, value: string) => text.includes(value) || text.replace(/\s+/g, '').includes(value);

beforeAll(async () => {
  ctx = await createTestApp();
  for (const who of CALLERS) if (who) cookies.set(who.email, await loginAs(ctx.app, who.email));
  await plant();
}, 600_000);
afterAll(async () => ctx?.close());

describe('no response carries data its reader may not see (canaries)', () => {
  it('finds no canary in any GET response of an account not entitled to it', async () => {
    const spec = (await call('GET', '/api/openapi.json', null)).json() as { paths: Record<string, { get?: { parameters?: OpenApiParameter[] } }> };
    const fillers = await pathFillers();
    const routes = Object.entries(spec.paths).filter(([, methods]) => methods.get);
    const unfilled = routes.filter(([path]) => path.includes('{') && !(fillers[path]?.length > 0)).map(([path]) => path);
    expect(unfilled).toEqual([]);

    const requests = routes.flatMap(([path, methods]) => {
      const urls = path.includes('{') ? fillers[path] : [path];
      return urls.flatMap((url) => queryVariants(methods.get!.parameters ?? []).map((query) => (query ? `${url}?${query}` : url)));
    });
    // Pages outside the API: the public verification page and the web app's shell.
    requests.push('/verify', '/');

    const actors = CALLERS;
    const canaries = Object.values(CANARIES) as Canary[];
    const seen = new Map<string, Set<string>>(canaries.map((c) => [c.value, new Set()]));
    const leaks: string[] = [];
    let scanned = 0;
    for (const url of requests) {
      for (const who of actors) {
        const response = await ctx.app.inject({ method: 'GET', url, headers: headersOf(who) });
        expect(response.statusCode, `${who?.email ?? 'anonymous'} GET ${url}: ${response.body.slice(0, 200)}`).toBeLessThan(500);
        const text = readable(response.rawPayload, String(response.headers['content-type'] ?? ''));
        scanned++;
        for (const c of canaries) {
          if (!carries(text, c.value)) continue;
          seen.get(c.value)!.add(who?.email ?? 'anonymous');
          if (!c.may(who)) leaks.push(`${who?.email ?? 'anonymous'} GET ${url} (${response.statusCode}) carries the ${c.what}`);
        }
      }
    }
    console.info(`leak canaries: ${routes.length} GET routes (+2 pages), ${requests.length} addresses × ${actors.length} callers = ${scanned} responses scanned, ${canaries.length} canaries, ${leaks.length} leaks`);
    expect(leaks).toEqual([]);
    // The scan reads what it claims to: every canary reaches someone entitled to it.
    expect(canaries.filter((c) => seen.get(c.value)!.size === 0).map((c) => c.what)).toEqual([]);
  }, 600_000);

  it('reads the canaries in a certificate PDF its issuer downloads', async () => {
    const pdf = await call('GET', `/api/certificates/${planted.certificate}/pdf`, 'exporter.bw@demo.test');
    const text = readable(pdf.rawPayload, String(pdf.headers['content-type']));
    expect(carries(text, CANARIES.importerName.value)).toBe(true);
    expect(carries(text, CANARIES.seal.value)).toBe(true);
  });
});
