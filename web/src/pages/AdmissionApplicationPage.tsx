import { Anchor, Button, Group, List, NativeSelect, Paper, Radio, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { canAdmission, CRITERIA, FILE_KINDS, FINDING_RESULTS, type AdmissionApplication, type ApplicationContent, type Criterion, type FindingResult } from '../admission.ts';
import { api, ApiError } from '../api.ts';
import { AdmissionStageBadge } from '../components/AdmissionParts.tsx';
import { AttachmentsTable } from '../components/AttachmentsTable.tsx';
import { MessageByline, QuestionThread } from '../components/QuestionThread.tsx';
import { ToneBadge } from '../components/Badges.tsx';
import { CaptionedTable } from '../components/CaptionedTable.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { AttachFileForm } from '../components/AttachFileForm.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { KeyValueTable, type KeyValueRow } from '../components/KeyValueTable.tsx';
import { MessageForm } from '../components/MessageForm.tsx';
import { Notice } from '../components/Notice.tsx';
import { Loaded, Page, Section } from '../components/Page.tsx';
import { ReasonDialog } from '../components/ReasonDialog.tsx';
import { useCountryNames } from '../countries.ts';
import { useFormat } from '../format.ts';
import { useApi } from '../useApi.ts';
import { useSubmission } from '../useSubmission.ts';
import { NotFoundUnless } from './NotFoundPage.tsx';

type NoticeKind = 'saved' | 'submitted' | 'attached' | 'started' | 'assessed' | 'recommended' | 'asked' | 'answered' | 'commented' | 'withdrawn';
type Message = AdmissionApplication['messages'][number];
type FileKind = AdmissionApplication['files'][number]['kind'];
/** The server's limit on a document (REPORT_FILE_MAX_BYTES, 5 MB by default). */
const MAX_MESSAGE = 8000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `/admission/:id`: one application for admission, with the forms of whoever may act on it now. */
export function AdmissionApplicationPage() {
  const { id = '' } = useParams();
  return (
    <NotFoundUnless allowed={canAdmission.read} valid={UUID.test(id)}>
      <ApplicationView id={id} />
    </NotFoundUnless>
  );
}

function ApplicationView({ id }: { id: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const loaded = useApi<AdmissionApplication>(`/api/admission/applications/${id}`);
  const [updated, setUpdated] = useState<AdmissionApplication | null>(null);
  const [notice, setNotice] = useState<NoticeKind | null>(null);
  useEffect(() => setUpdated(null), [loaded.data]);
  const application = updated ?? loaded.data;
  const saved = (next: AdmissionApplication, kind: NoticeKind) => {
    setUpdated(next);
    setNotice(kind);
  };
  return (
    <Page title={application ? t('admission.applicationTitle', { reference: application.reference, applicant: names.name(application.applicantCode) }) : t('admission.title')}>
      <Anchor component={Link} to="/admission" fz="sm">
        {t('admission.back')}
      </Anchor>
      <Notice testId="application-notice">{notice ? t(`admission.notice.${notice}`) : ''}</Notice>
      <Loaded ready={application !== null} error={loaded.error}>
        {() => <ApplicationBody application={application!} onSaved={saved} clearNotice={() => setNotice(null)} />}
      </Loaded>
    </Page>
  );
}

type Saved = (application: AdmissionApplication, notice: NoticeKind) => void;

function ApplicationBody({ application: a, onSaved, clearNotice }: { application: AdmissionApplication; onSaved: Saved; clearNotice: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const [withdrawing, setWithdrawing] = useState(false);
  const rows: KeyValueRow[] = [
    [t('admission.reference'), a.reference],
    [t('admission.applicant'), <Anchor key="p" component={Link} to={`/participants/${a.applicantCode}`}>{names.name(a.applicantCode)}</Anchor>],
    [t('admission.stageLabel'), <AdmissionStageBadge key="s" stage={a.stage} />],
    ...(a.submittedAt ? [[t('admission.submittedOn'), format.dateTime(a.submittedAt)] as KeyValueRow] : []),
    ...(a.recommendation ? [[t('admission.recommendationLabel'), t(`admission.recommendation.${a.recommendation}`)] as KeyValueRow] : []),
    ...(a.decision
      ? [[t('admission.decisionLabel'), <Anchor key="d" component={Link} to={`/decisions/${a.decision.id}`}>{`${a.decision.reference} — ${t(`admission.decisionStatus.${a.decision.status}`)}`}</Anchor>] as KeyValueRow]
      : []),
    ...(a.admittedOn ? [[t('admission.admittedOn'), format.day(a.admittedOn)] as KeyValueRow] : []),
  ];
  return (
    <Stack gap="lg">
      <Section title={t('admission.summary')} testId="application-summary">
        <KeyValueTable caption={t('admission.summary')} rows={rows} />
        {(a.can.proposeDecision || a.can.withdraw) && (
          <Group>
            {a.can.proposeDecision && (
              <Button
                component={Link}
                to={`/decisions/new?participant=${a.applicantCode}&status=participant&title=${encodeURIComponent(t('admission.decisionTitle', { applicant: names.name(a.applicantCode) }))}&body=${encodeURIComponent(t('admission.decisionBody', { applicant: names.name(a.applicantCode), reference: a.reference }))}`}
                data-testid="propose-decision"
              >
                {t('admission.proposeDecision')}
              </Button>
            )}
            {a.can.withdraw && (
              <Button variant="default" color="red" onClick={() => setWithdrawing(true)}>
                {t('admission.withdraw')}
              </Button>
            )}
          </Group>
        )}
        {a.can.proposeDecision && <Text fz="sm">{t('admission.proposeHint')}</Text>}
      </Section>

      {a.can.edit ? <ApplicationForm application={a} onSaved={onSaved} clearNotice={clearNotice} /> : <ApplicationText application={a} />}

      <Section title={t('admission.files.title')} testId="application-files">
        {a.files.length === 0 ? (
          <Text fz="sm">{t('admission.files.none')}</Text>
        ) : (
          <AttachmentsTable
            files={a.files}
            testId="application-file-list"
            caption={t('admission.files.title')}
            headings={{ group: t('admission.files.kind'), file: t('admission.files.file'), size: t('admission.files.size') }}
            group={(file) => t(`admission.fileKind.${file.kind}`)}
            href={(file) => `/api/admission/applications/${a.id}/files/${file.id}`}
          />
        )}
        {a.can.edit && <AttachForm application={a} onSaved={(next) => onSaved(next, 'attached')} />}
      </Section>

      {a.status !== 'draft' && <AssessmentSection application={a} onSaved={onSaved} />}
      {a.status !== 'draft' && <Exchange application={a} onSaved={onSaved} />}

      {withdrawing && (
        <ReasonDialog
          title={t('admission.withdrawTitle', { reference: a.reference })}
          message={t('admission.withdrawMessage')}
          label={t('admission.withdrawNote')}
          confirmLabel={t('admission.withdraw')}
          danger
          onClose={() => setWithdrawing(false)}
          onConfirm={async (note) => {
            const next = await api<AdmissionApplication>(`/api/admission/applications/${a.id}/withdraw`, { method: 'POST', body: { note } });
            setWithdrawing(false);
            onSaved(next, 'withdrawn');
          }}
        />
      )}
    </Stack>
  );
}

/** The file as submitted (or as drafted, to its readers). */
function ApplicationText({ application: a }: { application: AdmissionApplication }) {
  const { t } = useTranslation();
  const text = (value: string, testId: string) =>
    value.trim() ? (
      <Text className="preserve-lines" dir="auto" fz="sm" data-testid={testId}>
        {value}
      </Text>
    ) : (
      <Text fz="sm" fs="italic">
        {t('admission.notProvided')}
      </Text>
    );
  return (
    <Section title={t('admission.content')} testId="application-content">
      <Title order={3} size="h5">
        {t('admission.fields.legislation')}
      </Title>
      {text(a.content.legislation, 'content-legislation')}
      <Title order={3} size="h5">
        {t('admission.fields.authorities')}
      </Title>
      <PeopleTable rows={a.content.authorities.map((row) => [row.name, row.address, row.email, row.phone])} caption={t('admission.fields.authorities')} heads={[t('admission.fields.name'), t('admission.fields.address'), t('admission.fields.email'), t('admission.fields.phone')]} testId="content-authorities" />
      <Title order={3} size="h5">
        {t('admission.fields.contacts')}
      </Title>
      <PeopleTable rows={a.content.contacts.map((row) => [row.name, row.position, row.email, row.phone])} caption={t('admission.fields.contacts')} heads={[t('admission.fields.name'), t('admission.fields.position'), t('admission.fields.email'), t('admission.fields.phone')]} testId="content-contacts" />
      <Title order={3} size="h5">
        {t('admission.fields.internalControls')}
      </Title>
      {text(a.content.internalControls, 'content-internal-controls')}
      <Title order={3} size="h5">
        {t('admission.fields.statisticsCapability')}
      </Title>
      {text(a.content.statisticsCapability, 'content-statistics')}
    </Section>
  );
}

function PeopleTable({ rows, caption, heads, testId }: { rows: string[][]; caption: string; heads: string[]; testId: string }) {
  const { t } = useTranslation();
  if (rows.length === 0) return <Text fz="sm" fs="italic">{t('admission.notProvided')}</Text>;
  return (
    <CaptionedTable caption={caption} testId={testId} head={heads.map((head) => <Table.Th key={head} scope="col">{head}</Table.Th>)}>
      {rows.map((row, index) => (
        <Table.Tr key={index}>
          {row.map((cell, column) => (
            <Table.Td key={column} dir="auto" style={{ overflowWrap: 'anywhere' }}>
              {cell || '—'}
            </Table.Td>
          ))}
        </Table.Tr>
      ))}
    </CaptionedTable>
  );
}

const blankAuthority = () => ({ name: '', address: '', email: '', phone: '' });
const blankContact = () => ({ name: '', position: '', email: '', phone: '' });

/** The draft: every part, saved whole; submitting saves what is on screen first. */
function ApplicationForm({ application: a, onSaved, clearNotice }: { application: AdmissionApplication; onSaved: Saved; clearNotice: () => void }) {
  const { t } = useTranslation();
  const [content, setContent] = useState<ApplicationContent>(() => structuredClone(a.content));
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [missing, setMissing] = useState<string[] | null>(null);
  const [confirming, setConfirming] = useState(false);
  const { busy, error, attempt } = useSubmission();
  const base = `/api/admission/applications/${a.id}`;
  const set = <K extends keyof ApplicationContent>(key: K, value: ApplicationContent[K]) => setContent((current) => ({ ...current, [key]: value }));
  const shown = new Set(missing ?? []);

  async function save(event: FormEvent) {
    event.preventDefault();
    setSubmitError(null);
    clearNotice();
    await attempt(async () => onSaved(await api<AdmissionApplication>(base, { method: 'PUT', body: { content } }), 'saved'));
  }

  async function submit() {
    setSubmitError(null);
    clearNotice();
    try {
      await api<AdmissionApplication>(base, { method: 'PUT', body: { content } });
      const next = await api<AdmissionApplication>(`${base}/submit`, { method: 'POST' });
      setConfirming(false);
      onSaved(next, 'submitted');
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'ADMISSION_APPLICATION_INCOMPLETE') {
        const parts = (caught.details as { missing?: unknown } | undefined)?.missing;
        setMissing(Array.isArray(parts) ? parts.map(String) : []);
        setSubmitError(caught);
        setConfirming(false);
        return;
      }
      throw caught;
    }
  }

  const field = (key: 'legislation' | 'internalControls' | 'statisticsCapability', part: string) => (
    <Textarea
      label={t(`admission.fields.${key}`)}
      description={t(`admission.hints.${key}`)}
      autosize
      minRows={3}
      maxRows={14}
      dir="auto"
      value={content[key]}
      error={shown.has(part) ? t('admission.partMissing') : undefined}
      onChange={(event) => set(key, event.currentTarget.value)}
      data-testid={`field-${key}`}
    />
  );

  return (
    <form onSubmit={save} noValidate data-testid="application-form">
      <Stack gap="lg">
        <Section title={t('admission.content')} testId="application-content">
          <Text fz="sm">{t('admission.formIntro')}</Text>
          {field('legislation', 'legislation')}
          <Title order={3} size="h4">
            {t('admission.fields.authorities')}
          </Title>
          <Text fz="sm">{t('admission.hints.authorities')}</Text>
          {shown.has('authorities') && <Text c="red.9" fz="sm">{t('admission.partMissing')}</Text>}
          {content.authorities.map((authority, index) => (
            <Paper key={index} withBorder p="sm" radius="sm" data-testid="authority-row">
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                {(['name', 'address', 'email', 'phone'] as const).map((key) => (
                  <TextInput
                    key={key}
                    label={`${t(`admission.fields.${key}`)} (${t('admission.authorityNumber', { n: index + 1 })})`}
                    value={authority[key]}
                    dir="auto"
                    onChange={(event) => {
                      const value = event.currentTarget.value;
                      set('authorities', content.authorities.map((row, at) => (at === index ? { ...row, [key]: value } : row)));
                    }}
                    data-testid={`authority-${index}-${key}`}
                  />
                ))}
              </SimpleGrid>
              <Button variant="subtle" size="xs" mt="xs" onClick={() => set('authorities', content.authorities.filter((_, at) => at !== index))}>
                {t('admission.remove')}
              </Button>
            </Paper>
          ))}
          <Group>
            <Button variant="default" size="sm" onClick={() => set('authorities', [...content.authorities, blankAuthority()])} data-testid="add-authority">
              {t('admission.addAuthority')}
            </Button>
          </Group>
          <Title order={3} size="h4">
            {t('admission.fields.contacts')}
          </Title>
          {shown.has('contacts') && <Text c="red.9" fz="sm">{t('admission.partMissing')}</Text>}
          {content.contacts.map((contact, index) => (
            <Paper key={index} withBorder p="sm" radius="sm" data-testid="contact-row">
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                {(['name', 'position', 'email', 'phone'] as const).map((key) => (
                  <TextInput
                    key={key}
                    label={`${t(`admission.fields.${key}`)} (${t('admission.contactNumber', { n: index + 1 })})`}
                    value={contact[key]}
                    dir="auto"
                    onChange={(event) => {
                      const value = event.currentTarget.value;
                      set('contacts', content.contacts.map((row, at) => (at === index ? { ...row, [key]: value } : row)));
                    }}
                    data-testid={`contact-${index}-${key}`}
                  />
                ))}
              </SimpleGrid>
              <Button variant="subtle" size="xs" mt="xs" onClick={() => set('contacts', content.contacts.filter((_, at) => at !== index))}>
                {t('admission.remove')}
              </Button>
            </Paper>
          ))}
          <Group>
            <Button variant="default" size="sm" onClick={() => set('contacts', [...content.contacts, blankContact()])} data-testid="add-contact">
              {t('admission.addContact')}
            </Button>
          </Group>
          {field('internalControls', 'internal_controls')}
          {field('statisticsCapability', 'statistics_capability')}
        </Section>
        <Paper withBorder p="md" radius="md">
          <Stack gap="sm">
            <ErrorAlert error={error} />
            {submitError !== null && (
              <div data-testid="submit-error">
                <ErrorAlert error={submitError} title={t('admission.incompleteTitle')} />
                {missing && missing.length > 0 && (
                  <List size="sm" mt="xs" data-testid="missing-parts">
                    {missing.map((part) => (
                      <List.Item key={part}>{t(`admission.part.${part}`)}</List.Item>
                    ))}
                  </List>
                )}
              </div>
            )}
            {a.missing.length > 0 && submitError === null && <Text fz="sm">{t('admission.stillMissing', { parts: a.missing.map((part) => t(`admission.part.${part}`)).join(', ') })}</Text>}
            <Group>
              <Button type="submit" variant="default" loading={busy}>
                {t('admission.saveDraft')}
              </Button>
              {a.can.submit && (
                <Button type="button" onClick={() => setConfirming(true)}>
                  {t('admission.submit')}
                </Button>
              )}
            </Group>
          </Stack>
        </Paper>
      </Stack>
      {confirming && (
        <ConfirmDialog title={t('admission.submitTitle', { reference: a.reference })} message={t('admission.submitMessage')} confirmLabel={t('admission.submit')} onClose={() => setConfirming(false)} onConfirm={submit} />
      )}
    </form>
  );
}

/** Attach a document to the draft: read in the browser, sent as base64. */
function AttachForm({ application: a, onSaved }: { application: AdmissionApplication; onSaved: (application: AdmissionApplication) => void }) {
  const { t } = useTranslation();
  return (
    <AttachFileForm<FileKind>
      id="admission-file"
      labels={{ title: 'admission.files.attachTitle', kind: 'admission.files.kind', choose: 'admission.files.choose', attach: 'admission.files.attach', tooLarge: 'admission.files.tooLarge' }}
      kinds={FILE_KINDS.map((value) => ({ value, label: t(`admission.fileKind.${value}`) }))}
      initialKind="certificate_specimen"
      kindTestId="file-kind"
      upload={async (kind, file) => onSaved(await api<AdmissionApplication>(`/api/admission/applications/${a.id}/files`, { method: 'POST', body: { kind, ...file } }))}
    />
  );
}

const RESULT_TONE = { met: 'green', not_met: 'red', needs_info: 'yellow' } as const;

/** The CPC's assessment: taking the application up, findings per criterion, the recommendation. */
function AssessmentSection({ application: a, onSaved }: { application: AdmissionApplication; onSaved: Saved }) {
  const { t } = useTranslation();
  const start = useSubmission();
  const findings = a.assessment?.findings ?? {};
  if (!a.assessment && !a.can.startAssessment) return null;
  return (
    <Section title={t('admission.assessment.title')} testId="application-assessment">
      <Text fz="sm">{t('admission.assessment.intro')}</Text>
      {a.can.startAssessment && (
        <>
          <ErrorAlert error={start.error} />
          <Group>
            <Button
              loading={start.busy}
              onClick={() => start.attempt(async () => onSaved(await api<AdmissionApplication>(`/api/admission/applications/${a.id}/assessment/start`, { method: 'POST' }), 'started'))}
              data-testid="start-assessment"
            >
              {t('admission.assessment.start')}
            </Button>
          </Group>
        </>
      )}
      {a.can.assess ? (
        <FindingsForm application={a} onSaved={onSaved} />
      ) : (
        a.assessment && (
          <CaptionedTable
            caption={t('admission.assessment.findings')}
            testId="findings"
            head={
              <>
                <Table.Th scope="col">{t('admission.assessment.criterion')}</Table.Th>
                <Table.Th scope="col">{t('admission.assessment.result')}</Table.Th>
                <Table.Th scope="col">{t('admission.assessment.note')}</Table.Th>
              </>
            }
          >
            {CRITERIA.map((criterion) => {
              const finding = findings[criterion];
              return (
                <Table.Tr key={criterion}>
                  <Table.Th scope="row">{t(`admission.criterion.${criterion}`)}</Table.Th>
                  <Table.Td>{finding ? <ToneBadge tone={RESULT_TONE[finding.result]}>{t(`admission.result.${finding.result}`)}</ToneBadge> : '—'}</Table.Td>
                  <Table.Td dir="auto">{finding?.note || '—'}</Table.Td>
                </Table.Tr>
              );
            })}
          </CaptionedTable>
        )
      )}
      {a.assessment?.recommendationNote && (
        <Text fz="sm" data-testid="recommendation-note">
          <strong>{a.recommendation ? t(`admission.recommendation.${a.recommendation}`) : ''}</strong> — {a.assessment.recommendationNote}
        </Text>
      )}
      {a.can.assess && <RecommendationForm application={a} onSaved={onSaved} />}
    </Section>
  );
}

function FindingsForm({ application: a, onSaved }: { application: AdmissionApplication; onSaved: Saved }) {
  const { t } = useTranslation();
  const initial = a.assessment?.findings ?? {};
  const [values, setValues] = useState<Record<Criterion, { result: FindingResult | ''; note: string }>>(
    () => Object.fromEntries(CRITERIA.map((criterion) => [criterion, { result: (initial[criterion]?.result as FindingResult | undefined) ?? '', note: initial[criterion]?.note ?? '' }])) as Record<Criterion, { result: FindingResult | ''; note: string }>,
  );
  const { busy, error, attempt } = useSubmission();
  async function save(event: FormEvent) {
    event.preventDefault();
    const findings = Object.fromEntries(CRITERIA.filter((criterion) => values[criterion].result !== '').map((criterion) => [criterion, values[criterion]]));
    await attempt(async () => onSaved(await api<AdmissionApplication>(`/api/admission/applications/${a.id}/assessment`, { method: 'PUT', body: { findings } }), 'assessed'));
  }
  return (
    <form onSubmit={save} noValidate data-testid="findings-form">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('admission.assessment.findings')}
        </Title>
        <ErrorAlert error={error} />
        {CRITERIA.map((criterion) => (
          <Paper key={criterion} withBorder p="sm" radius="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NativeSelect
                label={t(`admission.criterion.${criterion}`)}
                value={values[criterion].result}
                onChange={(event) => {
                  const result = event.currentTarget.value as FindingResult | '';
                  setValues((current) => ({ ...current, [criterion]: { ...current[criterion], result } }));
                }}
                data={[{ value: '', label: t('admission.result.none') }, ...FINDING_RESULTS.map((value) => ({ value, label: t(`admission.result.${value}`) }))]}
                data-testid={`finding-${criterion}`}
              />
              <TextInput
                label={`${t('admission.assessment.note')} (${t(`admission.criterion.${criterion}`)})`}
                value={values[criterion].note}
                dir="auto"
                onChange={(event) => {
                  const note = event.currentTarget.value;
                  setValues((current) => ({ ...current, [criterion]: { ...current[criterion], note } }));
                }}
                data-testid={`finding-${criterion}-note`}
              />
            </SimpleGrid>
          </Paper>
        ))}
        <Group>
          <Button type="submit" variant="default" loading={busy} data-testid="save-findings">
            {t('admission.assessment.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RecommendationForm({ application: a, onSaved }: { application: AdmissionApplication; onSaved: Saved }) {
  const { t } = useTranslation();
  const [recommendation, setRecommendation] = useState<'admit' | 'do_not_admit'>('admit');
  const [note, setNote] = useState('');
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!note.trim()) return setErrors({ note: t('validation.required') });
    setErrors({});
    await attempt(async () =>
      onSaved(await api<AdmissionApplication>(`/api/admission/applications/${a.id}/recommendation`, { method: 'POST', body: { recommendation, note: note.trim() } }), 'recommended'),
    );
  }
  return (
    <form onSubmit={submit} noValidate data-testid="recommendation-form">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('admission.assessment.recommend')}
        </Title>
        <ErrorAlert error={error} />
        <Radio.Group label={t('admission.recommendationLabel')} value={recommendation} onChange={(value) => setRecommendation(value as 'admit' | 'do_not_admit')}>
          <Group mt={4}>
            <Radio value="admit" label={t('admission.recommendation.admit')} />
            <Radio value="do_not_admit" label={t('admission.recommendation.do_not_admit')} />
          </Group>
        </Radio.Group>
        <Textarea label={t('admission.assessment.recommendationNote')} value={note} error={errors.note} autosize minRows={2} dir="auto" onChange={(event) => setNote(event.currentTarget.value)} data-testid="recommendation-note-field" />
        <Group>
          <Button type="submit" loading={busy} data-testid="send-recommendation">
            {t('admission.assessment.sendRecommendation')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The CPC's questions with the applicant's answers, and comments. */
function Exchange({ application: a, onSaved }: { application: AdmissionApplication; onSaved: Saved }) {
  const { t } = useTranslation();
  const format = useFormat();
  const comments = a.messages.filter((message) => message.kind === 'comment');
  const send = (kind: Message['kind'], notice: NoticeKind, questionId?: string) => async (body: string) =>
    onSaved(await api<AdmissionApplication>(`/api/admission/applications/${a.id}/messages`, { method: 'POST', body: { kind, body, language: format.language, ...(questionId && { questionId }) } }), notice);
  return (
    <Section title={t('admission.exchange.title')} testId="application-exchange">
      <Title order={3} size="h4">
        {t('admission.exchange.questions')}
      </Title>
      <QuestionThread
        messages={a.messages}
        keys={{ none: 'admission.exchange.noQuestions', open: 'admission.exchange.open', answered: 'admission.exchange.answered', answer: 'admission.exchange.answer' }}
        answerForm={(question) =>
          a.can.answer && (
            <MessageForm label={t('admission.exchange.yourAnswer')} button={t('admission.exchange.sendAnswer')} maxLength={MAX_MESSAGE} dir="auto" testId="answer-form" send={send('answer', 'answered', question.id)} />
          )
        }
      />
      {a.can.ask && <MessageForm label={t('admission.exchange.question')} button={t('admission.exchange.ask')} maxLength={MAX_MESSAGE} dir="auto" testId="question-form" send={send('question', 'asked')} />}
      <Title order={3} size="h4">
        {t('admission.exchange.comments')}
      </Title>
      {comments.length === 0 ? (
        <Text fz="sm">{t('admission.exchange.noComments')}</Text>
      ) : (
        <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="comments">
          {comments.map((comment) => (
            <Paper key={comment.id} withBorder p="sm" radius="sm" component="li">
              <MessageByline message={comment} />
              <Text fz="sm" className="preserve-lines" dir="auto">
                {comment.body}
              </Text>
            </Paper>
          ))}
        </Stack>
      )}
      {a.can.comment && <MessageForm label={t('admission.exchange.comment')} button={t('admission.exchange.addComment')} maxLength={MAX_MESSAGE} dir="auto" testId="comment-form" send={send('comment', 'commented')} />}
    </Section>
  );
}

