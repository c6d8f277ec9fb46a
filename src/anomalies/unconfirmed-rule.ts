import { confirmByOf } from '../certificates/certificate-repository.ts';
import { addDays } from '../certificates/certificate-rules.ts';
import type { CaseCandidate } from './anomaly-case.ts';
import type { OverdueCertificate } from './anomaly-repository.ts';

/**
 * Unconfirmed shipments: certificates past their confirmation deadline (issue date + the
 * configured days, or expiry if earlier) without a confirmation of receipt. One case per
 * importing participant and month of issue, raised only once every certificate of that month is
 * past its deadline (month end + confirmation days < today), so the list in the case is complete.
 */
export function unconfirmedCases(overdue: OverdueCertificate[], { today, confirmationDays }: { today: string; confirmationDays: number }): CaseCandidate[] {
  const byMonth = new Map<string, OverdueCertificate[]>();
  for (const certificate of overdue) {
    const key = `${certificate.importer}|${certificate.issueDate.slice(0, 7)}`;
    byMonth.set(key, [...(byMonth.get(key) ?? []), certificate]);
  }
  const cases: CaseCandidate[] = [];
  for (const [key, list] of byMonth) {
    const [importer, month] = key.split('|');
    if (!(addDays(monthEnd(month), confirmationDays) < today)) continue;
    cases.push({
      rule: 'unconfirmed',
      participantCode: importer,
      partnerCode: null,
      period: month,
      evidence: {
        month,
        confirmationDays,
        certificates: list.map((certificate) => ({
          certificateNumber: certificate.number,
          exportingParticipant: certificate.exporter,
          issueDate: certificate.issueDate,
          confirmBy: confirmByOf(certificate, confirmationDays),
        })),
      },
    });
  }
  return cases;
}

function monthEnd(month: string): string {
  const [year, number] = month.split('-').map(Number);
  return new Date(Date.UTC(year, number, 0)).toISOString().slice(0, 10);
}

