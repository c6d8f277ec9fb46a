import { Anchor, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Footprint, FootprintArea, FootprintRequirement } from '../../../src/footprints/schemas.ts';
import { api } from '../api.ts';
import { useMe } from '../auth.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useSubmission } from '../useSubmission.ts';
import { FootprintForm } from '../components/FootprintForms.tsx';
import { FootprintChart, SyntheticBadge } from '../components/FootprintParts.tsx';
import { hasRole } from '../permissions.ts';
import { Loaded, Page, Section } from '../components/Page.tsx';
import { useCountryNames } from '../countries.ts';
import { useFormat } from '../format.ts';
import { useApi } from '../useApi.ts';

/** `/footprints`: the WGDE's library of footprints (latest version of each area) and the origins that must attach profiles. */
export function FootprintsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const [adding, setAdding] = useState(false);
  const format = useFormat();
  const names = useCountryNames(format.language);
  const footprints = useApi<Footprint[]>('/api/footprints');
  const requirements = useApi<FootprintRequirement[]>('/api/footprint-requirements');
  return (
    <Page
      title={t('footprints.title')}
      actions={
        hasRole(me, 'wgde') && (
          <Button onClick={() => setAdding((value) => !value)} data-testid="footprint-add">
            {t('footprints.form.add')}
          </Button>
        )
      }
    >
      <Text>{t('footprints.intro')}</Text>
      {adding && (
        <Section title={t('footprints.form.add')} testId="footprint-add-section">
          <FootprintForm onSaved={(areaId) => navigate(`/footprints/${areaId}`)} />
        </Section>
      )}
      <Loaded ready={footprints.data !== null} error={footprints.error}>
        {() =>
          footprints.data!.length === 0 ? (
            <Text>{t('footprints.none')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table striped data-testid="footprints-table">
                <Table.Caption>{t('footprints.title')}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('footprints.participant')}</Table.Th>
                    <Table.Th>{t('footprints.area')}</Table.Th>
                    <Table.Th>{t('footprints.depositType')}</Table.Th>
                    <Table.Th>{t('footprints.version')}</Table.Th>
                    <Table.Th>{t('footprints.sample')}</Table.Th>
                    <Table.Th>{t('footprints.sampledOn')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {footprints.data!.map((footprint) => (
                    <Table.Tr key={footprint.id}>
                      <Table.Td>{names.name(footprint.participantCode)}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/footprints/${footprint.areaId}`}>
                          {footprint.region}
                        </Anchor>{' '}
                        {footprint.synthetic && <SyntheticBadge />}
                      </Table.Td>
                      <Table.Td>{t(`footprints.deposit.${footprint.depositType}`)}</Table.Td>
                      <Table.Td>{footprint.version}</Table.Td>
                      <Table.Td>{t('footprints.sampleText', { stones: format.number(footprint.sampleStones), carats: footprint.sampleCarats })}</Table.Td>
                      <Table.Td>{format.day(footprint.sampledOn)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </Loaded>
      <Section title={t('footprints.requirements.title')} testId="footprint-requirements">
        <Text>{t('footprints.requirements.intro')}</Text>
        {hasRole(me, 'wgde') && <RequirementForm onSaved={requirements.reload} />}
        <Loaded ready={requirements.data !== null} error={requirements.error}>
          {() =>
            requirements.data!.length === 0 ? (
              <Text>{t('footprints.requirements.none')}</Text>
            ) : (
              <Stack gap={4}>
                {requirements.data!.map((requirement) => (
                  <Group key={requirement.participantCode} gap="xs">
                    <Text>
                      {names.name(requirement.participantCode)}
                      {requirement.note ? ` — ${requirement.note}` : ''}
                    </Text>
                    {hasRole(me, 'wgde') && (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => void api(`/api/footprint-requirements/${requirement.participantCode}`, { method: 'DELETE' }).then(requirements.reload)}
                      >
                        {t('footprints.requirements.remove')}
                      </Button>
                    )}
                  </Group>
                ))}
              </Stack>
            )
          }
        </Loaded>
      </Section>
    </Page>
  );
}

/** Photo types a browser shows inline; anything else is only offered as a download. */
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/**
 * Shares by morphology or colour as the reader writes per cents, largest first (the stored record
 * keeps no order), e.g. "octahedron 45 %, macle 12 %".
 */
function sharesText(shares: Record<string, number>, language: string): string {
  const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 2 });
  return Object.entries(shares)
    .sort(([nameA, shareA], [nameB, shareB]) => shareB - shareA || nameA.localeCompare(nameB, language))
    .map(([name, share]) => `${name} ${percent.format(share / 100)}`)
    .join(', ');
}

/** `/footprints/:areaId`: one area's footprint, its distribution and every version. */
export function FootprintPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const me = useMe();
  const { areaId } = useParams();
  const area = useApi<FootprintArea>(`/api/footprints/${areaId}`);
  const latest = area.data?.latest;
  return (
    <Page title={latest ? `${names.name(latest.participantCode)} — ${latest.region}` : t('footprints.title')}>
      <Loaded ready={area.data !== null} error={area.error}>
        {() => (
          <>
            {latest!.synthetic && (
              <Text data-testid="footprint-synthetic-note">
                <SyntheticBadge /> {latest!.note}
              </Text>
            )}
            <Section title={t('footprints.distribution', { version: latest!.version })} testId="footprint-distribution">
              <Text fz="sm">
                {t(`footprints.deposit.${latest!.depositType}`)} · {t('footprints.sampleText', { stones: format.number(latest!.sampleStones), carats: latest!.sampleCarats })} ·{' '}
                {format.day(latest!.sampledOn)} · {latest!.measuredBy} · {t(`footprints.series.${latest!.series}`)}
              </Text>
              <FootprintChart footprint={latest!} />
              {latest!.morphology && (
                <Text fz="sm" data-testid="footprint-morphology">
                  {t('footprints.morphology')}: {sharesText(latest!.morphology, format.language)}
                </Text>
              )}
              {latest!.colour && (
                <Text fz="sm" data-testid="footprint-colour">
                  {t('footprints.colour')}: {sharesText(latest!.colour, format.language)}
                </Text>
              )}
              {latest!.photos.length > 0 && (
                <Group gap="md" align="start" data-testid="footprint-photos" aria-label={t('footprints.photos')} role="group">
                  {latest!.photos.map((photo) => (
                    <Stack key={photo.id} gap={4} align="start">
                      {PHOTO_TYPES.includes(photo.mediaType) && (
                        <img src={`/api/footprint-photos/${photo.id}`} alt={photo.fileName} loading="lazy" style={{ maxWidth: 160, maxHeight: 120, objectFit: 'contain', border: '1px solid #dee2e6' }} />
                      )}
                      <Anchor href={`/api/footprint-photos/${photo.id}`} fz="sm">
                        {photo.fileName} (SHA-256 {photo.sha256.slice(0, 12)}…)
                      </Anchor>
                    </Stack>
                  ))}
                </Group>
              )}
            </Section>
            {hasRole(me, 'wgde') && (
              <Section title={t('footprints.form.addVersion')} testId="footprint-version-section">
                <FootprintForm version={{ areaId: latest!.areaId, basedOnVersion: latest!.version }} onSaved={() => area.reload()} />
              </Section>
            )}
            <Section title={t('footprints.versions')} testId="footprint-versions">
              <Table fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('footprints.version')}</Table.Th>
                    <Table.Th>{t('footprints.sampledOn')}</Table.Th>
                    <Table.Th>{t('footprints.sample')}</Table.Th>
                    <Table.Th>{t('footprints.measuredBy')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {area.data!.versions.map((version) => (
                    <Table.Tr key={version.id}>
                      <Table.Td>{version.version}</Table.Td>
                      <Table.Td>{format.day(version.sampledOn)}</Table.Td>
                      <Table.Td>{t('footprints.sampleText', { stones: format.number(version.sampleStones), carats: version.sampleCarats })}</Table.Td>
                      <Table.Td>{version.measuredBy}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Section>
          </>
        )}
      </Loaded>
    </Page>
  );
}

/** The WGDE lists an origin that must attach a profile per parcel. */
function RequirementForm({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation();
  const { busy, error, attempt } = useSubmission();
  const [code, setCode] = useState('');
  const [note, setNote] = useState('');
  return (
    <Stack gap="xs">
      <ErrorAlert error={error} />
      <Group align="end">
        <TextInput label={t('footprints.participant')} value={code} onChange={(event) => setCode(event.currentTarget.value)} maxLength={2} w={120} />
        <TextInput label={t('footprints.form.note')} value={note} onChange={(event) => setNote(event.currentTarget.value)} style={{ flex: 1 }} />
        <Button
          loading={busy}
          onClick={() =>
            void attempt(async () => {
              await api(`/api/footprint-requirements/${code.toUpperCase()}`, { method: 'PUT', body: { note: note || null } });
              setCode('');
              setNote('');
              onSaved();
            })
          }
        >
          {t('footprints.requirements.add')}
        </Button>
      </Group>
    </Stack>
  );
}
