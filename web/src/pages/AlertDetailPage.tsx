import { Anchor, Button, Group, List, NativeSelect, Paper, Stack, Table, Text, Textarea, Title, VisuallyHidden } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { api, type CloseOutcome, type Report } from '../api.ts';
import { useMe } from '../auth.tsx';
import { useCountryNames } from '../countries.ts';
import { ReportStatusBadge } from '../components/Badges.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loaded, Page, Section } from '../components/Page.tsx';
import { useFormat } from '../format.ts';
import { can } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { useSubmission } from '../useSubmission.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

const OUTCOMES: CloseOutcome[] = ['confirmed_fraudulent', 'unfounded', 'resolved'];

function formatSize(bytes: number, language: string): string {
  const unit = bytes >= 1_048_576 ? 'megabyte' : bytes >= 1024 ? 'kilobyte' : 'byte';
  const value = unit === 'megabyte' ? bytes / 1_048_576 : unit === 'kilobyte' ? bytes / 1024 : bytes;
  return new Intl.NumberFormat(language, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}

/** `/alerts/:id`: one report, its evidence, the comments of the participants concerned, and closing it. */
export function AlertDetailPage() {
  const { id = '' } = useParams();
  const me = useMe();
  if (!can.readReports(me) || !/^[\w-]{1,64}$/.test(id)) return <NotFoundPage />;
  return <AlertView id={id} />;
}

function AlertView({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const location = useLocation();
  const loaded = useApi<Report>(`/api/reports/${id}`);
  const [updated, setUpdated] = useState<Report | null>(null);
  const report = updated ?? loaded.data;
  const notice = (location.state as { notice?: string } | null)?.notice === 'reported' ? t('alerts.reportedNotice') : null;

  return (
    <Page title={t('alerts.detailTitle', { number: report?.certificateNumber ?? '' })}>
      <Anchor component={Link} to="/alerts" fz="sm">
        {t('alerts.back')}
      </Anchor>
      {notice && (
        <div role="status" style={{ color: '#14532d', fontWeight: 600 }}>
          {notice}
        </div>
      )}
      <Loaded ready={report !== null} error={loaded.error}>
        {() => {
          const r = report!;
          const rows: [string, ReactNode][] = [
            [t('alerts.status'), <ReportStatusBadge key="s" status={r.status} />],
            [t('alerts.kind'), t(`reportKind.${r.kind}`)],
            [
              t('certificates.number'),
              r.certificateKnown && can.readCertificates(me) ? (
                <Anchor key="n" component={Link} to={`/certificates/${r.certificateNumber}`} className="mono">
                  {r.certificateNumber}
                </Anchor>
              ) : (
                <span key="n" className="mono">
                  {r.certificateNumber}
                  {!r.certificateKnown && ` — ${t('alerts.notInRegister')}`}
                </span>
              ),
            ],
            [t('alerts.issuingParticipant'), r.issuingParticipant ? names.name(r.issuingParticipant) : t('alerts.unknownIssuer')],
            [t('alerts.reportedBy'), `${r.reportedBy}${r.reportingParticipant ? ` (${names.name(r.reportingParticipant)})` : ''}`],
            [t('alerts.reportedAt'), format.dateTime(r.reportedAt)],
            ...(r.closedAt ? [[t('alerts.closedAt'), format.dateTime(r.closedAt)] as [string, ReactNode]] : []),
            ...(r.resolution ? [[t('alerts.resolution'), <span key="r" className="preserve-lines">{r.resolution}</span>] as [string, ReactNode]] : []),
          ];
          return (
            <Stack gap="lg">
              <Section title={t('alerts.summary')} testId="alert-summary">
                <Table verticalSpacing={6} layout="fixed">
                  <VisuallyHidden component="caption">{t('alerts.summary')}</VisuallyHidden>
                  <Table.Tbody>
                    {rows.map(([label, value]) => (
                      <Table.Tr key={label}>
                        <Table.Th scope="row" w="35%" fw={600}>
                          {label}
                        </Table.Th>
                        <Table.Td style={{ overflowWrap: 'anywhere' }}>{value}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                <Title order={3} size="h4">
                  {t('alerts.description')}
                </Title>
                <Text className="preserve-lines" data-testid="alert-description">
                  {r.description}
                </Text>
              </Section>

              <Section title={t('alerts.files')} testId="alert-files">
                {r.files.length === 0 ? (
                  <Text fz="sm">{t('alerts.noFiles')}</Text>
                ) : (
                  <List spacing={4}>
                    {r.files.map((file) => (
                      <List.Item key={file.id}>
                        <Anchor href={`/api/reports/${r.id}/files/${file.id}`} download={file.fileName}>
                          {file.fileName}
                        </Anchor>{' '}
                        <Text span fz="sm">
                          ({file.mediaType}, {formatSize(file.size, format.language)})
                        </Text>
                        <Text fz="xs" className="mono" title={file.sha256}>
                          SHA-256 {file.sha256.slice(0, 16)}…
                        </Text>
                      </List.Item>
                    ))}
                  </List>
                )}
              </Section>

              <Section title={t('alerts.comments')} testId="alert-comments">
                {r.comments.length === 0 ? (
                  <Text fz="sm">{t('alerts.noComments')}</Text>
                ) : (
                  <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                    {r.comments.map((comment) => (
                      <Paper key={comment.id} withBorder p="sm" radius="sm" component="li">
                        <Text fz="sm" fw={600}>
                          {comment.authorLabel}
                          {comment.participantCode ? ` — ${names.name(comment.participantCode)}` : ''} · {format.dateTime(comment.createdAt)}
                        </Text>
                        <Text fz="sm" className="preserve-lines">
                          {comment.body}
                        </Text>
                      </Paper>
                    ))}
                  </Stack>
                )}
                {r.status === 'open' && <CommentForm reportId={r.id} onSaved={setUpdated} />}
              </Section>

              {r.status === 'open' && can.closeReport(me, r.issuingParticipant) && (
                <Section title={t('alerts.closeTitle')} testId="alert-close">
                  <CloseForm reportId={r.id} onSaved={setUpdated} />
                </Section>
              )}
            </Stack>
          );
        }}
      </Loaded>
    </Page>
  );
}

function CommentForm({ reportId, onSaved }: { reportId: string; onSaved: (report: Report) => void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const { busy, error, errors, setErrors, attempt } = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = body.trim();
    if (!trimmed) return setErrors({ body: t('validation.required') });
    if (trimmed.length > 8000) return setErrors({ body: t('validation.maxLength', { max: 8000 }) });
    setErrors({});
    await attempt(async () => {
      onSaved(await api<Report>(`/api/reports/${reportId}/comments`, { method: 'POST', body: { body: trimmed } }));
      setBody('');
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <ErrorAlert error={error} />
        <Textarea label={t('alerts.comment')} required autosize minRows={2} value={body} error={errors.body} onChange={(event) => setBody(event.currentTarget.value)} />
        <Group>
          <Button type="submit" loading={busy}>
            {t('alerts.addComment')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CloseForm({ reportId, onSaved }: { reportId: string; onSaved: (report: Report) => void }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<CloseOutcome | ''>('');
  const [note, setNote] = useState('');
  const { busy, error, errors, setErrors, attempt } = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!outcome) found.outcome = t('validation.required');
    if (!note.trim()) found.note = t('validation.required');
    else if (note.trim().length > 4000) found.note = t('validation.maxLength', { max: 4000 });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    await attempt(async () => {
      onSaved(await api<Report>(`/api/reports/${reportId}/close`, { method: 'POST', body: { outcome, note: note.trim() } }));
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text fz="sm">{t('alerts.closeIntro')}</Text>
        <ErrorAlert error={error} />
        <NativeSelect label={t('alerts.outcome')} required value={outcome} error={errors.outcome} onChange={(event) => setOutcome(event.currentTarget.value as CloseOutcome)} w={320}>
          <option value="">{t('common.choose')}</option>
          {OUTCOMES.map((value) => (
            <option key={value} value={value}>
              {t(`closeOutcome.${value}`)}
            </option>
          ))}
        </NativeSelect>
        <Textarea label={t('alerts.note')} required autosize minRows={2} value={note} error={errors.note} onChange={(event) => setNote(event.currentTarget.value)} />
        <Group>
          <Button type="submit" color={outcome === 'confirmed_fraudulent' ? 'red' : undefined} loading={busy}>
            {t('alerts.close')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
