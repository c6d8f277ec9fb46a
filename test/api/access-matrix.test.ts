import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anomalyCases, apiTokens, notifications, operators, users } from '../../src/db/schema.ts';
import { DEMO_APPLICANT, demoAccounts, type DemoAccount } from '../../src/demo/demo-data.ts';
import { newId } from '../../src/domain/ids.ts';
import { createTestApp, loginAs, type TestContext } from '../support/test-database.ts';

/**
 * Every endpoint × every demo account (and anonymous), against what the KP rules allow.
 * The target records belong to Botswana. "allowed" means the request got past authentication
 * and authorisation (any status but 401, 403 and 404); a refusal must be exactly the code given.
 */
type Outcome = 'allowed' | 401 | 403 | 404;
type Who = DemoAccount | null;

const is = (who: Who, email: string) => who?.email === email;
const bwStaff = (who: Who) => who?.participantCode === 'BW';
const signedIn = (who: Who) => who !== null;
const hasRole = (who: Who, ...roles: string[]) => who !== null && who.roles.some((role) => roles.includes(role));

interface Case {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  route: string;
  url: (ids: Ids) => string;
  body?: (who: Who, n: number) => unknown;
  expected: (who: Who) => Outcome;
}

interface Ids {
  certificate: string;
  operator: string;
  user: string;
  token: string;
  authority: string;
  webhook: string;
  received: string;
  report: string;
  reportFile: string;
  anomalyCase: string;
  decision: string;
  decisionToWithdraw: string;
  annualReportFile: string;
  peerReview: string;
  peerReviewFile: string;
  recommendation: string;
  notification: string;
  admission: string;
  admissionFile: string;
  bodyMembership: string;
  site: string;
  custodyEntry: string;
}

const auth = (rule: (who: DemoAccount) => Outcome) => (who: Who): Outcome => (who === null ? 401 : rule(who));
const readsBwOperators = (who: DemoAccount) => bwStaff(who) || hasRole(who, 'kp_chair', 'wgm');
const managesBwOperators = (who: DemoAccount) => bwStaff(who) && hasRole(who, 'exporting_officer', 'participant_admin', 'mines_officer');
/** The custody ledger (issue #9): Botswana's exporting authority, statistics officer, administrator and mines officer read it; all but the statistics officer record. */
const readsBwCustody = (who: DemoAccount) => bwStaff(who) && hasRole(who, 'exporting_officer', 'statistics_officer', 'participant_admin', 'mines_officer');
const recordsBwCustody = (who: DemoAccount): Outcome => (bwStaff(who) && hasRole(who, 'exporting_officer', 'participant_admin', 'mines_officer') ? 'allowed' : readsBwCustody(who) ? 403 : 404);
const today = () => new Date().toISOString().slice(0, 10);
const seesBwAeCertificate = (who: DemoAccount) => who.participantCode === 'BW' || who.participantCode === 'AE' || hasRole(who, 'kp_chair', 'wgm');
const certificateDraft = (exporterId: string) => ({
  importingParticipant: 'AE',
  exporterId,
  importer: { name: 'Almas Rough Trading DMCC', address: 'Dubai', licence: 'AE-DMCC-2024-5531' },
  originCountries: ['BW'],
  parcels: [{ hsCode: '7102.31', carats: '100.00', valueUsd: '15000.00' }],
});
let bwExporterId = '';
/** A compliant zone of CF and the seeded (long ended) embargo on Côte d'Ivoire, for the zone and embargo routes. */
let matrixZoneId = '';
let matrixEmbargoId = '';
/** A footprint (with one photo) the WGDE records for the footprint routes (issue #7). */
let matrixFootprintAreaId = '';
let matrixFootprintPhotoId = '';
const footprintClasses = [
  { code: '+3', stones: 300, carats: '12.00' },
  { code: '+9', stones: 200, carats: '24.00' },
  { code: '+11', stones: 100, carats: '19.00' },
];
const footprintDraft = () => ({ participantCode: 'BW', region: 'Matrix (synthetic)', depositType: 'kimberlite', series: 'sieve', classes: footprintClasses, sampledOn: '2026-01-01', measuredBy: 'matrix', synthetic: true });
const seesBwAeFootprints = (who: DemoAccount) => seesBwAeCertificate(who) || hasRole(who, 'wgde');
const parcelProfileStep = (may: (who: DemoAccount) => boolean) => auth((who) => (may(who) ? 'allowed' : seesBwAeCertificate(who) ? 403 : 404));
const receiptBody = { receivedOn: new Date().toISOString().slice(0, 10), parcelCount: 1, carats: '100.00', importerName: 'Almas Rough Trading DMCC', exporterName: 'x', sealIntact: true };
const productionBody = { year: 2021, half: 1, reportType: 'production', carats: '100.00', valueUsd: '2000.00', note: 'matrix' };
const reviewsAnomalies = (who: DemoAccount) => hasRole(who, 'kp_chair', 'wgs', 'wgm');
const seesBwAnomalyCase = (who: DemoAccount): Outcome => (reviewsAnomalies(who) || bwStaff(who) ? 'allowed' : who.participantCode ? 404 : 403);
/** KP members see circulating written procedures: participants' staff, the Chair, working groups and committees, observers when shared (the target is) — not the system administrator. */
const kpMember = (who: DemoAccount) => who.participantCode !== undefined || hasRole(who, 'kp_chair', 'wgm', 'wgs', 'wgde', 'wgaap', 'cpc', 'observer');
const writtenProcedure = (n: number) => ({ kind: 'written_procedure', title: `Matrix procedure ${n}`, body: 'For the matrix.', deadline: new Date(Date.now() + 30 * 86_400_000).toISOString() });
/** A participant's annual reports: its staff, the Chair and the WGM read; another participant's staff and observers (the target is not shared) get 404; other roles 403. */
const readsBwAnnualReport = (who: DemoAccount): Outcome => (bwStaff(who) || hasRole(who, 'kp_chair', 'wgm') ? 'allowed' : who.participantCode || hasRole(who, 'observer') ? 404 : 403);
const writesBwAnnualReport = (who: DemoAccount): Outcome => (is(who, 'admin.bw@demo.test') ? 'allowed' : readsBwAnnualReport(who) === 'allowed' ? 403 : readsBwAnnualReport(who));
const managesBwUsers = (who: DemoAccount) => is(who, 'admin.bw@demo.test') || is(who, 'admin@demo.test');
/** The target peer review is hosted by Botswana; its team is led by South Africa's administrator, with the WDC observer. */
const PEER_REVIEW_TEAM = ['admin.za@demo.test', 'observer.wdc@demo.test'];
const peerReviewLeader = (who: DemoAccount) => is(who, 'admin.za@demo.test');
/** A peer review: the Chair, the WGM, the host's staff and the team see it; other participants' staff and observers get 404; roles that never see one, 403. */
const seesBwPeerReview = (who: DemoAccount): Outcome =>
  bwStaff(who) || hasRole(who, 'kp_chair', 'wgm') || PEER_REVIEW_TEAM.includes(who.email) ? 'allowed' : who.participantCode || hasRole(who, 'observer') ? 404 : 403;
