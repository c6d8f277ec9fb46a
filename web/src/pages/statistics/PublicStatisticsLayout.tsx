import { Anchor, Box, Container, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router';
import { LanguageSwitcher } from '../../components/LanguageSwitcher.tsx';

/** The public frame of the statistics: no session needed, links to the staff app and the verifier. */
export function PublicStatisticsLayout() {
  const { t } = useTranslation();
  return (
    <Box mih="100vh" bg="gray.0">
      <a className="skip-link" href="#main-content">
        {t('nav.skipToContent')}
      </a>
      <Box component="header" bg="white" py="sm" px="md" style={{ borderBottom: '1px solid #dee2e6' }}>
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Box>
            <Text fw={800} fz="lg" c="blue.9" component={Link} to="/statistics" style={{ textDecoration: 'none' }}>
              {t('app.name')} · {t('statistics.title')}
            </Text>
            <Text fz="xs" c="gray.8">
              {t('statistics.tagline')}
            </Text>
          </Box>
          <Group gap="md" wrap="wrap" component="nav" aria-label={t('statistics.nav.label')}>
            <Anchor component={NavLink} to="/statistics" end fz="sm">
              {t('statistics.nav.global')}
            </Anchor>
            <Anchor component={NavLink} to="/statistics/rankings" fz="sm">
              {t('statistics.nav.rankings')}
            </Anchor>
            <Anchor component={NavLink} to="/statistics/missing-returns" fz="sm">
              {t('statistics.nav.missingReturns')}
            </Anchor>
            <Anchor component={NavLink} to="/statistics/annual-reports" fz="sm">
              {t('annualReports.public.nav')}
            </Anchor>
            <Anchor component={NavLink} to="/statistics/chairs" fz="sm">
              {t('bodies.publicNav')}
            </Anchor>
            <Anchor href="/verify" fz="sm">
              {t('statistics.nav.verify')}
            </Anchor>
            <Anchor component={Link} to="/login" fz="sm">
              {t('statistics.nav.staffSignIn')}
            </Anchor>
            <LanguageSwitcher />
          </Group>
        </Group>
      </Box>
      <Container size="xl" component="main" id="main-content" tabIndex={-1} py="lg">
        <Outlet />
      </Container>
    </Box>
  );
}
