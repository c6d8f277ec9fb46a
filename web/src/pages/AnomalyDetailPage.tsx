import { Anchor, Button, Group, NativeSelect, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { AnomalyCaseDetail, AnomalyCaseEvent } from '../../../src/anomalies/schemas.ts';
import { api } from '../api.ts';
import { useMe } from '../auth.tsx';
import { useCountryNames } from '../countries.ts';
import { AnomalyStatusBadge, usePeriodText, useRuleName } from '../components/AnomalyParts.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { EvidenceView } from '../components/EvidenceView.tsx';
import { KeyValueTable, type KeyValueRow } from '../components/KeyValueTable.tsx';
import { Notice } from '../components/Notice.tsx';
import { Loaded, Page, Section } from '../components/Page.tsx';
import { ReasonDialog } from '../components/ReasonDialog.tsx';
import { useFormat } from '../format.ts';
import { isLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from '../i18n.ts';
import { can } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { useSubmission } from '../useSubmission.ts';
import { NotFoundPage, NotFoundUnless } from './NotFoundPage.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `/anomalies/:id`: one case, the figures behind it, its history, and what the viewer may do with it. */
export function AnomalyDetailPage() {
  const { id = '' } = useParams();
  return (
    <NotFoundUnless allowed={can.readAnomalies} valid={UUID.test(id)}>
      <AnomalyView id={id} />
    </NotFoundUnless>
  );
}

function AnomalyView({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const ruleName = useRuleName();
  const period = usePeriodText();
  const loaded = useApi<AnomalyCaseDetail>(`/api/anomalies/cases/${id}`);
  const [updated, setUpdated] = useState<{ detail: AnomalyCaseDetail; notice: string } | null>(null);
  const item = updated?.detail ?? loaded.data;
  // another participant's case is NOT_FOUND on the server: the same page as an unknown address
  if (loaded.error?.status === 404) return <NotFoundPage />;

  const saved = (notice: string) => (detail: AnomalyCaseDetail) => setUpdated({ detail, notice });
  const closed = item?.status === 'closed_explained';

  return (
    <Page title={item ? t('anomalies.detailTitle', { rule: ruleName(item.rule), participant: names.name(item.participantCode), period: period(item.period) }) : t('anomalies.title')}>
      <Anchor component={Link} to="/anomalies" fz="sm">
        {t('anomalies.back')}
      </Anchor>
      {updated && <Notice>{updated.notice}</Notice>}
      <Loaded ready={item !== null} error={loaded.error}>
        {() => {
          const c = item!;
          const rows: KeyValueRow[] = [
            [t('anomalies.statusLabel'), <AnomalyStatusBadge key="s" status={c.status} />],
            [t('anomalies.rule'), ruleName(c.rule)],
            [t('anomalies.participant'), names.name(c.participantCode)],
            ...(c.partnerCode ? [[t('anomalies.partner'), names.name(c.partnerCode)] as KeyValueRow] : []),
            [t('anomalies.period.label'), period(c.period)],
            [t('anomalies.raisedAt'), format.dateTime(c.createdAt)],
          ];
          return (
            <Stack gap="lg">
              <Section title={t('anomalies.summary')} testId="anomaly-summary">
                <KeyValueTable caption={t('anomalies.summary')} rows={rows} />
                <Text data-testid="anomaly-explanation">{t(`anomalies.rules.${c.rule}.explanation`, { defaultValue: t('anomalies.rules.unknownExplanation') })}</Text>
              </Section>

              <Section title={t('anomalies.evidence.title')} testId="anomaly-evidence">
                <EvidenceView rule={c.rule} evidence={c.evidence} linkCertificates={can.readCertificates(me)} />
              </Section>

              <Section title={t('anomalies.history.title')} testId="anomaly-history">
                <History events={c.events} />
              </Section>

              {!closed && can.answerAnomaly(me, c.participantCode) && (
                <Section title={t('anomalies.answer.title')} testId="anomaly-answer">
                  <AnswerForm caseId={c.id} answered={c.status === 'answered'} onSaved={saved(t('anomalies.answer.sent'))} />
                </Section>
              )}

              {!closed && can.decideAnomalies(me) && (
                <Section title={t('anomalies.decide.title')} testId="anomaly-decision">
                  <Decision item={c} onSaved={setUpdated} />
                </Section>
              )}
            </Stack>
          );
        }}
      </Loaded>
    </Page>
  );
}

function History({ events }: { events: AnomalyCaseEvent[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const languageName = (code: string) => {
    try {
      return new Intl.DisplayNames([format.language], { type: 'language' }).of(code) ?? code;
    } catch {
      return isLanguage(code) ? LANGUAGE_NAMES[code] : code;
    }
  };
  if (events.length === 0) return <Text fz="sm">{t('anomalies.history.none')}</Text>;
  return (
    <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {events.map((event) => (
        <Paper key={event.id} withBorder p="sm" radius="sm" component="li" data-testid={`event-${event.kind}`}>
          <Text fz="sm" fw={600}>
            {t(`anomalies.history.kind.${event.kind}`, { defaultValue: event.kind })}
            {event.language ? ` (${t('anomalies.history.inLanguage', { language: languageName(event.language) })})` : ''}
          </Text>
          <Text fz="xs" c="gray.8">
            {/* an e-mail address next to a date: each isolated, or right to left scrambles them */}
            <bdi>{event.actor}</bdi> · <bdi>{format.dateTime(event.at)}</bdi>
          </Text>
          {event.body && (
            <Text fz="sm" className="preserve-lines" lang={event.language ?? undefined} dir="auto" mt={4}>
              {event.body}
            </Text>
          )}
        </Paper>
      ))}
    </Stack>
  );
}

/** The Data Anomaly Questionnaire's answer, in a language the participant chooses (the UI's by default). */
function AnswerForm({ caseId, answered, onSaved }: { caseId: string; answered: boolean; onSaved: (detail: AnomalyCaseDetail) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [body, setBody] = useState('');
  const [language, setLanguage] = useState<Language>(format.language);
  const { busy, error, errors, setErrors, attempt } = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = body.trim();
    if (!trimmed) return setErrors({ body: t('validation.required') });
    if (trimmed.length > 20_000) return setErrors({ body: t('validation.maxLength', { max: 20_000 }) });
    setErrors({});
    await attempt(async () => {
      onSaved(await api<AnomalyCaseDetail>(`/api/anomalies/cases/${caseId}/answer`, { method: 'POST', body: { body: trimmed, language } }));
      setBody('');
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text fz="sm">{answered ? t('anomalies.answer.introAgain') : t('anomalies.answer.intro')}</Text>
        <ErrorAlert error={error} />
        <Textarea label={t('anomalies.answer.body')} required autosize minRows={4} value={body} error={errors.body} lang={language} dir="auto" onChange={(event) => setBody(event.currentTarget.value)} />
        <NativeSelect label={t('anomalies.answer.language')} value={language} error={errors.language} w={260} onChange={(event) => setLanguage(event.currentTarget.value as Language)}>
          {LANGUAGES.map((code) => (
            <option key={code} value={code} lang={code}>
              {LANGUAGE_NAMES[code]}
            </option>
          ))}
        </NativeSelect>
        <Group>
          <Button type="submit" loading={busy}>
            {t('anomalies.answer.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The WGS or the Chair: escalate to the WGM, or close the case as explained; each with a note. */
function Decision({ item, onSaved }: { item: AnomalyCaseDetail; onSaved: (saved: { detail: AnomalyCaseDetail; notice: string }) => void }) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<'escalate' | 'close' | null>(null);
  const post = async (action: 'escalate' | 'close', note: string) => {
    const body = action === 'close' ? { outcome: 'explained', note } : { note };
    const detail = await api<AnomalyCaseDetail>(`/api/anomalies/cases/${item.id}/${action}`, { method: 'POST', body });
    setDialog(null);
    onSaved({ detail, notice: action === 'close' ? t('anomalies.decide.closed') : t('anomalies.decide.escalated') });
  };
  return (
    <Stack gap="sm">
      <Text fz="sm">{t('anomalies.decide.intro')}</Text>
      <Group>
        {item.status !== 'escalated' && (
          <Button variant="default" color="red" onClick={() => setDialog('escalate')}>
            {t('anomalies.decide.escalate')}
          </Button>
        )}
        <Button onClick={() => setDialog('close')}>{t('anomalies.decide.close')}</Button>
      </Group>
      {dialog === 'escalate' && (
        <ReasonDialog
          title={t('anomalies.decide.escalateTitle')}
          message={t('anomalies.decide.escalateMessage')}
          label={t('anomalies.decide.note')}
          confirmLabel={t('anomalies.decide.escalate')}
          danger
          onClose={() => setDialog(null)}
          onConfirm={(note) => post('escalate', note)}
        />
      )}
      {dialog === 'close' && (
        <ReasonDialog
          title={t('anomalies.decide.closeTitle')}
          message={t('anomalies.decide.closeMessage')}
          label={t('anomalies.decide.note')}
          confirmLabel={t('anomalies.decide.close')}
          onClose={() => setDialog(null)}
          onConfirm={(note) => post('close', note)}
        />
      )}
    </Stack>
  );
}
