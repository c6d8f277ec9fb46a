import { Anchor, Button, Divider, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, type ObserverDto, type PeerReview } from '../api.ts';
import { useCountryNames, type CountryNames } from '../countries.ts';
import { ToneBadge } from '../components/Badges.tsx';
import { CommentList } from '../components/CommentList.tsx';
import { KeyValueTable, type KeyValueRow } from '../components/KeyValueTable.tsx';
import { MessageForm } from '../components/MessageForm.tsx';
import { Notice } from '../components/Notice.tsx';
import { Loaded, Page, Section } from '../components/Page.tsx';
import { AddRecommendationsForm, RecommendationEventForm, ReportForm, TeamForm, VisitForm } from '../components/PeerReviewForms.tsx';
import {
  OverdueBadge,
  ownerText,
  PeerReviewFiles,
  PeerReviewStatusBadge,
  PeerReviewTimeline,
  RecommendationCounts,
  RecommendationStatusBadge,
} from '../components/PeerReviewParts.tsx';
import { ReasonDialog } from '../components/ReasonDialog.tsx';
import { SharingControl } from '../components/SharingControl.tsx';
import { useFormat } from '../format.ts';
import { can } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { NotFoundUnless } from './NotFoundPage.tsx';

const NOTICES = ['invited', 'opened', 'teamFormed', 'visitScheduled', 'drafted', 'commented', 'finalised', 'recommendationsAdded', 'followedUp', 'closed', 'sharing'] as const;
type NoticeKind = (typeof NOTICES)[number];
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `/peer-reviews/:id`: one review visit or mission, its steps, team, reports and recommendations, and the step the viewer may take now. */
export function PeerReviewPage() {
  const { id = '' } = useParams();
  return (
    <NotFoundUnless allowed={can.readPeerReviews} valid={ID.test(id)}>
      <PeerReviewView id={id} />
    </NotFoundUnless>
  );
}

