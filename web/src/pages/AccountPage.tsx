import { Button, Group, Paper, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { useMe } from '../auth.tsx';
import { RoleBadge } from '../components/Badges.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Notice } from '../components/Notice.tsx';
import { Page } from '../components/Page.tsx';

export function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!currentPassword) found.currentPassword = t('validation.required');
    if (newPassword.length < 12) found.newPassword = t('validation.passwordLength');
    else if (newPassword.length > 200) found.newPassword = t('validation.maxLength', { max: 200 });
    if (repeat !== newPassword) found.repeat = t('validation.passwordsDiffer');
    setErrors(found);
    setSaved(false);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      await api('/api/auth/password', { method: 'POST', body: { currentPassword, newPassword } });
      setSaved(true);
      setCurrentPassword('');
      setNewPassword('');
      setRepeat('');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('account.title')}>
      <Paper withBorder p="lg" radius="md" maw={560}>
        <Stack gap="xs">
          <Text fw={700}>{me.name}</Text>
          <Text fz="sm">{me.email}</Text>
          <Group gap={6}>
            {me.roles.map((role) => (
              <RoleBadge key={role} role={role} />
            ))}
          </Group>
          {me.participant && <Text fz="sm">{t('account.participant', { name: me.participant.name })}</Text>}
        </Stack>
      </Paper>
      <Paper withBorder p="lg" radius="md" maw={560} component="section" aria-labelledby="password-title">
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Text component="h2" fw={700} fz="lg" id="password-title" m={0}>
              {t('account.changePassword')}
            </Text>
            <ErrorAlert error={error} />
            {saved && <Notice>{t('account.passwordChanged')}</Notice>}
            <PasswordInput visibilityToggleButtonProps={{ 'aria-label': t('common.togglePassword') }} label={t('account.currentPassword')} autoComplete="current-password" required value={currentPassword} error={errors.currentPassword} onChange={(event) => setCurrentPassword(event.currentTarget.value)} />
            <PasswordInput visibilityToggleButtonProps={{ 'aria-label': t('common.togglePassword') }} label={t('account.newPassword')} description={t('validation.passwordLength')} autoComplete="new-password" required value={newPassword} error={errors.newPassword} onChange={(event) => setNewPassword(event.currentTarget.value)} />
            <PasswordInput visibilityToggleButtonProps={{ 'aria-label': t('common.togglePassword') }} label={t('account.repeatPassword')} autoComplete="new-password" required value={repeat} error={errors.repeat} onChange={(event) => setRepeat(event.currentTarget.value)} />
            <Group justify="flex-end">
              <Button type="submit" loading={busy}>
                {t('account.changePassword')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Page>
  );
}