/** Someone who sees the review but may not take this step gets 403. */
const peerReviewStep = (may: (who: DemoAccount) => boolean) => (who: DemoAccount): Outcome => (may(who) ? 'allowed' : seesBwPeerReview(who) === 'allowed' ? 403 : seesBwPeerReview(who));
/** Zambia's submitted admission application: its staff, the CPC and the Chair see it; other participants' staff get 404; other roles 403. */
const zmStaff = (who: Who) => who?.participantCode === 'ZM';
const seesBdApplication = (who: DemoAccount): Outcome => (zmStaff(who) || hasRole(who, 'cpc', 'kp_chair') ? 'allowed' : who.participantCode ? 404 : 403);
const admissionStep = (may: (who: DemoAccount) => boolean) => (who: DemoAccount): Outcome => (may(who) ? 'allowed' : seesBdApplication(who) === 'allowed' ? 403 : seesBdApplication(who));
const writesBdApplication = admissionStep((who) => is(who, 'admin.zm@demo.test'));
const assessesBdApplication = admissionStep((who) => hasRole(who, 'cpc'));
const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
const recommendationDraft = () => ({ text: 'Matrix recommendation', owner: { kind: 'participant' }, dueOn: inAYear() });
let peerReviewTeamBody: unknown = null;

const CASES: Case[] = [
  { method: 'GET', route: '/api/health', url: () => '/api/health', expected: () => 'allowed' },
  { method: 'GET', route: '/api/participants', url: () => '/api/participants', expected: () => 'allowed' },
  { method: 'GET', route: '/api/participants/{code}', url: () => '/api/participants/BW', expected: () => 'allowed' },
  { method: 'GET', route: '/api/observers', url: () => '/api/observers', expected: () => 'allowed' },
  { method: 'GET', route: '/api/auth/me', url: () => '/api/auth/me', expected: auth(() => 'allowed') },
  {
    method: 'POST',
    route: '/api/participants/{code}/status-events',
    url: () => '/api/participants/BW/status-events',
    body: () => ({ status: 'self_suspended', effectiveOn: '2026-11-23', note: 'matrix' }),
    expected: auth((who) => (hasRole(who, 'kp_chair') ? 'allowed' : 403)),
  },
  { method: 'GET', route: '/api/participants/{code}/authorities', url: () => '/api/participants/BW/authorities', expected: auth(() => 'allowed') },
  {
    method: 'POST',
    route: '/api/participants/{code}/authorities',
    url: () => '/api/participants/BW/authorities',
    body: (_who, n) => ({ role: 'importing', name: `Authority ${n}`, address: 'Gaborone' }),
    expected: auth((who) => (is(who, 'admin.bw@demo.test') || is(who, 'admin@demo.test') ? 'allowed' : 403)),
  },
  {
    method: 'PATCH',
    route: '/api/authorities/{id}',
    url: (ids) => `/api/authorities/${ids.authority}`,
    body: () => ({ phone: '+267 360 0000' }),
    expected: auth((who) => (is(who, 'admin.bw@demo.test') || is(who, 'admin@demo.test') ? 'allowed' : 403)),
  },
  { method: 'GET', route: '/api/participants/{code}/operators', url: () => '/api/participants/BW/operators', expected: auth((who) => (readsBwOperators(who) ? 'allowed' : 404)) },
  {
    method: 'POST',
    route: '/api/participants/{code}/operators',
    url: () => '/api/participants/BW/operators',
    body: (_who, n) => ({ name: `Operator ${n}`, address: 'Gaborone', licenceNumber: `MATRIX-${n}`, licenceTypes: ['dealer'], validFrom: '2026-01-01', validUntil: '2027-01-01' }),
    expected: auth((who) => (managesBwOperators(who) ? 'allowed' : readsBwOperators(who) ? 403 : 404)),
  },
  { method: 'GET', route: '/api/operators/{id}', url: (ids) => `/api/operators/${ids.operator}`, expected: auth((who) => (readsBwOperators(who) ? 'allowed' : 404)) },
  {
    method: 'PATCH',
    route: '/api/operators/{id}',
    url: (ids) => `/api/operators/${ids.operator}`,
    body: (_who, n) => ({ address: `Plot ${n}, Gaborone` }),
    expected: auth((who) => (managesBwOperators(who) ? 'allowed' : readsBwOperators(who) ? 403 : 404)),
  },
  {
    method: 'POST',
    route: '/api/operators/{id}/suspend',
    url: (ids) => `/api/operators/${ids.operator}/suspend`,
    body: () => ({ reason: 'matrix' }),
    expected: auth((who) => (managesBwOperators(who) ? 'allowed' : readsBwOperators(who) ? 403 : 404)),
  },
  {
    method: 'POST',
    route: '/api/operators/{id}/reinstate',
    url: (ids) => `/api/operators/${ids.operator}/reinstate`,
    body: () => ({ note: 'matrix' }),
    expected: auth((who) => (managesBwOperators(who) ? 'allowed' : readsBwOperators(who) ? 403 : 404)),
  },
  { method: 'GET', route: '/api/participants/{code}/internal-controls', url: () => '/api/participants/BW/internal-controls', expected: auth(() => 'allowed') },
  {
    method: 'PUT',
    route: '/api/participants/{code}/internal-controls',
    url: () => '/api/participants/BW/internal-controls',
    // Already off: the administrator gets STATUS_UNCHANGED, and the matrix's certificates stay issuable without draws.
    body: () => ({ enabled: false }),
    expected: auth((who) => (is(who, 'admin.bw@demo.test') ? 'allowed' : readsBwCustody(who) ? 403 : 404)),
  },
  { method: 'GET', route: '/api/participants/{code}/sites', url: () => '/api/participants/BW/sites', expected: auth((who) => (readsBwOperators(who) ? 'allowed' : 404)) },
  {
    method: 'POST',
    route: '/api/participants/{code}/sites',
    url: () => '/api/participants/BW/sites',
    body: (_who, n) => ({ name: `Site ${n}`, licenceNumber: `MATRIX-SITE-${n}`, depositType: 'alluvial', artisanal: true, region: 'Central', validFrom: '2026-01-01', validUntil: '2030-12-31' }),
    expected: auth((who) => (managesBwOperators(who) ? 'allowed' : readsBwOperators(who) ? 403 : 404)),
  },
  { method: 'GET', route: '/api/sites/{id}', url: (ids) => `/api/sites/${ids.site}`, expected: auth((who) => (readsBwOperators(who) ? 'allowed' : 404)) },
  {
    method: 'PATCH',
    route: '/api/sites/{id}',
    url: (ids) => `/api/sites/${ids.site}`,
    body: (_who, n) => ({ region: `Region ${n}` }),
    expected: auth((who) => (managesBwOperators(who) ? 'allowed' : readsBwOperators(who) ? 403 : 404)),
  },
  {
    method: 'POST',
    route: '/api/sites/{id}/suspend',
    url: (ids) => `/api/sites/${ids.site}/suspend`,
    body: () => ({ reason: 'matrix' }),
    expected: auth((who) => (managesBwOperators(who) ? 'allowed' : readsBwOperators(who) ? 403 : 404)),
  },
  { method: 'GET', route: '/api/participants/{code}/custody/entries', url: () => '/api/participants/BW/custody/entries', expected: auth((who) => (readsBwCustody(who) ? 'allowed' : 404)) },
  {
    method: 'POST',
    route: '/api/participants/{code}/custody/entries',
    url: () => '/api/participants/BW/custody/entries',
    body: () => ({ kind: 'production', occurredOn: today(), siteId: ids.site, toOperatorId: bwExporterId, carats: '1.00', valueUsd: '0.00' }),
    expected: auth(recordsBwCustody),
  },
  {
    method: 'POST',
    route: '/api/custody/entries/{id}/correct',
    url: (ids) => `/api/custody/entries/${ids.custodyEntry}/correct`,
    body: () => ({ carats: '2.00', reason: 'matrix' }),
    expected: auth(recordsBwCustody),
  },
  { method: 'GET', route: '/api/participants/{code}/custody/stock', url: () => '/api/participants/BW/custody/stock', expected: auth((who) => (readsBwCustody(who) ? 'allowed' : 404)) },
  ...(
    [
      ['register', ''],
      ['reconciliation', ''],
      ['expiring', ''],
      ['unusual', ''],
      ['production', '?year=2026&half=1'],
    ] as const
  ).map(
    ([report, query]): Case => ({
      method: 'GET',
      route: `/api/participants/{code}/custody/${report}`,
      url: () => `/api/participants/BW/custody/${report}${query}`,
      expected: auth((who) => (readsBwCustody(who) ? 'allowed' : 404)),
    }),
  ),
  /** Whoever sees the certificate sees whether its origin is backed (names only for BW's custody readers). */
  { method: 'GET', route: '/api/certificates/{number}/origin-trail', url: (ids) => `/api/certificates/${ids.certificate}/origin-trail`, expected: auth((who) => (seesBwAeCertificate(who) ? 'allowed' : 404)) },
  { method: 'GET', route: '/api/users', url: () => '/api/users', expected: auth((who) => (hasRole(who, 'participant_admin', 'system_admin') ? 'allowed' : 403)) },
  {
    method: 'POST',
    route: '/api/users',
    url: () => '/api/users',
    body: (_who, n) => ({ email: `matrix-${n}@example.org`, name: 'Matrix', roles: ['statistics_officer'], password: 'a sufficiently long one' }),
    expected: auth((who) => (hasRole(who, 'participant_admin', 'system_admin') ? 'allowed' : 403)),
  },
  { method: 'GET', route: '/api/users/{id}', url: (ids) => `/api/users/${ids.user}`, expected: auth((who) => (managesBwUsers(who) || is(who, 'exporter.bw@demo.test') ? 'allowed' : 404)) },
  { method: 'PATCH', route: '/api/users/{id}', url: (ids) => `/api/users/${ids.user}`, body: () => ({ language: 'en' }), expected: auth((who) => (managesBwUsers(who) ? 'allowed' : 404)) },
  { method: 'GET', route: '/api/users/{id}/tokens', url: (ids) => `/api/users/${ids.user}/tokens`, expected: auth((who) => (managesBwUsers(who) ? 'allowed' : 404)) },
  { method: 'POST', route: '/api/users/{id}/tokens', url: (ids) => `/api/users/${ids.user}/tokens`, body: () => ({ label: 'matrix' }), expected: auth((who) => (managesBwUsers(who) ? 'allowed' : 404)) },
  { method: 'POST', route: '/api/tokens/{id}/revoke', url: (ids) => `/api/tokens/${ids.token}/revoke`, expected: auth((who) => (managesBwUsers(who) ? 'allowed' : 404)) },
  {
    method: 'POST',
    route: '/api/certificates',
    url: () => '/api/certificates',
    body: () => certificateDraft(bwExporterId),
    expected: auth((who) => (hasRole(who, 'exporting_officer') ? 'allowed' : 403)),
  },
  { method: 'GET', route: '/api/certificates', url: () => '/api/certificates', expected: auth(() => 'allowed') },
  { method: 'GET', route: '/api/certificates/{number}', url: (ids) => `/api/certificates/${ids.certificate}`, expected: auth((who) => (seesBwAeCertificate(who) ? 'allowed' : 404)) },
  {
    method: 'POST',
    route: '/api/certificates/{number}/replace',
    url: (ids) => `/api/certificates/${ids.certificate}/replace`,
    body: () => ({ reason: 'matrix', draft: certificateDraft(bwExporterId) }),
    expected: auth((who) => (is(who, 'exporter.bw@demo.test') ? 'allowed' : seesBwAeCertificate(who) ? 403 : 404)),
  },
  {
    method: 'POST',
    route: '/api/certificates/{number}/void',
    url: (ids) => `/api/certificates/${ids.certificate}/void`,
    body: () => ({ reason: 'matrix' }),
    expected: auth((who) => (is(who, 'exporter.bw@demo.test') ? 'allowed' : seesBwAeCertificate(who) ? 403 : 404)),
  },
  { method: 'GET', route: '/api/certificates/{number}/pdf', url: (ids) => `/api/certificates/${ids.certificate}/pdf`, expected: auth((who) => (seesBwAeCertificate(who) ? 'allowed' : 404)) },
  { method: 'GET', route: '/api/participants/{code}/certificate-settings', url: () => '/api/participants/BW/certificate-settings', expected: () => 'allowed' },
  {
    method: 'PUT',
    route: '/api/participants/{code}/certificate-settings',
    url: () => '/api/participants/BW/certificate-settings',
    body: () => ({ validityDays: 90, language: 'en', mixedOriginWording: false }),
    expected: auth((who) => (is(who, 'admin.bw@demo.test') || is(who, 'admin@demo.test') ? 'allowed' : 403)),
  },
  { method: 'GET', route: '/api/embargoes', url: () => '/api/embargoes', expected: () => 'allowed' },
  {
    method: 'POST',
    route: '/api/embargoes',
    url: () => '/api/embargoes',
    body: () => ({ originCode: 'ZZ', legalBasis: 'matrix test', startsOn: '2030-01-01', endsOn: null }),
    expected: auth((who) => (hasRole(who, 'kp_chair') ? 'allowed' : 403)),
  },
  {
    method: 'POST',
    route: '/api/embargoes/{id}/lift',
    url: () => `/api/embargoes/${matrixEmbargoId}/lift`,
    body: () => ({ endsOn: '2099-12-31', liftLegalBasis: 'matrix test' }),
    expected: auth((who) => (hasRole(who, 'kp_chair') ? 'allowed' : 403)),
  },
  { method: 'GET', route: '/api/participants/{code}/zones', url: () => '/api/participants/CF/zones', expected: () => 'allowed' },
  {
    method: 'POST',
    route: '/api/participants/{code}/zones',
    url: () => '/api/participants/CF/zones',
    body: () => ({ name: 'Matrix zone', compliantFrom: '2030-01-01', legalBasis: 'matrix test' }),
    expected: auth((who) => (hasRole(who, 'kp_chair') ? 'allowed' : 403)),
  },
  {
    method: 'POST',
    route: '/api/participants/{code}/zones/{id}/end',
    url: () => `/api/participants/CF/zones/${matrixZoneId}/end`,
    body: () => ({ compliantUntil: '2099-12-31', legalBasis: 'matrix test' }),
    expected: auth((who) => (hasRole(who, 'kp_chair') ? 'allowed' : 403)),
  },
  {
    method: 'POST',
    route: '/api/certificates/{number}/approval',
    url: (ids) => `/api/certificates/${ids.certificate}/approval`,
    body: () => ({ outcome: 'approved' }),
    // The target needs no approval: who may see it learns so (409), nobody else learns it exists.
    expected: auth((who) => (seesBwAeCertificate(who) ? 'allowed' : 404)),
  },
  { method: 'GET', route: '/api/shipment-approvals', url: () => '/api/shipment-approvals?status=pending', expected: auth(() => 'allowed') },
  { method: 'GET', route: '/api/trust-list', url: () => '/api/trust-list', expected: () => 'allowed' },
  {
    method: 'GET',
    route: '/api/audit',
    url: () => '/api/audit?limit=5',
    expected: auth((who) => (hasRole(who, 'system_admin', 'kp_chair', 'participant_admin') ? 'allowed' : 403)),
  },
  { method: 'GET', route: '/api/audit/verify', url: () => '/api/audit/verify', expected: auth((who) => (hasRole(who, 'system_admin', 'kp_chair') ? 'allowed' : 403)) },
  {
    method: 'POST',
    route: '/api/webhooks',
    url: () => '/api/webhooks',
    body: () => ({ url: 'https://kp.gov.example/hooks', events: ['receipt.recorded'] }),
    expected: auth((who) => (hasRole(who, 'participant_admin') ? 'allowed' : 403)),
  },
  { method: 'GET', route: '/api/webhooks', url: () => '/api/webhooks', expected: auth((who) => (hasRole(who, 'participant_admin', 'system_admin') ? 'allowed' : 403)) },
  {
    method: 'DELETE',
    route: '/api/webhooks/{id}',
    url: (ids) => `/api/webhooks/${ids.webhook}`,
    expected: auth((who) => (is(who, 'admin.bw@demo.test') ? 'allowed' : is(who, 'admin@demo.test') ? 403 : 404)),
  },
  {
    method: 'GET',
    route: '/api/webhooks/{id}/deliveries',
    url: (ids) => `/api/webhooks/${ids.webhook}/deliveries`,
    expected: auth((who) => (is(who, 'admin.bw@demo.test') || is(who, 'admin@demo.test') ? 'allowed' : 404)),
  },
  { method: 'POST', route: '/api/verify', url: () => '/api/verify', body: () => ({ qr: 'KPC1:not-a-seal' }), expected: () => 'allowed' },
  {
    method: 'POST',
    route: '/api/certificates/{number}/receipt',
    url: (ids) => `/api/certificates/${ids.received}/receipt`,
    body: () => receiptBody,
    expected: auth((who) => (is(who, 'importer.ae@demo.test') ? 'allowed' : seesBwAeCertificate(who) ? 403 : 404)),
  },
  { method: 'GET', route: '/api/certificates/{number}/receipt', url: (ids) => `/api/certificates/${ids.received}/receipt`, expected: auth((who) => (seesBwAeCertificate(who) ? 'allowed' : 404)) },
  {
    method: 'POST',
    route: '/api/reports',
    url: () => '/api/reports',
    body: () => ({ certificateNumber: 'BW-2019-000001', kind: 'suspicious', description: 'matrix' }),
    expected: auth((who) => (hasRole(who, 'kp_chair', 'wgm', 'importing_officer', 'exporting_officer', 'participant_admin') ? 'allowed' : 403)),
  },
  { method: 'GET', route: '/api/reports', url: () => '/api/reports', expected: auth(() => 'allowed') },
  { method: 'GET', route: '/api/reports/{id}', url: (ids) => `/api/reports/${ids.report}`, expected: auth((who) => (seesBwAeCertificate(who) ? 'allowed' : 404)) },
  {
    method: 'GET',
    route: '/api/reports/{id}/files/{fileId}',
    url: (ids) => `/api/reports/${ids.report}/files/${ids.reportFile}`,
    expected: auth((who) => (seesBwAeCertificate(who) ? 'allowed' : 404)),
  },
  {
    method: 'POST',
    route: '/api/reports/{id}/comments',
    url: (ids) => `/api/reports/${ids.report}/comments`,
    body: () => ({ body: 'matrix' }),
    expected: auth((who) => (seesBwAeCertificate(who) ? 'allowed' : 404)),
  },
  {
    method: 'POST',
    route: '/api/reports/{id}/close',
    url: (ids) => `/api/reports/${ids.report}/close`,
    body: () => ({ outcome: 'resolved', note: 'matrix' }),
    expected: auth((who) =>
      hasRole(who, 'kp_chair', 'wgm') || is(who, 'exporter.bw@demo.test') || is(who, 'admin.bw@demo.test') ? 'allowed' : seesBwAeCertificate(who) ? 403 : 404,
    ),
  },
  {
    method: 'GET',
    route: '/api/verification-attempts',
    url: () => '/api/verification-attempts?participant=BW',
    expected: auth((who) => (bwStaff(who) || hasRole(who, 'kp_chair', 'wgm') ? 'allowed' : who.participantCode ? 404 : 403)),
  },
  { method: 'GET', route: '/api/statistics/global', url: () => '/api/statistics/global?year=2025', expected: () => 'allowed' },
  { method: 'GET', route: '/api/statistics/participants/{code}', url: () => '/api/statistics/participants/BW?year=2025', expected: () => 'allowed' },
  { method: 'GET', route: '/api/statistics/rankings', url: () => '/api/statistics/rankings?year=2025&measure=exports_usd', expected: () => 'allowed' },
  {
    method: 'GET',
    route: '/api/statistics/participants/EU/member-states',
    url: () => '/api/statistics/participants/EU/member-states?year=2025',
    expected: auth((who) => (who.participantCode === 'EU' || hasRole(who, 'kp_chair', 'wgs', 'wgm') ? 'allowed' : who.participantCode ? 404 : 403)),
  },
  {
    method: 'POST',
    route: '/api/participants/{code}/production',
    url: () => '/api/participants/BW/production',
    body: () => productionBody,
    expected: auth((who) => (bwStaff(who) && hasRole(who, 'statistics_officer', 'participant_admin') ? 'allowed' : 403)),
  },
  { method: 'GET', route: '/api/participants/{code}/production', url: () => '/api/participants/BW/production?year=2021', expected: () => 'allowed' },
  {
    method: 'GET',
    route: '/api/participants/{code}/production/{year}/{half}/history',
    url: () => '/api/participants/BW/production/2021/1/history',
    expected: auth((who) => (bwStaff(who) || hasRole(who, 'kp_chair', 'wgs', 'wgm') ? 'allowed' : 404)),
  },
  { method: 'GET', route: '/api/production/missing', url: () => '/api/production/missing?year=2021&half=1', expected: () => 'allowed' },
  {
    method: 'POST',
    route: '/api/statistics/imports',
    url: () => '/api/statistics/imports',
    body: () => ({ fileName: 'matrix.csv', csv: 'year,half,participant,iso2,report_type,production_type,carats,usd\n2019,1,Botswana,BW,Production,Production,100.00,2000.00\n' }),
    expected: auth((who) => (hasRole(who, 'kp_chair', 'wgs') ? 'allowed' : 403)),
  },
  { method: 'POST', route: '/api/anomalies/run', url: () => '/api/anomalies/run', expected: auth((who) => (hasRole(who, 'kp_chair', 'wgs') ? 'allowed' : 403)) },
  { method: 'GET', route: '/api/anomalies/cases', url: () => '/api/anomalies/cases', expected: auth((who) => (reviewsAnomalies(who) || who.participantCode ? 'allowed' : 403)) },
  { method: 'GET', route: '/api/anomalies/cases/{id}', url: (ids) => `/api/anomalies/cases/${ids.anomalyCase}`, expected: auth(seesBwAnomalyCase) },
  {
    method: 'POST',
    route: '/api/anomalies/cases/{id}/answer',
    url: (ids) => `/api/anomalies/cases/${ids.anomalyCase}/answer`,
    body: () => ({ body: 'matrix', language: 'en' }),
    expected: auth((who) => (bwStaff(who) && hasRole(who, 'statistics_officer', 'participant_admin') ? 'allowed' : seesBwAnomalyCase(who) === 'allowed' ? 403 : seesBwAnomalyCase(who))),
  },
  {
    method: 'POST',
    route: '/api/anomalies/cases/{id}/escalate',
    url: (ids) => `/api/anomalies/cases/${ids.anomalyCase}/escalate`,
    body: () => ({ note: 'matrix' }),
    expected: auth((who) => (hasRole(who, 'kp_chair', 'wgs') ? 'allowed' : seesBwAnomalyCase(who) === 'allowed' ? 403 : seesBwAnomalyCase(who))),
  },
  {
    method: 'POST',
    route: '/api/anomalies/cases/{id}/close',
    url: (ids) => `/api/anomalies/cases/${ids.anomalyCase}/close`,
    body: () => ({ outcome: 'explained', note: 'matrix' }),
    expected: auth((who) => (hasRole(who, 'kp_chair', 'wgs') ? 'allowed' : seesBwAnomalyCase(who) === 'allowed' ? 403 : seesBwAnomalyCase(who))),
  },
  {
    method: 'POST',
    route: '/api/decisions',
    url: () => '/api/decisions',
    body: (_who, n) => writtenProcedure(n),
    expected: auth((who) => (hasRole(who, 'kp_chair') ? 'allowed' : 403)),
  },
  { method: 'GET', route: '/api/decisions', url: () => '/api/decisions', expected: () => 'allowed' },
  { method: 'GET', route: '/api/decisions/{id}', url: (ids) => `/api/decisions/${ids.decision}`, expected: (who) => (who !== null && kpMember(who) ? 'allowed' : 404) },
  {
    method: 'POST',
    route: '/api/decisions/{id}/positions',
    url: (ids) => `/api/decisions/${ids.decision}/positions`,
    body: () => ({ position: 'support' }),
    // the demo applicant is no Participant: it takes no part in decisions (DECISION_NOT_ELIGIBLE, 403)
    expected: auth((who) => (who.participantCode !== undefined && who.participantCode !== DEMO_APPLICANT.code && hasRole(who, 'participant_admin') ? 'allowed' : 403)),
  },
  {
    method: 'POST',
    route: '/api/decisions/{id}/comments',
    url: (ids) => `/api/decisions/${ids.decision}/comments`,
    body: () => ({ body: 'matrix' }),
    expected: auth((who) => (hasRole(who, 'kp_chair', 'wgm', 'wgs', 'wgde', 'wgaap', 'cpc', 'observer') || (who.participantCode !== undefined && hasRole(who, 'participant_admin')) ? 'allowed' : 403)),
  },
  {
    method: 'PUT',
    route: '/api/decisions/{id}/sharing',
    url: (ids) => `/api/decisions/${ids.decision}/sharing`,
    body: () => ({ sharedWithObservers: true }),
    expected: auth((who) => (hasRole(who, 'kp_chair') ? 'allowed' : 403)),
  },
  {
    method: 'POST',
    route: '/api/decisions/{id}/withdraw',
    url: (ids) => `/api/decisions/${ids.decisionToWithdraw}/withdraw`,
    body: () => ({ note: 'matrix' }),
    expected: auth((who) => (hasRole(who, 'kp_chair') ? 'allowed' : 403)),
  },
  { method: 'GET', route: '/api/annual-reports', url: () => '/api/annual-reports?year=2025', expected: auth((who) => (hasRole(who, 'kp_chair', 'wgm') || who.participantCode ? 'allowed' : 403)) },
  { method: 'GET', route: '/api/annual-reports/filed', url: () => '/api/annual-reports/filed?year=2025', expected: () => 'allowed' },
  { method: 'GET', route: '/api/annual-reports/shared', url: () => '/api/annual-reports/shared', expected: auth((who) => (hasRole(who, 'kp_chair', 'wgm', 'observer') ? 'allowed' : 403)) },
  {
    method: 'PUT',
    route: '/api/participants/{code}/annual-reports/{year}/sharing',
    url: () => '/api/participants/BW/annual-reports/2025/sharing',
    body: () => ({ sharedWithObservers: false }),
    expected: auth((who) => (is(who, 'admin.bw@demo.test') || hasRole(who, 'kp_chair', 'wgm') ? 'allowed' : readsBwAnnualReport(who) === 'allowed' ? 403 : readsBwAnnualReport(who))),
  },
  { method: 'GET', route: '/api/participants/{code}/annual-reports/{year}', url: () => '/api/participants/BW/annual-reports/2025', expected: auth(readsBwAnnualReport) },
  {
    method: 'PUT',
    route: '/api/participants/{code}/annual-reports/{year}',
    url: () => '/api/participants/BW/annual-reports/2025',
    body: () => ({ content: { partA: { legislation: 'matrix' }, partB: {} } }),
    expected: auth(writesBwAnnualReport),
  },
  { method: 'POST', route: '/api/participants/{code}/annual-reports/{year}/submit', url: () => '/api/participants/BW/annual-reports/2025/submit', expected: auth(writesBwAnnualReport) },
  {
    method: 'POST',
    route: '/api/participants/{code}/annual-reports/{year}/files',
    url: () => '/api/participants/BW/annual-reports/2025/files',
    body: () => ({ section: 'legislation', fileName: 'act.txt', mediaType: 'text/plain', contentBase64: 'aGVsbG8=' }),
    expected: auth(writesBwAnnualReport),
  },
  {
    method: 'GET',
    route: '/api/participants/{code}/annual-reports/{year}/files/{fileId}',
    url: (ids) => `/api/participants/BW/annual-reports/2025/files/${ids.annualReportFile}`,
    expected: auth(readsBwAnnualReport),
  },
  {
    method: 'POST',
    route: '/api/participants/{code}/annual-reports/{year}/messages',
    url: () => '/api/participants/BW/annual-reports/2025/messages',
    body: () => ({ kind: 'comment', body: 'matrix' }),
    expected: auth((who) => (is(who, 'admin.bw@demo.test') || hasRole(who, 'kp_chair', 'wgm') ? 'allowed' : readsBwAnnualReport(who) === 'allowed' ? 403 : readsBwAnnualReport(who))),
  },
  {
    method: 'POST',
    route: '/api/peer-reviews',
    url: () => '/api/peer-reviews',
    body: () => ({ kind: 'visit', hostParticipantCode: 'BW', scope: 'matrix' }),
    expected: auth((who) => (is(who, 'admin.bw@demo.test') ? 'allowed' : 403)),
  },
  { method: 'GET', route: '/api/peer-reviews', url: () => '/api/peer-reviews', expected: auth((who) => (hasRole(who, 'kp_chair', 'wgm', 'observer') || who.participantCode ? 'allowed' : 403)) },
  { method: 'GET', route: '/api/peer-reviews/follow-up', url: () => '/api/peer-reviews/follow-up', expected: auth((who) => (hasRole(who, 'kp_chair', 'wgm') || who.participantCode ? 'allowed' : 403)) },
  {
    method: 'GET',
    route: '/api/participants/{code}/peer-reviews',
    url: () => '/api/participants/BW/peer-reviews',
    expected: auth((who) => (bwStaff(who) || hasRole(who, 'kp_chair', 'wgm') ? 'allowed' : who.participantCode ? 404 : 403)),
  },
  { method: 'GET', route: '/api/peer-reviews/{id}', url: (ids) => `/api/peer-reviews/${ids.peerReview}`, expected: auth(seesBwPeerReview) },
  { method: 'GET', route: '/api/peer-reviews/{id}/files/{fileId}', url: (ids) => `/api/peer-reviews/${ids.peerReview}/files/${ids.peerReviewFile}`, expected: auth(seesBwPeerReview) },
  {
    method: 'GET',
    route: '/api/peer-reviews/{id}/team-candidates',
    url: (ids) => `/api/peer-reviews/${ids.peerReview}/team-candidates`,
    expected: auth(peerReviewStep((who) => hasRole(who, 'kp_chair', 'wgm'))),
  },
  {
    method: 'PUT',
    route: '/api/peer-reviews/{id}/team',
    url: (ids) => `/api/peer-reviews/${ids.peerReview}/team`,
    body: () => peerReviewTeamBody,
    expected: auth(peerReviewStep((who) => hasRole(who, 'kp_chair', 'wgm'))),
  },
  {
    method: 'PUT',
    route: '/api/peer-reviews/{id}/visit',
    url: (ids) => `/api/peer-reviews/${ids.peerReview}/visit`,
    body: () => ({ startsOn: '2025-03-10', endsOn: '2025-03-14' }),
    expected: auth(peerReviewStep((who) => hasRole(who, 'kp_chair', 'wgm') || peerReviewLeader(who))),
  },
  {
    method: 'POST',
    route: '/api/peer-reviews/{id}/draft-report',
    url: (ids) => `/api/peer-reviews/${ids.peerReview}/draft-report`,
    body: () => ({ body: 'matrix' }),
    expected: auth(peerReviewStep(peerReviewLeader)),
  },
  {
    method: 'POST',
    route: '/api/peer-reviews/{id}/host-comments',
    url: (ids) => `/api/peer-reviews/${ids.peerReview}/host-comments`,
    body: () => ({ body: 'matrix' }),
    expected: auth(peerReviewStep((who) => is(who, 'admin.bw@demo.test'))),
  },
  {
    method: 'POST',
    route: '/api/peer-reviews/{id}/final-report',
    url: (ids) => `/api/peer-reviews/${ids.peerReview}/final-report`,
    body: () => ({ body: 'matrix' }),
    expected: auth(peerReviewStep((who) => peerReviewLeader(who) || hasRole(who, 'kp_chair'))),
  },
  {
    method: 'POST',
    route: '/api/peer-reviews/{id}/recommendations',
    url: (ids) => `/api/peer-reviews/${ids.peerReview}/recommendations`,
    body: () => ({ recommendations: [recommendationDraft()] }),
    expected: auth(peerReviewStep((who) => peerReviewLeader(who) || hasRole(who, 'kp_chair', 'wgm'))),
  },
  {
    method: 'POST',
    route: '/api/peer-reviews/{id}/recommendations/{recommendationId}/events',
    url: (ids) => `/api/peer-reviews/${ids.peerReview}/recommendations/${ids.recommendation}/events`,
    body: () => ({ status: 'in_progress', note: 'matrix' }),
    expected: auth(peerReviewStep((who) => is(who, 'admin.bw@demo.test') || hasRole(who, 'kp_chair', 'wgm'))),
  },
  {
    method: 'POST',
    route: '/api/peer-reviews/{id}/close',
    url: (ids) => `/api/peer-reviews/${ids.peerReview}/close`,
    body: () => ({ note: 'matrix' }),
    expected: auth(peerReviewStep((who) => hasRole(who, 'kp_chair'))),
  },
  {
    method: 'PUT',
    route: '/api/peer-reviews/{id}/sharing',
    url: (ids) => `/api/peer-reviews/${ids.peerReview}/sharing`,
    body: () => ({ sharedWithObservers: false }),
    expected: auth(peerReviewStep((who) => hasRole(who, 'kp_chair', 'wgm'))),
  },
  { method: 'GET', route: '/api/admission/applications/public', url: () => '/api/admission/applications/public', expected: () => 'allowed' },
  { method: 'GET', route: '/api/admission/applications', url: () => '/api/admission/applications', expected: auth((who) => (hasRole(who, 'cpc', 'kp_chair') || who.participantCode ? 'allowed' : 403)) },
  {
    method: 'POST',
    route: '/api/admission/applications',
    url: () => '/api/admission/applications',
    body: () => ({}),
    // an administrator of a participant that is no applicant gets past authorisation and is refused ADMISSION_NOT_AN_APPLICANT
    expected: auth((who) => (hasRole(who, 'participant_admin', 'kp_chair') ? 'allowed' : 403)),
  },
  { method: 'GET', route: '/api/admission/applications/{id}', url: (ids) => `/api/admission/applications/${ids.admission}`, expected: auth(seesBdApplication) },
  { method: 'PUT', route: '/api/admission/applications/{id}', url: (ids) => `/api/admission/applications/${ids.admission}`, body: () => ({ content: {} }), expected: auth(writesBdApplication) },
  {
    method: 'POST',
    route: '/api/admission/applications/{id}/files',
    url: (ids) => `/api/admission/applications/${ids.admission}/files`,
    body: () => ({ kind: 'other', fileName: 'a.txt', mediaType: 'text/plain', contentBase64: 'aGVsbG8=' }),
    expected: auth(writesBdApplication),
  },
  {
    method: 'GET',
    route: '/api/admission/applications/{id}/files/{fileId}',
    url: (ids) => `/api/admission/applications/${ids.admission}/files/${ids.admissionFile}`,
    expected: auth(seesBdApplication),
  },
  { method: 'POST', route: '/api/admission/applications/{id}/submit', url: (ids) => `/api/admission/applications/${ids.admission}/submit`, expected: auth(writesBdApplication) },
  { method: 'POST', route: '/api/admission/applications/{id}/assessment/start', url: (ids) => `/api/admission/applications/${ids.admission}/assessment/start`, expected: auth(assessesBdApplication) },
  { method: 'PUT', route: '/api/admission/applications/{id}/assessment', url: (ids) => `/api/admission/applications/${ids.admission}/assessment`, body: () => ({ findings: {} }), expected: auth(assessesBdApplication) },
  {
    method: 'POST',
    route: '/api/admission/applications/{id}/recommendation',
    url: (ids) => `/api/admission/applications/${ids.admission}/recommendation`,
    body: () => ({ recommendation: 'do_not_admit', note: 'matrix' }),
    expected: auth(assessesBdApplication),
  },
  {
    method: 'POST',
    route: '/api/admission/applications/{id}/messages',
    url: (ids) => `/api/admission/applications/${ids.admission}/messages`,
    body: () => ({ kind: 'comment', body: 'matrix' }),
    expected: auth(admissionStep((who) => is(who, 'admin.zm@demo.test') || hasRole(who, 'cpc', 'kp_chair'))),
  },
  // last of the admission cases: it closes the application
  { method: 'POST', route: '/api/admission/applications/{id}/withdraw', url: (ids) => `/api/admission/applications/${ids.admission}/withdraw`, body: () => ({ note: 'matrix' }), expected: auth(writesBdApplication) },
  { method: 'GET', route: '/api/notifications', url: () => '/api/notifications', expected: auth(() => 'allowed') },
  /** The target is Botswana's administrator's notice of the circulated procedure: anyone else's own notifications only, so 404. */
  {
    method: 'POST',
    route: '/api/notifications/{id}/read',
    url: (ids) => `/api/notifications/${ids.notification}/read`,
    expected: auth((who) => (is(who, 'admin.bw@demo.test') ? 'allowed' : 404)),
  },
  { method: 'POST', route: '/api/notifications/read-all', url: () => '/api/notifications/read-all', expected: auth(() => 'allowed') },
  { method: 'GET', route: '/api/chairmanships', url: () => '/api/chairmanships', expected: () => 'allowed' },
  {
    method: 'PUT',
    route: '/api/chairmanships/{year}',
    url: () => `/api/chairmanships/${new Date().getUTCFullYear()}`,
    body: (_who, n) => ({ note: `matrix ${n}` }),
    expected: auth((who) => (hasRole(who, 'kp_chair') ? 'allowed' : 403)),
  },
  { method: 'GET', route: '/api/bodies', url: () => '/api/bodies', expected: auth(() => 'allowed') },
  {
    method: 'POST',
    route: '/api/bodies',
    url: () => '/api/bodies',
    body: () => ({ subjectParticipantCode: 'CF', mandate: 'matrix' }),
    expected: auth((who) => (hasRole(who, 'kp_chair') ? 'allowed' : 403)),
  },
  { method: 'GET', route: '/api/bodies/{code}', url: () => '/api/bodies/CRP', expected: auth(() => 'allowed') },
  /** Appointments to a body: the Chair, or the body's own chair (no demo account chairs the CRP, which grants no role). */
  { method: 'GET', route: '/api/bodies/{code}/candidates', url: () => '/api/bodies/CRP/candidates', expected: auth((who) => (hasRole(who, 'kp_chair') ? 'allowed' : 403)) },
  {
    method: 'POST',
    route: '/api/bodies/{code}/members',
    url: () => '/api/bodies/CRP/members',
    body: () => ({ userId: ids.user, startsOn: '2030-01-01' }),
    expected: auth((who) => (hasRole(who, 'kp_chair') ? 'allowed' : 403)),
  },
  {
    method: 'POST',
    route: '/api/bodies/{code}/members/{id}/end',
    url: (ids) => `/api/bodies/CRP/members/${ids.bodyMembership}/end`,
    body: () => ({ endsOn: '2030-12-31' }),
    expected: auth((who) => (hasRole(who, 'kp_chair') ? 'allowed' : 403)),
  },
  { method: 'GET', route: '/api/footprints', url: () => '/api/footprints', expected: auth(() => 'allowed') },
  { method: 'POST', route: '/api/footprints', url: () => '/api/footprints', body: footprintDraft, expected: auth((who) => (hasRole(who, 'wgde') ? 'allowed' : 403)) },
  { method: 'GET', route: '/api/footprints/{areaId}', url: () => `/api/footprints/${matrixFootprintAreaId}`, expected: auth(() => 'allowed') },
  {
    method: 'POST',
    route: '/api/footprints/{areaId}/versions',
    url: () => `/api/footprints/${matrixFootprintAreaId}/versions`,
    body: () => ({ basedOnVersion: 1, series: 'sieve', classes: footprintClasses, sampledOn: '2026-02-01', measuredBy: 'matrix', synthetic: true }),
    expected: auth((who) => (hasRole(who, 'wgde') ? 'allowed' : 403)),
  },
  { method: 'GET', route: '/api/footprint-photos/{id}', url: () => `/api/footprint-photos/${matrixFootprintPhotoId}`, expected: auth(() => 'allowed') },
  { method: 'GET', route: '/api/footprint-requirements', url: () => '/api/footprint-requirements', expected: auth(() => 'allowed') },
  { method: 'PUT', route: '/api/footprint-requirements/{code}', url: () => '/api/footprint-requirements/CF', body: () => ({ note: 'matrix' }), expected: auth((who) => (hasRole(who, 'wgde') ? 'allowed' : 403)) },
  { method: 'DELETE', route: '/api/footprint-requirements/{code}', url: () => '/api/footprint-requirements/CF', expected: auth((who) => (hasRole(who, 'wgde') ? 'allowed' : 403)) },
  {
    method: 'POST',
    route: '/api/certificates/{number}/parcels/{position}/profile',
    url: (ids) => `/api/certificates/${ids.certificate}/parcels/1/profile`,
    body: () => ({ series: 'sieve', classes: footprintClasses }),
    expected: parcelProfileStep((who) => is(who, 'exporter.bw@demo.test')),
  },
  {
    method: 'POST',
    route: '/api/certificates/{number}/parcels/{position}/arrival-profile',
    url: (ids) => `/api/certificates/${ids.certificate}/parcels/1/arrival-profile`,
    body: () => ({ series: 'sieve', classes: footprintClasses }),
    expected: parcelProfileStep((who) => is(who, 'importer.ae@demo.test')),
  },
  { method: 'GET', route: '/api/certificates/{number}/footprints', url: (ids) => `/api/certificates/${ids.certificate}/footprints`, expected: auth((who) => (seesBwAeFootprints(who) ? 'allowed' : 404)) },
  {
    method: 'GET',
    route: '/api/certificates/{number}/footprint-report.pdf',
    url: (ids) => `/api/certificates/${ids.certificate}/footprint-report.pdf`,
    expected: auth((who) => (seesBwAeFootprints(who) ? 'allowed' : 404)),
  },
];

