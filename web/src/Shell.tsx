import { AppShell, Box, Burger, Button, Group, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { useMe, useSession } from './auth.tsx';
import { LanguageSwitcher } from './components/LanguageSwitcher.tsx';
import { NotificationBell } from './components/NotificationBell.tsx';
import { can, hasRole } from './permissions.ts';
import { canAdmission } from './admission.ts';

interface NavItem {
  to: string;
  label: string;
  show: boolean;
  exact?: boolean;
}

export function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const { logout } = useSession();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);

  const own = me.participant?.code;
  const items: NavItem[] = [
    { to: '/', label: t('nav.home'), show: true, exact: true },
    { to: '/participants', label: t('nav.register'), show: true, exact: true },
    { to: own ? `/participants/${own}` : '/', label: t('nav.ownParticipant'), show: own !== undefined, exact: true },
    { to: own ? `/participants/${own}/operators` : '/', label: t('nav.operators'), show: own !== undefined && can.readOperators(me, own) },
    { to: '/custody', label: t('custody.nav'), show: own !== undefined && can.readCustody(me, own) },
    { to: '/certificates', label: t('nav.certificates'), show: can.readCertificates(me) },
    { to: '/verify-scan', label: t('nav.verify'), show: true },
    { to: '/statistics', label: t('nav.statistics'), show: true },
    { to: '/alerts', label: t('nav.alerts'), show: can.readReports(me) },
    { to: '/anomalies', label: t('anomalies.nav'), show: can.readAnomalies(me) },
    { to: '/verification-attempts', label: t('nav.attempts'), show: can.readVerificationAttempts(me) },
    { to: '/production', label: t('production.nav'), show: can.readProduction(me), exact: true },
    { to: '/production/import', label: t('production.import.nav'), show: can.importStatistics(me) },
    { to: '/decisions', label: t('decisions.nav'), show: true },
    { to: '/embargoes', label: t('embargoes.nav'), show: true },
    { to: '/footprints', label: t('footprints.nav'), show: true },
    // Monitoring teams are drawn from participants' experts and the WGM.
    { to: '/shipment-approvals', label: t('approvals.nav'), show: hasRole(me, 'participant_admin', 'wgm', 'kp_chair') },
    { to: '/annual-reports', label: t('annualReports.nav'), show: can.readAnnualReports(me) },
    { to: '/peer-reviews', label: t('peerReviews.nav'), show: can.readPeerReviews(me) },
    { to: '/admission', label: t('admission.nav'), show: canAdmission.nav(me) },
    { to: '/bodies', label: t('bodies.nav'), show: true },
    { to: '/users', label: t('nav.users'), show: can.manageUsers(me) },
    { to: '/audit', label: t('nav.audit'), show: can.readAudit(me) },
    { to: '/account', label: t('nav.account'), show: can.changePassword(me) },
  ];
  const isActive = (item: NavItem) => (item.exact ? location.pathname === item.to : location.pathname.startsWith(item.to));
  const roleNames = me.roles.map((role) => t(`roles.${role}`)).join(', ');

  return (
    <AppShell header={{ height: { base: 64, sm: 72 } }} navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a className="skip-link" href="#main-content">
        {t('nav.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <Box>
              <Text fw={800} fz="lg" c="blue.9" component={Link} to="/" style={{ textDecoration: 'none' }}>
                {t('app.name')}
              </Text>
              <Text fz="xs" c="gray.8" visibleFrom="md">
                {t('app.tagline')}
              </Text>
            </Box>
          </Group>
          <Group gap="md" wrap="nowrap">
            <Box ta="end" visibleFrom="sm" data-testid="current-user">
              <Text fz="sm" fw={700}>
                {me.name}
              </Text>
              <Text fz="xs" c="gray.8">
                {roleNames}
                {me.participant ? ` · ${me.participant.name}` : ''}
                {me.observerCode ? ` · ${me.observerCode}` : ''}
              </Text>
            </Box>
            <NotificationBell />
            <LanguageSwitcher />
            {/* on a phone the header has no room for it: it sits in the navigation instead */}
            <Button variant="default" size="sm" onClick={() => void logout()} visibleFrom="sm">
              {t('auth.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      {/* the list is longer than a laptop screen for KP-wide roles: the navigation scrolls on its own */}
      <AppShell.Navbar p="sm" component="nav" aria-label={t('nav.label')} style={{ overflowY: 'auto' }}>
        <Stack gap={4}>
          <Box hiddenFrom="sm" pb="sm">
            <Text fz="sm" fw={700}>
              {me.name}
            </Text>
            <Text fz="xs" c="gray.8">
              {roleNames}
              {me.participant ? ` · ${me.participant.name}` : ''}
            </Text>
            <Button variant="default" size="sm" mt="xs" onClick={() => void logout()}>
              {t('auth.logout')}
            </Button>
          </Box>
          {items
            .filter((item) => item.show)
            .map((item) => (
              <NavLink
                key={item.to + item.label}
                component={Link}
                to={item.to}
                label={item.label}
                active={isActive(item)}
                aria-current={isActive(item) ? 'page' : undefined}
                onClick={close}
                variant="filled"
              />
            ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main-content" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
