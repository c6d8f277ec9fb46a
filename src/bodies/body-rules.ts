/**
 * The KP's standing bodies (KPCS-DOMAIN §6): the Chair's office, the working groups and the
 * committees, and the monitoring teams the Chair sets up for a participant. A membership that runs
 * on a day grants its body's KP role on that day; monitoring teams and the CRP grant none.
 */
export const BODY_KINDS = ['working_group', 'committee', 'chair_office', 'monitoring_team'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

export const POSITIONS = ['chair', 'vice_chair', 'member'] as const;
export type Position = (typeof POSITIONS)[number];

/** The Chair's office has a Chair and the people working with them; no vice-chair inside it (the Vice-Chair is another participant). */
export const CHAIR_OFFICE_POSITIONS: readonly Position[] = ['chair', 'member'];

export const CHAIR_OFFICE = 'CHAIR';

export interface StandingBody {
  code: string;
  kind: BodyKind;
  name: string;
  grantsRole: 'wgm' | 'wgs' | 'wgde' | 'wgaap' | 'cpc' | 'kp_chair' | null;
  mandate: string;
}

/** The bodies every installation has; sources in KPCS-DOMAIN §6 ([27] [28] [29] [44] [73]). */
export const STANDING_BODIES: readonly StandingBody[] = [
  { code: 'CHAIR', kind: 'chair_office', name: 'KP Chair', grantsRole: 'kp_chair', mandate: 'Chairs the Plenary and the KP between Plenaries; the Vice-Chair of one year becomes the Chair of the next.' },
  { code: 'WGM', kind: 'working_group', name: 'Working Group on Monitoring', grantsRole: 'wgm', mandate: 'Peer review, annual reports and compliance of participants.' },
  { code: 'WGS', kind: 'working_group', name: 'Working Group on Statistics', grantsRole: 'wgs', mandate: 'KP statistics and their anomalies.' },
  { code: 'WGDE', kind: 'working_group', name: 'Working Group of Diamond Experts', grantsRole: 'wgde', mandate: 'Technical matters: HS codes, footprints, valuation.' },
  { code: 'WGAAP', kind: 'working_group', name: 'Working Group on Artisanal and Alluvial Production', grantsRole: 'wgaap', mandate: 'Internal controls over artisanal and alluvial production.' },
  { code: 'CPC', kind: 'committee', name: 'Committee on Participation and Chairmanship', grantsRole: 'cpc', mandate: 'Assesses applications for admission and vets Vice-Chair candidates (created 2013).' },
  { code: 'CRP', kind: 'committee', name: 'Committee on Rules and Procedures', grantsRole: null, mandate: 'Rules of procedure of the KP.' },
];

export interface HistoricChairmanship {
  year: number;
  chairParticipantCode: string;
  viceChairParticipantCode: string | null;
  note: string;
}

/**
 * Chairs the sources name (KPCS-DOMAIN §6 [26] [27] [35] [53] [67]); years in between are left
 * out rather than guessed. A Vice-Chair is filled in only where the next year's Chair is given,
 * since the Vice-Chair is the next Chair.
 */
export const HISTORIC_CHAIRMANSHIPS: readonly HistoricChairmanship[] = [
  { year: 2003, chairParticipantCode: 'ZA', viceChairParticipantCode: null, note: 'First Chair of the KPCS. Source: kimberleyprocess.com/en/chair [26].' },
  { year: 2016, chairParticipantCode: 'AE', viceChairParticipantCode: null, note: 'Source: kimberleyprocess.com/en/chair [26].' },
  { year: 2021, chairParticipantCode: 'RU', viceChairParticipantCode: 'BW', note: 'Source: rough-polished.expert [53]; Vice-Chair by rotation (Chair 2022).' },
  { year: 2022, chairParticipantCode: 'BW', viceChairParticipantCode: 'ZW', note: 'Source: mmegi.bw [67]; Vice-Chair by rotation (Chair 2023).' },
  { year: 2023, chairParticipantCode: 'ZW', viceChairParticipantCode: 'AE', note: 'Source: mmegi.bw, heerazhaveraat.com [67]; Vice-Chair by rotation (Chair 2024).' },
  { year: 2024, chairParticipantCode: 'AE', viceChairParticipantCode: null, note: 'Source: ru24.pro [35]. No Vice-Chair was agreed for 2025: the UAE stayed on as custodian Chair.' },
  { year: 2025, chairParticipantCode: 'AE', viceChairParticipantCode: 'TH', note: 'Custodian Chair, with Thailand as Vice-Chair. Source: kimberleyprocess.com/about/kp-governance [27].' },
  {
    year: 2026,
    chairParticipantCode: 'TH',
    viceChairParticipantCode: null,
    note: 'By rotation: Thailand was Vice-Chair in 2025 [27]. UNVERIFIED: no source seen that names the 2026 Chair.',
  },
];

export interface MemberCandidate {
  /** `person`, or `machine` for a national system's account. */
  kind: string;
  roles: readonly string[];
  participantCode: string | null;
  observerCode: string | null;
  disabled: boolean;
}

/**
 * Why a user cannot sit in a body, or null: members are people (never a national system's
 * account), active, and staff of a participant or of an observer organisation.
 */
export function memberProblem(candidate: MemberCandidate): 'machine_account' | 'disabled' | 'no_organisation' | null {
  if (candidate.kind !== 'person') return 'machine_account';
  if (candidate.disabled) return 'disabled';
  if (candidate.participantCode === null && !(candidate.roles.includes('observer') && candidate.observerCode !== null)) return 'no_organisation';
  return null;
}

/** Whether two date ranges (`endsOn` null: open-ended) share a day. */
export function overlaps(a: { startsOn: string; endsOn: string | null }, b: { startsOn: string; endsOn: string | null }): boolean {
  return (a.endsOn === null || a.endsOn >= b.startsOn) && (b.endsOn === null || b.endsOn >= a.startsOn);
}

/** Whether a membership runs on `day`. */
export function runsOn(membership: { startsOn: string; endsOn: string | null }, day: string): boolean {
  return membership.startsOn <= day && (membership.endsOn === null || membership.endsOn >= day);
}
