import { Anchor, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type {
  ActorRegister,
  Expiring,
  ExpiringLicence,
  MonthlyRegister,
  ProductionFigures,
  Reconciliation,
  ReconciliationLine,
  RegisterLine,
  StockMovement,
  Unusual,
  UnusualVolume,
} from '../../../src/custody/report-schemas.ts';
import type { OperatorDto } from '../../../src/operators/schemas.ts';
import type { ProductionReturn } from '../../../src/production/schemas.ts';
import { formatAmount } from '../amounts.ts';
import { useMe } from '../auth.tsx';
import { ToneBadge } from '../components/Badges.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { Loaded, Page, Section } from '../components/Page.tsx';
import { FIRST_STATISTICS_YEAR, latestEndedHalfYear, ProductionReturnForm, type ProductionValues } from '../components/ProductionReturnForm.tsx';
import { todayIso, useFormat } from '../format.ts';
import { can } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * `/custody/reports`: what the authority reads from the custody ledger (issue #9) — the monthly
 * register per actor (with its CSV), the stock reconciliation, licences running out, unusual
 * volumes and the half-year production, which can pre-fill the production return. The
 * participant's own officials only, as the server allows (access.readCustody).
 */
export function CustodyReportsPage() {
  const me = useMe();
  const code = me.participant?.code ?? '';
  if (!code || !can.readCustody(me, code)) return <NotFoundPage />;
  return <CustodyReports code={code} />;
}

function CustodyReports({ code }: { code: string }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const monthParam = params.get('month') ?? '';
  const month = MONTH.test(monthParam) ? monthParam : todayIso().slice(0, 7);
  const operatorId = params.get('operator') ?? '';
  const operators = useApi<OperatorDto[]>(`/api/participants/${code}/operators`);
  const base = `/api/participants/${code}/custody`;
  const registerQuery = `month=${month}${operatorId ? `&operatorId=${encodeURIComponent(operatorId)}` : ''}`;

  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(window.location.search);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <Page title={t('custodyReports.title')}>
      <Text>{t('custodyReports.intro')}</Text>
      <Group align="flex-end" role="search" aria-label={t('custodyReports.filters')}>
        <TextInput type="month" label={t('custodyReports.month')} value={month} w={200} dir="ltr" onChange={(event) => MONTH.test(event.currentTarget.value) && setParam('month', event.currentTarget.value)} />
        <NativeSelect label={t('custodyReports.actor')} value={operatorId} w={320} onChange={(event) => setParam('operator', event.currentTarget.value)}>
          <option value="">{t('custodyReports.allActors')}</option>
          {(operators.data ?? []).map((operator) => (
            <option key={operator.id} value={operator.id}>
              {operator.name} ({operator.licenceNumber})
            </option>
          ))}
        </NativeSelect>
      </Group>
      <RegisterSection path={`${base}/register?${registerQuery}`} csv={`${base}/register?${registerQuery}&format=csv`} />
      <ReconciliationSection path={`${base}/reconciliation?month=${month}`} operatorId={operatorId} />
      <ExpiringSection base={base} />
      <UnusualSection path={`${base}/unusual?month=${month}`} />
      <ProductionSection base={base} code={code} />
    </Page>
  );
}

/** "36 days" with the language's own plural forms. */
function useDays() {
  const format = useFormat();
  return (days: number) => new Intl.NumberFormat(format.language, { style: 'unit', unit: 'day', unitDisplay: 'long' }).format(days);
}

function useAmount() {
  const format = useFormat();
  return (value: string | null | undefined) => (value && value.startsWith('-') ? `−${formatAmount(value.slice(1), format.language)}` : formatAmount(value, format.language));
}

const lineColumn = createColumnHelper<RegisterLine>();
const stockColumn = createColumnHelper<StockMovement>();

function RegisterSection({ path, csv }: { path: string; csv: string }) {
  const { t } = useTranslation();
  const register = useApi<MonthlyRegister>(path);
  return (
    <Section title={t('custodyReports.register.title')} testId="custody-register">
      <Group justify="space-between" wrap="wrap">
        <Text fz="sm">{t('custodyReports.register.intro')}</Text>
        <Anchor href={csv} download data-testid="custody-register-csv">
          {t('custodyReports.register.csv')}
        </Anchor>
      </Group>
      <Loaded ready={register.data !== null} error={register.error}>
        {() =>
          register.data!.actors.length === 0 ? (
            <Text fz="sm">{t('custodyReports.register.empty')}</Text>
          ) : (
            <Stack gap="xl">
              {register.data!.actors.map((actor) => (
                <ActorRegisterView key={actor.operatorId} actor={actor} />
              ))}
            </Stack>
          )
        }
      </Loaded>
    </Section>
  );
}

function ActorRegisterView({ actor }: { actor: ActorRegister }) {
  const { t } = useTranslation();
  const format = useFormat();
  const amount = useAmount();
  const lines = useMemo(
    () => [
      lineColumn.accessor('occurredOn', { header: () => t('custodyReports.register.date'), cell: (info) => format.day(info.getValue()) }),
      lineColumn.accessor('kind', { header: () => t('custodyReports.register.kind'), cell: (info) => t(`custodyReports.kind.${info.getValue()}`) }),
      lineColumn.accessor('direction', { header: () => t('custodyReports.register.direction'), cell: (info) => t(`custodyReports.direction.${info.getValue()}`) }),
      lineColumn.accessor((row) => row.counterpartyName ?? '', {
        id: 'counterparty',
        header: () => t('custodyReports.register.counterparty'),
        cell: (info) => (info.row.original.counterpartyName ? `${info.row.original.counterpartyName} (${info.row.original.counterpartyLicence})` : '—'),
      }),
      lineColumn.accessor('siteName', { header: () => t('custodyReports.register.origin') }),
      lineColumn.accessor('carats', { header: () => t('custodyReports.carats'), cell: (info) => amount(info.getValue()), sortingFn: (a, b) => Number(a.original.carats) - Number(b.original.carats) }),
      lineColumn.accessor('valueUsd', { header: () => t('custodyReports.valueUsd'), cell: (info) => amount(info.getValue()), sortingFn: (a, b) => Number(a.original.valueUsd) - Number(b.original.valueUsd) }),
      lineColumn.accessor((row) => row.parcelReference ?? '', { id: 'parcel', header: () => t('custodyReports.register.parcel'), cell: (info) => <span dir="auto">{info.getValue() || '—'}</span> }),
      lineColumn.accessor((row) => row.certificateNumber ?? '', { id: 'certificate', header: () => t('custodyReports.register.certificate'), cell: (info) => <span className="mono">{info.getValue() || '—'}</span> }),
      lineColumn.accessor('warranty', { header: () => t('custodyReports.register.warranty'), cell: (info) => (info.getValue() ? t('custodyReports.yes') : t('custodyReports.no')) }),
    ],
    [t, format, amount],
  );
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        {actor.operatorName} <span className="mono">({actor.licenceNumber})</span>
      </Title>
      <DataTable data={actor.lines} columns={lines} caption={t('custodyReports.register.linesCaption', { actor: actor.operatorName })} getRowId={(row) => `${row.entryId}-${row.direction}`} />
      <StockTable stocks={actor.stocks} caption={t('custodyReports.register.stockCaption', { actor: actor.operatorName })} />
    </Stack>
  );
}

