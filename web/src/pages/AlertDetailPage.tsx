import { Anchor, Button, Group, List, NativeSelect, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { api, type CloseOutcome, type Report } from '../api.ts';
import { useMe } from '../auth.tsx';
import { useCountryNames } from '../countries.ts';
import { ReportStatusBadge } from '../components/Badges.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { KeyValueTable, type KeyValueRow } from '../components/KeyValueTable.tsx';
import { MessageForm } from '../components/MessageForm.tsx';
import { Notice } from '../components/Notice.tsx';
import { Loaded, Page, Section } from '../components/Page.tsx';
import { useFormat } from '../format.ts';
import { can } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { useSubmission } from '../useSubmission.ts';
import { NotFoundUnless } from './NotFoundPage.tsx';
import { formatSize } from '../components/AttachmentsTable.tsx';

const OUTCOMES: CloseOutcome[] = ['confirmed_fraudulent', 'unfounded', 'resolved'];

/** `/alerts/:id`: one report, its evidence, the comments of the participants concerned, and closing it. */
export function AlertDetailPage() {
  const { id = '' } = useParams();
  return (
    <NotFoundUnless allowed={can.readReports} valid={/^[\w-]{1,64}$/.test(id)}>
      <AlertView id={id} />
    </NotFoundUnless>
  );
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
      {notice && <Notice>{notice}</Notice>}
      <Loaded ready={report !== null} error={loaded.error}>
        {() => {
          const r = report!;
          const rows: KeyValueRow[] = [
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
            ...(r.closedAt ? [[t('alerts.closedAt'), format.dateTime(r.closedAt)] as KeyValueRow] : []),
            ...(r.resolution ? [[t('alerts.resolution'), <span key="r" className="preserve-lines">{r.resolution}</span>] as KeyValueRow] : []),
          ];
          return (
            <Stack gap="lg">
              <Section title={t('alerts.summary')} testId="alert-summary">
                <KeyValueTable caption={t('alerts.summary')} rows={rows} />
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
                {r.status === 'open' && (
                  <MessageForm
                    label={t('alerts.comment')}
                    button={t('alerts.addComment')}
                    maxLength={8000}
                    send={async (body) => setUpdated(await api<Report>(`/api/reports/${r.id}/comments`, { method: 'POST', body: { body } }))}
                  />
                )}
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
