import { describe, expect, it } from 'vitest';
import { formatRegisterDate, isInGoodStanding, parseRegisterDate, statusOn, type StatusEvent } from './participant-status.ts';

const car: StatusEvent[] = [
  { status: 'participant', effectiveOn: '2003-01-01', precision: 'year' },
  { status: 'suspended', effectiveOn: '2013-05-23', precision: 'day' },
  { status: 'zone_restricted', effectiveOn: '2015-07-17', precision: 'day' },
  { status: 'participant', effectiveOn: '2024-11-15', precision: 'day' },
];

describe('participant status over time', () => {
  it('reads register dates at the precision the sources give', () => {
    expect(parseRegisterDate('2003')).toEqual({ effectiveOn: '2003-01-01', precision: 'year' });
    expect(parseRegisterDate('2008-06')).toEqual({ effectiveOn: '2008-06-01', precision: 'month' });
    expect(parseRegisterDate('2013-05-23')).toEqual({ effectiveOn: '2013-05-23', precision: 'day' });
    expect(formatRegisterDate('2008-06-01', 'month')).toBe('2008-06');
    expect(formatRegisterDate('2003-01-01', 'year')).toBe('2003');
  });

  it('refuses dates that do not exist', () => {
    expect(parseRegisterDate('2013-02-30')).toBeNull();
    expect(parseRegisterDate('2013-13')).toBeNull();
    expect(parseRegisterDate('May 2013')).toBeNull();
  });

  it('gives the Central African Republic the status in force on each day', () => {
    expect(statusOn(car, '2002-12-31')).toBeNull();
    expect(statusOn(car, '2013-05-22')?.status).toBe('participant');
    expect(statusOn(car, '2013-05-23')?.status).toBe('suspended');
    expect(statusOn(car, '2020-01-01')?.status).toBe('zone_restricted');
    expect(statusOn(car, '2026-11-23')?.status).toBe('participant');
  });

  it('orders events by date whatever order they were recorded in', () => {
    expect(statusOn([...car].reverse(), '2014-01-01')?.status).toBe('suspended');
  });

  it('counts only full participation as good standing', () => {
    expect(isInGoodStanding('participant')).toBe(true);
    for (const status of ['applicant', 'zone_restricted', 'suspended', 'self_suspended', 'withdrawn', 'removed'] as const) {
      expect(isInGoodStanding(status)).toBe(false);
    }
    expect(isInGoodStanding(null)).toBe(false);
  });
});
