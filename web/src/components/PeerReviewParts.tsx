import { Anchor, Group, Paper, Stack, Text, Timeline, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { TIMELINE_STEPS } from '../../../src/peer-reviews/peer-review-rules.ts';
import type { PeerReview, PeerReviewStatus, PeerReviewSummary, RecommendationStatus, TimelineStep, TimelineStepDto } from '../api.ts';
import { useFormat } from '../format.ts';
import { useApi } from '../useApi.ts';
import { AttachmentsTable } from './AttachmentsTable.tsx';
import { ToneBadge, type Tone } from './Badges.tsx';
import { Loaded } from './Page.tsx';

const STATUS_TONE: Record<PeerReviewStatus, Tone> = {
  invited: 'blue',
  team_formed: 'blue',
  visit_scheduled: 'violet',
  draft_report: 'yellow',
  host_comments: 'yellow',
  final_report: 'orange',
  closed: 'gray',
};

export function PeerReviewStatusBadge({ status }: { status: PeerReviewStatus }) {
  const { t } = useTranslation();
  return (
    <ToneBadge tone={STATUS_TONE[status]} data-testid="peer-review-status">
      {t(`peerReviews.status.${status}`)}
    </ToneBadge>
  );
}

const RECOMMENDATION_TONE: Record<RecommendationStatus, Tone> = { open: 'yellow', in_progress: 'blue', implemented: 'green', closed: 'gray' };

export function RecommendationStatusBadge({ status }: { status: RecommendationStatus }) {
  const { t } = useTranslation();
  return (
    <ToneBadge tone={RECOMMENDATION_TONE[status]} data-testid="recommendation-status">
      {t(`peerReviews.recommendationStatus.${status}`)}
    </ToneBadge>
  );
}

/** Red when the due date has passed and the recommendation is not closed. */
export function OverdueBadge() {
  const { t } = useTranslation();
  return (
    <ToneBadge tone="red" data-testid="overdue">
      {t('peerReviews.overdue')}
    </ToneBadge>
  );
}

/** "2 open · 1 overdue", or a dash before the final report. */
export function RecommendationCounts({ counts }: { counts: PeerReviewSummary['recommendationCounts'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (counts.total === 0) return <Text fz="sm">—</Text>;
  return (
    <Group gap={6} wrap="wrap">
      <Text span fz="sm" data-testid="open-count">
        {t('peerReviews.openCount', { formatted: format.number(counts.open), total: format.number(counts.total) })}
      </Text>
      {counts.overdue > 0 && (
        <ToneBadge tone="red" data-testid="overdue-count">
          {t('peerReviews.overdueCount', { formatted: format.number(counts.overdue) })}
        </ToneBadge>
      )}
    </Group>
  );
}

/** The first and last day of the visit, or a dash while it is not scheduled. */
export function VisitDates({ steps }: { steps: TimelineStepDto[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const visit = steps.find((step) => step.step === 'visit');
  if (!visit?.on) return <Text fz="sm">—</Text>;
  return <Text fz="sm">{t('peerReviews.fromTo', { from: format.day(visit.on), to: format.day(visit.until) })}</Text>;
}

/** The owner of a recommendation in words: the host participant by name, or the named body. */
export function ownerText(recommendation: { ownerKind: 'participant' | 'body'; owner: string }, participantName: (code: string) => string): string {
  return recommendation.ownerKind === 'participant' ? participantName(recommendation.owner) : recommendation.owner;
}

/**
 * The steps of a review, top to bottom: those reached with their date (the visit from its first
 * to its last day), those still ahead greyed. A closed review shows only the steps it reached.
 */
export function PeerReviewTimeline({ steps, testId = 'peer-review-timeline' }: { steps: TimelineStepDto[]; testId?: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const reached = new Map(steps.map((step) => [step.step, step]));
  const closed = reached.has('closed');
  const shown: TimelineStep[] = closed ? TIMELINE_STEPS.filter((step) => reached.has(step)) : [...TIMELINE_STEPS];
  const active = shown.filter((step) => reached.has(step)).length - 1;
  return (
    <Timeline active={active} bulletSize={16} lineWidth={2} data-testid={testId} role="list" aria-label={t('peerReviews.timeline')}>
      {shown.map((name) => {
        const step = reached.get(name);
        return (
          <Timeline.Item
            key={name}
            role="listitem"
            data-step={name}
            data-reached={step ? 'yes' : 'no'}
            title={
              <Text fz="sm" fw={step ? 700 : 400} c={step ? undefined : 'gray.8'} component="span">
                {t(`peerReviews.step.${name}`)}
              </Text>
            }
          >
            <Text fz="sm" c={step ? undefined : 'gray.8'}>
              {!step ? (
                t('peerReviews.notYet')
              ) : name === 'visit' ? (
                <>
                  <time dateTime={step.on ?? undefined}>{format.day(step.on)}</time>
                  {' – '}
                  <time dateTime={step.until ?? undefined}>{format.day(step.until)}</time>
                </>
              ) : (
                <time dateTime={step.at ?? step.on ?? undefined}>{step.at ? format.dateTime(step.at) : format.day(step.on)}</time>
              )}
            </Text>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}

/** The files of the draft and final reports, each with its size, SHA-256 and a download link. */
export function PeerReviewFiles({ review }: { review: PeerReview }) {
  const { t } = useTranslation();
  if (review.files.length === 0) return <Text fz="sm">{t('peerReviews.files.none')}</Text>;
  return (
    <AttachmentsTable
      files={review.files}
      testId="peer-review-files"
      caption={t('peerReviews.files.title')}
      headings={{ group: t('peerReviews.files.stage'), file: t('peerReviews.files.file'), size: t('peerReviews.files.size') }}
      group={(file) => t(`peerReviews.files.stageName.${file.stage}`)}
      href={(file) => `/api/peer-reviews/${review.id}/files/${file.id}`}
    />
  );
}

/** On a participant's page: its peer reviews, oldest first, each with its timeline (its staff, the Chair, the WGM). */
export function PeerReviewsOfParticipant({ code }: { code: string }) {
  const { t } = useTranslation();
  const reviews = useApi<{ participantCode: string; items: PeerReviewSummary[] }>(`/api/participants/${encodeURIComponent(code)}/peer-reviews`);
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="peer-reviews-of-title" data-testid="participant-peer-reviews">
      <Stack gap="sm">
        <Title order={2} size="h3" id="peer-reviews-of-title">
          {t('peerReviews.ofParticipant')}
        </Title>
        <Loaded ready={reviews.data !== null} error={reviews.error}>
          {() =>
            reviews.data!.items.length === 0 ? (
              <Text fz="sm">{t('peerReviews.noneOfParticipant')}</Text>
            ) : (
              <Stack gap="md">
                {reviews.data!.items.map((review) => (
                  <Stack key={review.id} gap={6}>
                    <Group gap="xs" wrap="wrap">
                      <Anchor component={Link} to={`/peer-reviews/${review.id}`} fw={600} fz="sm">
                        {review.reference}
                      </Anchor>
                      <Text span fz="sm">
                        {t(`peerReviews.kind.${review.kind}`)}
                      </Text>
                      <PeerReviewStatusBadge status={review.status} />
                      <RecommendationCounts counts={review.recommendationCounts} />
                    </Group>
                    <PeerReviewTimeline steps={review.steps} testId="participant-timeline" />
                  </Stack>
                ))}
              </Stack>
            )
          }
        </Loaded>
      </Stack>
    </Paper>
  );
}