/** Routes left out of the matrix, each with the reason; any other route must be in CASES. */
const NOT_IN_MATRIX: Record<string, string> = {
  'POST /api/auth/login': 'how every actor gets its session here',
  'POST /api/auth/logout': 'ends the session the matrix runs on; covered in auth.test.ts',
  'POST /api/auth/password': 'own account only, covered in users.test.ts',
  'GET /api/metrics': 'guarded by caller address, covered in operations.test.ts',
};

let ctx: TestContext;
let ids: Ids;

/** A review of Botswana taken to its final report with one recommendation, by the people whose step each one is. */
async function openBwPeerReview(): Promise<Pick<Ids, 'peerReview' | 'peerReviewFile' | 'recommendation'>> {
  const request = async (method: 'POST' | 'PUT', url: string, email: string, payload: unknown) =>
    (await ctx.app.inject({ method, url, headers: { cookie: await loginAs(ctx.app, email) }, payload: payload as object })).json();
  const team = await ctx.deps.db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, PEER_REVIEW_TEAM));
  peerReviewTeamBody = { members: team.map((member) => ({ userId: member.id, leader: member.email === 'admin.za@demo.test' })) };
  const { id } = await request('POST', '/api/peer-reviews', 'admin.bw@demo.test', { kind: 'visit', hostParticipantCode: 'BW', scope: 'matrix target' });
  await request('PUT', `/api/peer-reviews/${id}/team`, 'chair@demo.test', peerReviewTeamBody);
  await request('PUT', `/api/peer-reviews/${id}/visit`, 'admin.za@demo.test', { startsOn: '2025-03-10', endsOn: '2025-03-14' });
  const draft = await request('POST', `/api/peer-reviews/${id}/draft-report`, 'admin.za@demo.test', {
    body: 'matrix draft',
    files: [{ fileName: 'annex.txt', mediaType: 'text/plain', contentBase64: 'aGVsbG8=' }],
  });
  await request('POST', `/api/peer-reviews/${id}/host-comments`, 'admin.bw@demo.test', { body: 'matrix comment' });
  const final = await request('POST', `/api/peer-reviews/${id}/final-report`, 'admin.za@demo.test', { body: 'matrix final', recommendations: [recommendationDraft()] });
  return { peerReview: id, peerReviewFile: draft.files[0].id, recommendation: final.recommendations[0].id };
}
/** Zambia, the demo applicant, submits an application with a certificate specimen. */
async function openZmApplication(): Promise<Pick<Ids, 'admission' | 'admissionFile'>> {
  const cookie = await loginAs(ctx.app, 'admin.zm@demo.test');
  const request = async (method: 'POST' | 'PUT', url: string, payload?: unknown) =>
    (await ctx.app.inject({ method, url, headers: { cookie }, ...(payload !== undefined && { payload: payload as object }) })).json();
  const { id } = await request('POST', '/api/admission/applications', {});
  await request('PUT', `/api/admission/applications/${id}`, {
    content: {
      legislation: 'matrix act',
      authorities: [{ name: 'KP Office', address: 'Dhaka' }],
      contacts: [{ name: 'Focal point', email: 'focal@zm.test' }],
      internalControls: 'matrix',
      statisticsCapability: 'matrix',
    },
  });
  const attached = await request('POST', `/api/admission/applications/${id}/files`, { kind: 'certificate_specimen', fileName: 'specimen.txt', mediaType: 'text/plain', contentBase64: 'aGVsbG8=' });
  await request('POST', `/api/admission/applications/${id}/submit`);
  return { admission: id, admissionFile: attached.files[0].id };
}
const cookies = new Map<string, string>();

