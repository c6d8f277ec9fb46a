import { Anchor, Button, Group, List, Paper, Radio, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, type Decision, type Position } from '../api.ts';
import { useMe } from '../auth.tsx';
import { useCountryNames, type CountryNames } from '../countries.ts';
import { ToneBadge } from '../components/Badges.tsx';
import { CommentList } from '../components/CommentList.tsx';
import { Deadline, DecisionStatusBadge, effectInWords } from '../components/DecisionParts.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { KeyValueTable, type KeyValueRow } from '../components/KeyValueTable.tsx';
import { MessageForm } from '../components/MessageForm.tsx';
import { Notice } from '../components/Notice.tsx';
import { Loaded, Page, Section } from '../components/Page.tsx';
import { ReasonDialog } from '../components/ReasonDialog.tsx';
import { SharingControl } from '../components/SharingControl.tsx';
import { useFormat } from '../format.ts';
import { useApi } from '../useApi.ts';
import { useSubmission } from '../useSubmission.ts';
import { NotFoundUnless } from './NotFoundPage.tsx';

const NOTICES = ['circulated', 'recorded', 'positionRecorded', 'commented', 'withdrawn', 'sharing'] as const;
type NoticeKind = (typeof NOTICES)[number];

/** `/decisions/:id`: a decision, its effects and count; positions, comments and withdrawal while a written procedure circulates. */
export function DecisionDetailPage() {
  const { id = '' } = useParams();
  return (
    <NotFoundUnless valid={/^[\w-]{1,64}$/.test(id)}>
      <DecisionView id={id} />
    </NotFoundUnless>
  );
}

