import { Button, Group, Modal, NativeSelect, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type OperatorDto } from '../api.ts';
import { formatAmount, parseHundredths } from '../amounts.ts';
import type { CustodyCorrection, CustodyEntryDraft, CustodyEntryDto, PartyWarning, SiteDto, StockLine } from '../custody.ts';
import { todayIso, useFormat } from '../format.ts';
import type { QueuedEntry } from '../offline-queue.ts';
import { useSubmission } from '../useSubmission.ts';
import { ToneBadge, type Tone } from './Badges.tsx';
import { CaptionedTable } from './CaptionedTable.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { CustodyRecordForm, entryValuesOf } from './CustodyRecordForm.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';

const KIND_TONE: Record<CustodyEntryDto['kind'], Tone> = { production: 'green', sale: 'blue', transfer: 'violet', export: 'orange' };

export function CustodyKindBadge({ kind }: { kind: CustodyEntryDto['kind'] }) {
  const { t } = useTranslation();
  return <ToneBadge tone={KIND_TONE[kind]}>{t(`custody.kind.${kind}`)}</ToneBadge>;
}

function WarningBadge({ warning, names }: { warning: PartyWarning; names: Map<string, string> }) {
  const { t } = useTranslation();
  const who = warning.party === 'site' ? t('custody.party.site') : `${t(`custody.party.${warning.party}`)}${warning.operatorId && names.get(warning.operatorId) ? ` ${names.get(warning.operatorId)}` : ''}`;
  return (
    <ToneBadge tone="red" data-testid="entry-warning">
      {t('custody.warning', { who, state: t(`custody.warningState.${warning.state}`) })}
    </ToneBadge>
  );
}

