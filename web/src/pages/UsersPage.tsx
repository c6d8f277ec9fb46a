import { Button, Group, Menu, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ParticipantSummary, type User } from '../api.ts';
import { useMe } from '../auth.tsx';
import { RoleBadge, ToneBadge } from '../components/Badges.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Notice } from '../components/Notice.tsx';
import { Loaded, Page } from '../components/Page.tsx';
import { CreateUserForm, EditUserForm, TokensDialog } from '../components/UserForms.tsx';
import { useFormat } from '../format.ts';
import { can, hasRole } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

const column = createColumnHelper<User>();
type Dialog = { kind: 'create' } | { kind: 'edit' | 'tokens' | 'disable'; user: User } | null;

export function UsersPage() {
  const me = useMe();
  if (!can.manageUsers(me)) return <NotFoundPage />;
  return <UserManagement />;
}

function UserManagement() {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const systemAdmin = hasRole(me, 'system_admin');
  const [participant, setParticipant] = useState('');
  const [query, setQuery] = useState('');
  const users = useApi<User[]>(participant ? `/api/users?participant=${participant}` : '/api/users');
  const participants = useApi<ParticipantSummary[]>(systemAdmin ? '/api/participants' : null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const done = (message: string) => {
    setDialog(null);
    setNotice(message);
    setError(null);
    users.reload();
  };

  const patch = async (user: User, body: Record<string, unknown>, message: string) => {
    setError(null);
    try {
      await api(`/api/users/${user.id}`, { method: 'PATCH', body });
      done(message);
    } catch (caught) {
      setError(caught);
    }
  };

  const columns = useMemo(
    () => [
      column.accessor('name', {
        header: () => t('users.name'),
        cell: (info) => (
          <Stack gap={0}>
            <Text fz="sm" fw={600}>
              {info.getValue()}
            </Text>
            <Text fz="xs" c="gray.8" dir="ltr" style={{ unicodeBidi: 'isolate' }}>
              {info.row.original.email}
            </Text>
          </Stack>
        ),
      }),
      column.accessor('kind', { header: () => t('users.kind'), cell: (info) => t(`userKind.${info.getValue()}`) }),
      column.accessor((row) => row.roles.join(','), {
        id: 'roles',
        header: () => t('users.roles'),
        cell: (info) => (
          <Group gap={4}>
            {info.row.original.roles.map((role) => (
              <RoleBadge key={role} role={role} />
            ))}
          </Group>
        ),
      }),
      ...(systemAdmin ? [column.accessor((row) => row.participantCode ?? row.observerCode ?? '', { id: 'body', header: () => t('users.body') })] : []),
      column.accessor((row) => (row.disabled ? 2 : row.locked ? 1 : 0), {
        id: 'state',
        header: () => t('users.state'),
        cell: (info) => (
          <Group gap={4}>
            {info.row.original.disabled ? <ToneBadge tone="gray">{t('users.disabled')}</ToneBadge> : <ToneBadge tone="green">{t('users.active')}</ToneBadge>}
            {info.row.original.locked && <ToneBadge tone="red">{t('users.locked')}</ToneBadge>}
          </Group>
        ),
      }),
      column.accessor((row) => row.lastLoginAt ?? '', {
        id: 'lastLogin',
        header: () => t('users.lastLogin'),
        cell: (info) => (info.row.original.lastLoginAt ? format.dateTime(info.row.original.lastLoginAt) : t('users.never')),
      }),
      column.display({
        id: 'actions',
        header: () => t('common.actions'),
        cell: (info) => {
          const user = info.row.original;
          const self = user.id === me.id;
          return (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button size="xs" variant="default" aria-label={`${t('common.actions')}: ${user.name}`}>
                  {t('common.actions')} ▾
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => setDialog({ kind: 'edit', user })}>{t('users.edit')}</Menu.Item>
                {user.locked && <Menu.Item onClick={() => patch(user, { unlock: true }, t('users.unlocked', { name: user.name }))}>{t('users.unlock')}</Menu.Item>}
                {!self &&
                  (user.disabled ? (
                    <Menu.Item onClick={() => patch(user, { disabled: false }, t('users.enabled', { name: user.name }))}>{t('users.enable')}</Menu.Item>
                  ) : (
                    <Menu.Item onClick={() => setDialog({ kind: 'disable', user })}>{t('users.disable')}</Menu.Item>
                  ))}
                <Menu.Item onClick={() => setDialog({ kind: 'tokens', user })}>{t('users.tokens')}</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          );
        },
      }),
    ],
    [t, format.language, systemAdmin, me.id],
  );

  const rows = useMemo(() => {
    const needle = query.trim().toLocaleLowerCase();
    return (users.data ?? []).filter((user) => !needle || [user.name, user.email].some((text) => text.toLocaleLowerCase().includes(needle)));
  }, [users.data, query]);

  return (
    <Page
      title={systemAdmin ? t('users.titleAll') : t('users.title', { name: me.participant?.name ?? '' })}
      actions={
        <Button onClick={() => setDialog({ kind: 'create' })} data-testid="create-user">
          {t('users.create')}
        </Button>
      }
    >
      <Text>{systemAdmin ? t('users.introAll') : t('users.intro')}</Text>
      {notice && <Notice>{notice}</Notice>}
      <ErrorAlert error={error} />
      <Group align="flex-end" gap="md" role="search" aria-label={t('users.filters')}>
        <TextInput label={t('users.search')} type="search" value={query} onChange={(event) => setQuery(event.currentTarget.value)} w={280} />
        {systemAdmin && (
          <NativeSelect label={t('users.participant')} value={participant} onChange={(event) => setParticipant(event.currentTarget.value)} w={280}>
            <option value="">{t('users.allAccounts')}</option>
            {(participants.data ?? []).map((row) => (
              <option key={row.code} value={row.code}>
                {row.name} ({row.code})
              </option>
            ))}
          </NativeSelect>
        )}
      </Group>
      <Loaded ready={users.data !== null} error={users.error}>
        {() => (
          <DataTable
            data={rows}
            columns={columns}
            caption={t('nav.users')}
            initialSorting={[{ id: 'name', desc: false }]}
            getRowId={(row) => row.id}
            emptyText={t('users.none')}
            testId="users-table"
          />
        )}
      </Loaded>
      {dialog?.kind === 'create' && <CreateUserForm me={me} onClose={() => setDialog(null)} onCreated={(user) => done(t('users.created', { name: user.name }))} />}
      {dialog?.kind === 'edit' && <EditUserForm me={me} user={dialog.user} onClose={() => setDialog(null)} onSaved={(user) => done(t('users.saved', { name: user.name }))} />}
      {dialog?.kind === 'tokens' && <TokensDialog user={dialog.user} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'disable' && (
        <ConfirmDialog
          title={t('users.disableTitle')}
          message={t('users.disableConfirm', { name: dialog.user.name })}
          confirmLabel={t('users.disable')}
          danger
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await api(`/api/users/${dialog.user.id}`, { method: 'PATCH', body: { disabled: true } });
            done(t('users.disabledNotice', { name: dialog.user.name }));
          }}
        />
      )}
    </Page>
  );
}
