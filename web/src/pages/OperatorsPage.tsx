import { Anchor, Button, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useParams } from 'react-router';
import { api, type OperatorDto, type ParticipantDetail } from '../api.ts';
import { useMe } from '../auth.tsx';
import { LicenceStateBadge } from '../components/Badges.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { Notice } from '../components/Notice.tsx';
import { OperatorForm } from '../components/OperatorForm.tsx';
import { Loaded, Page } from '../components/Page.tsx';
import { ReasonDialog } from '../components/ReasonDialog.tsx';
import { useFormat } from '../format.ts';
import { can } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

const column = createColumnHelper<OperatorDto>();
type Dialog = { kind: 'create' } | { kind: 'edit' | 'suspend' | 'reinstate'; operator: OperatorDto } | null;

/** `/operators`: the signed-in official's own register. */
export function OwnOperatorsRedirect() {
  const me = useMe();
  if (!me.participant) return <Navigate to="/participants" replace />;
  return <Navigate to={`/participants/${me.participant.code}/operators`} replace />;
}

export function OperatorsPage() {
  const { code = '' } = useParams();
  const me = useMe();
  if (!can.readOperators(me, code)) return <NotFoundPage />;
  return <OperatorRegister code={code} />;
}

function OperatorRegister({ code }: { code: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const participant = useApi<ParticipantDetail>(`/api/participants/${code}`);
  const operators = useApi<OperatorDto[]>(`/api/participants/${code}/operators`);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [query, setQuery] = useState('');
  const [state, setState] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const manage = can.manageOperators(me, code);

  const columns = useMemo(
    () => [
      column.accessor('licenceNumber', { header: () => t('operators.licenceNumber'), cell: (info) => <span className="mono">{info.getValue()}</span> }),
      column.accessor('name', {
        header: () => t('operators.name'),
        cell: (info) => (
          <Stack gap={0}>
            <Text fz="sm" fw={600}>
              {info.getValue()}
            </Text>
            <Text fz="xs" c="gray.8">
              {info.row.original.address}
            </Text>
            {info.row.original.registrationCard && (
              <Text fz="xs" c="gray.8">
                {t('operators.registrationCard')}: {info.row.original.registrationCard}
              </Text>
            )}
          </Stack>
        ),
      }),
      column.accessor((row) => row.licenceTypes.join(','), {
        id: 'types',
        header: () => t('operators.licenceTypes'),
        cell: (info) => info.row.original.licenceTypes.map((type) => t(`licenceType.${type}`)).join(', '),
      }),
      column.accessor('validUntil', {
        header: () => t('operators.validity'),
        cell: (info) => (
          <Text fz="sm" style={{ whiteSpace: 'nowrap' }}>
            {format.day(info.row.original.validFrom)} – {format.day(info.row.original.validUntil)}
          </Text>
        ),
      }),
      column.accessor('licenceState', {
        header: () => t('operators.state'),
        cell: (info) => (
          <Stack gap={2} align="flex-start">
            <LicenceStateBadge state={info.getValue()} />
            {info.row.original.suspensionReason && (
              <Text fz="xs" c="gray.8">
                {t('operators.reason')}: {info.row.original.suspensionReason}
              </Text>
            )}
          </Stack>
        ),
      }),
      ...(manage
        ? [
            column.display({
              id: 'actions',
              header: () => t('common.actions'),
              cell: (info) => {
                const operator = info.row.original;
                return (
                  <Group gap={6} wrap="nowrap">
                    <Button size="xs" variant="default" onClick={() => setDialog({ kind: 'edit', operator })} aria-label={`${t('common.edit')}: ${operator.name}`}>
                      {t('common.edit')}
                    </Button>
                    {operator.licenceState === 'suspended' ? (
                      <Button size="xs" variant="default" onClick={() => setDialog({ kind: 'reinstate', operator })} aria-label={`${t('operators.reinstate')}: ${operator.name}`}>
                        {t('operators.reinstate')}
                      </Button>
                    ) : (
                      <Button size="xs" color="red" onClick={() => setDialog({ kind: 'suspend', operator })} aria-label={`${t('operators.suspend')}: ${operator.name}`}>
                        {t('operators.suspend')}
                      </Button>
                    )}
                  </Group>
                );
              },
            }),
          ]
        : []),
    ],
    [t, format.language, manage],
  );

  const rows = useMemo(() => {
    const needle = query.trim().toLocaleLowerCase();
    return (operators.data ?? []).filter(
      (row) =>
        (!state || row.licenceState === state) &&
        (!needle || [row.name, row.licenceNumber, row.address].some((text) => text.toLocaleLowerCase().includes(needle))),
    );
  }, [operators.data, query, state]);

  const done = (message: string) => {
    setDialog(null);
    setNotice(message);
    operators.reload();
  };

  const name = participant.data?.name ?? code;
  return (
    <Page
      title={t('operators.title', { name })}
      actions={
        manage && (
          <Button onClick={() => setDialog({ kind: 'create' })} data-testid="add-operator">
            {t('operators.add')}
          </Button>
        )
      }
    >
      <Anchor component={Link} to={`/participants/${code}`} fz="sm">
        {t('operators.backToParticipant', { name })}
      </Anchor>
      <Text>{t('operators.intro')}</Text>
      {notice && <Notice>{notice}</Notice>}
      <Group align="flex-end" gap="md" role="search" aria-label={t('operators.filters')}>
        <TextInput label={t('operators.search')} type="search" value={query} onChange={(event) => setQuery(event.currentTarget.value)} w={280} />
        <NativeSelect label={t('operators.filterState')} value={state} onChange={(event) => setState(event.currentTarget.value)} w={220}>
          <option value="">{t('operators.allStates')}</option>
          {(['valid', 'suspended', 'expired', 'not_yet_valid'] as const).map((value) => (
            <option key={value} value={value}>
              {t(`licenceState.${value}`)}
            </option>
          ))}
        </NativeSelect>
      </Group>
      <Loaded ready={operators.data !== null} error={operators.error}>
        {() => (
          <DataTable
            data={rows}
            columns={columns}
            caption={t('operators.title', { name })}
            initialSorting={[{ id: 'licenceNumber', desc: false }]}
            getRowId={(row) => row.id}
            emptyText={t('operators.none')}
            testId="operators-table"
          />
        )}
      </Loaded>
      {dialog?.kind === 'create' && (
        <OperatorForm participantCode={code} operator={null} cooperatives={operators.data ?? []} onClose={() => setDialog(null)} onSaved={(saved) => done(t('operators.created', { name: saved.name }))} />
      )}
      {dialog?.kind === 'edit' && (
        <OperatorForm participantCode={code} operator={dialog.operator} cooperatives={operators.data ?? []} onClose={() => setDialog(null)} onSaved={(saved) => done(t('operators.saved', { name: saved.name }))} />
      )}
      {dialog?.kind === 'suspend' && (
        <ReasonDialog
          title={t('operators.suspendTitle')}
          message={t('operators.suspendConfirm', { name: dialog.operator.name, licenceNumber: dialog.operator.licenceNumber })}
          label={t('operators.reason')}
          confirmLabel={t('operators.suspend')}
          danger
          onClose={() => setDialog(null)}
          onConfirm={async (reason) => {
            await api(`/api/operators/${dialog.operator.id}/suspend`, { method: 'POST', body: { reason } });
            done(t('operators.suspended', { name: dialog.operator.name }));
          }}
        />
      )}
      {dialog?.kind === 'reinstate' && (
        <ReasonDialog
          title={t('operators.reinstateTitle')}
          message={t('operators.reinstateConfirm', { name: dialog.operator.name, licenceNumber: dialog.operator.licenceNumber })}
          label={t('operators.note')}
          confirmLabel={t('operators.reinstate')}
          onClose={() => setDialog(null)}
          onConfirm={async (note) => {
            await api(`/api/operators/${dialog.operator.id}/reinstate`, { method: 'POST', body: { note } });
            done(t('operators.reinstated', { name: dialog.operator.name }));
          }}
        />
      )}
    </Page>
  );
}