/** The running stock: what each actor holds of each origin today. */
export function StockTable({ lines }: { lines: StockLine[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <CaptionedTable
      caption={t('custody.stock.title')}
      testId="custody-stock"
      minWidth={0}
      head={
        <>
          <Table.Th scope="col">{t('custody.stock.actor')}</Table.Th>
          <Table.Th scope="col">{t('custody.stock.origin')}</Table.Th>
          <Table.Th scope="col" ta="end">
            {t('custody.stock.carats')}
          </Table.Th>
        </>
      }
    >
      {lines.length === 0 && (
        <Table.Tr>
          <Table.Td colSpan={3}>
            <Text fz="sm">{t('custody.stock.none')}</Text>
          </Table.Td>
        </Table.Tr>
      )}
      {lines.map((line) => (
        <Table.Tr key={`${line.operatorId}|${line.siteId}`}>
          <Table.Td>
            {line.operatorName}{' '}
            <Text span fz="xs" c="gray.8" className="mono">
              {line.licenceNumber}
            </Text>
          </Table.Td>
          <Table.Td>{line.siteName}</Table.Td>
          <Table.Td ta="end" dir="ltr" style={{ whiteSpace: 'nowrap' }}>
            {formatAmount(line.carats, format.language)}
          </Table.Td>
        </Table.Tr>
      ))}
    </CaptionedTable>
  );
}

/** The ledger, oldest first as it happened: superseded entries struck through, warnings as badges. */
export function LedgerTable({ entries, names, onCorrect, onCancel }: { entries: CustodyEntryDto[]; names: Map<string, string>; onCorrect?: (entry: CustodyEntryDto) => void; onCancel?: (entry: CustodyEntryDto) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const correctable = (entry: CustodyEntryDto) => entry.inForce && entry.kind !== 'export';
  return (
    <CaptionedTable
      caption={t('custody.ledger.title')}
      testId="custody-ledger"
      minWidth={900}
      head={
        <>
          <Table.Th scope="col">{t('custody.ledger.date')}</Table.Th>
          <Table.Th scope="col">{t('custody.ledger.kind')}</Table.Th>
          <Table.Th scope="col">{t('custody.ledger.site')}</Table.Th>
          <Table.Th scope="col">{t('custody.ledger.from')}</Table.Th>
          <Table.Th scope="col">{t('custody.ledger.to')}</Table.Th>
          <Table.Th scope="col" ta="end">
            {t('custody.ledger.carats')}
          </Table.Th>
          <Table.Th scope="col" ta="end">
            {t('custody.ledger.valueUsd')}
          </Table.Th>
          <Table.Th scope="col">{t('custody.ledger.status')}</Table.Th>
          {(onCorrect || onCancel) && <Table.Th scope="col">{t('common.actions')}</Table.Th>}
        </>
      }
    >
      {entries.length === 0 && (
        <Table.Tr>
          <Table.Td colSpan={9}>
            <Text fz="sm">{t('custody.ledger.none')}</Text>
          </Table.Td>
        </Table.Tr>
      )}
      {entries.map((entry) => {
        const struck = entry.supersededBy !== null || entry.cancelled;
        const cell = struck ? { textDecoration: 'line-through' } : undefined;
        return (
          <Table.Tr key={entry.id} data-testid="ledger-row" data-superseded={entry.supersededBy !== null ? 'true' : undefined}>
            <Table.Td style={{ ...cell, whiteSpace: 'nowrap' }}>{format.day(entry.occurredOn)}</Table.Td>
            <Table.Td>
              <CustodyKindBadge kind={entry.kind} />
            </Table.Td>
            <Table.Td style={cell}>{entry.siteName}</Table.Td>
            <Table.Td style={cell}>{entry.fromName ?? '—'}</Table.Td>
            <Table.Td style={cell}>
              {entry.toName ?? '—'}
              {entry.certificateNumber && (
                <Text fz="xs" className="mono">
                  {entry.certificateNumber}
                </Text>
              )}
            </Table.Td>
            <Table.Td ta="end" dir="ltr" style={{ ...cell, whiteSpace: 'nowrap' }}>
              {formatAmount(entry.carats, format.language)}
            </Table.Td>
            <Table.Td ta="end" dir="ltr" style={{ ...cell, whiteSpace: 'nowrap' }}>
              {formatAmount(entry.valueUsd, format.language)}
            </Table.Td>
            <Table.Td>
              <Stack gap={4} align="flex-start">
                {entry.supersededBy !== null && <ToneBadge tone="gray">{t('custody.ledger.superseded')}</ToneBadge>}
                {entry.cancelled && <ToneBadge tone="gray">{t('custody.ledger.cancelled')}</ToneBadge>}
                {entry.supersedes !== null && !entry.cancelled && <ToneBadge tone="yellow">{t('custody.ledger.correction')}</ToneBadge>}
                {entry.kind === 'sale' && entry.warranty && <ToneBadge tone="green">{t('custody.ledger.warranty')}</ToneBadge>}
                {entry.warnings.map((warning, index) => (
                  <WarningBadge key={index} warning={warning} names={names} />
                ))}
                {entry.parcelReference && (
                  <Text fz="xs">
                    {t('custody.ledger.parcel')}: {entry.parcelReference}
                  </Text>
                )}
                {entry.reason && (
                  <Text fz="xs">
                    {t('custody.ledger.reason')}: {entry.reason}
                  </Text>
                )}
              </Stack>
            </Table.Td>
            {(onCorrect || onCancel) && (
              <Table.Td>
                {correctable(entry) && (
                  <Group gap={6} wrap="nowrap">
                    {onCorrect && (
                      <Button size="xs" variant="default" onClick={() => onCorrect(entry)} aria-label={`${t('custody.correct.action')}: ${t('custody.entryLabel', { date: format.day(entry.occurredOn), kind: t(`custody.kind.${entry.kind}`) })}`}>
                        {t('custody.correct.action')}
                      </Button>
                    )}
                    {onCancel && (
                      <Button size="xs" color="red" onClick={() => onCancel(entry)} aria-label={`${t('custody.cancel.action')}: ${t('custody.entryLabel', { date: format.day(entry.occurredOn), kind: t(`custody.kind.${entry.kind}`) })}`}>
                        {t('custody.cancel.action')}
                      </Button>
                    )}
                  </Group>
                )}
              </Table.Td>
            )}
          </Table.Tr>
        );
      })}
    </CaptionedTable>
  );
}

function amountError(text: string, t: (key: string, options?: Record<string, unknown>) => string, zeroAllowed: boolean): string | undefined {
  if (zeroAllowed && /^0+(\.0+)?$/.test(text.trim())) return undefined;
  const parsed = parseHundredths(text);
  if ('units' in parsed) return undefined;
  return parsed.problem === 'required' ? t('validation.required') : parsed.problem === 'not_positive' ? t('validation.amountPositive') : t('validation.amount');
}

/**
 * Correct (new figures) or cancel an entry in force: a new entry supersedes it, with the reason.
 * A refusal (the correction would leave a stock negative) is shown in the dialog.
 */
export function CorrectionDialog({ entry, cancel, onClose, onDone }: { entry: CustodyEntryDto; cancel: boolean; onClose: () => void; onDone: (entry: CustodyEntryDto) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [values, setValues] = useState({ occurredOn: entry.occurredOn, carats: entry.carats, valueUsd: entry.valueUsd, parcelReference: entry.parcelReference ?? '', reason: '' });
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const set = (key: keyof typeof values, value: string) => setValues((current) => ({ ...current, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!values.reason.trim()) found.reason = t('validation.required');
    else if (values.reason.trim().length > 2000) found.reason = t('validation.maxLength', { max: 2000 });
    if (!cancel) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(values.occurredOn)) found.occurredOn = t('validation.date');
      else if (values.occurredOn > todayIso()) found.occurredOn = t('custody.record.dateInFuture');
      const carats = amountError(values.carats, t, false);
      if (carats) found.carats = carats;
      const value = amountError(values.valueUsd, t, entry.kind !== 'sale');
      if (value) found.valueUsd = value;
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const body: CustodyCorrection = { reason: values.reason.trim() };
    if (cancel) body.cancel = true;
    else {
      if (values.occurredOn !== entry.occurredOn) body.occurredOn = values.occurredOn;
      if (values.carats.trim() !== entry.carats) body.carats = values.carats.trim();
      if (values.valueUsd.trim() !== entry.valueUsd) body.valueUsd = values.valueUsd.trim();
      if (values.parcelReference.trim() && values.parcelReference.trim() !== (entry.parcelReference ?? '')) body.parcelReference = values.parcelReference.trim();
    }
    await attempt(async () => {
      onDone(await api<CustodyEntryDto>(`/api/custody/entries/${entry.id}/correct`, { method: 'POST', body }));
    });
  }

  const summary = t('custody.correct.summary', {
    kind: t(`custody.kind.${entry.kind}`),
    date: format.day(entry.occurredOn),
    carats: formatAmount(entry.carats, format.language),
    site: entry.siteName,
  });
  return (
    <Modal opened onClose={onClose} title={cancel ? t('custody.cancel.title') : t('custody.correct.title')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} noValidate data-testid="correction-form">
        <Stack gap="sm">
          <Text fz="sm">{summary}</Text>
          <Text fz="sm">{cancel ? t('custody.cancel.explain') : t('custody.correct.explain')}</Text>
          <ErrorAlert error={error} />
          {!cancel && (
            <>
              <TextInput type="date" label={t('custody.record.date')} required max={todayIso()} value={values.occurredOn} error={errors.occurredOn} onChange={(event) => set('occurredOn', event.currentTarget.value)} />
              <TextInput label={t('custody.record.carats')} required inputMode="decimal" dir="ltr" value={values.carats} error={errors.carats} onChange={(event) => set('carats', event.currentTarget.value)} />
              <TextInput label={t('custody.record.valueUsd')} required inputMode="decimal" dir="ltr" value={values.valueUsd} error={errors.valueUsd} onChange={(event) => set('valueUsd', event.currentTarget.value)} />
              <TextInput label={t('custody.record.parcelReference')} value={values.parcelReference} onChange={(event) => set('parcelReference', event.currentTarget.value)} />
            </>
          )}
          <Textarea label={cancel ? t('custody.cancel.reason') : t('custody.correct.reason')} required autosize minRows={2} value={values.reason} error={errors.reason} onChange={(event) => set('reason', event.currentTarget.value)} data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color={cancel ? 'red' : undefined} loading={busy}>
              {cancel ? t('custody.cancel.confirm') : t('custody.correct.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** One queued entry in words: "Sale, 12 Mar 2026, 6.00 ct, Site A: Miner → Dealer". */
function QueuedSummary({ entry, sites, names }: { entry: QueuedEntry; sites: SiteDto[]; names: Map<string, string> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { draft } = entry;
  const site = sites.find((candidate) => candidate.id === draft.siteId)?.name ?? '';
  const parties = [draft.fromOperatorId ? names.get(draft.fromOperatorId) : null, names.get(draft.toOperatorId)].filter(Boolean).join(' → ');
  return (
    <Text fz="sm">
      {t('custody.queue.summary', { kind: t(`custody.kind.${draft.kind}`), date: format.day(draft.occurredOn), carats: formatAmount(draft.carats, format.language), site, parties })}
    </Text>
  );
}

/**
 * Entries waiting on this device and entries the server refused when they were sent: each
 * refused one shows the server's reason and is edited and resent, or discarded, never dropped.
 */
export function QueuePanel({
  waiting,
  conflicts,
  online,
  syncing,
  onSync,
  sites,
  operators,
  stock,
  names,
  onResend,
  onDiscard,
}: {
  waiting: QueuedEntry[];
  conflicts: QueuedEntry[];
  online: boolean;
  syncing: boolean;
  onSync: () => void;
  sites: SiteDto[];
  operators: OperatorDto[];
  stock: StockLine[];
  names: Map<string, string>;
  onResend: (entry: QueuedEntry, draft: CustodyEntryDraft) => Promise<void>;
  onDiscard: (entry: QueuedEntry) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [editing, setEditing] = useState<QueuedEntry | null>(null);
  const [discarding, setDiscarding] = useState<QueuedEntry | null>(null);
  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text fw={700} data-testid="queue-waiting" role="status">
          {t('custody.queue.waiting', { formatted: format.number(waiting.length) })}
        </Text>
        <Button size="md" variant="default" onClick={onSync} loading={syncing} disabled={waiting.length === 0 || !online}>
          {t('custody.queue.syncNow')}
        </Button>
      </Group>
      {!online && <Text fz="sm">{t('custody.queue.offline')}</Text>}
      {waiting.length > 0 && (
        <Stack gap={4} component="ol" data-testid="queue-list" style={{ paddingInlineStart: '1.25rem', margin: 0 }}>
          {waiting.map((entry) => (
            <li key={entry.clientRef}>
              <QueuedSummary entry={entry} sites={sites} names={names} />
            </li>
          ))}
        </Stack>
      )}
      {conflicts.length > 0 && (
        <Stack gap="sm" data-testid="queue-conflicts">
          <Text fw={700} component="h3" fz="md" m={0}>
            {t('custody.queue.conflicts', { formatted: format.number(conflicts.length) })}
          </Text>
          <Text fz="sm">{t('custody.queue.conflictsIntro')}</Text>
          {conflicts.map((entry) => (
            <Stack key={entry.clientRef} gap={6} p="sm" style={{ border: '1px solid #f2a8a8', borderRadius: 6 }} data-testid="conflict">
              <QueuedSummary entry={entry} sites={sites} names={names} />
              <Text fz="sm" c="#7f1d1d" data-testid="conflict-message">
                {entry.refusal?.message}
              </Text>
              <Group gap="sm">
                <Button size="md" variant="default" onClick={() => setEditing(entry)}>
                  {t('custody.queue.edit')}
                </Button>
                <Button size="md" color="red" variant="outline" onClick={() => setDiscarding(entry)}>
                  {t('custody.queue.discard')}
                </Button>
              </Group>
            </Stack>
          ))}
        </Stack>
      )}
      {editing && (
        <Modal opened onClose={() => setEditing(null)} title={t('custody.queue.editTitle')} closeButtonProps={{ 'aria-label': t('common.close') }}>
          <Stack gap="sm">
            <Text fz="sm" c="#7f1d1d">
              {editing.refusal?.message}
            </Text>
            <CustodyRecordForm
              operators={operators}
              sites={sites}
              stock={stock}
              initial={entryValuesOf(editing.draft)}
              submitLabel={t('custody.queue.resend')}
              testId="conflict-form"
              online={online}
              onCancel={() => setEditing(null)}
              onSubmit={async (draft) => {
                await onResend(editing, draft);
                setEditing(null);
              }}
            />
          </Stack>
        </Modal>
      )}
      {discarding && (
        <ConfirmDialog
          title={t('custody.queue.discardTitle')}
          message={t('custody.queue.discardConfirm')}
          confirmLabel={t('custody.queue.discard')}
          danger
          onClose={() => setDiscarding(null)}
          onConfirm={async () => {
            onDiscard(discarding);
            setDiscarding(null);
          }}
        />
      )}
    </Stack>
  );
}

export function operatorNames(operators: OperatorDto[]): Map<string, string> {
  return new Map(operators.map((operator) => [operator.id, operator.name]));
}

export function ActorFilter({ label, operators, value, onChange }: { label: string; operators: OperatorDto[]; value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  return (
    <NativeSelect label={label} value={value} onChange={(event) => onChange(event.currentTarget.value)} w={{ base: '100%', sm: 280 }}>
      <option value="">{t('custody.filters.allActors')}</option>
      {[...operators]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((operator) => (
          <option key={operator.id} value={operator.id}>
            {operator.name}
          </option>
        ))}
    </NativeSelect>
  );
}
