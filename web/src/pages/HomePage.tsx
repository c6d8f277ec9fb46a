import { Anchor, Button, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PARTICIPANT_STATUSES, type ParticipantStatus } from '../../../src/domain/participant-status.ts';
import { PARTICIPANT_ROLES } from '../../../src/domain/roles.ts';
import { formatAmount } from '../amounts.ts';
import type { AuditEntry, AuditVerification, AuthorityDto, CertificateSummary, ObserverDto, OperatorDto, Page as ResultPage, ParticipantDetail, ParticipantSummary, ReportSummary, User } from '../api.ts';
import { useMe } from '../auth.tsx';
import { directionOf, partnerOf } from '../certificates.ts';
import { useCountryNames } from '../countries.ts';
import { CertificateStatusBadge, StatusBadge, ToneBadge } from '../components/Badges.tsx';
import { Loaded, Page } from '../components/Page.tsx';
import { useFormat } from '../format.ts';
import { can, hasRole } from '../permissions.ts';
import { useApi } from '../useApi.ts';

function Stat({ label, value, to }: { label: string; value: number; to?: string }) {
  const format = useFormat();
  return (
    <Paper withBorder p="md" radius="md">
      <Text fz={28} fw={800} lh={1.2}>
        {format.number(value)}
      </Text>
      {to ? (
        <Anchor component={Link} to={to} fz="sm">
          {label}
        </Anchor>
      ) : (
        <Text fz="sm">{label}</Text>
      )}
    </Paper>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="lg" radius="md" component="section">
      <Stack gap="md">
        <Title order={2} size="h3">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

function OwnParticipant({ code }: { code: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const participant = useApi<ParticipantDetail>(`/api/participants/${code}`);
  const operators = useApi<OperatorDto[]>(can.readOperators(me, code) ? `/api/participants/${code}/operators` : null);
  const counts = { valid: 0, suspended: 0, expired: 0, not_yet_valid: 0 };
  for (const operator of operators.data ?? []) counts[operator.licenceState] += 1;
  return (
    <Section title={t('home.ownParticipant', { name: me.participant?.name ?? code })}>
      <Loaded ready={participant.data !== null} error={participant.error}>
        {() => (
          <Group gap="sm">
            <StatusBadge status={participant.data!.status} />
            {participant.data!.since && <Text fz="sm">{t('register.sinceDate', { date: format.registerDate(participant.data!.since) })}</Text>}
            <Anchor component={Link} to={`/participants/${code}`} fz="sm">
              {t('home.viewDetails')}
            </Anchor>
          </Group>
        )}
      </Loaded>
      {can.readOperators(me, code) && (
        <Loaded ready={operators.data !== null} error={operators.error}>
          {() => (
            <Stack gap="xs">
              <Title order={3} size="h4">
                {t('home.operatorsByState')}
              </Title>
              <SimpleGrid cols={{ base: 2, md: 4 }}>
                {(['valid', 'suspended', 'expired', 'not_yet_valid'] as const).map((state) => (
                  <Stat key={state} label={t(`licenceState.${state}`)} value={counts[state]} to={`/participants/${code}/operators`} />
                ))}
              </SimpleGrid>
              <Anchor component={Link} to={`/participants/${code}/operators`} fz="sm">
                {t('home.openOperatorRegister')}
              </Anchor>
            </Stack>
          )}
        </Loaded>
      )}
    </Section>
  );
}

function RecentCertificates() {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const recent = useApi<ResultPage<CertificateSummary>>('/api/certificates?page=1&pageSize=5');
  return (
    <Section title={t('home.recentCertificates')}>
      <Loaded ready={recent.data !== null} error={recent.error}>
        {() =>
          recent.data!.items.length === 0 ? (
            <Text fz="sm">{t('certificates.none')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table striped verticalSpacing="xs" data-testid="recent-certificates">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('certificates.number')}</Table.Th>
                    <Table.Th scope="col">{t('certificates.status')}</Table.Th>
                    <Table.Th scope="col">{t('certificates.direction')}</Table.Th>
                    <Table.Th scope="col">{t('certificates.partner')}</Table.Th>
                    <Table.Th scope="col">{t('certificates.issueDate')}</Table.Th>
                    <Table.Th scope="col" ta="end">
                      {t('certificates.carats')}
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {recent.data!.items.map((row) => {
                    const direction = directionOf(me, row);
                    return (
                      <Table.Tr key={row.number}>
                        <Table.Td>
                          <Anchor component={Link} to={`/certificates/${row.number}`} className="mono">
                            {row.number}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <CertificateStatusBadge status={row.status} />
                        </Table.Td>
                        <Table.Td>{direction ? t(`certificates.${direction}`) : '—'}</Table.Td>
                        <Table.Td>{names.name(partnerOf(me.participant?.code, row))}</Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.day(row.issueDate)}</Table.Td>
                        <Table.Td ta="end" style={{ whiteSpace: 'nowrap' }}>
                          {formatAmount(row.totalCarats, format.language)}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </Loaded>
      <Group gap="md">
        <Anchor component={Link} to="/certificates" fz="sm">
          {t('home.allCertificates')}
        </Anchor>
        {can.issueCertificates(me) && (
          <Button component={Link} to="/certificates/new" size="sm">
            {t('certificates.issue')}
          </Button>
        )}
      </Group>
    </Section>
  );
}

/** Certificates whose receipt the destination has not confirmed in time, with a link to the filtered list. */
function UnconfirmedReceipts() {
  const { t } = useTranslation();
  const format = useFormat();
  const unconfirmed = useApi<ResultPage<CertificateSummary>>('/api/certificates?receipt=unconfirmed&page=1&pageSize=1');
  return (
    <Section title={t('home.receipts')}>
      <Loaded ready={unconfirmed.data !== null} error={unconfirmed.error}>
        {() => (
          <Group gap="md" align="center" data-testid="unconfirmed-receipts">
            <Text fz={28} fw={800} lh={1.2} c={unconfirmed.data!.total > 0 ? '#7f1d1d' : undefined}>
              {format.number(unconfirmed.data!.total)}
            </Text>
            <Stack gap={0}>
              <Text fz="sm">{t('home.unconfirmed')}</Text>
              <Anchor component={Link} to="/certificates?receipt=unconfirmed" fz="sm">
                {t('home.openUnconfirmed')}
              </Anchor>
            </Stack>
          </Group>
        )}
      </Loaded>
    </Section>
  );
}

/** Open alerts about the participant's certificates or filed by it (all of them for the Chair and the WGM). */
function OpenAlerts() {
  const { t } = useTranslation();
  const format = useFormat();
  const open = useApi<{ items: ReportSummary[] }>('/api/reports?status=open');
  return (
    <Section title={t('home.alerts')}>
      <Loaded ready={open.data !== null} error={open.error}>
        {() => (
          <Group gap="md" align="center" data-testid="open-alerts">
            <Text fz={28} fw={800} lh={1.2} c={open.data!.items.length > 0 ? '#7f1d1d' : undefined}>
              {format.number(open.data!.items.length)}
            </Text>
            <Stack gap={0}>
              <Text fz="sm">{t('home.openAlerts')}</Text>
              <Anchor component={Link} to="/alerts?status=open" fz="sm">
                {t('home.showOpenAlerts')}
              </Anchor>
            </Stack>
          </Group>
        )}
      </Loaded>
    </Section>
  );
}

function ParticipantAdministration({ code }: { code: string }) {
  const { t } = useTranslation();
  const users = useApi<User[]>('/api/users');
  const authorities = useApi<AuthorityDto[]>(`/api/participants/${code}/authorities`);
  return (
    <Section title={t('home.administration')}>
      <Loaded ready={users.data !== null && authorities.data !== null} error={users.error ?? authorities.error}>
        {() => (
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Stat label={t('home.accounts')} value={users.data!.length} to="/users" />
            <Stat label={t('home.disabledOrLocked')} value={users.data!.filter((user) => user.disabled || user.locked).length} to="/users" />
            <Stat label={t('home.authorities')} value={authorities.data!.length} to={`/participants/${code}`} />
          </SimpleGrid>
        )}
      </Loaded>
    </Section>
  );
}

const NOT_IN_GOOD_STANDING: ParticipantStatus[] = ['zone_restricted', 'suspended', 'self_suspended'];

function RegisterSummary({ showProblems }: { showProblems: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const register = useApi<ParticipantSummary[]>('/api/participants');
  return (
    <Section title={t('home.registerSummary')}>
      <Loaded ready={register.data !== null} error={register.error}>
        {() => {
          const rows = register.data!;
          const counted = rows.filter((row) => row.countedAmongParticipants).length;
          const problems = rows.filter((row) => row.status !== null && NOT_IN_GOOD_STANDING.includes(row.status));
          return (
            <Stack gap="md">
              <Text fz="sm">{t('home.countedParticipants', { formatted: format.number(counted) })}</Text>
              <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }}>
                {PARTICIPANT_STATUSES.map((status) => (
                  <Stat key={status} label={t(`status.${status}`)} value={rows.filter((row) => row.status === status).length} to={`/participants?status=${status}`} />
                ))}
              </SimpleGrid>
              {showProblems && (
                <Stack gap="xs">
                  <Title order={3} size="h4">
                    {t('home.notInGoodStanding')}
                  </Title>
                  {problems.length === 0 ? (
                    <Text fz="sm">{t('home.noneNotInGoodStanding')}</Text>
                  ) : (
                    <List spacing={4}>
                      {problems.map((row) => (
                        <List.Item key={row.code}>
                          <Group gap="xs">
                            <Anchor component={Link} to={`/participants/${row.code}`}>
                              {row.name}
                            </Anchor>
                            <StatusBadge status={row.status} />
                            {row.since && <Text fz="sm">{t('register.sinceDate', { date: format.registerDate(row.since) })}</Text>}
                          </Group>
                        </List.Item>
                      ))}
                    </List>
                  )}
                </Stack>
              )}
              <Anchor component={Link} to="/participants" fz="sm">
                {t('home.openRegister')}
              </Anchor>
            </Stack>
          );
        }}
      </Loaded>
    </Section>
  );
}

function Observers() {
  const { t } = useTranslation();
  const observers = useApi<ObserverDto[]>('/api/observers');
  return (
    <Section title={t('home.observers')}>
      <Loaded ready={observers.data !== null} error={observers.error}>
        {() => (
          <List spacing={4}>
            {observers.data!.map((observer) => (
              <List.Item key={observer.code}>
                <Text fz="sm" span fw={600}>
                  {observer.name}
                </Text>{' '}
                <Text fz="sm" span>
                  ({observer.code})
                </Text>
              </List.Item>
            ))}
          </List>
        )}
      </Loaded>
    </Section>
  );
}

export function AuditChainCheck() {
  const { t } = useTranslation();
  const format = useFormat();
  const verify = useApi<AuditVerification>('/api/audit/verify');
  return (
    <Loaded ready={verify.data !== null} error={verify.error}>
      {() => (
        <Group gap="sm" data-testid="audit-verify">
          <ToneBadge tone={verify.data!.ok ? 'green' : 'red'} size="lg">
            {verify.data!.ok ? t('audit.chainIntact') : t('audit.chainBroken')}
          </ToneBadge>
          <Text fz="sm">{t('audit.entriesChecked', { formatted: format.number(verify.data!.entries) })}</Text>
          <Text fz="xs" className="mono" title={verify.data!.headHash}>
            {t('audit.head', { seq: format.number(verify.data!.headSeq) })} {verify.data!.headHash.slice(0, 16)}…
          </Text>
        </Group>
      )}
    </Loaded>
  );
}

export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('audit.seq')}</Table.Th>
            <Table.Th scope="col">{t('audit.at')}</Table.Th>
            <Table.Th scope="col">{t('audit.actor')}</Table.Th>
            <Table.Th scope="col">{t('audit.action')}</Table.Th>
            <Table.Th scope="col">{t('audit.participant')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.seq}>
              <Table.Td>{format.number(entry.seq)}</Table.Td>
              <Table.Td>{format.dateTime(entry.at)}</Table.Td>
              <Table.Td>{entry.actor}</Table.Td>
              <Table.Td>
                <span className="mono">{entry.action}</span>
              </Table.Td>
              <Table.Td>{entry.participantCode ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function AuditOverview() {
  const { t } = useTranslation();
  const recent = useApi<AuditEntry[]>('/api/audit?limit=10');
  return (
    <Section title={t('home.auditTrail')}>
      <AuditChainCheck />
      <Title order={3} size="h4">
        {t('home.recentAudit')}
      </Title>
      <Loaded ready={recent.data !== null} error={recent.error}>
        {() => <AuditTable entries={recent.data!} />}
      </Loaded>
      <Anchor component={Link} to="/audit" fz="sm">
        {t('home.openAudit')}
      </Anchor>
    </Section>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const own = me.participant?.code ?? null;
  const isParticipantStaff = own !== null && hasRole(me, ...PARTICIPANT_ROLES);
  const kpWide = hasRole(me, 'kp_chair', 'wgm', 'wgs', 'wgde', 'observer', 'system_admin');
  return (
    <Page title={t('home.title')}>
      <Text>{t('home.welcome', { name: me.name })}</Text>
      {own !== null && hasRole(me, 'exporting_officer', 'importing_officer') && <RecentCertificates />}
      {can.watchUnconfirmed(me) && <UnconfirmedReceipts />}
      {can.readReports(me) && <OpenAlerts />}
      {isParticipantStaff && <OwnParticipant code={own} />}
      {own !== null && hasRole(me, 'participant_admin') && <ParticipantAdministration code={own} />}
      {can.verifyAudit(me) && <AuditOverview />}
      {kpWide && <RegisterSummary showProblems={hasRole(me, 'kp_chair', 'wgm', 'wgs', 'wgde', 'system_admin')} />}
      {hasRole(me, 'observer') && <Observers />}
      {!isParticipantStaff && !kpWide && (
        <Anchor component={Link} to="/participants">
          {t('home.openRegister')}
        </Anchor>
      )}
    </Page>
  );
}
