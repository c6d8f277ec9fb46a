import { describe, expect, it } from 'vitest';
import { emptyContent, missingParts, stageOf, unmetCriteria, unsettledCriteria } from './admission-rules.ts';
import { verdictOf } from './admission-repository.ts';

describe('admission rules', () => {
  it('lists every missing part of an empty file, in the order of the form', () => {
    expect(missingParts(emptyContent(), [])).toEqual(['legislation', 'authorities', 'certificate_specimen', 'contacts', 'internal_controls', 'statistics_capability']);
  });

  it('wants a name and address for every authority and a name and e-mail for every contact', () => {
    const content = {
      ...emptyContent(),
      legislation: 'Act',
      internalControls: 'x',
      statisticsCapability: 'y',
      authorities: [{ name: 'KP Office', address: '', email: '', phone: '' }],
      contacts: [{ name: 'Focal point', position: '', email: 'a@b.test', phone: '' }],
    };
    expect(missingParts(content, ['certificate_specimen'])).toEqual(['authorities']);
  });

  it('settles a criterion only when met or not met; admission needs none unmet', () => {
    const assessment = { findings: { legislation: { result: 'met' as const, note: '' }, authorities: { result: 'needs_info' as const, note: '' }, statistics: { result: 'not_met' as const, note: '' } } };
    expect(unsettledCriteria(assessment)).toEqual(['authorities', 'certificate_specimen', 'internal_controls']);
    expect(unmetCriteria(assessment)).toEqual(['statistics']);
  });

  it('shows a recommendation, either way, as awaiting the decision', () => {
    expect(stageOf('recommended', null)).toBe('awaiting_decision');
    expect(stageOf('not_recommended', null)).toBe('awaiting_decision');
    expect(stageOf('recommended', 'admitted')).toBe('admitted');
  });
});

describe('what the KP decided', () => {
  const submittedAt = new Date('2026-03-05T09:00:00Z');
  const row = { applicantCode: 'BD', status: 'recommended', submittedAt };
  const decision = (status: string, at: string, outcome: string | null = null) => ({
    id: `0190c000-0000-7000-8000-00000000000${at.slice(9, 10)}`,
    reference: `WP 2026/${at.slice(8, 10)}`,
    kind: 'written_procedure',
    status,
    effectiveOn: at.slice(0, 10),
    createdAt: new Date(at),
    effects: [{ participantCode: 'BD', status: 'participant', outcome }],
  });

  it('a blocked procedure refuses, a later adopted one does not undo that', () => {
    const verdict = verdictOf(row, [decision('adopted', '2026-05-01T00:00:00Z', 'applied'), decision('blocked', '2026-04-01T00:00:00Z')], []);
    expect(verdict).toMatchObject({ outcome: 'refused', decision: { status: 'blocked' } });
  });

  it('a withdrawn procedure counts for nothing; a circulating one is pending', () => {
    expect(verdictOf(row, [decision('withdrawn', '2026-04-01T00:00:00Z'), decision('circulating', '2026-04-02T00:00:00Z')], [])).toMatchObject({ outcome: null, decision: { status: 'circulating' } });
  });

  it('ignores decisions made before submission, and admits from the register alone when the status changed after it', () => {
    expect(verdictOf(row, [decision('adopted', '2026-01-01T00:00:00Z', 'applied')], [])).toMatchObject({ outcome: null });
    expect(verdictOf(row, [], [{ participantCode: 'BD', effectiveOn: '2026-06-01' }])).toEqual({ outcome: 'admitted', decision: null, admittedOn: '2026-06-01' });
    expect(verdictOf(row, [], [{ participantCode: 'BD', effectiveOn: '2008-01-01' }])).toMatchObject({ outcome: null });
  });

  it('a withdrawn application has no outcome', () => {
    expect(verdictOf({ ...row, status: 'withdrawn' }, [decision('adopted', '2026-05-01T00:00:00Z', 'applied')], [])).toMatchObject({ outcome: null });
  });
});