function DecisionView({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const location = useLocation();
  const loaded = useApi<Decision>(`/api/decisions/${id}`);
  const [updated, setUpdated] = useState<Decision | null>(null);
  const [notice, setNotice] = useState<NoticeKind | null>(() => {
    const given = (location.state as { notice?: string } | null)?.notice;
    return NOTICES.includes(given as NoticeKind) ? (given as NoticeKind) : null;
  });
  const [withdrawing, setWithdrawing] = useState(false);
  const navigate = useNavigate();
  // the notice is shown once: a reload of the page does not repeat it
  useEffect(() => {
    if (location.state) navigate(location.pathname, { replace: true, state: null });
  }, [location.state, location.pathname, navigate]);
  // an action's answer until the next load (a new language, or the deadline passing) replaces it
  const decision = updated ?? loaded.data;
  const { reload } = loaded;
  useEffect(() => setUpdated(null), [loaded.data]);

  // once the deadline passes, ask the server for the result
  const deadline = decision?.status === 'circulating' && decision.deadline ? new Date(decision.deadline).getTime() : null;
  useEffect(() => {
    if (deadline === null) return;
    const wait = deadline - Date.now() + 2000;
    if (wait < 0 || wait > 2 ** 31 - 1) return;
    const timer = window.setTimeout(reload, wait);
    return () => window.clearTimeout(timer);
  }, [deadline, reload]);

  const saved = (next: Decision, kind: NoticeKind) => {
    setUpdated(next);
    setNotice(kind);
  };

  return (
    <Page
      title={decision ? `${decision.reference} — ${decision.title}` : t('decisions.title')}
      actions={
        decision?.can.withdraw && (
          <Button color="red" variant="default" onClick={() => setWithdrawing(true)}>
            {t('decisions.withdraw')}
          </Button>
        )
      }
    >
      <Anchor component={Link} to="/decisions" fz="sm">
        {t('decisions.back')}
      </Anchor>
      {notice && (
        <Notice testId="decision-notice">{t(`decisions.notice.${notice}`, { participant: me.participant?.name ?? '' })}</Notice>
      )}
      <Loaded ready={decision !== null} error={loaded.error}>
        {() => <DecisionBody decision={decision!} names={names} onSaved={saved} />}
      </Loaded>
      {withdrawing && decision && (
        <ReasonDialog
          title={t('decisions.withdrawTitle', { reference: decision.reference })}
          message={t('decisions.withdrawMessage')}
          label={t('decisions.withdrawNote')}
          confirmLabel={t('decisions.withdraw')}
          danger
          onClose={() => setWithdrawing(false)}
          onConfirm={async (note) => {
            saved(await api<Decision>(`/api/decisions/${decision.id}/withdraw`, { method: 'POST', body: { note } }), 'withdrawn');
            setWithdrawing(false);
          }}
        />
      )}
    </Page>
  );
}

function DecisionBody({ decision: d, names, onSaved }: { decision: Decision; names: CountryNames; onSaved: (decision: Decision, notice: NoticeKind) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const written = d.kind === 'written_procedure';
  const own = me.participant?.code ?? null;
  const ownPositions = own ? d.positions.filter((entry) => entry.participantCode === own) : [];
  const ownPosition = ownPositions.at(-1) ?? null;
  const member = d.tally?.detail != null || d.positions.length > 0 || d.comments.length > 0 || d.can.comment;

  const rows: KeyValueRow[] = [
    [t('decisions.reference'), <span key="r">{d.reference}</span>],
    [t('decisions.kindLabel'), t(`decisions.kind.${d.kind}`)],
    [t('decisions.status'), <DecisionStatusBadge key="s" status={d.status} />],
    ...(d.meeting ? [[t('decisions.meeting'), <span key="m" dir="auto">{d.meeting}</span>] as KeyValueRow] : []),
    ...(d.communique ? [[t('decisions.communique'), <span key="c" dir="auto" style={{ overflowWrap: 'anywhere' }}>{d.communique}</span>] as KeyValueRow] : []),
    ...(d.circulatedAt ? [[t('decisions.circulatedAt'), format.dateTime(d.circulatedAt)] as KeyValueRow] : []),
    ...(d.deadline ? [[t('decisions.deadline'), <Deadline key="d" deadline={d.deadline} open={d.status === 'circulating'} />] as KeyValueRow] : []),
    ...(d.adoptedOn ? [[t('decisions.adoptedOnLabel'), format.day(d.adoptedOn)] as KeyValueRow] : []),
    [
      t('decisions.effectiveOnLabel'),
      d.effectiveOn ? format.day(d.effectiveOn) : written && d.status === 'circulating' ? t('decisions.effectiveDefault') : '—',
    ],
    ...(d.decidedAt && written ? [[t('decisions.decidedAt'), format.dateTime(d.decidedAt)] as KeyValueRow] : []),
    ...(d.withdrawalNote ? [[t('decisions.withdrawalNote'), <span key="w" dir="auto" className="preserve-lines">{d.withdrawalNote}</span>] as KeyValueRow] : []),
    ...(member || d.can.share
      ? [
          [
            t('sharing.sharedLabel'),
            <SharingControl<Decision> key="o" shared={d.sharedWithObservers} canShare={d.can.share} url={`/api/decisions/${d.id}/sharing`} onSaved={(next) => onSaved(next, 'sharing')} />,
          ] as KeyValueRow,
        ]
      : []),
  ];

  return (
    <Stack gap="lg">
      {d.can.takePosition && !ownPosition && (
        <Notice tone="awaited" testId="position-awaited">
          {t('decisions.awaitedFor', { participant: me.participant?.name ?? '' })}
        </Notice>
      )}
      <Section title={t('decisions.summary')} testId="decision-summary">
        <KeyValueTable caption={t('decisions.summary')} rows={rows} />
        <Title order={3} size="h4">
          {t('decisions.text')}
        </Title>
        <Text className="preserve-lines" dir="auto" data-testid="decision-text">
          {d.body}
        </Text>
      </Section>

      <Section title={t('decisions.effects')} testId="decision-effects">
        {d.effects.length === 0 ? (
          <Text fz="sm">{t('decisions.noEffects')}</Text>
        ) : (
          <List spacing={4}>
            {d.effects.map((effect, index) => (
              <List.Item key={`${effect.type}-${effect.participantCode}-${index}`}>
                <Text span fw={600}>
                  {effectInWords(effect, names, t)}
                </Text>
                {' — '}
                <Text span fz="sm">
                  {t(`decisions.outcome.${effect.outcome ?? (d.status === 'circulating' ? 'pending' : 'none')}`)}
                </Text>
              </List.Item>
            ))}
          </List>
        )}
      </Section>

      {d.can.takePosition && own && <PositionForm decision={d} current={ownPosition?.position ?? null} onSaved={(next) => onSaved(next, 'positionRecorded')} />}

      {written && d.tally && <Count decision={d} names={names} />}

      {written && member && (
        <Section title={t('decisions.history')} testId="decision-positions">
          {d.positions.length === 0 ? (
            <Text fz="sm">{t('decisions.noPositions')}</Text>
          ) : (
            <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {d.positions.map((entry, index) => (
                <Paper key={`${entry.participantCode}-${entry.at}-${index}`} withBorder p="sm" radius="sm" component="li">
                  <Group gap="xs">
                    <ToneBadge tone={entry.position === 'support' ? 'green' : 'red'}>{t(`decisions.position.${entry.position}`)}</ToneBadge>
                    <Text fz="sm" fw={600}>
                      {names.name(entry.participantCode)}
                    </Text>
                    <Text fz="sm">
                      <bdi>{entry.byName}</bdi> · <bdi>{format.dateTime(entry.at)}</bdi>
                    </Text>
                  </Group>
                  {entry.comment && (
                    <Text fz="sm" mt={4} className="preserve-lines" dir="auto">
                      {entry.comment}
                    </Text>
                  )}
                </Paper>
              ))}
            </Stack>
          )}
        </Section>
      )}

      {written && member && (
        <Section title={t('decisions.comments')} testId="decision-comments">
          <CommentList comments={d.comments} empty={t('decisions.noComments')} participantName={names.name} />
          {d.can.comment && (
            <MessageForm
              label={t('decisions.comment')}
              button={t('decisions.addComment')}
              maxLength={5000}
              send={async (body) => onSaved(await api<Decision>(`/api/decisions/${d.id}/comments`, { method: 'POST', body: { body, language: format.language } }), 'commented')}
            />
          )}
        </Section>
      )}
    </Stack>
  );
}

/** Supports, objections, silence and the support required; KP members also see who. */
function Count({ decision: d, names }: { decision: Decision; names: CountryNames }) {
  const { t } = useTranslation();
  const format = useFormat();
  const tally = d.tally!;
  const detail = tally.detail;
  const figures: [string, number | null, string][] = [
    [t('decisions.support'), tally.support, 'count-support'],
    [t('decisions.objections'), tally.objections, 'count-objections'],
    [t('decisions.silent'), tally.silent, 'count-silent'],
    [t('decisions.requiredSupport'), d.requiredSupport, 'count-required'],
  ];
  const who = (codes: string[]) =>
    codes.length === 0
      ? t('decisions.nobody')
      : codes
          .map((code) => names.name(code))
          .sort((a, b) => a.localeCompare(b, format.language))
          .join(t('decisions.listSeparator'));
  return (
    <Section title={t('decisions.count')} testId="decision-count">
      <Text fz="sm">{d.status === 'circulating' ? t('decisions.countSoFar') : t('decisions.countFinal')}</Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }} component="dl" spacing="md" style={{ margin: 0 }}>
        {figures.map(([label, value, testId]) => (
          <div key={testId}>
            <Text component="dt" fz="xs" fw={700} c="gray.8">
              {label}
            </Text>
            <Text component="dd" m={0} fz="xl" fw={700} data-testid={testId}>
              {value === null ? '—' : format.number(value)}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      <Text fz="sm">{t('decisions.eligibleCount', { formatted: format.number(d.eligible.length) })}</Text>
      {detail && (
        <Stack gap="xs">
          <WhoList label={t('decisions.supportedBy')} text={who(detail.support)} testId="who-support" />
          <WhoList label={t('decisions.objectedBy')} text={who(detail.objections)} testId="who-objections" />
          {detail.objectionsNotBlocking.length > 0 && (
            <WhoList label={t('decisions.objectionsNotBlocking')} text={who(detail.objectionsNotBlocking)} testId="who-not-blocking" />
          )}
          <WhoList label={t('decisions.silentList')} text={who(detail.silent)} testId="who-silent" />
        </Stack>
      )}
    </Section>
  );
}

function WhoList({ label, text, testId }: { label: string; text: string; testId: string }) {
  return (
    <div data-testid={testId}>
      <Text fz="sm" fw={700} component="h3" m={0}>
        {label}
      </Text>
      <Text fz="sm">{text}</Text>
    </div>
  );
}

function PositionForm({ decision, current, onSaved }: { decision: Decision; current: Position | null; onSaved: (decision: Decision) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [position, setPosition] = useState<Position | ''>('');
  const [comment, setComment] = useState('');
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const participant = me.participant?.name ?? '';

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!position) found.position = t('validation.required');
    if (comment.trim().length > 5000) found.comment = t('validation.maxLength', { max: 5000 });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    await attempt(async () => {
      const body = { position, ...(comment.trim() ? { comment: comment.trim() } : {}) };
      onSaved(await api<Decision>(`/api/decisions/${decision.id}/positions`, { method: 'POST', body }));
      setPosition('');
      setComment('');
    });
  }

  return (
    <Section title={t('decisions.takePosition')} testId="position-form">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text fz="sm">{t('decisions.positionIntro', { participant })}</Text>
          {current && (
            <Text fz="sm" fw={600} data-testid="current-position">
              {t('decisions.currentPosition', { participant, position: t(`decisions.position.${current}`) })}
            </Text>
          )}
          <ErrorAlert error={error} />
          <Radio.Group label={t('decisions.positionLabel')} value={position} onChange={(value) => setPosition(value as Position)} error={errors.position} required>
            <Group mt={4}>
              <Radio value="support" label={t('decisions.supportOption')} />
              <Radio value="object" label={t('decisions.objectOption')} />
            </Group>
          </Radio.Group>
          <Textarea label={t('decisions.positionComment')} autosize minRows={2} value={comment} error={errors.comment} onChange={(event) => setComment(event.currentTarget.value)} />
          <Group>
            <Button type="submit" loading={busy} color={position === 'object' ? 'red' : undefined}>
              {t('decisions.recordPosition')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
