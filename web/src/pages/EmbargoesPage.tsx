import { Anchor, Button, Group, Modal, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Embargo } from '../../../src/certificates/certificate-settings.ts';
import { api } from '../api.ts';
import { useMe } from '../auth.tsx';
import { ToneBadge } from '../components/Badges.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Notice } from '../components/Notice.tsx';
import { Loaded, Page } from '../components/Page.tsx';
import { useCountryNames } from '../countries.ts';
import { todayIso, useFormat } from '../format.ts';
import { hasRole } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { useSubmission } from '../useSubmission.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `/embargoes`: measures barring rough diamonds of an origin, with legal basis, dates and deciding decision; the Chair records and lifts them. */
export function EmbargoesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const embargoes = useApi<Embargo[]>('/api/embargoes');
  const chair = hasRole(me, 'kp_chair');
  const [adding, setAdding] = useState(false);
  const [lifting, setLifting] = useState<Embargo | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const today = todayIso();

  return (
    <Page
      title={t('embargoes.title')}
      actions={
        chair && (
          <Button onClick={() => setAdding(true)} data-testid="embargo-add">
            {t('embargoes.add')}
          </Button>
        )
      }
    >
      <Text>{t('embargoes.intro')}</Text>
      {notice && <Notice testId="embargo-notice">{notice}</Notice>}
      <Loaded ready={embargoes.data !== null} error={embargoes.error}>
        {() =>
          embargoes.data!.length === 0 ? (
            <Text>{t('embargoes.none')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table striped data-testid="embargoes-table">
                <Table.Caption>{t('embargoes.title')}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('embargoes.origin')}</Table.Th>
                    <Table.Th>{t('embargoes.period')}</Table.Th>
                    <Table.Th>{t('embargoes.legalBasis')}</Table.Th>
                    <Table.Th>{t('embargoes.decision')}</Table.Th>
                    {chair && <Table.Th />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {embargoes.data!.map((measure) => {
                    const inForce = measure.startsOn <= today && (measure.endsOn === null || measure.endsOn >= today);
                    return (
                      <Table.Tr key={measure.id}>
                        <Table.Td>
                          {names.name(measure.originCode)} <span className="mono">{measure.originCode}</span>
                        </Table.Td>
                        <Table.Td>
                          {format.day(measure.startsOn)} — {measure.endsOn ? format.day(measure.endsOn) : t('embargoes.openEnded')}{' '}
                          <ToneBadge tone={inForce ? 'red' : 'gray'}>{t(inForce ? 'embargoes.inForce' : 'embargoes.notInForce')}</ToneBadge>
                        </Table.Td>
                        <Table.Td dir="auto">
                          {measure.legalBasis}
                          {measure.note && (
                            <Text fz="xs" c="dimmed" dir="auto">
                              {measure.note}
                            </Text>
                          )}
                          {measure.liftLegalBasis && (
                            <Text fz="xs" dir="auto">
                              {t('embargoes.liftedOn', { basis: measure.liftLegalBasis })}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          {measure.decisionId ? (
                            <Anchor component={Link} to={`/decisions/${measure.decisionId}`}>
                              {t('embargoes.viewDecision')}
                            </Anchor>
                          ) : (
                            '—'
                          )}
                        </Table.Td>
                        {chair && (
                          <Table.Td>
                            {(measure.endsOn === null || measure.endsOn >= today) && (
                              <Button size="xs" variant="light" onClick={() => setLifting(measure)} data-testid={`embargo-lift-${measure.originCode}`}>
                                {t('embargoes.lift')}
                              </Button>
                            )}
                          </Table.Td>
                        )}
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </Loaded>
      <EmbargoForm
        opened={adding}
        onClose={() => setAdding(false)}
        onSaved={() => {
          setAdding(false);
          setNotice(t('embargoes.recorded'));
          embargoes.reload();
        }}
      />
      <LiftForm
        measure={lifting}
        onClose={() => setLifting(null)}
        onSaved={() => {
          setLifting(null);
          setNotice(t('embargoes.lifted'));
          embargoes.reload();
        }}
      />
    </Page>
  );
}

function EmbargoForm({ opened, onClose, onSaved }: { opened: boolean; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const empty = { originCode: '', legalBasis: '', startsOn: '', endsOn: '', note: '' };
  const [values, setValues] = useState(empty);
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const field = (key: keyof typeof values) => ({
    value: values[key],
    error: errors[key],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setValues((current) => ({ ...current, [key]: value }));
    },
  });
  const submit = () => {
    const problems: Record<string, string> = {};
    if (!/^[A-Z]{2}$/.test(values.originCode.trim().toUpperCase())) problems.originCode = t('validation.required');
    if (values.legalBasis.trim().length < 3) problems.legalBasis = t('validation.required');
    if (!DAY.test(values.startsOn)) problems.startsOn = t('validation.date');
    if (values.endsOn && !DAY.test(values.endsOn)) problems.endsOn = t('validation.date');
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    void attempt(async () => {
      await api('/api/embargoes', {
        method: 'POST',
        body: {
          originCode: values.originCode.trim().toUpperCase(),
          legalBasis: values.legalBasis.trim(),
          startsOn: values.startsOn,
          endsOn: values.endsOn || null,
          note: values.note.trim() || null,
        },
      });
      setValues(empty);
      onSaved();
    });
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('embargoes.add')}>
      <Stack>
        <ErrorAlert error={error} />
        <TextInput label={t('embargoes.origin')} description={t('embargoes.originHelp')} required maxLength={2} {...field('originCode')} />
        <TextInput label={t('embargoes.legalBasis')} required {...field('legalBasis')} />
        <Group grow>
          <TextInput label={t('embargoes.startsOn')} placeholder="YYYY-MM-DD" required {...field('startsOn')} />
          <TextInput label={t('embargoes.endsOn')} placeholder="YYYY-MM-DD" {...field('endsOn')} />
        </Group>
        <Textarea label={t('embargoes.note')} {...field('note')} />
        <Button onClick={submit} loading={busy}>
          {t('embargoes.save')}
        </Button>
      </Stack>
    </Modal>
  );
}

function LiftForm({ measure, onClose, onSaved }: { measure: Embargo | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [endsOn, setEndsOn] = useState('');
  const [basis, setBasis] = useState('');
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const submit = () => {
    const problems: Record<string, string> = {};
    if (!DAY.test(endsOn)) problems.endsOn = t('validation.date');
    if (basis.trim().length < 3) problems.liftLegalBasis = t('validation.required');
    setErrors(problems);
    if (Object.keys(problems).length > 0 || !measure) return;
    void attempt(async () => {
      await api(`/api/embargoes/${measure.id}/lift`, { method: 'POST', body: { endsOn, liftLegalBasis: basis.trim() } });
      setEndsOn('');
      setBasis('');
      onSaved();
    });
  };
  return (
    <Modal opened={measure !== null} onClose={onClose} title={t('embargoes.liftTitle', { origin: measure?.originCode ?? '' })}>
      <Stack>
        <ErrorAlert error={error} />
        <TextInput label={t('embargoes.lastDay')} placeholder="YYYY-MM-DD" required value={endsOn} error={errors.endsOn} onChange={(event) => setEndsOn(event.currentTarget.value)} />
        <TextInput label={t('embargoes.liftLegalBasis')} required value={basis} error={errors.liftLegalBasis} onChange={(event) => setBasis(event.currentTarget.value)} />
        <Button onClick={submit} loading={busy}>
          {t('embargoes.lift')}
        </Button>
      </Stack>
    </Modal>
  );
}
