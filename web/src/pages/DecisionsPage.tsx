import { Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DECISION_STATUSES } from '../../../src/decisions/decision-rules.ts';
import type { DecisionStatus, DecisionSummary } from '../api.ts';
import { useMe } from '../auth.tsx';
import { useCountryNames } from '../countries.ts';
import { ToneBadge } from '../components/Badges.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { DecisionDates, DecisionStatusBadge, EffectsInWords } from '../components/DecisionParts.tsx';
import { Notice } from '../components/Notice.tsx';
import { Loaded, Page } from '../components/Page.tsx';
import { FilterSelect } from '../components/SearchFilter.tsx';
import { useFormat } from '../format.ts';
import { can } from '../permissions.ts';
import { useApi } from '../useApi.ts';

const column = createColumnHelper<DecisionSummary>();

/** `/decisions`: plenary decisions and written procedures, newest first, with their effects on participants. */
export function DecisionsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const [params] = useSearchParams();
  const status = DECISION_STATUSES.includes(params.get('status') as DecisionStatus) ? (params.get('status') as DecisionStatus) : '';
  const decisions = useApi<{ items: DecisionSummary[] }>(`/api/decisions${status ? `?status=${status}` : ''}`);
  // circulating procedures on which the caller's participant has taken no position yet
  const awaiting = useMemo(() => new Set((decisions.data?.items ?? []).filter((item) => item.awaitsYourPosition).map((item) => item.id)), [decisions.data]);

  const columns = useMemo(
    () => [
      column.accessor('reference', {
        header: () => t('decisions.reference'),
        cell: (info) => (
          <Anchor component={Link} to={`/decisions/${info.row.original.id}`} style={{ whiteSpace: 'nowrap' }}>
            {info.getValue()}
          </Anchor>
        ),
      }),
      column.accessor('title', { header: () => t('decisions.decisionTitle'), cell: (info) => <span dir="auto">{info.getValue()}</span> }),
      column.accessor('kind', { header: () => t('decisions.kindLabel'), cell: (info) => t(`decisions.kind.${info.getValue()}`) }),
      column.accessor('status', {
        header: () => t('decisions.status'),
        cell: (info) => (
          <Stack gap={4} align="flex-start">
            <DecisionStatusBadge status={info.getValue()} />
            {awaiting.has(info.row.original.id) && (
              <ToneBadge tone="yellow" data-testid="position-awaited">
                {t('decisions.awaited')}
              </ToneBadge>
            )}
          </Stack>
        ),
      }),
      column.display({ id: 'dates', header: () => t('decisions.dates'), cell: (info) => <DecisionDates decision={info.row.original} /> }),
      column.display({ id: 'effects', header: () => t('decisions.effects'), cell: (info) => <EffectsInWords effects={info.row.original.effects} names={names} /> }),
    ],
    [t, names, awaiting],
  );

  return (
    <Page
      title={t('decisions.title')}
      actions={
        can.recordDecisions(me) && (
          <Button component={Link} to="/decisions/new">
            {t('decisions.new')}
          </Button>
        )
      }
    >
      <Text>{t('decisions.intro')}</Text>
      {awaiting.size > 0 && (
        <Notice tone="awaited" testId="awaiting-summary">
          {t('decisions.awaitedCount', { formatted: format.number(awaiting.size) })}
        </Notice>
      )}
      <Group align="flex-end" role="search" aria-label={t('decisions.filters')}>
        <FilterSelect
          param="status"
          label={t('decisions.status')}
          value={status}
          allLabel={t('decisions.allStatuses')}
          options={DECISION_STATUSES.map((value) => ({ value, label: t(`decisions.statusName.${value}`) }))}
          w={240}
        />
      </Group>
      <Loaded ready={decisions.data !== null} error={decisions.error}>
        {() => (
          <DataTable
            data={decisions.data!.items}
            columns={columns}
            caption={t('decisions.title')}
            getRowId={(row) => row.id}
            emptyText={t('decisions.none')}
            testId="decisions-table"
          />
        )}
      </Loaded>
    </Page>
  );
}