beforeAll(async () => {
  ctx = await createTestApp();
  const [operator] = await ctx.deps.db.select().from(operators).where(eq(operators.licenceNumber, 'BW-DL-2024-0117'));
  const [user] = await ctx.deps.db.select().from(users).where(eq(users.email, 'exporter.bw@demo.test'));
  const tokenId = newId();
  await ctx.deps.db.insert(apiTokens).values({ id: tokenId, userId: user.id, label: 'target', secretHash: '0'.repeat(64) });
  const authorities = (await ctx.app.inject({ method: 'GET', url: '/api/participants/BW/authorities', headers: { cookie: await loginAs(ctx.app, 'admin.bw@demo.test') } })).json();
  bwExporterId = operator.id;
  const issued = await ctx.app.inject({ method: 'POST', url: '/api/certificates', headers: { cookie: await loginAs(ctx.app, 'exporter.bw@demo.test') }, payload: certificateDraft(operator.id) });
  const webhook = await ctx.app.inject({
    method: 'POST',
    url: '/api/webhooks',
    headers: { cookie: await loginAs(ctx.app, 'admin.bw@demo.test') },
    payload: { url: 'https://kp.gov.example/hooks', events: ['alert.raised'] },
  });
  const received = await ctx.app.inject({ method: 'POST', url: '/api/certificates', headers: { cookie: await loginAs(ctx.app, 'exporter.bw@demo.test') }, payload: certificateDraft(operator.id) });
  const importerAe = await loginAs(ctx.app, 'importer.ae@demo.test');
  await ctx.app.inject({ method: 'POST', url: `/api/certificates/${received.json().number}/receipt`, headers: { cookie: importerAe }, payload: receiptBody });
  const report = await ctx.app.inject({
    method: 'POST',
    url: '/api/reports',
    headers: { cookie: importerAe },
    payload: { certificateNumber: received.json().number, kind: 'suspicious', description: 'matrix', files: [{ fileName: 'a.txt', mediaType: 'text/plain', contentBase64: 'aGVsbG8=' }] },
  });
  const anomalyCaseId = newId();
  await ctx.deps.db
    .insert(anomalyCases)
    .values({ id: anomalyCaseId, rule: 'mirror', participantCode: 'BW', partnerCode: 'AE', period: '2025', fingerprint: 'mirror|BW|AE|2025', evidence: {}, status: 'open' });
  await ctx.app.inject({ method: 'POST', url: '/api/participants/BW/production', headers: { cookie: await loginAs(ctx.app, 'stats.bw@demo.test') }, payload: productionBody });
  const chairCookie = await loginAs(ctx.app, 'chair@demo.test');
  const decision = await ctx.app.inject({ method: 'POST', url: '/api/decisions', headers: { cookie: chairCookie }, payload: writtenProcedure(0) });
  const decisionToWithdraw = await ctx.app.inject({ method: 'POST', url: '/api/decisions', headers: { cookie: chairCookie }, payload: writtenProcedure(-1) });
  const annualReport = await ctx.app.inject({
    method: 'POST',
    url: '/api/participants/BW/annual-reports/2025/files',
    headers: { cookie: await loginAs(ctx.app, 'admin.bw@demo.test') },
    payload: { section: 'legislation', fileName: 'act.txt', mediaType: 'text/plain', contentBase64: 'aGVsbG8=' },
  });
  const peerReview = await openBwPeerReview();
  const [zaAdmin] = await ctx.deps.db.select({ id: users.id }).from(users).where(eq(users.email, 'admin.za@demo.test'));
  const crp = await ctx.app.inject({ method: 'POST', url: '/api/bodies/CRP/members', headers: { cookie: chairCookie }, payload: { userId: zaAdmin.id, startsOn: '2030-01-01' } });
  const admission = await openZmApplication();
  const minesBw = await loginAs(ctx.app, 'mines.bw@demo.test');
  const site = await ctx.app.inject({
    method: 'POST',
    url: '/api/participants/BW/sites',
    headers: { cookie: minesBw },
    payload: { name: 'Matrix target site', licenceNumber: 'MATRIX-TARGET-SITE', depositType: 'kimberlite', artisanal: false, region: 'Central', validFrom: '2026-01-01', validUntil: '2030-12-31' },
  });
  const custodyEntry = await ctx.app.inject({
    method: 'POST',
    url: '/api/participants/BW/custody/entries',
    headers: { cookie: minesBw },
    payload: { kind: 'production', occurredOn: '2026-01-15', siteId: site.json().id, toOperatorId: operator.id, carats: '500.00', valueUsd: '0.00' },
  });
  const [bwAdmin] = await ctx.deps.db.select({ id: users.id }).from(users).where(eq(users.email, 'admin.bw@demo.test'));
  const [notification] = await ctx.deps.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.userId, bwAdmin.id)).limit(1);
  ids = {
    notification: notification.id,
    bodyMembership: crp.json().members[0].id,
    ...peerReview,
    ...admission,
    annualReportFile: annualReport.json().files[0].id,
    decision: decision.json().id,
    decisionToWithdraw: decisionToWithdraw.json().id,
    certificate: issued.json().number,
    operator: operator.id,
    user: user.id,
    token: tokenId,
    authority: authorities[0].id,
    webhook: webhook.json().id,
    received: received.json().number,
    report: report.json().id,
    reportFile: report.json().files[0].id,
    anomalyCase: anomalyCaseId,
    site: site.json().id,
    custodyEntry: custodyEntry.json().id,
  };
  const zone = await ctx.app.inject({
    method: 'POST',
    url: '/api/participants/CF/zones',
    headers: { cookie: chairCookie },
    payload: { name: 'Matrix target zone', compliantFrom: '2026-01-01', legalBasis: 'matrix target' },
  });
  matrixZoneId = zone.json().id;
  matrixEmbargoId = (await ctx.app.inject({ method: 'GET', url: '/api/embargoes' })).json()[0].id;
  const footprint = await ctx.app.inject({
    method: 'POST',
    url: '/api/footprints',
    headers: { cookie: await loginAs(ctx.app, 'wgde@demo.test') },
    payload: { ...footprintDraft(), photos: [{ fileName: 'sample.jpg', mediaType: 'image/jpeg', contentBase64: 'aGVsbG8=' }] },
  });
  matrixFootprintAreaId = footprint.json().latest.areaId;
  matrixFootprintPhotoId = footprint.json().latest.photos[0].id;
  for (const account of demoAccounts()) cookies.set(account.email, await loginAs(ctx.app, account.email));
});
afterAll(async () => ctx?.close());

