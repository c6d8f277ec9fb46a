import type { TFunction } from 'i18next';
import { Button, Fieldset, Group, Modal, NativeSelect, Radio, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { HOST_REPORTABLE_STATUSES, RECOMMENDATION_STATUSES } from '../../../src/peer-reviews/peer-review-rules.ts';
import { api, type DecisionSummary, type PeerReview, type TeamCandidate, type Recommendation, type RecommendationDraft, type RecommendationStatus } from '../api.ts';
import { useMe } from '../auth.tsx';
import type { CountryNames } from '../countries.ts';
import { useFormat } from '../format.ts';
import { fileToBase64 } from '../qr.ts';
import { useApi } from '../useApi.ts';
import { useSubmission } from '../useSubmission.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_FILES = 5;

/** Opens the review just created, with a notice. */
function useOpenReview() {
  const navigate = useNavigate();
  return (review: PeerReview, notice: string) => navigate(`/peer-reviews/${review.id}`, { state: { notice } });
}

const MAX_SCOPE = 20_000;

/** Why the scope of a review cannot be sent (it is required, and the server takes at most MAX_SCOPE characters), or nothing. */
function scopeProblem(scope: string, t: TFunction): string | undefined {
  const text = scope.trim();
  if (!text) return t('validation.required');
  if (text.length > MAX_SCOPE) return t('validation.maxLength', { max: MAX_SCOPE });
  return undefined;
}

/** The frame of the dialogs that start a review: their fields, then cancel and the submit button. */
function StartReviewDialog({
  title,
  submitLabel,
  busy,
  onSubmit,
  onClose,
  children,
}: {
  title: string;
  submitLabel: string;
  busy: boolean;
  onSubmit: (event: FormEvent) => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={onClose} title={title} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** What the review is to look at, written by whoever starts it. */
function ScopeField({ label, value, error, onChange, autoFocus }: { label: string; value: string; error?: string; onChange: (value: string) => void; autoFocus?: boolean }) {
  return (
    <Textarea
      label={label}
      required
      autosize
      minRows={4}
      dir="auto"
      value={value}
      error={error}
      onChange={(event) => onChange(event.currentTarget.value)}
      data-autofocus={autoFocus || undefined}
    />
  );
}

/** A participant's administrator invites a review visit of its own participant. */
export function InviteVisitDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const open = useOpenReview();
  const [scope, setScope] = useState('');
  const { busy, error, errors, setErrors, attempt } = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problem = scopeProblem(scope, t);
    if (problem) return setErrors({ scope: problem });
    setErrors({});
    await attempt(async () => {
      open(await api<PeerReview>('/api/peer-reviews', { method: 'POST', body: { kind: 'visit', hostParticipantCode: me.participant!.code, scope: scope.trim() } }), 'invited');
    });
  }

  return (
    <StartReviewDialog title={t('peerReviews.invite')} submitLabel={t('peerReviews.sendInvitation')} busy={busy} onSubmit={submit} onClose={onClose}>
      <Text fz="sm">{t('peerReviews.inviteIntro', { participant: me.participant?.name ?? '' })}</Text>
      <ErrorAlert error={error} />
      <ScopeField label={t('peerReviews.scopeVisit')} value={scope} error={errors.scope} onChange={setScope} autoFocus />
    </StartReviewDialog>
  );
}

/** The Chair opens a review mission of a participant, naming the adopted decision that initiates it. */
export function OpenMissionDialog({ names, onClose }: { names: CountryNames; onClose: () => void }) {
  const { t } = useTranslation();
  const open = useOpenReview();
  const decisions = useApi<{ items: DecisionSummary[] }>('/api/decisions?status=adopted');
  const [host, setHost] = useState('');
  const [decisionId, setDecisionId] = useState('');
  const [scope, setScope] = useState('');
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const participants = [...(names.participants ?? [])].sort((a, b) => a.name.localeCompare(b.name));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!host) found.hostParticipantCode = t('validation.required');
    if (!decisionId) found.decisionId = t('validation.required');
    const problem = scopeProblem(scope, t);
    if (problem) found.scope = problem;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    await attempt(async () => {
      open(await api<PeerReview>('/api/peer-reviews', { method: 'POST', body: { kind: 'mission', hostParticipantCode: host, decisionId, scope: scope.trim() } }), 'opened');
    });
  }

  return (
    <StartReviewDialog title={t('peerReviews.openMission')} submitLabel={t('peerReviews.openMission')} busy={busy} onSubmit={submit} onClose={onClose}>
      <Text fz="sm">{t('peerReviews.missionIntro')}</Text>
      <ErrorAlert error={error ?? decisions.error} />
      <NativeSelect label={t('peerReviews.host')} required value={host} error={errors.hostParticipantCode} onChange={(event) => setHost(event.currentTarget.value)}>
        <option value="">{t('common.choose')}</option>
        {participants.map((row) => (
          <option key={row.code} value={row.code}>
            {row.name}
          </option>
        ))}
      </NativeSelect>
      <NativeSelect label={t('peerReviews.decision')} required value={decisionId} error={errors.decisionId} onChange={(event) => setDecisionId(event.currentTarget.value)}>
        <option value="">{t('common.choose')}</option>
        {(decisions.data?.items ?? []).map((decision) => (
          <option key={decision.id} value={decision.id}>
            {decision.reference} — {decision.title}
          </option>
        ))}
      </NativeSelect>
      {decisions.data?.items.length === 0 && <Text fz="sm">{t('peerReviews.noAdoptedDecision')}</Text>}
      <ScopeField label={t('peerReviews.scopeMission')} value={scope} error={errors.scope} onChange={setScope} />
    </StartReviewDialog>
  );
}

