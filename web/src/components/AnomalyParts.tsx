import { useTranslation } from 'react-i18next';
import { ANOMALY_CASE_STATUSES, type AnomalyCaseStatus } from '../../../src/anomalies/anomaly-case.ts';
import { formatRegisterDate } from '../format.ts';
import type { Language } from '../i18n.ts';
import { ToneBadge, type Tone } from './Badges.tsx';

const STEP: Record<string, number> = { open: 0, answered: 1, escalated: 2, closed_explained: 3 };

/** The server's statuses in the order a case moves through them (closed last), for counts and filters. */
export const CASE_STATUS_ORDER: AnomalyCaseStatus[] = [...ANOMALY_CASE_STATUSES].sort((a, b) => (STEP[a] ?? 9) - (STEP[b] ?? 9));

/** Cases the participant is expected to answer: not answered yet, or escalated for more. */
export const AWAITING_ANSWER: readonly string[] = ['open', 'escalated'];

const STATUS_TONE: Record<string, Tone> = { open: 'yellow', answered: 'blue', escalated: 'red', closed_explained: 'green' };

export function AnomalyStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <ToneBadge tone={STATUS_TONE[status] ?? 'gray'}>{t(`anomalies.status.${status}`, { defaultValue: status })}</ToneBadge>;
}

/** '2025' → 2025; '2025-H1' → first half of 2025; '2025-Q3'; '2025-07' → July 2025: in the UI language. */
export function usePeriodText(): (period: string) => string {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  return (period) => {
    const half = /^(\d{4})-H([12])$/.exec(period);
    if (half) return t('anomalies.period.half', { year: half[1], half: half[2] });
    const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
    if (quarter) return t('anomalies.period.quarter', { year: quarter[1], quarter: quarter[2] });
    return formatRegisterDate(period, language);
  };
}

/** Whole days since `iso`, written with its unit in the UI language ("12 days"). */
export function useAgeText(): (iso: string) => string {
  const { i18n } = useTranslation();
  return (iso) => {
    const days = Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 86_400_000));
    return new Intl.NumberFormat(i18n.language, { style: 'unit', unit: 'day', unitDisplay: 'long' }).format(days);
  };
}

/** The rule's short name; unknown rules (added on the server later) show their code. */
export function useRuleName(): (rule: string) => string {
  const { t } = useTranslation();
  return (rule) => t(`anomalies.rules.${rule}.name`, { defaultValue: rule });
}