describe('access matrix: every endpoint, every role of every demo participant, and anonymous', () => {
  it('covers every route the API publishes', async () => {
    const spec = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const published = Object.entries(spec.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const covered = new Set([...CASES.map((c) => `${c.method} ${c.route}`), ...Object.keys(NOT_IN_MATRIX)]);
    expect(published.filter((route) => !covered.has(route))).toEqual([]);
  });

  for (const testCase of CASES) {
    it(`${testCase.method} ${testCase.route}`, async () => {
      const actors: Who[] = [null, ...demoAccounts()];
      const wrong: string[] = [];
      let n = 0;
      for (const who of actors) {
        n++;
        const expected = testCase.expected(who);
        const response = await ctx.app.inject({
          method: testCase.method,
          url: testCase.url(ids),
          headers: who ? { cookie: cookies.get(who.email)! } : {},
          ...(testCase.body && { payload: testCase.body(who, n) as object }),
        });
        const got = response.statusCode;
        const refused = got === 401 || got === 403 || got === 404;
        const ok = expected === 'allowed' ? !refused && got < 500 : got === expected;
        if (!ok) wrong.push(`${who?.email ?? 'anonymous'}: expected ${expected}, got ${got} ${response.body.slice(0, 120)}`);
      }
      expect(wrong).toEqual([]);
    });
  }
});