interface MemberRow {
  key: number;
  userId: string;
  /** Known once the member is on the team; a new member is entered by account identifier. */
  name: string | null;
}

/**
 * The whole team, sent each time: current members by name, new ones chosen from the people who
 * may sit on it (other participants' and observers' staff), and exactly one leader.
 */
export function TeamForm({ review, names, onSaved }: { review: PeerReview; names: CountryNames; onSaved: (review: PeerReview) => void }) {
  const { t } = useTranslation();
  const candidates = useApi<{ items: TeamCandidate[] }>(`/api/peer-reviews/${review.id}/team-candidates`);
  const candidateLabel = (candidate: TeamCandidate) => `${candidate.name} — ${candidate.participantCode ? names.name(candidate.participantCode) : candidate.observerCode}`;
  const [rows, setRows] = useState<MemberRow[]>(() => review.team.map((member, index) => ({ key: index, userId: member.userId, name: member.name })));
  const [leader, setLeader] = useState<string>(() => String(review.team.findIndex((member) => member.leader)));
  const [next, setNext] = useState(review.team.length);
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const label = (row: MemberRow, index: number) => row.name ?? t('peerReviews.team.memberN', { n: index + 1 });

  const add = () => {
    setRows((current) => [...current, { key: next, userId: '', name: null }]);
    setNext((value) => value + 1);
  };
  const remove = (key: number) => {
    setRows((current) => current.filter((row) => row.key !== key));
    if (leader === String(key)) setLeader('-1');
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    rows.forEach((row) => {
      if (!row.userId) found[`member-${row.key}`] = t('validation.required');
    });
    if (rows.length === 0) found.members = t('peerReviews.team.atLeastOne');
    else if (!rows.some((row) => String(row.key) === leader)) found.leader = t('peerReviews.team.chooseLeader');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    await attempt(async () => {
      const members = rows.map((row) => ({ userId: row.userId, leader: String(row.key) === leader }));
      onSaved(await api<PeerReview>(`/api/peer-reviews/${review.id}/team`, { method: 'PUT', body: { members } }));
    });
  }

  return (
    <form onSubmit={submit} noValidate data-testid="team-form">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {review.team.length > 0 ? t('peerReviews.team.change') : t('peerReviews.team.form')}
        </Title>
        <Text fz="sm">{t('peerReviews.team.hint')}</Text>
        <ErrorAlert error={error} />
        {errors.members && (
          <Text fz="sm" c="red.9" role="alert">
            {errors.members}
          </Text>
        )}
        {rows.map((row, index) => (
          <Group key={row.key} align="flex-end" wrap="nowrap" gap="xs">
            {row.name ? (
              <Text fz="sm" fw={600} style={{ flex: 1 }} py={6}>
                <bdi>{row.name}</bdi>
              </Text>
            ) : (
              <NativeSelect
                label={t('peerReviews.team.memberId', { n: index + 1 })}
                required
                style={{ flex: 1 }}
                value={row.userId}
                error={errors[`member-${row.key}`]}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  setRows((current) => current.map((entry) => (entry.key === row.key ? { ...entry, userId: value } : entry)));
                }}
              >
                <option value="">{t('common.choose')}</option>
                {(candidates.data?.items ?? [])
                  .filter((candidate) => candidate.userId === row.userId || !rows.some((other) => other.userId === candidate.userId))
                  .map((candidate) => (
                    <option key={candidate.userId} value={candidate.userId}>
                      {candidateLabel(candidate)}
                    </option>
                  ))}
              </NativeSelect>
            )}
            <Button variant="default" color="red" onClick={() => remove(row.key)} aria-label={t('peerReviews.team.remove', { member: label(row, index) })}>
              {t('peerReviews.team.removeShort')}
            </Button>
          </Group>
        ))}
        <Group>
          <Button variant="default" onClick={add}>
            {t('peerReviews.team.add')}
          </Button>
        </Group>
        {rows.length > 0 && (
          <Radio.Group label={t('peerReviews.team.leader')} value={leader} onChange={setLeader} error={errors.leader} required>
            <Stack gap={6} mt={4}>
              {rows.map((row, index) => (
                <Radio key={row.key} value={String(row.key)} label={label(row, index)} />
              ))}
            </Stack>
          </Radio.Group>
        )}
        <Group>
          <Button type="submit" loading={busy}>
            {t('peerReviews.team.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The first and last day of the visit; past days are accepted, for a visit held before it was recorded. */
export function VisitForm({ review, onSaved }: { review: PeerReview; onSaved: (review: PeerReview) => void }) {
  const { t } = useTranslation();
  const [startsOn, setStartsOn] = useState(review.visit?.startsOn ?? '');
  const [endsOn, setEndsOn] = useState(review.visit?.endsOn ?? '');
  const { busy, error, errors, setErrors, attempt } = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!DAY.test(startsOn)) found.startsOn = t('validation.date');
    if (!DAY.test(endsOn)) found.endsOn = t('validation.date');
    else if (DAY.test(startsOn) && endsOn < startsOn) found.endsOn = t('peerReviews.visit.endBeforeStart');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    await attempt(async () => onSaved(await api<PeerReview>(`/api/peer-reviews/${review.id}/visit`, { method: 'PUT', body: { startsOn, endsOn } })));
  }

  return (
    <form onSubmit={submit} noValidate data-testid="visit-form">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {review.visit ? t('peerReviews.visit.move') : t('peerReviews.visit.set')}
        </Title>
        <ErrorAlert error={error} />
        <Group align="flex-start">
          <TextInput type="date" label={t('peerReviews.visit.startsOn')} required value={startsOn} error={errors.startsOn} onChange={(event) => setStartsOn(event.currentTarget.value)} w={200} />
          <TextInput type="date" label={t('peerReviews.visit.endsOn')} required value={endsOn} error={errors.endsOn} onChange={(event) => setEndsOn(event.currentTarget.value)} w={200} />
        </Group>
        <Group>
          <Button type="submit" loading={busy}>
            {t('peerReviews.visit.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Files chosen in the browser, read and sent as base64 with the report. */
function FilesField({ id, files, onChange, error }: { id: string; files: File[]; onChange: (files: File[]) => void; error?: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Stack gap={4}>
      <label htmlFor={id} style={{ fontSize: 'var(--mantine-font-size-sm)', fontWeight: 500 }}>
        {t('peerReviews.files.choose')}
      </label>
      <input
        id={id}
        type="file"
        multiple
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        onChange={(event) => onChange([...(event.currentTarget.files ?? [])])}
      />
      <Text id={`${id}-hint`} fz="xs" c="gray.8">
        {t('peerReviews.files.hint', { max: MAX_FILES })}
        {files.length > 0 ? ` ${t('peerReviews.files.chosen', { formatted: format.number(files.length) })}` : ''}
      </Text>
      {error && (
        <Text id={`${id}-error`} fz="sm" c="red.9">
          {error}
        </Text>
      )}
    </Stack>
  );
}

const encodeFiles = (files: File[]) =>
  Promise.all(files.map(async (file) => ({ fileName: file.name, mediaType: file.type || 'application/octet-stream', contentBase64: await fileToBase64(file) })));

interface RecommendationRow {
  key: number;
  text: string;
  ownerKind: 'participant' | 'body';
  body: string;
  dueOn: string;
}

const emptyRecommendation = (key: number): RecommendationRow => ({ key, text: '', ownerKind: 'participant', body: '', dueOn: '' });

/** Rows of recommendations being written: text, owner (the host or a named body) and due date. */
function RecommendationRows({
  rows,
  setRows,
  errors,
  hostName,
  startAt,
}: {
  rows: RecommendationRow[];
  setRows: (update: (rows: RecommendationRow[]) => RecommendationRow[]) => void;
  errors: Record<string, string>;
  hostName: string;
  startAt: number;
}) {
  const { t } = useTranslation();
  const change = (key: number, patch: Partial<RecommendationRow>) => setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  const add = () => setRows((current) => [...current, emptyRecommendation(Math.max(-1, ...current.map((row) => row.key)) + 1)]);
  return (
    <Stack gap="sm">
      {rows.map((row, index) => {
        const n = startAt + index;
        return (
          <Fieldset key={row.key} legend={t('peerReviews.recommendationN', { n })} data-testid="recommendation-row">
            <Stack gap="xs">
              <Textarea
                label={t('peerReviews.recommendationText')}
                required
                autosize
                minRows={2}
                dir="auto"
                value={row.text}
                error={errors[`text-${row.key}`]}
                onChange={(event) => change(row.key, { text: event.currentTarget.value })}
              />
              <Group align="flex-start" wrap="wrap">
                <NativeSelect
                  label={t('peerReviews.owner')}
                  value={row.ownerKind}
                  w={240}
                  onChange={(event) => change(row.key, { ownerKind: event.currentTarget.value as RecommendationRow['ownerKind'] })}
                  data={[
                    { value: 'participant', label: hostName },
                    { value: 'body', label: t('peerReviews.ownerBody') },
                  ]}
                />
                {row.ownerKind === 'body' && (
                  <TextInput
                    label={t('peerReviews.ownerBodyName')}
                    required
                    dir="auto"
                    w={240}
                    value={row.body}
                    error={errors[`body-${row.key}`]}
                    onChange={(event) => change(row.key, { body: event.currentTarget.value })}
                  />
                )}
                <TextInput
                  type="date"
                  label={t('peerReviews.dueOn')}
                  required
                  w={200}
                  value={row.dueOn}
                  error={errors[`dueOn-${row.key}`]}
                  onChange={(event) => change(row.key, { dueOn: event.currentTarget.value })}
                />
              </Group>
              <Group>
                <Button variant="default" size="xs" onClick={() => setRows((current) => current.filter((entry) => entry.key !== row.key))}>
                  {t('peerReviews.removeRecommendation', { n })}
                </Button>
              </Group>
            </Stack>
          </Fieldset>
        );
      })}
      <Group>
        <Button variant="default" onClick={add}>
          {t('peerReviews.addRecommendationRow')}
        </Button>
      </Group>
    </Stack>
  );
}

function checkRecommendations(rows: RecommendationRow[], t: (key: string, options?: Record<string, unknown>) => string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const row of rows) {
    if (!row.text.trim()) found[`text-${row.key}`] = t('validation.required');
    else if (row.text.trim().length > 5000) found[`text-${row.key}`] = t('validation.maxLength', { max: 5000 });
    if (row.ownerKind === 'body' && !row.body.trim()) found[`body-${row.key}`] = t('validation.required');
    if (!DAY.test(row.dueOn)) found[`dueOn-${row.key}`] = t('validation.date');
  }
  return found;
}

const recommendationDrafts = (rows: RecommendationRow[]): RecommendationDraft[] =>
  rows.map((row) => ({
    text: row.text.trim(),
    owner: row.ownerKind === 'participant' ? { kind: 'participant' } : { kind: 'body', name: row.body.trim() },
    dueOn: row.dueOn,
  }));

/**
 * The draft report (the leader; it replaces an earlier draft) or the final report with its
 * recommendations (the leader or the Chair; it never changes afterwards). Files are added to
 * those already attached.
 */
export function ReportForm({ review, stage, hostName, onSaved }: { review: PeerReview; stage: 'draft' | 'final'; hostName: string; onSaved: (review: PeerReview) => void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState(stage === 'draft' ? (review.draftReport?.body ?? '') : '');
  const [files, setFiles] = useState<File[]>([]);
  // a new key empties the file input once the files are sent
  const [filesKey, setFilesKey] = useState(0);
  const [rows, setRows] = useState<RecommendationRow[]>([]);
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const id = `${stage}-report-files`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = stage === 'final' ? checkRecommendations(rows, t) : {};
    if (!body.trim()) found.body = t('validation.required');
    else if (body.trim().length > 100_000) found.body = t('validation.maxLength', { max: 100_000 });
    if (files.length > MAX_FILES) found.files = t('validation.maxItems', { max: MAX_FILES });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    await attempt(async () => {
      const payload = { body: body.trim(), files: await encodeFiles(files), ...(stage === 'final' ? { recommendations: recommendationDrafts(rows) } : {}) };
      onSaved(await api<PeerReview>(`/api/peer-reviews/${review.id}/${stage}-report`, { method: 'POST', body: payload }));
      setFiles([]);
      setFilesKey((value) => value + 1);
    });
  }

  return (
    <form onSubmit={submit} noValidate data-testid={`${stage}-report-form`}>
      <Stack gap="sm">
        <Title order={3} size="h4">
          {stage === 'draft' ? (review.draftReport ? t('peerReviews.draft.replace') : t('peerReviews.draft.write')) : t('peerReviews.final.write')}
        </Title>
        {stage === 'final' && <Text fz="sm">{t('peerReviews.final.hint')}</Text>}
        <ErrorAlert error={error} />
        <Textarea
          label={stage === 'draft' ? t('peerReviews.draft.text') : t('peerReviews.final.text')}
          required
          autosize
          minRows={5}
          dir="auto"
          value={body}
          error={errors.body}
          onChange={(event) => setBody(event.currentTarget.value)}
        />
        <FilesField key={filesKey} id={id} files={files} onChange={setFiles} error={errors.files} />
        {stage === 'final' && (
          <>
            <Title order={4} size="h5">
              {t('peerReviews.recommendations')}
            </Title>
            <RecommendationRows rows={rows} setRows={setRows} errors={errors} hostName={hostName} startAt={1} />
          </>
        )}
        <Group>
          <Button type="submit" loading={busy}>
            {stage === 'draft' ? t('peerReviews.draft.save') : t('peerReviews.final.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** More recommendations on a final report, numbered after the existing ones (leader, Chair, WGM). */
export function AddRecommendationsForm({ review, hostName, onSaved }: { review: PeerReview; hostName: string; onSaved: (review: PeerReview) => void }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<RecommendationRow[]>([emptyRecommendation(0)]);
  const { busy, error, errors, setErrors, attempt } = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = checkRecommendations(rows, t);
    setErrors(found);
    if (Object.keys(found).length > 0 || rows.length === 0) return;
    await attempt(async () => {
      onSaved(await api<PeerReview>(`/api/peer-reviews/${review.id}/recommendations`, { method: 'POST', body: { recommendations: recommendationDrafts(rows) } }));
      setRows([emptyRecommendation(0)]);
    });
  }

  return (
    <form onSubmit={submit} noValidate data-testid="add-recommendations-form">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('peerReviews.addRecommendations')}
        </Title>
        <ErrorAlert error={error} />
        <RecommendationRows rows={rows} setRows={setRows} errors={errors} hostName={hostName} startAt={review.recommendations.length + 1} />
        <Group>
          <Button type="submit" loading={busy} disabled={rows.length === 0}>
            {t('peerReviews.saveRecommendations')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * A status and a note on one recommendation: the host's administrator reports progress (open, in
 * progress, implemented); the WGM and the Chair may set any status, and alone close.
 */
export function RecommendationEventForm({
  review,
  recommendation,
  mayClose,
  onSaved,
}: {
  review: PeerReview;
  recommendation: Recommendation;
  mayClose: boolean;
  onSaved: (review: PeerReview) => void;
}) {
  const { t } = useTranslation();
  const statuses: readonly RecommendationStatus[] = mayClose ? RECOMMENDATION_STATUSES : HOST_REPORTABLE_STATUSES;
  const [status, setStatus] = useState<RecommendationStatus>(mayClose ? 'closed' : recommendation.status === 'open' ? 'in_progress' : recommendation.status);
  const [note, setNote] = useState('');
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const n = recommendation.number;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!note.trim()) return setErrors({ note: t('validation.required') });
    if (note.trim().length > 5000) return setErrors({ note: t('validation.maxLength', { max: 5000 }) });
    setErrors({});
    await attempt(async () => {
      onSaved(await api<PeerReview>(`/api/peer-reviews/${review.id}/recommendations/${recommendation.id}/events`, { method: 'POST', body: { status, note: note.trim() } }));
      setNote('');
    });
  }

  return (
    <form onSubmit={submit} noValidate data-testid="recommendation-event-form">
      <Stack gap="xs">
        <ErrorAlert error={error} />
        <Group align="flex-start" wrap="wrap">
          <NativeSelect
            label={t('peerReviews.newStatus', { n })}
            value={status}
            w={220}
            onChange={(event) => setStatus(event.currentTarget.value as RecommendationStatus)}
            data={statuses.map((value) => ({ value, label: t(`peerReviews.recommendationStatus.${value}`) }))}
          />
          <Textarea
            label={t('peerReviews.note', { n })}
            required
            autosize
            minRows={1}
            dir="auto"
            style={{ flex: 1, minWidth: 240 }}
            value={note}
            error={errors.note}
            onChange={(event) => setNote(event.currentTarget.value)}
          />
        </Group>
        <Group>
          <Button type="submit" size="sm" loading={busy}>
            {status === 'closed' ? t('peerReviews.closeRecommendation', { n }) : t('peerReviews.reportProgress', { n })}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