function StockTable({ stocks, caption }: { stocks: StockMovement[]; caption: string }) {
  const { t } = useTranslation();
  const amount = useAmount();
  const columns = useMemo(
    () => [
      stockColumn.accessor('siteName', { header: () => t('custodyReports.register.origin') }),
      stockColumn.accessor('opening', { header: () => t('custodyReports.opening'), cell: (info) => amount(info.getValue()), enableSorting: false }),
      stockColumn.accessor('in', { header: () => t('custodyReports.in'), cell: (info) => amount(info.getValue()), enableSorting: false }),
      stockColumn.accessor('out', { header: () => t('custodyReports.out'), cell: (info) => amount(info.getValue()), enableSorting: false }),
      stockColumn.accessor('closing', { header: () => t('custodyReports.closing'), cell: (info) => amount(info.getValue()), enableSorting: false }),
    ],
    [t, amount],
  );
  return <DataTable data={stocks} columns={columns} caption={caption} getRowId={(row) => row.siteId} />;
}

const reconciliationColumn = createColumnHelper<ReconciliationLine>();

function ReconciliationSection({ path, operatorId }: { path: string; operatorId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const amount = useAmount();
  const reconciliation = useApi<Reconciliation>(path);
  const columns = useMemo(
    () => [
      reconciliationColumn.accessor('operatorName', { header: () => t('custodyReports.actor'), cell: (info) => `${info.getValue()} (${info.row.original.licenceNumber})` }),
      reconciliationColumn.accessor('siteName', { header: () => t('custodyReports.register.origin') }),
      reconciliationColumn.accessor('opening', { header: () => t('custodyReports.opening'), cell: (info) => amount(info.getValue()), enableSorting: false }),
      reconciliationColumn.accessor('in', { header: () => t('custodyReports.in'), cell: (info) => amount(info.getValue()), enableSorting: false }),
      reconciliationColumn.accessor('out', { header: () => t('custodyReports.out'), cell: (info) => amount(info.getValue()), enableSorting: false }),
      reconciliationColumn.accessor('closing', { header: () => t('custodyReports.closing'), cell: (info) => amount(info.getValue()), enableSorting: false }),
      reconciliationColumn.accessor('corrections', { header: () => t('custodyReports.reconciliation.corrections'), cell: (info) => format.number(info.getValue()) }),
      reconciliationColumn.accessor('check', {
        header: () => t('custodyReports.reconciliation.check'),
        cell: (info) =>
          info.getValue() ? (
            <ToneBadge tone="red">
              {info.row.original.negativeOn ? t('custodyReports.reconciliation.negativeOn', { date: format.day(info.row.original.negativeOn) }) : t('custodyReports.reconciliation.unbalanced')}
            </ToneBadge>
          ) : (
            <ToneBadge tone="green">{t('custodyReports.reconciliation.balanced')}</ToneBadge>
          ),
      }),
    ],
    [t, format, amount],
  );
  return (
    <Section title={t('custodyReports.reconciliation.title')} testId="custody-reconciliation">
      <Text fz="sm">{t('custodyReports.reconciliation.intro')}</Text>
      <Loaded ready={reconciliation.data !== null} error={reconciliation.error}>
        {() => (
          <DataTable
            data={reconciliation.data!.lines.filter((line) => !operatorId || line.operatorId === operatorId)}
            columns={columns}
            caption={t('custodyReports.reconciliation.title')}
            getRowId={(row) => `${row.operatorId}-${row.siteId}`}
            emptyText={t('custodyReports.reconciliation.empty')}
          />
        )}
      </Loaded>
    </Section>
  );
}

const expiringColumn = createColumnHelper<ExpiringLicence>();

function ExpiringSection({ base }: { base: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const amount = useAmount();
  const dayText = useDays();
  const [days, setDays] = useState('');
  const query = /^\d{1,4}$/.test(days) ? `?days=${days}` : '';
  const expiring = useApi<Expiring>(`${base}/expiring${query}`);
  const columns = useMemo(
    () => [
      expiringColumn.accessor('subject', { header: () => t('custodyReports.expiring.subject'), cell: (info) => t(`custodyReports.expiring.subjects.${info.getValue()}`) }),
      expiringColumn.accessor('name', { header: () => t('custodyReports.expiring.name'), cell: (info) => `${info.getValue()} (${info.row.original.licenceNumber})` }),
      expiringColumn.accessor('validUntil', { header: () => t('custodyReports.expiring.validUntil'), cell: (info) => format.day(info.getValue()) }),
      expiringColumn.accessor('daysLeft', {
        header: () => t('custodyReports.expiring.state'),
        cell: (info) => (
          <ToneBadge tone={info.row.original.state === 'expired' ? 'red' : 'orange'}>
            {info.row.original.state === 'expired'
              ? t('custodyReports.expiring.expiredSince', { days: dayText(-info.getValue()) })
              : t('custodyReports.expiring.endsIn', { days: dayText(info.getValue()) })}
          </ToneBadge>
        ),
      }),
      expiringColumn.accessor('stock', { header: () => t('custodyReports.expiring.stock'), cell: (info) => amount(info.getValue()), enableSorting: false }),
    ],
    [t, format, amount, dayText],
  );
  return (
    <Section title={t('custodyReports.expiring.title')} testId="custody-expiring">
      <Group align="flex-end">
        <TextInput
          label={t('custodyReports.expiring.days')}
          inputMode="numeric"
          dir="ltr"
          w={160}
          value={days}
          placeholder={expiring.data ? String(expiring.data.days) : undefined}
          onChange={(event) => setDays(event.currentTarget.value)}
        />
      </Group>
      <Loaded ready={expiring.data !== null} error={expiring.error}>
        {() => (
          <>
            <Text fz="sm">{t('custodyReports.expiring.intro', { days: dayText(expiring.data!.days) })}</Text>
            <DataTable
              data={expiring.data!.licences}
              columns={columns}
              caption={t('custodyReports.expiring.title')}
              getRowId={(row) => `${row.subject}-${row.id}`}
              emptyText={t('custodyReports.expiring.empty')}
            />
          </>
        )}
      </Loaded>
    </Section>
  );
}

const unusualColumn = createColumnHelper<UnusualVolume>();

function UnusualSection({ path }: { path: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const amount = useAmount();
  const unusual = useApi<Unusual>(path);
  const columns = useMemo(
    () => [
      unusualColumn.accessor('operatorName', { header: () => t('custodyReports.actor'), cell: (info) => `${info.getValue()} (${info.row.original.licenceNumber})` }),
      unusualColumn.accessor('in', { header: () => t('custodyReports.in'), cell: (info) => amount(info.getValue()), enableSorting: false }),
      unusualColumn.accessor('out', { header: () => t('custodyReports.out'), cell: (info) => amount(info.getValue()), enableSorting: false }),
      unusualColumn.accessor('volume', { header: () => t('custodyReports.unusual.volume'), cell: (info) => amount(info.getValue()), enableSorting: false }),
      unusualColumn.accessor('median', { header: () => t('custodyReports.unusual.median'), cell: (info) => amount(info.getValue()), enableSorting: false }),
      unusualColumn.accessor('ratio', { header: () => t('custodyReports.unusual.ratio'), cell: (info) => `×${amount(info.getValue())}`, enableSorting: false }),
      unusualColumn.accessor((row) => row.history.map((month) => month.month).join(' '), {
        id: 'history',
        header: () => t('custodyReports.unusual.history'),
        enableSorting: false,
        cell: (info) => info.row.original.history.map((month) => `${format.registerDate(month.month)}: ${amount(month.volume)}`).join(' · '),
      }),
    ],
    [t, format, amount],
  );
  return (
    <Section title={t('custodyReports.unusual.title')} testId="custody-unusual">
      <Loaded ready={unusual.data !== null} error={unusual.error}>
        {() => (
          <>
            <Text fz="sm">
              {t('custodyReports.unusual.intro', {
                factor: format.number(unusual.data!.factor),
                months: format.number(unusual.data!.historyMonths),
                minimum: format.number(unusual.data!.minActiveMonths),
              })}
            </Text>
            <DataTable data={unusual.data!.actors} columns={columns} caption={t('custodyReports.unusual.title')} getRowId={(row) => row.operatorId} emptyText={t('custodyReports.unusual.empty')} />
          </>
        )}
      </Loaded>
    </Section>
  );
}

/** The ledger's half-year figures as the production return form's starting values. */
function valuesFromDraft(draft: ProductionFigures['draft']): ProductionValues {
  return {
    year: String(draft.year),
    half: String(draft.half) as '1' | '2',
    reportType: draft.reportType,
    carats: draft.reportType === 'production' ? draft.carats : '',
    valueUsd: draft.reportType === 'production' ? draft.valueUsd : '',
    asmCarats: draft.asm?.carats ?? '',
    asmValueUsd: draft.asm?.valueUsd ?? '',
    lsmCarats: draft.lsm?.carats ?? '',
    lsmValueUsd: draft.lsm?.valueUsd ?? '',
    note: '',
  };
}

function ProductionSection({ base, code }: { base: string; code: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const amount = useAmount();
  const latest = latestEndedHalfYear();
  const [year, setYear] = useState(latest.year);
  const [half, setHalf] = useState<1 | 2>(latest.half);
  const [prefill, setPrefill] = useState<ProductionValues | null>(null);
  const [saved, setSaved] = useState<ProductionReturn | null>(null);
  const figures = useApi<ProductionFigures>(`${base}/production?year=${year}&half=${half}`);
  const thisYear = Number(todayIso().slice(0, 4));
  const years = Array.from({ length: thisYear - FIRST_STATISTICS_YEAR + 1 }, (_, index) => thisYear - index);
  const canSubmit = can.submitProduction(me, code);

  const row = (label: string, ledger: { carats: string; valueUsd: string }, onRecord: { carats: string; valueUsd: string } | null | undefined, difference: { carats: string; valueUsd: string } | null | undefined) => (
    <Table.Tr key={label}>
      <Table.Th scope="row">{label}</Table.Th>
      {[ledger.carats, ledger.valueUsd, onRecord?.carats, onRecord?.valueUsd, difference?.carats, difference?.valueUsd].map((value, index) => (
        <Table.Td key={index} ta="end" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {value ? amount(value) : '—'}
        </Table.Td>
      ))}
    </Table.Tr>
  );

  return (
    <Section title={t('custodyReports.production.title')} testId="custody-production">
      <Text fz="sm">{t('custodyReports.production.intro')}</Text>
      <Group align="flex-end">
        <NativeSelect label={t('custodyReports.production.year')} value={String(year)} w={140} onChange={(event) => setYear(Number(event.currentTarget.value))}>
          {years.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </NativeSelect>
        <NativeSelect label={t('custodyReports.production.half')} value={String(half)} w={220} onChange={(event) => setHalf(Number(event.currentTarget.value) as 1 | 2)}>
          <option value="1">{t('custodyReports.production.halves.1')}</option>
          <option value="2">{t('custodyReports.production.halves.2')}</option>
        </NativeSelect>
      </Group>
      <Loaded ready={figures.data !== null} error={figures.error}>
        {() => {
          const data = figures.data!;
          const onRecord = data.returnOnRecord;
          return (
            <Stack gap="md">
              <Table.ScrollContainer minWidth={720}>
                <Table striped verticalSpacing={6} data-testid="custody-production-figures">
                  <VisuallyHidden component="caption">{t('custodyReports.production.title')}</VisuallyHidden>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col" />
                      {['ledgerCarats', 'ledgerUsd', 'returnCarats', 'returnUsd', 'differenceCarats', 'differenceUsd'].map((key) => (
                        <Table.Th key={key} scope="col" ta="end">
                          {t(`custodyReports.production.${key}`)}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {row(t('custodyReports.production.total'), data, onRecord, data.difference)}
                    {row(t('custodyReports.production.asm'), data.asm, onRecord?.asm, data.difference?.asm)}
                    {row(t('custodyReports.production.lsm'), data.lsm, onRecord?.lsm, data.difference?.lsm)}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Text fz="sm">{onRecord ? t('custodyReports.production.onRecord', { version: onRecord.version }) : t('custodyReports.production.noReturn')}</Text>
              <Title order={3} size="h5">
                {t('custodyReports.production.bySite')}
              </Title>
              <Table.ScrollContainer minWidth={640}>
                <Table striped verticalSpacing={4}>
                  <VisuallyHidden component="caption">{t('custodyReports.production.bySite')}</VisuallyHidden>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('custodyReports.register.origin')}</Table.Th>
                      <Table.Th scope="col">{t('custodyReports.production.depositType')}</Table.Th>
                      <Table.Th scope="col">{t('custodyReports.production.sector')}</Table.Th>
                      <Table.Th scope="col" ta="end">
                        {t('custodyReports.carats')}
                      </Table.Th>
                      <Table.Th scope="col" ta="end">
                        {t('custodyReports.valueUsd')}
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.bySite.length === 0 && (
                      <Table.Tr>
                        <Table.Td colSpan={5}>{t('custodyReports.production.none')}</Table.Td>
                      </Table.Tr>
                    )}
                    {data.bySite.map((site) => (
                      <Table.Tr key={site.siteId}>
                        <Table.Th scope="row">
                          {site.siteName} <span className="mono">({site.siteLicence})</span>
                        </Table.Th>
                        <Table.Td>{t(`custodyReports.depositType.${site.depositType}`)}</Table.Td>
                        <Table.Td>{site.artisanal ? t('custodyReports.production.asm') : t('custodyReports.production.lsm')}</Table.Td>
                        <Table.Td ta="end">{amount(site.carats)}</Table.Td>
                        <Table.Td ta="end">{amount(site.valueUsd)}</Table.Td>
                      </Table.Tr>
                    ))}
                    {data.byDepositType.map((deposit) => (
                      <Table.Tr key={deposit.depositType}>
                        <Table.Th scope="row">{t('custodyReports.production.depositTotal', { type: t(`custodyReports.depositType.${deposit.depositType}`) })}</Table.Th>
                        <Table.Td>{t(`custodyReports.depositType.${deposit.depositType}`)}</Table.Td>
                        <Table.Td />
                        <Table.Td ta="end">{amount(deposit.carats)}</Table.Td>
                        <Table.Td ta="end">{amount(deposit.valueUsd)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {canSubmit && !prefill && (
                <Group>
                  <Button variant="light" onClick={() => setPrefill(valuesFromDraft(data.draft))} data-testid="custody-prefill-return">
                    {t('custodyReports.production.prefill')}
                  </Button>
                </Group>
              )}
              {saved && (
                <Text role="status" data-testid="custody-return-saved">
                  {t('custodyReports.production.saved', { version: saved.version })}
                </Text>
              )}
              {canSubmit && prefill && (
                <Stack gap="sm">
                  <Text fz="sm">{t('custodyReports.production.prefillIntro')}</Text>
                  <ProductionReturnForm
                    participantCode={code}
                    start={prefill}
                    onSaved={(result) => {
                      setSaved(result);
                      setPrefill(null);
                      figures.reload();
                    }}
                  />
                </Stack>
              )}
            </Stack>
          );
        }}
      </Loaded>
    </Section>
  );
}
