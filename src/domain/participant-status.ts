/**
 * Status of a KP Participant over time. A status event takes effect on its date; the status on
 * any day is the latest event on or before it. Dates in the register keep the precision the
 * sources gave (a year, a month or a day): an event dated "2008-06" is taken to start on the
 * first day of that month.
 */
export const PARTICIPANT_STATUSES = [
  'applicant',
  'participant',
  'zone_restricted',
  'suspended',
  'self_suspended',
  'withdrawn',
  'removed',
] as const;

export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];

/** Statuses under which a participant may issue certificates and receive shipments. */
export const GOOD_STANDING: readonly ParticipantStatus[] = ['participant'];

export type DatePrecision = 'day' | 'month' | 'year';

export interface StatusEvent {
  status: ParticipantStatus;
  /** First day the status applies, `YYYY-MM-DD`. */
  effectiveOn: string;
  precision: DatePrecision;
}

/** Parses register dates such as `2003`, `2008-06` or `2013-05-23`. */
export function parseRegisterDate(text: string): { effectiveOn: string; precision: DatePrecision } | null {
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(text.trim());
  if (!match) return null;
  const [, year, month, day] = match;
  if (month !== undefined && (Number(month) < 1 || Number(month) > 12)) return null;
  if (day !== undefined) {
    const date = new Date(`${year}-${month}-${day}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${year}-${month}-${day}`) return null;
    return { effectiveOn: `${year}-${month}-${day}`, precision: 'day' };
  }
  if (month !== undefined) return { effectiveOn: `${year}-${month}-01`, precision: 'month' };
  return { effectiveOn: `${year}-01-01`, precision: 'year' };
}

/** The register date as the sources gave it: `2003`, `2008-06` or `2013-05-23`. */
export function formatRegisterDate(effectiveOn: string, precision: DatePrecision): string {
  if (precision === 'year') return effectiveOn.slice(0, 4);
  if (precision === 'month') return effectiveOn.slice(0, 7);
  return effectiveOn;
}

/** Events sorted oldest first; ties keep their recorded order. */
export function sortEvents<T extends StatusEvent>(events: readonly T[]): T[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.effectiveOn.localeCompare(b.event.effectiveOn) || a.index - b.index)
    .map(({ event }) => event);
}

/**
 * The status in force on `day` (`YYYY-MM-DD`) and the event that set it, or null when the
 * participant had no status yet (before its application or admission).
 */
export function statusOn<T extends StatusEvent>(events: readonly T[], day: string): T | null {
  let current: T | null = null;
  for (const event of sortEvents(events)) {
    if (event.effectiveOn <= day) current = event;
  }
  return current;
}

export function isInGoodStanding(status: ParticipantStatus | null): boolean {
  return status !== null && GOOD_STANDING.includes(status);
}

/**
 * True when the participant was in good standing on any day from `start` to `end` (inclusive):
 * it then owes what the period asks of it (a production return, an annual report).
 */
export function inGoodStandingDuring(events: readonly { status: ParticipantStatus; effectiveOn: string }[], start: string, end: string): boolean {
  const atStart = statusOn(events.map((event) => ({ ...event, precision: 'day' as const })), start);
  if (atStart && isInGoodStanding(atStart.status)) return true;
  return events.some((event) => event.effectiveOn > start && event.effectiveOn <= end && isInGoodStanding(event.status));
}
