/**
 * Admission to the KP (KPCS-DOMAIN §6): the applicant files its legislation (core document
 * section II), its designated authorities (section V(a)), a specimen of its certificate (Annex I,
 * section VI §8–9), its contacts, how it controls rough diamonds internally and how it will keep
 * statistics. The Committee on Participation and Chairmanship (CPC) assesses the file criterion by
 * criterion and recommends; the applicant is admitted by a KP decision (Plenary or written
 * procedure), never by the application itself.
 */
export const APPLICATION_STATUSES = ['draft', 'submitted', 'under_assessment', 'recommended', 'not_recommended', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/**
 * Where an application stands, derived on read: the stored status, then what the register and
 * the decisions say once the CPC has recommended (or before: a decision may come first).
 */
export const APPLICATION_STAGES = ['draft', 'submitted', 'under_assessment', 'awaiting_decision', 'admitted', 'refused', 'withdrawn'] as const;
export type ApplicationStage = (typeof APPLICATION_STAGES)[number];

/** What the decision made of the application, or null while none has. */
export type ApplicationOutcome = 'admitted' | 'refused' | null;

export const FILE_KINDS = ['legislation', 'certificate_specimen', 'authorities', 'other'] as const;
export type ApplicationFileKind = (typeof FILE_KINDS)[number];

export const CRITERIA = ['legislation', 'authorities', 'certificate_specimen', 'internal_controls', 'statistics'] as const;
export type Criterion = (typeof CRITERIA)[number];

export const FINDING_RESULTS = ['met', 'not_met', 'needs_info'] as const;
export type FindingResult = (typeof FINDING_RESULTS)[number];

export const RECOMMENDATIONS = ['admit', 'do_not_admit'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export interface DesignatedAuthority {
  name: string;
  address: string;
  email: string;
  phone: string;
}

export interface ApplicationContact {
  name: string;
  position: string;
  email: string;
  phone: string;
}

export interface ApplicationContent {
  /** Laws and regulations implementing the KPCS (section II). */
  legislation: string;
  authorities: DesignatedAuthority[];
  contacts: ApplicationContact[];
  internalControls: string;
  statisticsCapability: string;
}

export interface Finding {
  result: FindingResult;
  note: string;
}

export interface Assessment {
  findings: Partial<Record<Criterion, Finding>>;
  /** Why the CPC recommends as it does. */
  recommendationNote?: string;
}

/** Parts of the file still missing, in the order of the form. */
export const REQUIRED_PARTS = ['legislation', 'authorities', 'certificate_specimen', 'contacts', 'internal_controls', 'statistics_capability'] as const;
export type RequiredPart = (typeof REQUIRED_PARTS)[number];

export function emptyContent(): ApplicationContent {
  return { legislation: '', authorities: [], contacts: [], internalControls: '', statisticsCapability: '' };
}

const filled = (text: string) => text.trim() !== '';

/**
 * What the applicant must still provide before it may submit: every text answered, at least one
 * designated authority with name and address, one contact with name and e-mail, and a
 * certificate specimen file.
 *
 * @example
 * missingParts(emptyContent(), []) // every required part
 */
export function missingParts(content: ApplicationContent, fileKinds: readonly string[]): RequiredPart[] {
  const missing = new Set<RequiredPart>();
  if (!filled(content.legislation)) missing.add('legislation');
  if (content.authorities.length === 0 || content.authorities.some((authority) => !filled(authority.name) || !filled(authority.address))) missing.add('authorities');
  if (!fileKinds.includes('certificate_specimen')) missing.add('certificate_specimen');
  if (content.contacts.length === 0 || content.contacts.some((contact) => !filled(contact.name) || !filled(contact.email))) missing.add('contacts');
  if (!filled(content.internalControls)) missing.add('internal_controls');
  if (!filled(content.statisticsCapability)) missing.add('statistics_capability');
  return REQUIRED_PARTS.filter((part) => missing.has(part));
}

/**
 * Criteria the CPC has not settled: no finding yet, or "needs information". A recommendation
 * waits until every criterion is met or not met.
 */
export function unsettledCriteria(assessment: Assessment | null): Criterion[] {
  return CRITERIA.filter((criterion) => {
    const result = assessment?.findings[criterion]?.result;
    return result === undefined || result === 'needs_info';
  });
}

/** Criteria found not met: the CPC cannot recommend admission while any remains. */
export function unmetCriteria(assessment: Assessment | null): Criterion[] {
  return CRITERIA.filter((criterion) => assessment?.findings[criterion]?.result === 'not_met');
}

/** Applications still waiting on someone: one at a time per applicant. */
export function isOpen(status: ApplicationStatus, outcome: ApplicationOutcome): boolean {
  return status !== 'withdrawn' && outcome === null;
}

/** `APP 2026/01`: the next number in the year. */
export function applicationReference(year: number, taken: number): string {
  return `APP ${year}/${String(taken + 1).padStart(2, '0')}`;
}

/** The stage shown to readers, from the stored status and the outcome. */
export function stageOf(status: ApplicationStatus, outcome: ApplicationOutcome): ApplicationStage {
  if (outcome) return outcome;
  if (status === 'recommended' || status === 'not_recommended') return 'awaiting_decision';
  return status;
}
