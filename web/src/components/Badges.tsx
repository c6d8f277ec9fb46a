import { Badge, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../src/domain/roles.ts';
import type { ParticipantStatus } from '../../../src/domain/participant-status.ts';
import type { CertificateStatus, CheckStatus, ReceiptState, ReportStatus } from '../api.ts';
import { useFormat } from '../format.ts';

/** Badge colours chosen for at least 7:1 text contrast (WCAG AAA), whatever the theme shade. */
const TONES = {
  green: { background: '#e3f4e8', color: '#14532d', border: '#9fd3b0' },
  red: { background: '#fde8e8', color: '#7f1d1d', border: '#f2a8a8' },
  orange: { background: '#fff1dc', color: '#6b3000', border: '#f5c27a' },
  yellow: { background: '#fdf7d4', color: '#5c4400', border: '#e8d47a' },
  blue: { background: '#e3eefc', color: '#0b3a75', border: '#a5c4ee' },
  violet: { background: '#efe8fb', color: '#3f1d7a', border: '#c8b4ee' },
  gray: { background: '#eceff1', color: '#263238', border: '#c3cbd0' },
} as const;
export type Tone = keyof typeof TONES;

export function ToneBadge({ tone, children, ...props }: { tone: Tone; title?: string; children: React.ReactNode } & BadgeProps) {
  const colours = TONES[tone];
  return (
    <Badge
      variant="outline"
      tt="none"
      radius="sm"
      {...props}
      style={{ backgroundColor: colours.background, color: colours.color, borderColor: colours.border, fontWeight: 600, minWidth: 'max-content' }}
    >
      {children}
    </Badge>
  );
}

const STATUS_TONE: Record<ParticipantStatus, Tone> = {
  applicant: 'blue',
  participant: 'green',
  zone_restricted: 'yellow',
  suspended: 'red',
  self_suspended: 'orange',
  withdrawn: 'gray',
  removed: 'gray',
};

export function StatusBadge({ status }: { status: ParticipantStatus | null }) {
  const { t } = useTranslation();
  if (status === null) return <ToneBadge tone="gray">{t('status.none')}</ToneBadge>;
  return <ToneBadge tone={STATUS_TONE[status]}>{t(`status.${status}`)}</ToneBadge>;
}

const LICENCE_TONE = { valid: 'green', suspended: 'red', expired: 'gray', not_yet_valid: 'blue' } as const;
export type LicenceState = keyof typeof LICENCE_TONE;

export function LicenceStateBadge({ state }: { state: LicenceState }) {
  const { t } = useTranslation();
  return <ToneBadge tone={LICENCE_TONE[state]}>{t(`licenceState.${state}`)}</ToneBadge>;
}

export function RoleBadge({ role }: { role: Role }) {
  const { t } = useTranslation();
  return <ToneBadge tone="violet">{t(`roles.${role}`)}</ToneBadge>;
}

const CERTIFICATE_TONE: Record<CertificateStatus, Tone> = { issued: 'green', received: 'blue', voided: 'red', replaced: 'orange' };

export function CertificateStatusBadge({ status }: { status: CertificateStatus }) {
  const { t } = useTranslation();
  return <ToneBadge tone={CERTIFICATE_TONE[status]}>{t(`certificateStatus.${status}`)}</ToneBadge>;
}

const RECEIPT_TONE: Record<ReceiptState, Tone> = { received: 'green', received_with_discrepancy: 'orange', awaiting: 'blue', unconfirmed: 'red', not_applicable: 'gray' };

/** Receipt by the destination: received, received with a discrepancy, awaiting until the deadline, or unconfirmed (overdue). */
export function ReceiptStateBadge({ state, confirmBy }: { state: ReceiptState; confirmBy?: string | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const label = state === 'awaiting' && confirmBy ? t('receiptState.awaitingUntil', { date: format.day(confirmBy) }) : t(`receiptState.${state}`);
  return <ToneBadge tone={RECEIPT_TONE[state]}>{label}</ToneBadge>;
}

const VERDICT_TONE: Record<CheckStatus, Tone> = { VALID: 'green', INVALID: 'red', UNKNOWN: 'yellow' };

export function VerdictBadge({ verdict, size }: { verdict: CheckStatus; size?: BadgeProps['size'] }) {
  const { t } = useTranslation();
  return (
    <ToneBadge tone={VERDICT_TONE[verdict]} size={size}>
      {t(`verdict.${verdict}`)}
    </ToneBadge>
  );
}

const REPORT_TONE: Record<ReportStatus, Tone> = { open: 'yellow', confirmed_fraudulent: 'red', closed: 'gray' };

export function ReportStatusBadge({ status }: { status: ReportStatus }) {
  const { t } = useTranslation();
  return <ToneBadge tone={REPORT_TONE[status]}>{t(`reportStatus.${status}`)}</ToneBadge>;
}
