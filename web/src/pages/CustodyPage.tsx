import { Anchor, Group, NativeSelect, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type OperatorDto } from '../api.ts';
import { useMe } from '../auth.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ActorFilter, CorrectionDialog, LedgerTable, operatorNames, QueuePanel, StockTable } from '../components/CustodyParts.tsx';
import { CustodyRecordForm } from '../components/CustodyRecordForm.tsx';
import { Notice } from '../components/Notice.tsx';
import { Loaded, Page, Section } from '../components/Page.tsx';
import { newClientRef, type CustodyEntryDraft, type CustodyEntryDto, type InternalControlsDto, type SiteDto, type StockLine } from '../custody.ts';
import { useFormat } from '../format.ts';
import { discardQueued, enqueue, isTransient, sendEntry, useOfflineQueue, type QueuedEntry } from '../offline-queue.ts';
import { can } from '../permissions.ts';
import { useApi, type Loaded as LoadedData } from '../useApi.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

/** `/custody`: the field desk of internal controls for the official's own participant. */
export function CustodyPage() {
  const me = useMe();
  const code = me.participant?.code;
  if (!code || !can.readCustody(me, code)) return <NotFoundPage />;
  return <CustodyDesk code={code} />;
}

function InternalControlsStatus({ code }: { code: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const status = useApi<InternalControlsDto>(`/api/participants/${code}/internal-controls`);
  const [confirming, setConfirming] = useState<boolean | null>(null);
  const manage = can.manageInternalControls(me, code);
  return (
    <Loaded ready={status.data !== null} error={status.error}>
      {() => (
        <Stack gap="xs" data-testid="internal-controls">
          <Text>
            {status.data!.enabled ? t('custody.controls.on', { date: format.day(status.data!.since) }) : t('custody.controls.off')}
          </Text>
          {manage && (
            <Switch
              size="md"
              label={t('custody.controls.switch')}
              checked={status.data!.enabled}
              onChange={(event) => setConfirming(event.currentTarget.checked)}
            />
          )}
          {confirming !== null && (
            <ConfirmDialog
              title={confirming ? t('custody.controls.enableTitle') : t('custody.controls.disableTitle')}
              message={confirming ? t('custody.controls.enableConfirm') : t('custody.controls.disableConfirm')}
              confirmLabel={confirming ? t('custody.controls.enable') : t('custody.controls.disable')}
              danger={!confirming}
              onClose={() => setConfirming(null)}
              onConfirm={async () => {
                await api(`/api/participants/${code}/internal-controls`, { method: 'PUT', body: { enabled: confirming } });
                setConfirming(null);
                status.reload();
              }}
            />
          )}
        </Stack>
      )}
    </Loaded>
  );
}

/**
 * The operator and site registers the record form picks from, remembered on the device for the
 * official: back on this page without a connection (the app itself still open), the form still works.
 */
function useRememberedRegister<T>(path: string, key: string): LoadedData<T> {
  const loaded = useApi<T>(path);
  useEffect(() => {
    if (loaded.data === null) return;
    try {
      window.localStorage.setItem(key, JSON.stringify(loaded.data));
    } catch {
      // a full or disabled storage only costs the offline fallback
    }
  }, [key, loaded.data]);
  if (loaded.data !== null || !isTransient(loaded.error)) return loaded;
  try {
    const remembered = window.localStorage.getItem(key);
    return remembered ? { ...loaded, data: JSON.parse(remembered) as T, error: null } : loaded;
  } catch {
    return loaded;
  }
}

function CustodyDesk({ code }: { code: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const record = can.recordCustody(me, code);
  const operators = useRememberedRegister<OperatorDto[]>(`/api/participants/${code}/operators`, `kimberlite.custody-register.${me.id}.${code}.operators`);
  const sites = useRememberedRegister<SiteDto[]>(`/api/participants/${code}/sites`, `kimberlite.custody-register.${me.id}.${code}.sites`);
  const stock = useApi<StockLine[]>(`/api/participants/${code}/custody/stock`);
  const [stockActor, setStockActor] = useState('');
  const [month, setMonth] = useState('');
  const [ledgerActor, setLedgerActor] = useState('');
  const [ledgerSite, setLedgerSite] = useState('');
  const query = new URLSearchParams();
  if (/^\d{4}-\d{2}$/.test(month)) query.set('month', month);
  if (ledgerActor) query.set('operatorId', ledgerActor);
  if (ledgerSite) query.set('siteId', ledgerSite);
  const search = query.toString();
  const entries = useApi<CustodyEntryDto[]>(`/api/participants/${code}/custody/entries${search ? `?${search}` : ''}`);
  const [notice, setNotice] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ entry: CustodyEntryDto; cancel: boolean } | null>(null);

  const refresh = useCallback(() => {
    stock.reload();
    entries.reload();
  }, [stock.reload, entries.reload]);
  const queue = useOfflineQueue(
    code,
    me.id,
    useCallback(
      (result: { sent: number; refused: number }) => {
        setNotice(t('custody.queue.synced', { sent: format.number(result.sent), refused: format.number(result.refused) }));
        refresh();
      },
      [refresh, t, format.language],
    ),
  );
  const names = useMemo(() => operatorNames(operators.data ?? []), [operators.data]);

  /** Sends at once when the device is online; queues it on the phone when not, or when the request does not get through. */
  async function recordOrQueue(draft: CustodyEntryDraft): Promise<'sent' | 'queued'> {
    const withRef: CustodyEntryDraft = { ...draft, clientRef: draft.clientRef ?? newClientRef() };
    const queued: QueuedEntry = { clientRef: withRef.clientRef!, participantCode: code, userId: me.id, draft: withRef, queuedAt: new Date().toISOString() };
    if (!navigator.onLine || queue.waiting.length > 0) {
      // behind entries still waiting, so that they reach the server in the order they happened
      enqueue(queued);
      if (navigator.onLine) void queue.sync();
      return 'queued';
    }
    try {
      await sendEntry(code, withRef);
      return 'sent';
    } catch (error) {
      if (!isTransient(error)) throw error;
      enqueue(queued);
      return 'queued';
    }
  }

  const shownStock = (stock.data ?? []).filter((line) => !stockActor || line.operatorId === stockActor);
  return (
    <Page
      title={t('custody.title')}
      actions={
        <Group gap="md">
          <Anchor component={Link} to="/custody/sites">
            {t('custody.sitesLink')}
          </Anchor>
          <Anchor component={Link} to="/custody/reports">
            {t('custody.reportsLink')}
          </Anchor>
        </Group>
      }
    >
      <Text>{t('custody.intro')}</Text>
      <InternalControlsStatus code={code} />
      {notice && <Notice testId="custody-notice">{notice}</Notice>}
      {record && (
        <Section title={t('custody.record.title')} testId="custody-record">
          <Loaded ready={operators.data !== null && sites.data !== null} error={operators.error ?? sites.error}>
            {() => (
              <Stack gap="md">
                <CustodyRecordForm
                  operators={operators.data!}
                  sites={sites.data!}
                  stock={stock.data ?? []}
                  submitLabel={t('custody.record.submit')}
                  testId="custody-form"
                  online={queue.online}
                  onSubmit={async (draft) => {
                    const outcome = await recordOrQueue(draft);
                    setNotice(outcome === 'sent' ? t('custody.record.recorded', { kind: t(`custody.kind.${draft.kind}`) }) : t('custody.record.queued'));
                    if (outcome === 'sent') refresh();
                  }}
                />
                <QueuePanel
                  waiting={queue.waiting}
                  conflicts={queue.conflicts}
                  online={queue.online}
                  syncing={queue.syncing}
                  onSync={() => void queue.sync()}
                  sites={sites.data!}
                  operators={operators.data!}
                  stock={stock.data ?? []}
                  names={names}
                  onResend={async (entry, draft) => {
                    // edited content is a new entry for the server: a fresh device reference
                    const outcome = await recordOrQueue(draft);
                    discardQueued(entry.clientRef);
                    setNotice(outcome === 'sent' ? t('custody.record.recorded', { kind: t(`custody.kind.${draft.kind}`) }) : t('custody.record.queued'));
                    if (outcome === 'sent') refresh();
                  }}
                  onDiscard={(entry) => {
                    discardQueued(entry.clientRef);
                    setNotice(t('custody.queue.discarded'));
                  }}
                />
              </Stack>
            )}
          </Loaded>
        </Section>
      )}
      <Section title={t('custody.stock.title')} testId="custody-stock-section">
        <Text fz="sm">{t('custody.stock.intro')}</Text>
        <ActorFilter label={t('custody.filters.actor')} operators={operators.data ?? []} value={stockActor} onChange={setStockActor} />
        <Loaded ready={stock.data !== null} error={stock.error}>
          {() => <StockTable lines={shownStock} />}
        </Loaded>
      </Section>
      <Section title={t('custody.ledger.title')} testId="custody-ledger-section">
        <Group align="flex-end" gap="md" role="search" aria-label={t('custody.filters.label')} wrap="wrap">
          <TextInput type="month" label={t('custody.filters.month')} value={month} onChange={(event) => setMonth(event.currentTarget.value)} w={{ base: '100%', sm: 200 }} />
          <ActorFilter label={t('custody.filters.actor')} operators={operators.data ?? []} value={ledgerActor} onChange={setLedgerActor} />
          <SiteFilter sites={sites.data ?? []} value={ledgerSite} onChange={setLedgerSite} />
        </Group>
        <Loaded ready={entries.data !== null} error={entries.error}>
          {() => (
            <LedgerTable
              entries={entries.data!}
              names={names}
              onCorrect={record ? (entry) => setDialog({ entry, cancel: false }) : undefined}
              onCancel={record ? (entry) => setDialog({ entry, cancel: true }) : undefined}
            />
          )}
        </Loaded>
      </Section>
      {dialog && (
        <CorrectionDialog
          entry={dialog.entry}
          cancel={dialog.cancel}
          onClose={() => setDialog(null)}
          onDone={() => {
            setNotice(dialog.cancel ? t('custody.cancel.done') : t('custody.correct.done'));
            setDialog(null);
            refresh();
          }}
        />
      )}
    </Page>
  );
}

function SiteFilter({ sites, value, onChange }: { sites: SiteDto[]; value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  return (
    <NativeSelect label={t('custody.filters.site')} value={value} onChange={(event) => onChange(event.currentTarget.value)} w={{ base: '100%', sm: 240 }}>
      <option value="">{t('custody.filters.allSites')}</option>
      {sites.map((site) => (
        <option key={site.id} value={site.id}>
          {site.name}
        </option>
      ))}
    </NativeSelect>
  );
}
