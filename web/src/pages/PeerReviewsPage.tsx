import { Anchor, Button, Group, Stack, Tabs, Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { FollowUp, PeerReviewSummary } from '../api.ts';
import { useMe } from '../auth.tsx';
import { useCountryNames, type CountryNames } from '../countries.ts';
import { DataTable } from '../components/DataTable.tsx';
import { Loaded, Page } from '../components/Page.tsx';
import { InviteVisitDialog, OpenMissionDialog } from '../components/PeerReviewForms.tsx';
import { OverdueBadge, ownerText, PeerReviewStatusBadge, RecommendationCounts, RecommendationStatusBadge, VisitDates } from '../components/PeerReviewParts.tsx';
import { FilterSelect, useSetSearchParam } from '../components/SearchFilter.tsx';
import { useFormat } from '../format.ts';
import { can } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { NotFoundUnless } from './NotFoundPage.tsx';

type FollowUpItem = FollowUp['items'][number];
const reviewColumn = createColumnHelper<PeerReviewSummary>();
const followUpColumn = createColumnHelper<FollowUpItem>();
const PARTICIPANT = /^[A-Z]{2}$/;

/**
 * `/peer-reviews`: the review visits and missions the user may see, and the recommendations still
 * to be followed up (KPCS-DOMAIN §7). A participant's administrator invites a visit; the Chair
 * opens a mission from an adopted decision.
 */
export function PeerReviewsPage() {
  return (
    <NotFoundUnless allowed={can.readPeerReviews}>
      <PeerReviewsView />
    </NotFoundUnless>
  );
}

function PeerReviewsView() {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const [params] = useSearchParams();
  const setParam = useSetSearchParam();
  const followUp = can.followUpRecommendations(me);
  const tab = followUp && params.get('tab') === 'follow-up' ? 'follow-up' : 'reviews';
  const [dialog, setDialog] = useState<'visit' | 'mission' | null>(null);

  return (
    <Page
      title={t('peerReviews.title')}
      actions={
        <>
          {can.invitePeerReview(me) && <Button onClick={() => setDialog('visit')}>{t('peerReviews.invite')}</Button>}
          {can.openReviewMission(me) && (
            <Button variant="default" onClick={() => setDialog('mission')}>
              {t('peerReviews.openMission')}
            </Button>
          )}
        </>
      }
    >
      <Text>{t('peerReviews.intro')}</Text>
      {followUp ? (
        <Tabs value={tab} onChange={(value) => setParam('tab', value === 'follow-up' ? 'follow-up' : null)} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="reviews">{t('peerReviews.tabs.reviews')}</Tabs.Tab>
            <Tabs.Tab value="follow-up">{t('peerReviews.tabs.followUp')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="reviews" pt="md">
            <ReviewList names={names} />
          </Tabs.Panel>
          <Tabs.Panel value="follow-up" pt="md">
            <FollowUpList names={names} />
          </Tabs.Panel>
        </Tabs>
      ) : (
        <ReviewList names={names} />
      )}
      {dialog === 'visit' && <InviteVisitDialog onClose={() => setDialog(null)} />}
      {dialog === 'mission' && <OpenMissionDialog names={names} onClose={() => setDialog(null)} />}
    </Page>
  );
}

function ReviewList({ names }: { names: CountryNames }) {
  const { t } = useTranslation();
  const reviews = useApi<{ items: PeerReviewSummary[] }>('/api/peer-reviews');
  const columns = useMemo(
    () => [
      reviewColumn.accessor('reference', {
        header: () => t('peerReviews.reference'),
        cell: (info) => (
          <Anchor component={Link} to={`/peer-reviews/${info.row.original.id}`} style={{ whiteSpace: 'nowrap' }}>
            {info.getValue()}
          </Anchor>
        ),
      }),
      reviewColumn.accessor('kind', { header: () => t('peerReviews.kindLabel'), cell: (info) => t(`peerReviews.kind.${info.getValue()}`) }),
      reviewColumn.accessor((row) => names.name(row.hostParticipantCode), { id: 'host', header: () => t('peerReviews.host') }),
      reviewColumn.accessor('status', { header: () => t('peerReviews.statusLabel'), cell: (info) => <PeerReviewStatusBadge status={info.getValue()} /> }),
      reviewColumn.accessor((row) => row.steps.find((step) => step.step === 'visit')?.on ?? '', {
        id: 'visit',
        header: () => t('peerReviews.visitDates'),
        cell: (info) => <VisitDates steps={info.row.original.steps} />,
      }),
      reviewColumn.accessor((row) => row.recommendationCounts.overdue * 1000 + row.recommendationCounts.open, {
        id: 'recommendations',
        header: () => t('peerReviews.recommendations'),
        cell: (info) => <RecommendationCounts counts={info.row.original.recommendationCounts} />,
      }),
    ],
    [t, names],
  );
  return (
    <Loaded ready={reviews.data !== null} error={reviews.error}>
      {() => (
        <DataTable
          data={reviews.data!.items}
          columns={columns}
          caption={t('peerReviews.title')}
          getRowId={(row) => row.id}
          emptyText={t('peerReviews.none')}
          testId="peer-reviews-table"
        />
      )}
    </Loaded>
  );
}

/** Open recommendations, earliest due first: all participants' for the Chair and the WGM (with a filter), the own participant's for its staff. */
function FollowUpList({ names }: { names: CountryNames }) {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const [params] = useSearchParams();
  const overseer = can.overseePeerReviews(me);
  const participant = overseer && PARTICIPANT.test(params.get('participant') ?? '') ? params.get('participant')! : '';
  const items = useApi<FollowUp>(`/api/peer-reviews/follow-up${participant ? `?participant=${participant}` : ''}`);
  const participantOptions = useMemo(
    () =>
      (names.participants ?? [])
        .map((row) => ({ value: row.code, label: row.name }))
        .sort((a, b) => a.label.localeCompare(b.label, format.language)),
    [names.participants, format.language],
  );
  const columns = useMemo(
    () => [
      followUpColumn.accessor('reviewReference', {
        header: () => t('peerReviews.reference'),
        cell: (info) => (
          <Anchor component={Link} to={`/peer-reviews/${info.row.original.reviewId}`} style={{ whiteSpace: 'nowrap' }}>
            {info.getValue()}
          </Anchor>
        ),
      }),
      followUpColumn.accessor((row) => names.name(row.hostParticipantCode), { id: 'host', header: () => t('peerReviews.host') }),
      followUpColumn.accessor('text', {
        header: () => t('peerReviews.recommendation'),
        cell: (info) => (
          <Text fz="sm" dir="auto">
            {t('peerReviews.numbered', { number: format.number(info.row.original.number) })} {info.getValue()}
          </Text>
        ),
      }),
      followUpColumn.accessor((row) => ownerText(row, names.name), { id: 'owner', header: () => t('peerReviews.owner'), cell: (info) => <bdi>{info.getValue()}</bdi> }),
      followUpColumn.accessor('dueOn', { header: () => t('peerReviews.dueOn'), cell: (info) => <time dateTime={info.getValue()}>{format.day(info.getValue())}</time> }),
      followUpColumn.accessor('status', {
        header: () => t('peerReviews.statusLabel'),
        cell: (info) => (
          <Stack gap={4} align="flex-start">
            <RecommendationStatusBadge status={info.getValue()} />
            {info.row.original.overdue && <OverdueBadge />}
          </Stack>
        ),
      }),
      followUpColumn.accessor((row) => row.lastNote ?? '', {
        id: 'lastNote',
        header: () => t('peerReviews.lastNote'),
        cell: (info) => (info.getValue() ? <Text fz="sm" dir="auto">{info.getValue()}</Text> : '—'),
      }),
    ],
    [t, names, format],
  );
  return (
    <Stack gap="md">
      {overseer && (
        <Group align="flex-end" role="search" aria-label={t('peerReviews.followUpFilters')}>
          <FilterSelect param="participant" label={t('peerReviews.host')} value={participant} allLabel={t('peerReviews.allParticipants')} options={participantOptions} w={280} />
        </Group>
      )}
      <Loaded ready={items.data !== null} error={items.error}>
        {() => {
          const overdue = items.data!.items.filter((item) => item.overdue).length;
          return (
            <>
              <Text fz="sm" data-testid="follow-up-summary">
                {t('peerReviews.followUpSummary', { formatted: format.number(items.data!.items.length), overdue: format.number(overdue) })}
              </Text>
              <DataTable
                data={items.data!.items}
                columns={columns}
                caption={t('peerReviews.tabs.followUp')}
                getRowId={(row) => row.id}
                emptyText={t('peerReviews.noFollowUp')}
                testId="follow-up-table"
              />
            </>
          );
        }}
      </Loaded>
    </Stack>
  );
}
