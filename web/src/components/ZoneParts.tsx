import { Button, Group, Modal, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Anchor } from '@mantine/core';
import type { CertificateApproval, CompliantZone } from '../../../src/zones/schemas.ts';
import { api } from '../api.ts';
import { useMe } from '../auth.tsx';
import { useFormat } from '../format.ts';
import { hasRole } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { useSubmission } from '../useSubmission.ts';
import { ToneBadge, type Tone } from './Badges.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import { Notice } from './Notice.tsx';
import { Loaded, Section } from './Page.tsx';

const APPROVAL_TONE: Record<CertificateApproval['state'], Tone> = { pending: 'yellow', approved: 'green', refused: 'red' };

/** Where a zone-restricted shipment stands with its monitoring team, as a coloured badge. */
export function ApprovalStateBadge({ state }: { state: CertificateApproval['state'] }) {
  const { t } = useTranslation();
  return (
    <ToneBadge tone={APPROVAL_TONE[state]} data-testid="approval-state">
      {t(`approvals.state.${state}`)}
    </ToneBadge>
  );
}

/** The monitoring team's approval of a certificate: zone, team, state, and the decision once taken. */
export function ApprovalSummary({ approval }: { approval: CertificateApproval }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Stack gap={4} data-testid="certificate-approval">
      <Group gap="sm">
        <ApprovalStateBadge state={approval.state} />
        <Text fz="sm">{t(`approvals.explain.${approval.state}`, { body: approval.bodyName })}</Text>
      </Group>
      {approval.zone && <Text fz="sm">{t('approvals.zone', { zone: approval.zone.name })}</Text>}
      {approval.decidedAt && (
        <Text fz="sm">{t('approvals.decided', { at: format.dateTime(approval.decidedAt), name: approval.decidedByName ?? '—' })}</Text>
      )}
      {approval.note && (
        <Text fz="sm" dir="auto">
          {t('approvals.note')}: {approval.note}
        </Text>
      )}
    </Stack>
  );
}