function PeerReviewView({ id }: { id: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const location = useLocation();
  const navigate = useNavigate();
  const loaded = useApi<PeerReview>(`/api/peer-reviews/${id}`);
  const [updated, setUpdated] = useState<PeerReview | null>(null);
  const [notice, setNotice] = useState<NoticeKind | null>(() => {
    const given = (location.state as { notice?: string } | null)?.notice;
    return NOTICES.includes(given as NoticeKind) ? (given as NoticeKind) : null;
  });
  const [closing, setClosing] = useState(false);
  // the notice is shown once: a reload of the page does not repeat it
  useEffect(() => {
    if (location.state) navigate(location.pathname, { replace: true, state: null });
  }, [location.state, location.pathname, navigate]);
  // an action's answer until the next load (a new language) replaces it
  const review = updated ?? loaded.data;
  useEffect(() => setUpdated(null), [loaded.data]);

  const saved = (next: PeerReview, kind: NoticeKind) => {
    setUpdated(next);
    setNotice(kind);
  };

  return (
    <Page
      title={review ? `${review.reference} — ${t(`peerReviews.kind.${review.kind}`)} — ${names.name(review.hostParticipantCode)}` : t('peerReviews.title')}
      actions={
        review?.can.close && (
          <Button color="red" variant="default" onClick={() => setClosing(true)}>
            {t('peerReviews.close')}
          </Button>
        )
      }
    >
      <Anchor component={Link} to="/peer-reviews" fz="sm">
        {t('peerReviews.back')}
      </Anchor>
      {notice && <Notice testId="peer-review-notice">{t(`peerReviews.notice.${notice}`)}</Notice>}
      <Loaded ready={review !== null} error={loaded.error}>
        {() => <PeerReviewBody review={review!} names={names} onSaved={saved} />}
      </Loaded>
      {closing && review && (
        <ReasonDialog
          title={t('peerReviews.closeTitle', { reference: review.reference })}
          message={t('peerReviews.closeMessage')}
          label={t('peerReviews.closingNote')}
          confirmLabel={t('peerReviews.close')}
          danger
          onClose={() => setClosing(false)}
          onConfirm={async (note) => {
            saved(await api<PeerReview>(`/api/peer-reviews/${review.id}/close`, { method: 'POST', body: { note } }), 'closed');
            setClosing(false);
          }}
        />
      )}
    </Page>
  );
}

function PeerReviewBody({ review: r, names, onSaved }: { review: PeerReview; names: CountryNames; onSaved: (review: PeerReview, notice: NoticeKind) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const observers = useApi<ObserverDto[]>('/api/observers');
  const observerName = (code: string) => observers.data?.find((observer) => observer.code === code)?.name ?? code;
  const hostName = names.name(r.hostParticipantCode);
  const reached = new Set(r.steps.map((step) => step.step));

  const rows: KeyValueRow[] = [
    [t('peerReviews.reference'), <span key="r">{r.reference}</span>],
    [t('peerReviews.kindLabel'), t(`peerReviews.kind.${r.kind}`)],
    [
      t('peerReviews.host'),
      <Anchor key="h" component={Link} to={`/participants/${r.hostParticipantCode}`}>
        {hostName}
      </Anchor>,
    ],
    [t('peerReviews.statusLabel'), <PeerReviewStatusBadge key="s" status={r.status} />],
    ...(r.decision
      ? [
          [
            t('peerReviews.decision'),
            <Anchor key="d" component={Link} to={`/decisions/${r.decision.id}`} dir="auto">
              {r.decision.reference} — {r.decision.title}
            </Anchor>,
          ] as KeyValueRow,
        ]
      : []),
    [r.kind === 'visit' ? t('peerReviews.invitedBy') : t('peerReviews.openedBy'), <bdi key="i">{r.invitedByName}</bdi>],
    [t('peerReviews.visitDates'), r.visit ? t('peerReviews.fromTo', { from: format.day(r.visit.startsOn), to: format.day(r.visit.endsOn) }) : '—'],
    [t('peerReviews.recommendations'), <RecommendationCounts key="c" counts={r.recommendationCounts} />],
    ...(r.closingNote ? [[t('peerReviews.closingNote'), <span key="n" dir="auto" className="preserve-lines">{r.closingNote}</span>] as KeyValueRow] : []),
    [
      t('sharing.sharedLabel'),
      <SharingControl<PeerReview> key="o" shared={r.sharedWithObservers} canShare={r.can.share} url={`/api/peer-reviews/${r.id}/sharing`} onSaved={(next) => onSaved(next, 'sharing')} />,
    ],
  ];

  return (
    <Stack gap="lg">
      <Section title={t('peerReviews.summary')} testId="peer-review-summary">
        <KeyValueTable caption={t('peerReviews.summary')} rows={rows} />
        <Title order={3} size="h4">
          {r.kind === 'visit' ? t('peerReviews.scopeVisit') : t('peerReviews.scopeMission')}
        </Title>
        <Text className="preserve-lines" dir="auto" data-testid="peer-review-scope">
          {r.scope}
        </Text>
      </Section>

      <Section title={t('peerReviews.timeline')} testId="peer-review-steps">
        <PeerReviewTimeline steps={r.steps} />
      </Section>

      <Section title={t('peerReviews.team.title')} testId="peer-review-team">
        {r.team.length === 0 ? (
          <Text fz="sm">{t('peerReviews.team.none')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table verticalSpacing={6} data-testid="team-table">
              <VisuallyHidden component="caption">{t('peerReviews.team.title')}</VisuallyHidden>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('peerReviews.team.name')}</Table.Th>
                  <Table.Th scope="col">{t('peerReviews.team.for')}</Table.Th>
                  <Table.Th scope="col">{t('peerReviews.team.role')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.team.map((member) => (
                  <Table.Tr key={member.userId} data-testid="team-member">
                    <Table.Td>
                      <bdi>{member.name}</bdi>
                    </Table.Td>
                    <Table.Td>
                      {member.participantCode
                        ? t('peerReviews.team.participant', { name: names.name(member.participantCode) })
                        : member.observerCode
                          ? t('peerReviews.team.observer', { name: observerName(member.observerCode) })
                          : '—'}
                    </Table.Td>
                    <Table.Td>
                      {member.leader ? (
                        <ToneBadge tone="violet" data-testid="team-leader">
                          {t('peerReviews.team.leaderBadge')}
                        </ToneBadge>
                      ) : (
                        t('peerReviews.team.member')
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {r.can.formTeam && (
          <>
            <Divider />
            <TeamForm key={r.team.map((member) => member.userId).join()} review={r} names={names} onSaved={(next) => onSaved(next, 'teamFormed')} />
          </>
        )}
        {r.can.scheduleVisit && (
          <>
            <Divider />
            <VisitForm review={r} onSaved={(next) => onSaved(next, 'visitScheduled')} />
          </>
        )}
      </Section>

      {(r.draftReport || r.can.draftReport || reached.has('visit')) && (
        <Section title={t('peerReviews.draft.title')} testId="peer-review-draft">
          {r.draftReport ? (
            <ReportText report={r.draftReport} testId="draft-text" />
          ) : (
            <Text fz="sm">{t('peerReviews.draft.none')}</Text>
          )}
          {r.can.draftReport && <ReportForm review={r} stage="draft" hostName={hostName} onSaved={(next) => onSaved(next, 'drafted')} />}
        </Section>
      )}

      {(r.draftReport || r.hostComments.length > 0) && (
        <Section title={t('peerReviews.comments.title')} testId="peer-review-comments">
          <CommentList comments={r.hostComments} empty={t('peerReviews.comments.none')} />
          {r.can.comment && (
            <MessageForm
              label={t('peerReviews.comments.label')}
              button={t('peerReviews.comments.send')}
              maxLength={20_000}
              dir="auto"
              testId="host-comment-form"
              send={async (body) => onSaved(await api<PeerReview>(`/api/peer-reviews/${r.id}/host-comments`, { method: 'POST', body: { body, language: format.language } }), 'commented')}
            />
          )}
        </Section>
      )}

      {(r.finalReport || r.can.finalise) && (
        <Section title={t('peerReviews.final.title')} testId="peer-review-final">
          {r.finalReport ? <ReportText report={r.finalReport} testId="final-text" /> : <Text fz="sm">{t('peerReviews.final.none')}</Text>}
          {r.can.finalise && <ReportForm review={r} stage="final" hostName={hostName} onSaved={(next) => onSaved(next, 'finalised')} />}
        </Section>
      )}

      {(r.recommendations.length > 0 || r.can.addRecommendations) && (
        <Section title={t('peerReviews.recommendations')} testId="peer-review-recommendations">
          {r.recommendations.length === 0 ? (
            <Text fz="sm">{t('peerReviews.noRecommendations')}</Text>
          ) : (
            <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {r.recommendations.map((recommendation) => {
                const followUp = recommendation.status !== 'closed' && (r.can.reportProgress || r.can.closeRecommendations);
                return (
                  <Paper key={recommendation.id} withBorder p="sm" radius="sm" component="li" data-testid="recommendation" data-number={recommendation.number}>
                    <Stack gap={6}>
                      <Group gap="xs" wrap="wrap">
                        <Text fw={700} fz="sm">
                          {t('peerReviews.recommendationN', { n: format.number(recommendation.number) })}
                        </Text>
                        <RecommendationStatusBadge status={recommendation.status} />
                        {recommendation.overdue && <OverdueBadge />}
                      </Group>
                      <Text fz="sm" className="preserve-lines" dir="auto">
                        {recommendation.text}
                      </Text>
                      <Text fz="sm">
                        {t('peerReviews.owner')}: <bdi>{ownerText(recommendation, names.name)}</bdi> · {t('peerReviews.dueOn')}:{' '}
                        <time dateTime={recommendation.dueOn}>{format.day(recommendation.dueOn)}</time>
                      </Text>
                      <Stack gap={2} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('peerReviews.eventsOf', { n: recommendation.number })}>
                        {recommendation.events.map((event, index) => (
                          <Text key={index} fz="xs" component="li" c="gray.8">
                            <bdi>{format.dateTime(event.at)}</bdi> · {t(`peerReviews.recommendationStatus.${event.status}`)} · <bdi>{event.authorName}</bdi>
                            {event.onBehalfOf ? <> ({names.name(event.onBehalfOf)})</> : null}
                            {event.note ? (
                              <>
                                {' — '}
                                <span dir="auto">{event.note}</span>
                              </>
                            ) : null}
                          </Text>
                        ))}
                      </Stack>
                      {followUp && <RecommendationEventForm review={r} recommendation={recommendation} mayClose={r.can.closeRecommendations} onSaved={(next) => onSaved(next, 'followedUp')} />}
                    </Stack>
                  </Paper>
                );
              })}
            </Stack>
          )}
          {r.can.addRecommendations && (
            <>
              <Divider />
              <AddRecommendationsForm review={r} hostName={hostName} onSaved={(next) => onSaved(next, 'recommendationsAdded')} />
            </>
          )}
        </Section>
      )}

      <Section title={t('peerReviews.files.title')} testId="peer-review-files-section">
        <PeerReviewFiles review={r} />
      </Section>
    </Stack>
  );
}

function ReportText({ report, testId }: { report: NonNullable<PeerReview['draftReport']>; testId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Stack gap={4}>
      <Text fz="sm" c="gray.8">
        {t('peerReviews.writtenBy', { name: report.byName, date: format.dateTime(report.at) })}
      </Text>
      <Text className="preserve-lines" dir="auto" data-testid={testId}>
        {report.body}
      </Text>
    </Stack>
  );
}
