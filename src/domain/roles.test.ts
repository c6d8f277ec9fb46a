import { describe, expect, it } from 'vitest';
import { actsFor, roleBindingProblem, type Actor } from './roles.ts';
import { licenceStateOn } from './licence.ts';

const officer: Actor = {
  userId: 'u1',
  email: 'exporter.bw@demo.test',
  name: 'BW',
  roles: ['exporting_officer'],
  participantCode: 'BW',
  observerCode: null,
  language: 'en',
  via: 'session',
};

describe('roles and participants', () => {
  it('lets an officer act only for its own participant', () => {
    expect(actsFor(officer, 'BW', 'exporting_officer')).toBe(true);
    expect(actsFor(officer, 'ZA', 'exporting_officer')).toBe(false);
    expect(actsFor(officer, 'BW', 'participant_admin')).toBe(false);
    expect(actsFor(null, 'BW', 'exporting_officer')).toBe(false);
  });

  it('binds participant roles to a participant and observers to an observer organisation', () => {
    expect(roleBindingProblem({ roles: ['exporting_officer'], participantCode: 'BW', observerCode: null })).toBeNull();
    expect(roleBindingProblem({ roles: ['exporting_officer'], participantCode: null, observerCode: null })).toBe('participant_required');
    expect(roleBindingProblem({ roles: ['kp_chair'], participantCode: 'BW', observerCode: null })).toBe('participant_not_allowed');
    expect(roleBindingProblem({ roles: ['observer'], participantCode: null, observerCode: null })).toBe('observer_required');
    expect(roleBindingProblem({ roles: ['wgm'], participantCode: null, observerCode: 'WDC' })).toBe('observer_not_allowed');
    expect(roleBindingProblem({ roles: [], participantCode: null, observerCode: null })).toBe('no_roles');
  });
});

describe('licences', () => {
  const licence = { validFrom: '2024-01-01', validUntil: '2026-12-31', suspendedAt: null };
  it('holds from its first to its last day', () => {
    expect(licenceStateOn(licence, '2023-12-31')).toBe('not_yet_valid');
    expect(licenceStateOn(licence, '2024-01-01')).toBe('valid');
    expect(licenceStateOn(licence, '2026-12-31')).toBe('valid');
    expect(licenceStateOn(licence, '2027-01-01')).toBe('expired');
  });
  it('does not hold while suspended', () => {
    expect(licenceStateOn({ ...licence, suspendedAt: new Date() }, '2025-06-01')).toBe('suspended');
  });
});
