import { Anchor, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type OperatorDto } from '../api.ts';
import { useMe } from '../auth.tsx';
import { LicenceStateBadge, ToneBadge } from '../components/Badges.tsx';
import { CaptionedTable } from '../components/CaptionedTable.tsx';
import { Notice } from '../components/Notice.tsx';
import { Loaded, Page } from '../components/Page.tsx';
import { ReasonDialog } from '../components/ReasonDialog.tsx';
import { SiteForm } from '../components/SiteForm.tsx';
import type { SiteDto } from '../custody.ts';
import { useFormat } from '../format.ts';
import { can } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

type Dialog = { kind: 'create' } | { kind: 'edit' | 'suspend'; site: SiteDto } | null;

/** `/custody/sites`: the participant's licensed mines and mining sites. */
export function CustodySitesPage() {
  const me = useMe();
  const code = me.participant?.code;
  if (!code || !can.readCustody(me, code)) return <NotFoundPage />;
  return <SiteRegister code={code} />;
}

function SiteRegister({ code }: { code: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const sites = useApi<SiteDto[]>(`/api/participants/${code}/sites`);
  const operators = useApi<OperatorDto[]>(`/api/participants/${code}/operators`);
  const zones = useApi<{ id: string; name: string }[]>(`/api/participants/${code}/zones`);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const manage = can.manageOperators(me, code);
  const zoneName = (id: string | null) => (id ? (zones.data?.find((zone) => zone.id === id)?.name ?? '') : '—');

  const done = (message: string) => {
    setDialog(null);
    setNotice(message);
    sites.reload();
  };

  return (
    <Page
      title={t('custody.sites.title')}
      actions={
        manage && (
          <Button onClick={() => setDialog({ kind: 'create' })} data-testid="add-site">
            {t('custody.sites.add')}
          </Button>
        )
      }
    >
      <Anchor component={Link} to="/custody" fz="sm">
        {t('custody.sites.back')}
      </Anchor>
      <Text>{t('custody.sites.intro')}</Text>
      {notice && <Notice testId="sites-notice">{notice}</Notice>}
      <Loaded ready={sites.data !== null} error={sites.error}>
        {() => (
          <CaptionedTable
            caption={t('custody.sites.title')}
            testId="sites-table"
            minWidth={1000}
            head={
              <>
                <Table.Th scope="col">{t('custody.sites.licenceNumber')}</Table.Th>
                <Table.Th scope="col">{t('custody.sites.name')}</Table.Th>
                <Table.Th scope="col">{t('custody.sites.holder')}</Table.Th>
                <Table.Th scope="col">{t('custody.sites.depositType')}</Table.Th>
                <Table.Th scope="col">{t('custody.sites.regionZone')}</Table.Th>
                <Table.Th scope="col">{t('custody.sites.coordinates')}</Table.Th>
                <Table.Th scope="col">{t('operators.validity')}</Table.Th>
                <Table.Th scope="col">{t('operators.state')}</Table.Th>
                {manage && <Table.Th scope="col">{t('common.actions')}</Table.Th>}
              </>
            }
          >
            {sites.data!.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={9}>
                  <Text fz="sm">{t('custody.sites.none')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
            {sites.data!.map((site) => (
              <Table.Tr key={site.id}>
                <Table.Td className="mono">{site.licenceNumber}</Table.Td>
                <Table.Td>
                  <Text fz="sm" fw={600}>
                    {site.name}
                  </Text>
                  {site.artisanal && <ToneBadge tone="blue">{t('custody.sites.artisanalBadge')}</ToneBadge>}
                </Table.Td>
                <Table.Td>{site.holderName ?? '—'}</Table.Td>
                <Table.Td>{t(`custody.depositType.${site.depositType}`)}</Table.Td>
                <Table.Td>
                  {site.region}
                  <Text fz="xs">{zoneName(site.zoneId)}</Text>
                </Table.Td>
                <Table.Td dir="ltr" className="mono" style={{ whiteSpace: 'nowrap' }}>
                  {site.latitude && site.longitude ? `${site.latitude}, ${site.longitude}` : '—'}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {format.day(site.validFrom)} – {format.day(site.validUntil)}
                </Table.Td>
                <Table.Td>
                  <Stack gap={2} align="flex-start">
                    <LicenceStateBadge state={site.licenceState} />
                    {site.suspensionReason && (
                      <Text fz="xs">
                        {t('operators.reason')}: {site.suspensionReason}
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                {manage && (
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Button size="xs" variant="default" onClick={() => setDialog({ kind: 'edit', site })} aria-label={`${t('common.edit')}: ${site.name}`}>
                        {t('common.edit')}
                      </Button>
                      {site.licenceState !== 'suspended' && (
                        <Button size="xs" color="red" onClick={() => setDialog({ kind: 'suspend', site })} aria-label={`${t('operators.suspend')}: ${site.name}`}>
                          {t('operators.suspend')}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </CaptionedTable>
        )}
      </Loaded>
      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
        <SiteForm
          participantCode={code}
          site={dialog.kind === 'edit' ? dialog.site : null}
          operators={operators.data ?? []}
          zones={zones.data ?? []}
          onClose={() => setDialog(null)}
          onSaved={(saved) => done(t(dialog.kind === 'edit' ? 'custody.sites.saved' : 'custody.sites.created', { name: saved.name }))}
        />
      )}
      {dialog?.kind === 'suspend' && (
        <ReasonDialog
          title={t('custody.sites.suspendTitle')}
          message={t('custody.sites.suspendConfirm', { name: dialog.site.name, licenceNumber: dialog.site.licenceNumber })}
          label={t('operators.reason')}
          confirmLabel={t('operators.suspend')}
          danger
          onClose={() => setDialog(null)}
          onConfirm={async (reason) => {
            await api(`/api/sites/${dialog.site.id}/suspend`, { method: 'POST', body: { reason } });
            done(t('custody.sites.suspended', { name: dialog.site.name }));
          }}
        />
      )}
    </Page>
  );
}
