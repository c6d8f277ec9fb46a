import { Group, Switch } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { useSubmission } from '../useSubmission.ts';
import { ToneBadge } from './Badges.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';

/**
 * Whether observers read a record ("Shared with observers") or not ("KP ONLY"), and, for who may
 * change it, a switch that asks the server (`PUT <url>` with `{ sharedWithObservers }`).
 * @example <SharingControl shared={d.sharedWithObservers} canShare={d.can.share} url={`/api/decisions/${d.id}/sharing`} onSaved={setUpdated} />
 */
export function SharingControl<T>({ shared, canShare, url, onSaved }: { shared: boolean; canShare: boolean; url: string; onSaved: (record: T) => void }) {
  const { t } = useTranslation();
  const { busy, error, attempt } = useSubmission();
  const badge = (
    <ToneBadge tone={shared ? 'blue' : 'gray'} data-testid="sharing-badge">
      {shared ? t('sharing.shared') : t('sharing.kpOnly')}
    </ToneBadge>
  );
  if (!canShare) return badge;
  return (
    <Group gap="sm" align="center">
      {badge}
      <Switch
        label={t('sharing.switch')}
        checked={shared}
        disabled={busy}
        onChange={(event) => {
          const sharedWithObservers = event.currentTarget.checked;
          void attempt(async () => onSaved(await api<T>(url, { method: 'PUT', body: { sharedWithObservers } })));
        }}
      />
      {error !== null && <ErrorAlert error={error} />}
    </Group>
  );
}
