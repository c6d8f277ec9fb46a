import { Anchor, Button, Group, List, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError, type AnnualReport, type ReportContent, type ReportPart, type ReportSection } from '../api.ts';
import {
  AnnualReportFigures,
  AnnualReportFiles,
  AnnualReportStatusBadge,
  LateBadge,
  REPORT_PARTS,
  REPORT_SECTIONS,
  sectionPathLabel,
} from '../components/AnnualReportParts.tsx';
import { MessageByline, QuestionThread } from '../components/QuestionThread.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { AttachFileForm } from '../components/AttachFileForm.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { SharingControl } from '../components/SharingControl.tsx';
import { KeyValueTable, type KeyValueRow } from '../components/KeyValueTable.tsx';
import { MessageForm } from '../components/MessageForm.tsx';
import { Notice } from '../components/Notice.tsx';
import { Loaded, Page, Section } from '../components/Page.tsx';
import { useCountryNames } from '../countries.ts';
import { useFormat } from '../format.ts';
import { can } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { useSubmission } from '../useSubmission.ts';
import { NotFoundUnless } from './NotFoundPage.tsx';

type NoticeKind = 'saved' | 'submitted' | 'attached' | 'asked' | 'answered' | 'commented' | 'sharing';
type Message = AnnualReport['messages'][number];
/** The server's limit on an attachment (REPORT_FILE_MAX_BYTES, 5 MB by default). */
const MAX_MESSAGE = 8000;

/** `/annual-reports/:code/:year`: a participant's annual report, its drafting, submission and review. */
export function AnnualReportPage() {
  const { code = '', year = '' } = useParams();
  return (
    <NotFoundUnless allowed={can.readAnnualReports} valid={/^[A-Z]{2}$/.test(code) && /^\d{4}$/.test(year)}>
      <AnnualReportView code={code} year={Number(year)} />
    </NotFoundUnless>
  );
}

