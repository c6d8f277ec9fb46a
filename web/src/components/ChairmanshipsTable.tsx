import { Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Chairmanship } from '../../../src/bodies/schemas.ts';
import { useCountryNames } from '../countries.ts';
import { useFormat } from '../format.ts';
import { useApi } from '../useApi.ts';
import { DataTable } from './DataTable.tsx';
import { Loaded } from './Page.tsx';

const column = createColumnHelper<Chairmanship>();

/**
 * The KP Chair and Vice-Chair of each recorded year, newest first (`GET /api/chairmanships`,
 * public). Give it a new `key` to read them again after the Chair records one.
 */
export function ChairmanshipsTable() {
  const { t } = useTranslation();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const chairmanships = useApi<{ items: Chairmanship[] }>('/api/chairmanships');
  const columns = useMemo(
    () => [
      column.accessor('year', { header: () => t('bodies.year'), cell: (info) => String(info.getValue()) }),
      column.accessor((row) => names.name(row.chairParticipantCode), { id: 'chair', header: () => t('bodies.chair') }),
      column.accessor((row) => (row.viceChairParticipantCode ? names.name(row.viceChairParticipantCode) : ''), {
        id: 'viceChair',
        header: () => t('bodies.viceChair'),
        cell: (info) => info.getValue() || '—',
      }),
      column.accessor((row) => row.note ?? '', { id: 'note', header: () => t('bodies.note'), cell: (info) => <Text fz="sm">{info.getValue() || '—'}</Text> }),
    ],
    [t, names],
  );
  return (
    <>
      <Text fz="sm">{t('bodies.rotation')}</Text>
      <Loaded ready={chairmanships.data !== null} error={chairmanships.error}>
        {() => (
          <DataTable
            data={chairmanships.data!.items}
            columns={columns}
            caption={t('bodies.chairmanshipsHeading')}
            getRowId={(row) => String(row.year)}
            testId="chairmanships-table"
          />
        )}
      </Loaded>
    </>
  );
}
