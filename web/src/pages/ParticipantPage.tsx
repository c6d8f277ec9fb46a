import { Anchor, Button, Card, Group, List, Paper, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { AuthorityDto, ParticipantDetail } from '../api.ts';
import { useMe } from '../auth.tsx';
import { AuthorityForm } from '../components/AuthorityForm.tsx';
import { DecisionsAboutParticipant } from '../components/DecisionParts.tsx';
import { PeerReviewsOfParticipant } from '../components/PeerReviewParts.tsx';
import { PublicApplications } from '../components/AdmissionParts.tsx';
import { ParticipantZones } from '../components/ZoneParts.tsx';
import { StatusBadge, ToneBadge } from '../components/Badges.tsx';
import { Loaded, Page } from '../components/Page.tsx';
import { StatusChangeForm } from '../components/StatusChangeForm.tsx';
import { useFormat } from '../format.ts';
import { can } from '../permissions.ts';
import { useApi } from '../useApi.ts';

function Section({ title, id, children }: { title: string; id: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

function History({ participant }: { participant: ParticipantDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const events = [...participant.history].sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn));
  if (events.length === 0) return <Text fz="sm">{t('participant.noHistory')}</Text>;
  return (
    <Timeline active={events.length - 1} bulletSize={16} lineWidth={2} data-testid="status-history">
      {events.map((event) => (
        <Timeline.Item
          key={event.id}
          title={
            <Group gap="xs">
              <StatusBadge status={event.status} />
              <Text fz="sm" fw={600} component="span">
                <time dateTime={event.date}>{format.registerDate(event.date)}</time>
              </Text>
              {event.inferred && (
                <ToneBadge tone="gray" size="xs" title={t('register.inferredHint')}>
                  {t('participant.dateInferred')}
                </ToneBadge>
              )}
            </Group>
          }
        >
          {event.note && (
            <Text fz="sm" mt={4} className="preserve-lines" dir="auto">
              {event.note}
            </Text>
          )}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function Authorities({ code, territories }: { code: string; territories: { code: string; name: string }[] }) {
  const { t } = useTranslation();
  const me = useMe();
  const authorities = useApi<AuthorityDto[]>(`/api/participants/${code}/authorities`);
  const [editing, setEditing] = useState<AuthorityDto | 'new' | null>(null);
  const manage = can.manageAuthorities(me, code);
  const territoryName = (territoryCode: string | null) => territories.find((territory) => territory.code === territoryCode)?.name ?? territoryCode;
  return (
    <Section title={t('participant.authorities')} id="authorities-title">
      {manage && (
        <Group>
          <Button onClick={() => setEditing('new')}>{t('authorities.add')}</Button>
        </Group>
      )}
      <Loaded ready={authorities.data !== null} error={authorities.error}>
        {() =>
          authorities.data!.length === 0 ? (
            <Text fz="sm">{t('authorities.none')}</Text>
          ) : (
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {authorities.data!.map((authority) => (
                <Card withBorder key={authority.id} padding="md" data-testid="authority-card">
                  <Stack gap={4}>
                    <Group justify="space-between" wrap="nowrap" align="flex-start">
                      <ToneBadge tone={authority.role === 'exporting' ? 'blue' : 'violet'}>{t(`authorityRole.${authority.role}`)}</ToneBadge>
                      {manage && (
                        <Button size="xs" variant="default" onClick={() => setEditing(authority)} aria-label={`${t('common.edit')}: ${authority.name}`}>
                          {t('common.edit')}
                        </Button>
                      )}
                    </Group>
                    <Text fw={700} fz="sm">
                      {authority.name}
                    </Text>
                    <Text fz="sm" className="preserve-lines">
                      {authority.address}
                    </Text>
                    {authority.territoryCode && (
                      <Text fz="sm">
                        {t('authorities.territory')}: {territoryName(authority.territoryCode)}
                      </Text>
                    )}
                    {authority.email && (
                      <Anchor href={`mailto:${authority.email}`} fz="sm">
                        {authority.email}
                      </Anchor>
                    )}
                    {authority.phone && (
                      <Text fz="sm" dir="ltr" style={{ unicodeBidi: 'isolate' }}>
                        {authority.phone}
                      </Text>
                    )}
                  </Stack>
                </Card>
              ))}
            </SimpleGrid>
          )
        }
      </Loaded>
      {editing !== null && (
        <AuthorityForm
          participantCode={code}
          territories={territories}
          authority={editing === 'new' ? null : editing}
          opened
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            authorities.reload();
          }}
        />
      )}
    </Section>
  );
}

export function ParticipantPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const me = useMe();
  const format = useFormat();
  const participant = useApi<ParticipantDetail>(`/api/participants/${encodeURIComponent(code)}`);
  const data = participant.data?.code === code ? participant.data : null;

  return (
    <Page
      title={data ? `${data.name} (${data.code})` : t('participant.title')}
      actions={
        can.readOperators(me, code) && (
          <Button component={Link} to={`/participants/${code}/operators`} variant="default">
            {t('participant.operatorRegister')}
          </Button>
        )
      }
    >
      <Anchor component={Link} to="/participants" fz="sm">
        {t('participant.backToRegister')}
      </Anchor>
      <Loaded ready={data !== null} error={participant.error}>
        {() => (
          <Stack gap="lg">
            <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="summary-title">
              <Title order={2} size="h3" id="summary-title" mb="sm">
                {t('participant.summary')}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} component="dl" spacing="md" style={{ margin: 0 }}>
                <div>
                  <Text component="dt" fz="xs" fw={700} c="gray.8">
                    {t('register.status')}
                  </Text>
                  <Text component="dd" m={0}>
                    <StatusBadge status={data!.status} />
                  </Text>
                </div>
                <div>
                  <Text component="dt" fz="xs" fw={700} c="gray.8">
                    {t('register.since')}
                  </Text>
                  <Text component="dd" m={0} fz="sm">
                    {data!.since ? format.registerDate(data!.since) : '—'}
                    {data!.sinceInferred ? ` (${t('register.inferred')})` : ''}
                  </Text>
                </div>
                <div>
                  <Text component="dt" fz="xs" fw={700} c="gray.8">
                    {t('register.kind')}
                  </Text>
                  <Text component="dd" m={0} fz="sm">
                    {t(`kind.${data!.kind}`)}
                  </Text>
                </div>
                <div>
                  <Text component="dt" fz="xs" fw={700} c="gray.8">
                    {t('participant.joined')}
                  </Text>
                  <Text component="dd" m={0} fz="sm">
                    {data!.joined ? format.registerDate(data!.joined) : '—'}
                  </Text>
                </div>
              </SimpleGrid>
              {data!.registerName !== data!.name && (
                <Text fz="sm" mt="sm">
                  {t('participant.registerName')}: <span lang="en">{data!.registerName}</span>
                </Text>
              )}
              {!data!.countedAmongParticipants && (
                <Text fz="sm" mt="sm">
                  {t('participant.notCounted')}
                </Text>
              )}
            </Paper>

            {can.recordStatus(me) && <StatusChangeForm participantCode={code} onRecorded={participant.reload} />}

            <Section title={t('participant.history')} id="history-title">
              <History participant={data!} />
              <PublicApplications participantCode={code} />
            </Section>

            <DecisionsAboutParticipant code={code} />

            <ParticipantZones participantCode={code} />

            {can.readParticipantPeerReviews(me, code) && <PeerReviewsOfParticipant code={code} />}

            {data!.territories.length > 0 && (
              <Section title={t('participant.territories', { formatted: format.number(data!.territories.length) })} id="territories-title">
                <List spacing={2} style={{ columns: '14rem' }} data-testid="territories">
                  {[...data!.territories]
                    .sort((a, b) => a.name.localeCompare(b.name, format.language))
                    .map((territory) => (
                      <List.Item key={territory.code}>{territory.name}</List.Item>
                    ))}
                </List>
              </Section>
            )}

            {(data!.note || data!.sources.length > 0) && (
              <Section title={t('participant.notesAndSources')} id="sources-title">
                {data!.note && (
                  <Text fz="sm" className="preserve-lines" lang="en" dir="auto">
                    {data!.note}
                  </Text>
                )}
                {data!.sources.length > 0 && (
                  <>
                    <Title order={3} size="h5">
                      {t('participant.sources')}
                    </Title>
                    <List spacing={2}>
                      {data!.sources.map((source) => (
                        <List.Item key={source}>
                          <Anchor href={source} target="_blank" rel="noreferrer noopener" fz="sm" dir="ltr" style={{ wordBreak: 'break-all', unicodeBidi: 'isolate' }}>
                            {source}
                          </Anchor>
                        </List.Item>
                      ))}
                    </List>
                  </>
                )}
              </Section>
            )}

            <Authorities code={code} territories={data!.territories} />
          </Stack>
        )}
      </Loaded>
    </Page>
  );
}