function AnnualReportView({ code, year }: { code: string; year: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const loaded = useApi<AnnualReport>(`/api/participants/${code}/annual-reports/${year}`);
  const [updated, setUpdated] = useState<AnnualReport | null>(null);
  const [notice, setNotice] = useState<NoticeKind | null>(null);
  // an action's answer until the next load (a new language) replaces it
  useEffect(() => setUpdated(null), [loaded.data]);
  const report = updated ?? loaded.data;

  const saved = (next: AnnualReport, kind: NoticeKind) => {
    setUpdated(next);
    setNotice(kind);
  };

  return (
    <Page title={t('annualReports.reportTitle', { year, participant: names.name(code) })}>
      <Anchor component={Link} to={`/annual-reports?year=${year}`} fz="sm">
        {t('annualReports.back')}
      </Anchor>
      <Notice testId="report-notice">{notice ? t(`annualReports.notice.${notice}`) : ''}</Notice>
      <Loaded ready={report !== null} error={loaded.error}>
        {() => <ReportBody report={report!} onSaved={saved} clearNotice={() => setNotice(null)} />}
      </Loaded>
    </Page>
  );
}

function ReportBody({ report: r, onSaved, clearNotice }: { report: AnnualReport; onSaved: (report: AnnualReport, notice: NoticeKind) => void; clearNotice: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const submitted = r.status === 'submitted';
  const rows: KeyValueRow[] = [
    [t('annualReports.statusLabel'), <AnnualReportStatusBadge key="s" status={r.status} />],
    [t('annualReports.dueOnLabel'), format.day(r.dueOn)],
    [t('annualReports.lateLabel'), <LateBadge key="l" late={r.late} submitted={submitted} />],
    ...(r.updatedAt ? [[t('annualReports.updatedAt'), format.dateTime(r.updatedAt)] as KeyValueRow] : []),
    ...(r.submittedAt ? [[t('annualReports.submittedOn'), format.dateTime(r.submittedAt)] as KeyValueRow] : []),
    ...(submitted
      ? [
          [
            t('sharing.sharedLabel'),
            <SharingControl<AnnualReport>
              key="o"
              shared={r.sharedWithObservers}
              canShare={r.can.share}
              url={`/api/participants/${r.participantCode}/annual-reports/${r.year}/sharing`}
              onSaved={(next) => onSaved(next, 'sharing')}
            />,
          ] as KeyValueRow,
        ]
      : []),
  ];

  return (
    <Stack gap="lg">
      <Section title={t('annualReports.summary')} testId="report-summary">
        <KeyValueTable caption={t('annualReports.summary')} rows={rows} />
      </Section>

      {r.can.edit ? <ReportForm report={r} onSaved={onSaved} clearNotice={clearNotice} /> : <ReportText report={r} />}

      <Section title={t('annualReports.figures.title', { year: r.year })} testId="report-statistics">
        <AnnualReportFigures statistics={r.statistics} submitted={submitted} submittedAt={r.submittedAt} />
      </Section>

      <Section title={t('annualReports.files.title')} testId="report-attachments">
        <AnnualReportFiles report={r} />
        {r.can.edit && <AttachForm report={r} onSaved={(next) => onSaved(next, 'attached')} />}
      </Section>

      <ReviewThread report={r} onSaved={onSaved} />
    </Stack>
  );
}

/** The report as submitted (or as drafted, to readers who do not write it). */
function ReportText({ report: r }: { report: AnnualReport }) {
  const { t } = useTranslation();
  return (
    <>
      {REPORT_PARTS.map((part) => (
        <Section key={part} title={t(`annualReports.parts.${part}`)} testId={`report-${part}`}>
          <Text fz="sm">{t(`annualReports.partHint.${part}`)}</Text>
          {REPORT_SECTIONS.map((section) => (
            <Stack key={section} gap={2}>
              <Title order={3} size="h5">
                {t(`annualReports.sections.${section}`)}
              </Title>
              {r.content[part][section].trim() ? (
                <Text className="preserve-lines" dir="auto" fz="sm" data-testid={`answer-${part}.${section}`}>
                  {r.content[part][section]}
                </Text>
              ) : (
                <Text fz="sm" fs="italic">
                  {t('annualReports.notAnswered')}
                </Text>
              )}
            </Stack>
          ))}
        </Section>
      ))}
    </>
  );
}

/** The draft: every section of both parts, saved whole; submission first saves what is on screen. */
function ReportForm({ report: r, onSaved, clearNotice }: { report: AnnualReport; onSaved: (report: AnnualReport, notice: NoticeKind) => void; clearNotice: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [content, setContent] = useState<ReportContent>(() => structuredClone(r.content));
  const [missing, setMissing] = useState<Set<string>>(new Set());
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  const { busy, error, attempt } = useSubmission();
  const base = `/api/participants/${r.participantCode}/annual-reports/${r.year}`;

  const change = (part: ReportPart, section: ReportSection, value: string) => {
    setContent((current) => ({ ...current, [part]: { ...current[part], [section]: value } }));
    if (value.trim() && missing.has(`${part}.${section}`)) setMissing((current) => new Set([...current].filter((path) => path !== `${part}.${section}`)));
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    setSubmitError(null);
    clearNotice();
    await attempt(async () => {
      onSaved(await api<AnnualReport>(base, { method: 'PUT', body: { content } }), 'saved');
    });
  }

  async function submit() {
    setSubmitError(null);
    clearNotice();
    try {
      await api<AnnualReport>(base, { method: 'PUT', body: { content } });
      const next = await api<AnnualReport>(`${base}/submit`, { method: 'POST' });
      setConfirming(false);
      onSaved(next, 'submitted');
    } catch (caught) {
      // the empty sections are marked on the form itself, not only in the dialog
      if (caught instanceof ApiError && caught.code === 'ANNUAL_REPORT_INCOMPLETE') {
        const sections = (caught.details as { sections?: unknown } | undefined)?.sections;
        setMissing(new Set(Array.isArray(sections) ? sections.map(String) : []));
        setSubmitError(caught);
        setConfirming(false);
        return;
      }
      throw caught;
    }
  }

  return (
    <form onSubmit={save} noValidate data-testid="report-form">
      <Stack gap="lg">
        {REPORT_PARTS.map((part) => (
          <Section key={part} title={t(`annualReports.parts.${part}`)} testId={`report-${part}`}>
            <Text fz="sm">{t(`annualReports.partHint.${part}`)}</Text>
            {REPORT_SECTIONS.map((section) => {
              const path = `${part}.${section}`;
              return (
                <Textarea
                  key={section}
                  label={`${t(`annualReports.sections.${section}`)} (${t(`annualReports.partShort.${part}`)})`}
                  description={t(`annualReports.sectionHint.${section}`)}
                  autosize
                  minRows={2}
                  maxRows={14}
                  dir="auto"
                  value={content[part][section]}
                  error={missing.has(path) ? t('annualReports.sectionEmpty') : undefined}
                  onChange={(event) => change(part, section, event.currentTarget.value)}
                  data-testid={`field-${path}`}
                />
              );
            })}
          </Section>
        ))}
        <Paper withBorder p="md" radius="md">
          <Stack gap="sm">
            <ErrorAlert error={error} />
            {submitError !== null && (
              <div data-testid="submit-error">
                <ErrorAlert error={submitError} title={t('annualReports.incompleteTitle')} />
                {missing.size > 0 && (
                  <List size="sm" mt="xs" data-testid="missing-sections">
                    {[...missing].map((path) => (
                      <List.Item key={path}>{sectionPathLabel(path, t)}</List.Item>
                    ))}
                  </List>
                )}
              </div>
            )}
            <Text fz="sm">{t('annualReports.submitHint', { date: format.day(r.dueOn) })}</Text>
            <Group>
              <Button type="submit" variant="default" loading={busy}>
                {t('annualReports.saveDraft')}
              </Button>
              {r.can.submit && (
                <Button type="button" onClick={() => setConfirming(true)}>
                  {t('annualReports.submit')}
                </Button>
              )}
            </Group>
          </Stack>
        </Paper>
      </Stack>
      {confirming && (
        <ConfirmDialog
          title={t('annualReports.submitTitle', { year: r.year })}
          message={t('annualReports.submitMessage')}
          confirmLabel={t('annualReports.submit')}
          onClose={() => setConfirming(false)}
          onConfirm={submit}
        />
      )}
    </form>
  );
}

/** Attach a file to a section of the draft: read in the browser, sent as base64. */
function AttachForm({ report: r, onSaved }: { report: AnnualReport; onSaved: (report: AnnualReport) => void }) {
  const { t } = useTranslation();
  return (
    <AttachFileForm<ReportSection>
      id="annual-report-file"
      labels={{ title: 'annualReports.files.attachTitle', kind: 'annualReports.files.section', choose: 'annualReports.files.choose', attach: 'annualReports.files.attach', tooLarge: 'annualReports.files.tooLarge' }}
      kinds={REPORT_SECTIONS.map((value) => ({ value, label: t(`annualReports.sections.${value}`) }))}
      initialKind={REPORT_SECTIONS[0]}
      upload={async (section, file) => onSaved(await api<AnnualReport>(`/api/participants/${r.participantCode}/annual-reports/${r.year}/files`, { method: 'POST', body: { section, ...file } }))}
    />
  );
}

/** The WGM's review: questions (open ones highlighted) with their answers, and comments. */
function ReviewThread({ report: r, onSaved }: { report: AnnualReport; onSaved: (report: AnnualReport, notice: NoticeKind) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const questions = r.messages.filter((message) => message.kind === 'question');
  const comments = r.messages.filter((message) => message.kind === 'comment');
  const open = questions.filter((question) => question.answered === false).length;

  return (
    <Section title={t('annualReports.review.title')} testId="report-review">
      <Text fz="sm">{r.status === 'submitted' ? t('annualReports.review.intro') : t('annualReports.review.notYet')}</Text>
      {open > 0 && (
        <Text fw={600} style={{ color: '#5c4400' }} data-testid="open-count">
          {t('annualReports.review.openCount', { formatted: format.number(open) })}
        </Text>
      )}
      <Title order={3} size="h4">
        {t('annualReports.review.questions')}
      </Title>
      <QuestionThread
        messages={r.messages}
        keys={{ none: 'annualReports.review.noQuestions', open: 'annualReports.review.open', answered: 'annualReports.review.answered', answer: 'annualReports.review.answer' }}
        answerForm={(question) =>
          r.can.answer && (
            <ReviewMessageForm
              report={r}
              kind="answer"
              questionId={question.id}
              label={t('annualReports.review.yourAnswer')}
              button={t('annualReports.review.sendAnswer')}
              onSaved={(next) => onSaved(next, 'answered')}
            />
          )
        }
      />
      {r.can.ask && (
        <ReviewMessageForm report={r} kind="question" label={t('annualReports.review.question')} button={t('annualReports.review.ask')} onSaved={(next) => onSaved(next, 'asked')} />
      )}
      <Title order={3} size="h4">
        {t('annualReports.review.comments')}
      </Title>
      {comments.length === 0 ? (
        <Text fz="sm">{t('annualReports.review.noComments')}</Text>
      ) : (
        <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="comments">
          {comments.map((comment) => (
            <Paper key={comment.id} withBorder p="sm" radius="sm" component="li">
              <Text fz="sm" fw={600}>
                <MessageByline message={comment} />
              </Text>
              <Text fz="sm" className="preserve-lines" dir="auto">
                {comment.body}
              </Text>
            </Paper>
          ))}
        </Stack>
      )}
      {r.can.comment && (
        <ReviewMessageForm report={r} kind="comment" label={t('annualReports.review.comment')} button={t('annualReports.review.addComment')} onSaved={(next) => onSaved(next, 'commented')} />
      )}
    </Section>
  );
}


/** A question, an answer to one, or a comment, in the UI language. */
function ReviewMessageForm({
  report: r,
  kind,
  questionId,
  label,
  button,
  onSaved,
}: {
  report: AnnualReport;
  kind: Message['kind'];
  questionId?: string;
  label: string;
  button: string;
  onSaved: (report: AnnualReport) => void;
}) {
  const format = useFormat();
  const send = async (body: string) => {
    const payload = { kind, body, language: format.language, ...(questionId && { questionId }) };
    onSaved(await api<AnnualReport>(`/api/participants/${r.participantCode}/annual-reports/${r.year}/messages`, { method: 'POST', body: payload }));
  };
  return <MessageForm label={label} button={button} maxLength={MAX_MESSAGE} dir="auto" testId={`${kind}-form`} send={send} />;
}
