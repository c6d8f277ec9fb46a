import { PARTICIPANT_ROLES } from '../../src/domain/roles.ts';
import type { Me } from './api.ts';
import { hasRole } from './permissions.ts';

export type { AdmissionApplication, ApplicationList, ApplicationSummary } from '../../src/admission/schemas.ts';
export type { ApplicationContent, ApplicationStage, Criterion, FindingResult, RequiredPart } from '../../src/admission/admission-rules.ts';
export { CRITERIA, FILE_KINDS, FINDING_RESULTS, REQUIRED_PARTS } from '../../src/admission/admission-rules.ts';

/** A submitted application as the public list gives it (GET /api/admission/applications/public). */
export interface PublicApplication {
  reference: string;
  applicantCode: string;
  name: string;
  submittedOn: string;
  stage: 'submitted' | 'under_assessment' | 'awaiting_decision' | 'admitted' | 'refused' | 'withdrawn';
  outcome: 'admitted' | 'refused' | null;
  admittedOn: string | null;
  decisionReference: string | null;
}

/** Mirrors src/admission/admission-repository.ts: the CPC and the Chair read submitted applications; a participant's staff their own. */
export const canAdmission = {
  read: (me: Me | null) => hasRole(me, 'cpc', 'kp_chair') || (me?.participant != null && hasRole(me, ...PARTICIPANT_ROLES)),
  /** The nav entry: the CPC, the Chair, and participants' administrators (an applicant's administrator files). */
  nav: (me: Me | null) => hasRole(me, 'cpc', 'kp_chair') || (me?.participant != null && hasRole(me, 'participant_admin')),
};
