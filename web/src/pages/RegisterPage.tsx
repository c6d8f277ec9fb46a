import { Anchor, Group, Text, TextInput } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PARTICIPANT_STATUSES } from '../../../src/domain/participant-status.ts';
import type { ParticipantSummary } from '../api.ts';
import { StatusBadge, ToneBadge } from '../components/Badges.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { Loaded, Page } from '../components/Page.tsx';
import { FilterSelect, useSetSearchParam } from '../components/SearchFilter.tsx';
import { useFormat } from '../format.ts';
import { useApi } from '../useApi.ts';

const column = createColumnHelper<ParticipantSummary>();

export function RegisterPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const register = useApi<ParticipantSummary[]>('/api/participants');
  const [params] = useSearchParams();
  const setParam = useSetSearchParam();
  const query = params.get('q') ?? '';
  const status = params.get('status') ?? '';

  const columns = useMemo(
    () => [
      column.accessor('name', {
        header: () => t('register.name'),
        cell: (info) => (
          <Anchor component={Link} to={`/participants/${info.row.original.code}`}>
            {info.getValue()}
          </Anchor>
        ),
        sortingFn: (a, b) => a.original.name.localeCompare(b.original.name, format.language),
      }),
      column.accessor('code', { header: () => t('register.code'), cell: (info) => <span className="mono">{info.getValue()}</span> }),
      column.accessor('kind', { header: () => t('register.kind'), cell: (info) => t(`kind.${info.getValue()}`) }),
      column.accessor((row) => row.status ?? '', {
        id: 'status',
        header: () => t('register.status'),
        cell: (info) => <StatusBadge status={info.row.original.status} />,
      }),
      column.accessor((row) => row.since ?? '', {
        id: 'since',
        header: () => t('register.since'),
        cell: (info) =>
          info.row.original.since ? (
            <Group gap={6} wrap="nowrap">
              <Text fz="sm">{format.registerDate(info.row.original.since)}</Text>
              {info.row.original.sinceInferred && (
                <ToneBadge tone="gray" size="xs" title={t('register.inferredHint')}>
                  {t('register.inferred')}
                </ToneBadge>
              )}
            </Group>
          ) : (
            '—'
          ),
      }),
    ],
    [t, format.language],
  );

  const rows = useMemo(() => {
    const needle = query.trim().toLocaleLowerCase();
    return (register.data ?? []).filter((row) => {
      if (status === 'none' ? row.status !== null : status && row.status !== status) return false;
      if (!needle) return true;
      return [row.name, row.registerName, row.code].some((text) => text.toLocaleLowerCase().includes(needle));
    });
  }, [register.data, query, status]);

  return (
    <Page title={t('register.title')}>
      <Text>{t('register.intro')}</Text>
      <Group align="flex-end" gap="md" role="search" aria-label={t('register.filters')}>
        <TextInput
          label={t('register.search')}
          type="search"
          value={query}
          onChange={(event) => setParam('q', event.currentTarget.value)}
          w={280}
        />
        <FilterSelect
          param="status"
          label={t('register.filterStatus')}
          value={status}
          allLabel={t('register.allStatuses')}
          options={[...PARTICIPANT_STATUSES.map((value) => ({ value, label: t(`status.${value}`) })), { value: 'none', label: t('status.none') }]}
          w={240}
        />
      </Group>
      <Loaded ready={register.data !== null} error={register.error}>
        {() => (
          <>
            <Text fz="sm" role="status" aria-live="polite">
              {t('register.showing', { shown: format.number(rows.length), total: format.number(register.data!.length) })}
            </Text>
            <DataTable
              data={rows}
              columns={columns}
              caption={t('register.title')}
              initialSorting={[{ id: 'name', desc: false }]}
              getRowId={(row) => row.code}
              emptyText={t('register.noMatch')}
              testId="register-table"
            />
          </>
        )}
      </Loaded>
    </Page>
  );
}
