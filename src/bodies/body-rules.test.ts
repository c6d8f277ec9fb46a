import { describe, expect, it } from 'vitest';
import { HISTORIC_CHAIRMANSHIPS, memberProblem, overlaps, runsOn, STANDING_BODIES } from './body-rules.ts';

const person = { kind: 'person', roles: ['participant_admin'], participantCode: 'BW', observerCode: null, disabled: false };

describe('who may sit in a KP body', () => {
  it('takes active people of a participant or of an observer organisation', () => {
    expect(memberProblem(person)).toBeNull();
    expect(memberProblem({ ...person, roles: ['observer'], participantCode: null, observerCode: 'WDC' })).toBeNull();
  });

  it('refuses a national system’s account, a disabled account and an account of no organisation', () => {
    expect(memberProblem({ ...person, kind: 'machine' })).toBe('machine_account');
    expect(memberProblem({ ...person, disabled: true })).toBe('disabled');
    expect(memberProblem({ ...person, roles: ['wgs'], participantCode: null })).toBe('no_organisation');
  });
});

describe('seat dates', () => {
  it('counts the last day as a day of the seat', () => {
    expect(runsOn({ startsOn: '2026-01-01', endsOn: '2026-03-01' }, '2026-03-01')).toBe(true);
    expect(runsOn({ startsOn: '2026-01-01', endsOn: '2026-03-01' }, '2026-03-02')).toBe(false);
    expect(runsOn({ startsOn: '2026-01-01', endsOn: null }, '2040-01-01')).toBe(true);
  });

  it('sees overlap of open-ended and bounded seats', () => {
    expect(overlaps({ startsOn: '2026-01-01', endsOn: null }, { startsOn: '2030-01-01', endsOn: '2030-12-31' })).toBe(true);
    expect(overlaps({ startsOn: '2026-01-01', endsOn: '2026-12-31' }, { startsOn: '2027-01-01', endsOn: null })).toBe(false);
  });
});

describe('seeded history', () => {
  it('follows the rotation: every Vice-Chair given chairs the next year', () => {
    const byYear = new Map(HISTORIC_CHAIRMANSHIPS.map((row) => [row.year, row]));
    for (const row of HISTORIC_CHAIRMANSHIPS) {
      if (row.viceChairParticipantCode) expect(byYear.get(row.year + 1)?.chairParticipantCode).toBe(row.viceChairParticipantCode);
    }
  });

  it('has one body per code, and only the CRP among the standing bodies grants nothing', () => {
    expect(new Set(STANDING_BODIES.map((body) => body.code)).size).toBe(STANDING_BODIES.length);
    expect(STANDING_BODIES.filter((body) => body.grantsRole === null).map((body) => body.code)).toEqual(['CRP']);
  });
});
