import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { and, eq, sql } from 'drizzle-orm';
import { contentOf, findCertificateRow } from '../certificates/certificate-repository.ts';
import type { CertificateContent } from '../certificates/certificate-content.ts';
import { buildTrustList } from '../certificates/trust-list.ts';
import { certificateCounters, certificateReceipts, certificateReports, certificates, shipmentApprovals, verificationAttempts } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { newId } from '../domain/ids.ts';
import { securityCodeMatches } from './security-code.ts';
import { sealTextFrom, verifyCertificate, type RegisterFacts, type TrustList, type VerificationResult, type VerifierInput } from './verifier.ts';

export type VerificationChannel = 'api' | 'page' | 'staff_app';

export interface Presenter {
  channel: VerificationChannel;
  /** The caller's address; stored only as a daily-salted hash. */
  ip?: string;
}

/** The trust list is rebuilt at most every few seconds, and at once after a change that matters. */
const TRUST_LIST_TTL_MS = 5_000;
const trustListCache = new WeakMap<Deps['db'], { at: number; list: Promise<TrustList> }>();

export async function cachedTrustList(deps: Deps): Promise<TrustList> {
  const hit = trustListCache.get(deps.db);
  const now = Date.now();
  if (hit && now - hit.at < TRUST_LIST_TTL_MS) return hit.list;
  const list = buildTrustList(deps);
  trustListCache.set(deps.db, { at: now, list });
  list.catch(() => trustListCache.delete(deps.db));
  return list;
}

/** Call after a key is rotated or revoked, a participant's status changes, or a number is confirmed fraudulent. */
export function invalidateTrustList(deps: Pick<Deps, 'db'>): void {
  trustListCache.delete(deps.db);
}

/** What the register knows about the presented certificate: one query when the number exists. */
export async function registerFacts(deps: Deps, content: CertificateContent, presentedSeal: string | null = null): Promise<RegisterFacts> {
  const reportsWith = (status: string) =>
    sql<boolean>`exists (select 1 from ${certificateReports} where ${certificateReports.certificateNumber} = ${content.number} and ${certificateReports.status} = ${status})`;
  const [found] = await deps.db
    .select({
      status: certificates.status,
      seal: certificates.seal,
      replacedByNumber: certificates.replacedByNumber,
      receivedOn: certificateReceipts.receivedOn,
      receivedBy: certificateReceipts.participantCode,
      fraudulent: reportsWith('confirmed_fraudulent'),
      underInvestigation: reportsWith('open'),
      approvalBodyCode: certificates.approvalBodyCode,
      approvalOutcome: shipmentApprovals.outcome,
    })
    .from(certificates)
    .leftJoin(certificateReceipts, eq(certificateReceipts.certificateId, certificates.id))
    .leftJoin(shipmentApprovals, eq(shipmentApprovals.certificateId, certificates.id))
    .where(eq(certificates.number, content.number));
  if (found) {
    // The very seal the register issued needs no comparison; anything else is compared field by field.
    const matchesRegister =
      presentedSeal === found.seal || canonicalize(contentOf((await findCertificateRow(deps.db, content.number))!)) === canonicalize(content);
    return {
      found: true,
      beyondIssuedRange: false,
      matchesRegister,
      status: found.status as RegisterFacts['status'],
      replacedBy: found.replacedByNumber,
      received: found.receivedOn && found.receivedBy ? { receivedOn: found.receivedOn, participant: found.receivedBy } : null,
      fraudulent: Boolean(found.fraudulent),
      underInvestigation: Boolean(found.underInvestigation),
      approval: found.approvalBodyCode === null ? null : { body: found.approvalBodyCode, state: (found.approvalOutcome ?? 'pending') as 'pending' | 'approved' | 'refused' },
    };
  }
  const reports = await deps.db.select({ status: certificateReports.status }).from(certificateReports).where(eq(certificateReports.certificateNumber, content.number));
  const [, prefix, year, serial] = /^([A-Z]{2})-(\d{4})-(\d{6})$/.exec(content.number) ?? [];
  const [counter] = prefix
    ? await deps.db
        .select()
        .from(certificateCounters)
        .where(and(eq(certificateCounters.participantCode, prefix), eq(certificateCounters.year, Number(year))))
    : [];
  return {
    found: false,
    beyondIssuedRange: !counter || Number(serial) > counter.lastSerial,
    matchesRegister: false,
    status: null,
    replacedBy: null,
    received: null,
    fraudulent: reports.some((report) => report.status === 'confirmed_fraudulent'),
    underInvestigation: reports.some((report) => report.status === 'open'),
  };
}