/** Approve or refuse one shipment (a monitoring-team member); a refusal needs a reason. */
export function ApprovalForm({ number, onDecided }: { number: string; onDecided: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const decide = (outcome: 'approved' | 'refused') => {
    if (outcome === 'refused' && note.trim() === '') {
      setErrors({ note: t('approvals.reasonRequired') });
      return;
    }
    void attempt(async () => {
      await api(`/api/certificates/${number}/approval`, { method: 'POST', body: { outcome, ...(note.trim() ? { note: note.trim() } : {}) } });
      onDecided();
    });
  };
  return (
    <Stack gap="xs">
      <ErrorAlert error={error} />
      <Textarea label={t('approvals.note')} value={note} onChange={(event) => setNote(event.currentTarget.value)} error={errors.note} autosize minRows={2} data-testid={`approval-note-${number}`} />
      <Group>
        <Button onClick={() => decide('approved')} loading={busy} data-testid={`approve-${number}`}>
          {t('approvals.approve')}
        </Button>
        <Button color="red" variant="outline" onClick={() => decide('refused')} loading={busy} data-testid={`refuse-${number}`}>
          {t('approvals.refuse')}
        </Button>
      </Group>
    </Stack>
  );
}

/** The compliant zones of a participant (public), with the Chair's forms to list one and end one. */
export function ParticipantZones({ participantCode }: { participantCode: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const zones = useApi<CompliantZone[]>(`/api/participants/${participantCode}/zones`);
  const chair = hasRole(me, 'kp_chair');
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<CompliantZone | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  if (!chair && (zones.data?.length ?? 0) === 0) return null;
  return (
    <Section title={t('zones.title')} testId="participant-zones">
      <Text fz="sm">{t('zones.intro')}</Text>
      {notice && <Notice testId="zones-notice">{notice}</Notice>}
      <Loaded ready={zones.data !== null} error={zones.error}>
        {() =>
          zones.data!.length === 0 ? (
            <Text fz="sm">{t('zones.none')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table striped data-testid="zones-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('zones.name')}</Table.Th>
                    <Table.Th>{t('zones.period')}</Table.Th>
                    <Table.Th>{t('zones.legalBasis')}</Table.Th>
                    {chair && <Table.Th />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {zones.data!.map((zone) => (
                    <Table.Tr key={zone.id}>
                      <Table.Td dir="auto">
                        {zone.name}
                        {zone.description && (
                          <Text fz="xs" c="dimmed" dir="auto">
                            {zone.description}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {t('zones.from', { from: format.day(zone.compliantFrom) })}
                        {zone.compliantUntil && ` — ${t('zones.until', { until: format.day(zone.compliantUntil) })}`}{' '}
                        <ToneBadge tone={zone.compliantToday ? 'green' : 'gray'}>{t(zone.compliantToday ? 'zones.compliant' : 'zones.notCompliant')}</ToneBadge>
                      </Table.Td>
                      <Table.Td dir="auto">
                        {zone.legalBasis}
                        {zone.decisionId && (
                          <>
                            {' '}
                            <Anchor component={Link} to={`/decisions/${zone.decisionId}`} fz="sm">
                              {t('zones.decision')}
                            </Anchor>
                          </>
                        )}
                      </Table.Td>
                      {chair && (
                        <Table.Td>
                          {zone.compliantUntil === null && (
                            <Button size="xs" variant="light" onClick={() => setEnding(zone)}>
                              {t('zones.end')}
                            </Button>
                          )}
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </Loaded>
      {chair && (
        <Group>
          <Button variant="light" onClick={() => setAdding(true)} data-testid="zone-add">
            {t('zones.add')}
          </Button>
        </Group>
      )}
      <ZoneForm
        participantCode={participantCode}
        opened={adding}
        onClose={() => setAdding(false)}
        onSaved={() => {
          setAdding(false);
          setNotice(t('zones.listed'));
          zones.reload();
        }}
      />
      <EndZoneForm
        participantCode={participantCode}
        zone={ending}
        onClose={() => setEnding(null)}
        onSaved={() => {
          setEnding(null);
          setNotice(t('zones.ended'));
          zones.reload();
        }}
      />
    </Section>
  );
}

function ZoneForm({ participantCode, opened, onClose, onSaved }: { participantCode: string; opened: boolean; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState({ name: '', description: '', compliantFrom: '', legalBasis: '', decisionId: '' });
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const submit = () => {
    const problems: Record<string, string> = {};
    if (!values.name.trim()) problems.name = t('validation.required');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.compliantFrom)) problems.compliantFrom = t('validation.date');
    if (values.legalBasis.trim().length < 3) problems.legalBasis = t('validation.required');
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    void attempt(async () => {
      await api(`/api/participants/${participantCode}/zones`, {
        method: 'POST',
        body: {
          name: values.name.trim(),
          description: values.description.trim() || null,
          compliantFrom: values.compliantFrom,
          legalBasis: values.legalBasis.trim(),
          ...(values.decisionId.trim() ? { decisionId: values.decisionId.trim() } : {}),
        },
      });
      setValues({ name: '', description: '', compliantFrom: '', legalBasis: '', decisionId: '' });
      onSaved();
    });
  };
  const field = (key: keyof typeof values) => ({
    value: values[key],
    error: errors[key],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setValues((current) => ({ ...current, [key]: value }));
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('zones.add')}>
      <Stack>
        <ErrorAlert error={error} />
        <TextInput label={t('zones.name')} required {...field('name')} />
        <Textarea label={t('zones.description')} {...field('description')} />
        <TextInput label={t('zones.compliantFrom')} placeholder="YYYY-MM-DD" required {...field('compliantFrom')} />
        <TextInput label={t('zones.legalBasis')} required {...field('legalBasis')} />
        <TextInput label={t('zones.decisionId')} {...field('decisionId')} />
        <Button onClick={submit} loading={busy}>
          {t('zones.save')}
        </Button>
      </Stack>
    </Modal>
  );
}

function EndZoneForm({ participantCode, zone, onClose, onSaved }: { participantCode: string; zone: CompliantZone | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [compliantUntil, setCompliantUntil] = useState('');
  const [legalBasis, setLegalBasis] = useState('');
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const submit = () => {
    const problems: Record<string, string> = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(compliantUntil)) problems.compliantUntil = t('validation.date');
    if (legalBasis.trim().length < 3) problems.legalBasis = t('validation.required');
    setErrors(problems);
    if (Object.keys(problems).length > 0 || !zone) return;
    void attempt(async () => {
      await api(`/api/participants/${participantCode}/zones/${zone.id}/end`, { method: 'POST', body: { compliantUntil, legalBasis: legalBasis.trim() } });
      setCompliantUntil('');
      setLegalBasis('');
      onSaved();
    });
  };
  return (
    <Modal opened={zone !== null} onClose={onClose} title={t('zones.endTitle', { zone: zone?.name ?? '' })}>
      <Stack>
        <ErrorAlert error={error} />
        <TextInput label={t('zones.compliantUntil')} placeholder="YYYY-MM-DD" required value={compliantUntil} error={errors.compliantUntil} onChange={(event) => setCompliantUntil(event.currentTarget.value)} />
        <TextInput label={t('zones.legalBasis')} required value={legalBasis} error={errors.legalBasis} onChange={(event) => setLegalBasis(event.currentTarget.value)} />
        <Button onClick={submit} loading={busy}>
          {t('zones.end')}
        </Button>
      </Stack>
    </Modal>
  );
}
