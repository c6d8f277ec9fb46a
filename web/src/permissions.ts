import { PARTICIPANT_ROLES, type ParticipantRole, type Role } from '../../src/domain/roles.ts';
import type { Me } from './api.ts';

/** Mirrors src/domain/access.ts so the UI shows only what the server will allow. */
export function hasRole(me: Me | null, ...roles: Role[]): boolean {
  return me !== null && me.roles.some((role) => roles.includes(role));
}

export function actsFor(me: Me | null, participantCode: string, ...roles: ParticipantRole[]): boolean {
  return me !== null && me.participant?.code === participantCode && hasRole(me, ...roles);
}

function reviewsAnomalies(me: Me | null): boolean {
  return hasRole(me, 'kp_chair', 'wgs', 'wgm');
}

export const can = {
  readOperators: (me: Me | null, code: string) => actsFor(me, code, ...PARTICIPANT_ROLES) || hasRole(me, 'kp_chair', 'wgm'),
  /** Operators and mining sites: the exporting authority, the administrator and the mines officers (src/domain/access.ts). */
  manageOperators: (me: Me | null, code: string) => actsFor(me, code, 'exporting_officer', 'participant_admin', 'mines_officer'),
  /** The custody ledger, stock and site register: the participant's own officials (src/domain/access.ts readCustody). */
  readCustody: (me: Me | null, code: string) => actsFor(me, code, 'exporting_officer', 'statistics_officer', 'participant_admin', 'mines_officer'),
  /** Record production, sales and transfers, and correct them (src/domain/access.ts recordCustody). */
  recordCustody: (me: Me | null, code: string) => actsFor(me, code, 'exporting_officer', 'participant_admin', 'mines_officer'),
  /** Turn internal controls on or off: the participant administrator. */
  manageInternalControls: (me: Me | null, code: string) => actsFor(me, code, 'participant_admin'),
  manageAuthorities: (me: Me | null, code: string) => actsFor(me, code, 'participant_admin') || hasRole(me, 'system_admin'),
  manageUsers: (me: Me | null) => hasRole(me, 'system_admin') || (me?.participant != null && hasRole(me, 'participant_admin')),
  readAudit: (me: Me | null) => hasRole(me, 'system_admin', 'kp_chair') || (me?.participant != null && hasRole(me, 'participant_admin')),
  verifyAudit: (me: Me | null) => hasRole(me, 'system_admin', 'kp_chair'),
  recordStatus: (me: Me | null) => hasRole(me, 'kp_chair'),
  changePassword: (me: Me | null) => me?.via === 'session',
  /** The issuing and importing participant's officials, the Chair and the WGM (src/certificates/certificate-repository.ts). */
  readCertificates: (me: Me | null) => (me?.participant != null && hasRole(me, ...PARTICIPANT_ROLES)) || hasRole(me, 'kp_chair', 'wgm'),
  issueCertificates: (me: Me | null) => me?.participant != null && hasRole(me, 'exporting_officer'),
  /** Void or replace: an exporting officer of the issuing participant. */
  amendCertificate: (me: Me | null, issuingParticipant: string) => actsFor(me, issuingParticipant, 'exporting_officer'),
  /** Confirmation of receipt: an importing officer of the destination participant (src/receipts/record-receipt.ts). */
  confirmReceipt: (me: Me | null, importingParticipant: string) => actsFor(me, importingParticipant, 'importing_officer'),
  /** Officers who watch for certificates whose receipt was never confirmed. */
  watchUnconfirmed: (me: Me | null) => (me?.participant != null && hasRole(me, 'exporting_officer', 'importing_officer')) || hasRole(me, 'kp_chair', 'wgm'),
  /** Alerts concerning the own participant (as issuer or reporter); all for the Chair and the WGM (src/alerts/reports.ts). */
  readReports: (me: Me | null) => (me?.participant != null && hasRole(me, ...PARTICIPANT_ROLES)) || hasRole(me, 'kp_chair', 'wgm'),
  /** Report a suspicious or fraudulent certificate or a refused shipment. */
  reportCertificate: (me: Me | null) =>
    (me?.participant != null && hasRole(me, 'exporting_officer', 'importing_officer', 'participant_admin')) || hasRole(me, 'kp_chair', 'wgm'),
  /** Close a report: the Chair, the WGM, or the issuing participant's exporting officer or administrator. */
  closeReport: (me: Me | null, issuingParticipant: string | null) =>
    hasRole(me, 'kp_chair', 'wgm') || (issuingParticipant !== null && actsFor(me, issuingParticipant, 'exporting_officer', 'participant_admin')),
  /** Failed verification attempts: a participant's staff for its own numbers, the Chair and the WGM for all. */
  readVerificationAttempts: (me: Me | null) => (me?.participant != null && hasRole(me, ...PARTICIPANT_ROLES)) || hasRole(me, 'kp_chair', 'wgm'),
  /** Production returns with their versions: the participant's statistics officer and administrator, the Chair, the WGS and the WGM (src/production/find-production.ts). */
  readProduction: (me: Me | null) => (me?.participant != null && hasRole(me, 'statistics_officer', 'participant_admin')) || hasRole(me, 'kp_chair', 'wgs', 'wgm'),
  /** Return or correct production: only for the own participant (src/production/submit-production-return.ts). */
  submitProduction: (me: Me | null, participantCode: string) => actsFor(me, participantCode, 'statistics_officer', 'participant_admin'),
  /** Import a KP statistics file: the Chair and the WGS (src/production/routes.ts). */
  importStatistics: (me: Me | null) => hasRole(me, 'kp_chair', 'wgs'),
  /** Anomaly cases: the Chair, the WGS and the WGM see all; a participant's staff its own (src/anomalies/anomaly-access.ts). */
  readAnomalies: (me: Me | null) => reviewsAnomalies(me) || (me?.participant != null && hasRole(me, ...PARTICIPANT_ROLES)),
  /** Every participant's cases, with the dashboard across participants. */
  reviewAnomalies: (me: Me | null) => reviewsAnomalies(me),
  /** Run the anomaly engine, escalate and close cases: the Chair and the WGS. */
  decideAnomalies: (me: Me | null) => hasRole(me, 'kp_chair', 'wgs'),
  /** Answer the Data Anomaly Questionnaire: the participant's statistics officer or administrator. */
  answerAnomaly: (me: Me | null, participantCode: string) => actsFor(me, participantCode, 'statistics_officer', 'participant_admin'),
  /** Record a plenary decision or circulate a written procedure: the Chair (src/decisions/create-decision.ts). */
  recordDecisions: (me: Me | null) => hasRole(me, 'kp_chair'),
  /** Support or object to written procedures for the own participant: its administrator (src/decisions/take-position.ts); each decision says whether it may now (`can.takePosition`). */
  takeDecisionPositions: (me: Me | null) => me?.participant != null && hasRole(me, 'participant_admin'),
  /** Annual reports: a participant's staff its own, the Chair and the WGM all (src/annual-reports/annual-report-repository.ts). */
  /** Observers read the submitted reports shared with them (src/annual-reports/share-annual-report.ts). */
  readAnnualReports: (me: Me | null) => (me?.participant != null && hasRole(me, ...PARTICIPANT_ROLES)) || hasRole(me, 'kp_chair', 'wgm', 'observer'),
  /** The dashboard across participants, and questions on submitted reports: the Chair and the WGM. */
  reviewAnnualReports: (me: Me | null) => hasRole(me, 'kp_chair', 'wgm'),
  /** Draft, submit and answer for the own participant: its administrator; each report says whether it may now (`can.edit`). */
  writeAnnualReport: (me: Me | null, participantCode: string) => actsFor(me, participantCode, 'participant_admin'),
  /** Peer reviews: the Chair and the WGM all; participants' staff their own participant's and those they sit on the team of; observers those they sit on (src/peer-reviews/peer-review-repository.ts). */
  readPeerReviews: (me: Me | null) => hasRole(me, 'kp_chair', 'wgm', 'observer') || (me?.participant != null && hasRole(me, ...PARTICIPANT_ROLES)),
  /** Every review and every participant's recommendations: the Chair and the WGM. */
  overseePeerReviews: (me: Me | null) => hasRole(me, 'kp_chair', 'wgm'),
  /** Invite a review visit of the own participant: its administrator (src/peer-reviews/create-peer-review.ts). */
  invitePeerReview: (me: Me | null) => me?.participant != null && hasRole(me, 'participant_admin'),
  /** Open a review mission from an adopted decision: the Chair. */
  openReviewMission: (me: Me | null) => hasRole(me, 'kp_chair'),
  /** Open recommendations: the Chair and the WGM all; a participant's staff their own participant's (observers: none). */
  followUpRecommendations: (me: Me | null) => hasRole(me, 'kp_chair', 'wgm') || (me?.participant != null && hasRole(me, ...PARTICIPANT_ROLES)),
  /** A participant's peer-review timeline: its staff, the Chair and the WGM. */
  readParticipantPeerReviews: (me: Me | null, participantCode: string) => actsFor(me, participantCode, ...PARTICIPANT_ROLES) || hasRole(me, 'kp_chair', 'wgm'),
};

/** Roles an administrator may grant: a participant administrator only the four participant roles. */
export function grantableRoles(me: Me | null, allRoles: readonly Role[]): Role[] {
  if (hasRole(me, 'system_admin')) return [...allRoles];
  return [...PARTICIPANT_ROLES];
}