function clientHash(ip: string | undefined, now: Date): string | null {
  if (!ip) return null;
  return createHash('sha256').update(`${now.toISOString().slice(0, 10)}:${ip}`).digest('hex').slice(0, 16);
}

/** Every verification that is not plainly VALID is kept, so the issuer and the Chair see attempts against their numbers. */
async function logAttempt(deps: Deps, result: VerificationResult, presenter: Presenter, claimedNumber: string | null): Promise<void> {
  if (result.verdict === 'VALID') return;
  const number = result.certificate?.number ?? claimedNumber;
  const now = deps.now();
  await deps.db.insert(verificationAttempts).values({
    id: newId(),
    at: now,
    channel: presenter.channel,
    claimedNumber: number,
    claimedIssuer: number && /^[A-Z]{2}-/.test(number) ? number.slice(0, 2) : null,
    verdict: result.verdict,
    reasons: result.checks.filter((check) => check.status !== 'VALID').map((check) => `${check.check}:${check.reason}`),
    clientHash: clientHash(presenter.ip, now),
  });
}

const MIN_REFRESH_INTERVAL_MS = 1_000;

/**
 * Verifies against the cached trust list; a key it does not know may be one created a moment
 * ago (a participant's first certificate, a rotation in another process), so the list is rebuilt
 * once — at most once a second, so unknown keys cannot make every request rebuild it.
 */
async function verifyWithFreshKeys(deps: Deps, input: VerifierInput): Promise<VerificationResult> {
  const presentedSeal = 'text' in input ? sealTextFrom(input.text) : null;
  const run = async () =>
    verifyCertificate(input, { trustList: await cachedTrustList(deps), now: deps.now(), lookup: (content) => registerFacts(deps, content, presentedSeal) });
  const result = await run();
  const unknownKey = result.checks.some((check) => check.check === 'signing_key' && check.reason === 'key_unknown');
  const cached = trustListCache.get(deps.db);
  if (!unknownKey || !cached || Date.now() - cached.at < MIN_REFRESH_INTERVAL_MS) return result;
  invalidateTrustList(deps);
  return run();
}

/** Online verification of a presented QR text or credential: offline checks plus the register's. */
export async function verifyOnline(deps: Deps, input: VerifierInput, presenter: Presenter): Promise<VerificationResult> {
  const result = await verifyWithFreshKeys(deps, input);
  await logAttempt(deps, result, presenter, null);
  return result;
}

/**
 * Verification by typing the number and the security code printed on the certificate: the
 * register's own copy is verified, and shown only when the code matches.
 */
export async function verifyByNumber(deps: Deps, { number, securityCode }: { number: string; securityCode: string }, presenter: Presenter): Promise<VerificationResult> {
  const row = await findCertificateRow(deps.db, number);
  if (row && securityCodeMatches(row.seal, securityCode)) {
    const result = await verifyWithFreshKeys(deps, { text: row.seal });
    const withCode: VerificationResult = { ...result, form: 'register', checks: [{ check: 'security_code', status: 'VALID', reason: 'security_code_matches' }, ...result.checks] };
    await logAttempt(deps, withCode, presenter, number);
    return withCode;
  }
  const trustList = await cachedTrustList(deps);
  let registerReason = 'security_code_mismatch';
  if (!row) {
    const facts = await registerFacts(deps, { number } as CertificateContent);
    registerReason = facts.fraudulent ? 'reported_fraudulent' : facts.beyondIssuedRange ? 'number_not_yet_issued' : 'unknown_number';
  }
  const result: VerificationResult = {
    verdict: 'INVALID',
    mode: 'online',
    verifiedAt: deps.now().toISOString(),
    form: 'register',
    certificate: null,
    kid: null,
    checks: row
      ? [{ check: 'security_code', status: 'INVALID', reason: 'security_code_mismatch' }]
      : [{ check: 'register', status: 'INVALID', reason: registerReason, params: { number } }],
    needsNetwork: [],
    trustListIssuedAt: trustList.issuedAt,
  };
  await logAttempt(deps, result, presenter, number);
  return result;
}
