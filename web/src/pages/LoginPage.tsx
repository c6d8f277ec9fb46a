import { Anchor, Box, Button, Container, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { useSession } from '../auth.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { LanguageSwitcher } from '../components/LanguageSwitcher.tsx';

export function LoginPage() {
  const { t } = useTranslation();
  const { me, ready, login } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [touched, setTouched] = useState(false);

  useEffect(() => {
    document.title = `${t('auth.title')} — ${t('app.name')}`;
  }, [t]);

  if (ready && me) {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from && from !== '/login' ? from : '/'} replace />;
  }

  const emailError = touched && email.trim().length < 3 ? t('validation.required') : undefined;
  const passwordError = touched && password.length === 0 ? t('validation.required') : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (email.trim().length < 3 || password.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      await login(email.trim(), password);
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== '/login' ? from : '/', { replace: true });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box mih="100vh" bg="gray.1">
      <Box component="header" bg="white" py="sm" px="md" style={{ borderBottom: '1px solid #dee2e6' }}>
        <Group justify="space-between">
          <Box>
            <Text fw={800} fz="lg" c="blue.9">
              {t('app.name')}
            </Text>
            <Text fz="xs" c="gray.8">
              {t('app.tagline')}
            </Text>
          </Box>
          <LanguageSwitcher />
        </Group>
      </Box>
      <Container size={440} component="main" py={48}>
        <Paper withBorder shadow="sm" p="xl" radius="md">
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              <Title order={1} size="h2">
                {t('auth.title')}
              </Title>
              <Text fz="sm" c="gray.8">
                {t('auth.intro')}
              </Text>
              <ErrorAlert error={error} title={t('auth.failed')} />
              <TextInput
                label={t('auth.email')}
                type="email"
                name="email"
                autoComplete="username"
                required
                value={email}
                error={emailError}
                onChange={(event) => setEmail(event.currentTarget.value)}
              />
              <PasswordInput
                visibilityToggleButtonProps={{ 'aria-label': t('common.togglePassword') }}
                label={t('auth.password')}
                name="password"
                autoComplete="current-password"
                required
                value={password}
                error={passwordError}
                onChange={(event) => setPassword(event.currentTarget.value)}
              />
              <Button type="submit" loading={busy} fullWidth>
                {t('auth.login')}
              </Button>
            </Stack>
          </form>
        </Paper>
        <Text fz="xs" c="gray.8" ta="center" mt="md">
          {t('auth.footer')}
        </Text>
        <Text fz="sm" ta="center" mt="sm">
          <Anchor component={Link} to="/statistics">
            {t('auth.publicStatistics')}
          </Anchor>
        </Text>
      </Container>
    </Box>
  );
}
