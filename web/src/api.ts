import type { z } from 'zod';
import type { Role } from '../../src/domain/roles.ts';
import type { UserSchema, ApiTokenDto } from '../../src/users/schemas.ts';
import type { AttemptSchema, CLOSE_OUTCOMES, ReportDraftSchema, ReportSchema, ReportSummarySchema } from '../../src/alerts/schemas.ts';
import type { DecisionDraftSchema } from '../../src/decisions/schemas.ts';
import { currentLanguage } from './i18n.ts';

export type { ParticipantSummary, ParticipantDetail, StatusEventDto, ObserverDto } from '../../src/participants/schemas.ts';
export type { OperatorDto, OperatorDraft, OperatorUpdate } from '../../src/operators/schemas.ts';
export type { AuthorityDto, AuthorityDraft } from '../../src/authorities/schemas.ts';
export type { UserDraft } from '../../src/users/schemas.ts';
export type { CertificateDetail, CertificateDraft, CertificateStatus, CertificateSummary } from '../../src/certificates/schemas.ts';
export type { CertificateContent } from '../../src/certificates/certificate-content.ts';
export type { ReceiptState } from '../../src/certificates/schemas.ts';
export type { Receipt, ReceiptDraft, Discrepancy } from '../../src/receipts/schemas.ts';
export type { VerificationResult, Check, CheckStatus, TrustList } from '../../src/verification/verifier.ts';
export type { GlobalStatistics, ParticipantStatistics, Rankings, YearSummary } from '../../src/statistics/schemas.ts';
export type { RankingMeasure } from '../../src/statistics/statistics-repository.ts';
export type { MissingReturns } from '../../src/production/schemas.ts';
export type { Decision, DecisionSummary, PositionDraft, DecisionCommentDraft } from '../../src/decisions/schemas.ts';
export type { DecisionKind, DecisionStatus, DecidedStatus, EffectAction, Position } from '../../src/decisions/decision-rules.ts';
export type { AnnualReport, AnnualReportOverview, FiledReports, ReportStatistics, SharedReports as SharedAnnualReports } from '../../src/annual-reports/schemas.ts';
export type { ReportContent, ReportPart, ReportSection } from '../../src/annual-reports/annual-report-rules.ts';
export type { FollowUp, PeerReview, PeerReviewSummary, Recommendation, RecommendationDraft, TeamCandidateDto as TeamCandidate, TimelineStepDto } from '../../src/peer-reviews/schemas.ts';
export type { PeerReviewKind, PeerReviewStatus, RecommendationStatus, TimelineStep } from '../../src/peer-reviews/peer-review-rules.ts';
export type { NotificationDto, NotificationPage } from '../../src/notifications/schemas.ts';
export type { NotificationKind } from '../../src/notifications/notification-kinds.ts';
export type { ApiTokenDto };
export type User = z.infer<typeof UserSchema>;
export type IssuedApiToken = ApiTokenDto & { token: string };

export interface Me {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  participant: { code: string; name: string } | null;
  observerCode: string | null;
  language: string;
  via: 'session' | 'token';
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  participantCode: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data: unknown;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  headSeq: number;
  headHash: string;
  firstBreak: unknown;
}

/** What the SPA sends to record or circulate a decision: `effects` may be left out. */
export type DecisionDraft = z.input<typeof DecisionDraftSchema>;
export type Report = z.infer<typeof ReportSchema>;
export type ReportSummary = z.infer<typeof ReportSummarySchema>;
/** What the SPA sends: `files` may be left out. */
export type ReportDraft = z.input<typeof ReportDraftSchema>;
export type ReportKind = Report['kind'];
export type ReportStatus = Report['status'];
export type CloseOutcome = (typeof CLOSE_OUTCOMES)[number];
/** A verification that was not plainly VALID, as the issuer and the Chair see it. */
export type VerificationAttempt = z.infer<typeof AttemptSchema>;

export interface FieldProblem {
  path: string[];
  message: string;
}

/** A refusal from the API: a stable code and a message already in the user's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Per-field problems of a VALIDATION_FAILED refusal. */
  get fieldProblems(): FieldProblem[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (item): item is FieldProblem => typeof item === 'object' && item !== null && Array.isArray((item as FieldProblem).path) && typeof (item as FieldProblem).message === 'string',
    );
  }
}

let onUnauthenticated: (() => void) | null = null;

/** The session provider listens here to return to the sign-in page when a session ends. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export async function api<T>(
  path: string,
  { method = 'GET', body, headers: extra }: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const headers: Record<string, string> = { ...extra, Accept: 'application/json', 'Accept-Language': currentLanguage() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', '');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let payload: unknown = null;
  try {
    payload = text ? JSON.parse(text) : null;
  } catch {
    payload = null;
  }
  if (!response.ok) {
    const error = (payload ?? {}) as { code?: string; message?: string; details?: unknown };
    const apiError = new ApiError(response.status, error.code ?? 'HTTP_' + response.status, error.message ?? response.statusText, error.details);
    if (response.status === 401 && path !== '/api/auth/login' && path !== '/api/auth/me' && path !== '/api/auth/password') onUnauthenticated?.();
    throw apiError;
  }
  return payload as T;
}

/** A random UUID (v4), also on plain-HTTP installs where crypto.randomUUID is unavailable. */
export function newUuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
