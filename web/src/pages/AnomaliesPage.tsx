import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ANOMALY_RULES } from '../../../src/anomalies/anomaly-case.ts';
import type { AnomalyCase, AnomalyRun } from '../../../src/anomalies/schemas.ts';
import { api } from '../api.ts';
import { useMe } from '../auth.tsx';
import { useCountryNames } from '../countries.ts';
import { AnomalyStatusBadge, AWAITING_ANSWER, CASE_STATUS_ORDER, useAgeText, usePeriodText, useRuleName } from '../components/AnomalyParts.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loaded, Page, Section } from '../components/Page.tsx';
import { FilterSelect } from '../components/SearchFilter.tsx';
import { useFormat } from '../format.ts';
import { can } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { NotFoundUnless } from './NotFoundPage.tsx';

type Counts = Record<string, number>;

const LIST_LIMIT = 50;

const countByStatus = (cases: AnomalyCase[]): Counts => {
  const counts: Counts = Object.fromEntries(CASE_STATUS_ORDER.map((status) => [status, 0]));
  for (const item of cases) counts[item.status] = (counts[item.status] ?? 0) + 1;
  return counts;
};

/** The oldest first among cases awaiting an answer, then the rest, newest first. */
const byUrgency = (a: AnomalyCase, b: AnomalyCase) => {
  const waitingA = AWAITING_ANSWER.includes(a.status);
  const waitingB = AWAITING_ANSWER.includes(b.status);
  if (waitingA !== waitingB) return waitingA ? -1 : 1;
  return waitingA ? a.createdAt.localeCompare(b.createdAt) : b.createdAt.localeCompare(a.createdAt);
};

/**
 * `/anomalies`: the cases the statistics anomaly engine raised. The WGS, the WGM and the Chair see
 * a dashboard over every participant (and the WGS and Chair run the checks); a participant's
 * staff see their own participant's cases, those awaiting an answer first.
 */
export function AnomaliesPage() {
  return (
    <NotFoundUnless allowed={can.readAnomalies}>
      <AnomalyDashboard />
    </NotFoundUnless>
  );
}

function AnomalyDashboard() {
  const { t } = useTranslation();
  const me = useMe();
  const reviewer = can.reviewAnomalies(me);
  const cases = useApi<{ items: AnomalyCase[] }>('/api/anomalies/cases');
  const [run, setRun] = useState<AnomalyRun | null>(null);

  return (
    <Page title={t('anomalies.title')} actions={can.decideAnomalies(me) && <RunButton onRun={(result) => { setRun(result); cases.reload(); }} />}>
      <Text>{reviewer ? t('anomalies.introReviewer') : t('anomalies.introParticipant', { name: me.participant?.name ?? '' })}</Text>
      {run && <RunResult run={run} />}
      <Loaded ready={cases.data !== null} error={cases.error}>
        {() => (reviewer ? <ReviewerView cases={cases.data!.items} /> : <ParticipantView cases={cases.data!.items} />)}
      </Loaded>
    </Page>
  );
}

function RunButton({ onRun }: { onRun: (run: AnomalyRun) => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function start() {
    setBusy(true);
    setError(null);
    try {
      onRun(await api<AnomalyRun>('/api/anomalies/run', { method: 'POST' }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Stack gap="xs" align="flex-end">
      <Button onClick={() => void start()} loading={busy}>
        {t('anomalies.run.button')}
      </Button>
      <ErrorAlert error={error} />
    </Stack>
  );
}

function RunResult({ run }: { run: AnomalyRun }) {
  const { t } = useTranslation();
  const format = useFormat();
  const ruleName = useRuleName();
  return (
    <Paper withBorder p="md" radius="md" role="status" data-testid="anomaly-run-result">
      <Stack gap="xs">
        <Text fw={600}>{t('anomalies.run.done', { time: format.dateTime(run.ranAt), created: format.number(run.created) })}</Text>
        <Table.ScrollContainer minWidth={420}>
          <Table verticalSpacing={4} striped>
            <VisuallyHidden component="caption">{t('anomalies.run.caption')}</VisuallyHidden>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('anomalies.rule')}</Table.Th>
                <Table.Th scope="col" ta="end">
                  {t('anomalies.run.flagged')}
                </Table.Th>
                <Table.Th scope="col" ta="end">
                  {t('anomalies.run.created')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {run.rules.map((row) => (
                <Table.Tr key={row.rule}>
                  <Table.Th scope="row" fw={500}>
                    {ruleName(row.rule)}
                  </Table.Th>
                  <Table.Td ta="end">{format.number(row.flagged)}</Table.Td>
                  <Table.Td ta="end">{format.number(row.created)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Paper>
  );
}

/** One figure per status; each a link that filters the list below. */
function StatusCounts({ counts }: { counts: Counts }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [params] = useSearchParams();
  const linkTo = (status: string) => {
    const next = new URLSearchParams(params);
    next.set('status', status);
    return `?${next.toString()}`;
  };
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} data-testid="anomaly-status-counts">
      {CASE_STATUS_ORDER.map((status) => (
        <Paper key={status} withBorder p="md" radius="md" data-testid={`count-${status}`}>
          <Text fz={28} fw={800} lh={1.2} data-testid="count">
            {format.number(counts[status] ?? 0)}
          </Text>
          <Anchor component={Link} to={linkTo(status)} fz="sm" replace>
            {t(`anomalies.status.${status}`)}
          </Anchor>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function ReviewerView({ cases }: { cases: AnomalyCase[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const ruleName = useRuleName();
  const age = useAgeText();
  const rules = [...new Set<string>([...ANOMALY_RULES, ...cases.map((item) => item.rule)])];
  const byRule = rules.map((rule) => ({ rule, counts: countByStatus(cases.filter((item) => item.rule === rule)) }));
  const participants = useMemo(() => {
    const rows = new Map<string, { code: string; counts: Counts; oldestOpen: string | null }>();
    for (const item of cases) {
      const row = rows.get(item.participantCode) ?? { code: item.participantCode, counts: countByStatus([]), oldestOpen: null };
      row.counts[item.status] = (row.counts[item.status] ?? 0) + 1;
      if (item.status === 'open' && (row.oldestOpen === null || item.createdAt < row.oldestOpen)) row.oldestOpen = item.createdAt;
      rows.set(item.participantCode, row);
    }
    return [...rows.values()];
  }, [cases]);

  const participantColumn = createColumnHelper<(typeof participants)[number]>();
  const participantColumns = [
    participantColumn.accessor((row) => names.name(row.code), {
      id: 'participant',
      header: () => t('anomalies.participant'),
      cell: (info) => (
        <Anchor component={Link} to={`?participant=${info.row.original.code}`} replace>
          {info.getValue()}
        </Anchor>
      ),
    }),
    ...CASE_STATUS_ORDER.map((status) =>
      participantColumn.accessor((row) => row.counts[status] ?? 0, { id: status, header: () => t(`anomalies.status.${status}`), cell: (info) => format.number(info.getValue()) }),
    ),
    participantColumn.accessor((row) => row.oldestOpen ?? '9999', {
      id: 'oldestOpen',
      header: () => t('anomalies.oldestOpen'),
      cell: (info) => (info.row.original.oldestOpen ? age(info.row.original.oldestOpen) : '—'),
    }),
  ];

  return (
    <Stack gap="lg">
      <StatusCounts counts={countByStatus(cases)} />
      <Section title={t('anomalies.byRule')} testId="anomalies-by-rule">
        <Table.ScrollContainer minWidth={480}>
          <Table striped verticalSpacing={4}>
            <VisuallyHidden component="caption">{t('anomalies.byRule')}</VisuallyHidden>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('anomalies.rule')}</Table.Th>
                {CASE_STATUS_ORDER.map((status) => (
                  <Table.Th key={status} scope="col" ta="end">
                    {t(`anomalies.status.${status}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {byRule.map(({ rule, counts }) => (
                <Table.Tr key={rule}>
                  <Table.Th scope="row" fw={500}>
                    <Anchor component={Link} to={`?rule=${rule}`} replace>
                      {ruleName(rule)}
                    </Anchor>
                  </Table.Th>
                  {CASE_STATUS_ORDER.map((status) => (
                    <Table.Td key={status} ta="end">
                      {format.number(counts[status] ?? 0)}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Section>
      <Section title={t('anomalies.byParticipant')} testId="anomalies-by-participant">
        <DataTable
          data={participants}
          columns={participantColumns}
          caption={t('anomalies.byParticipant')}
          getRowId={(row) => row.code}
          initialSorting={[{ id: 'open', desc: true }]}
          emptyText={t('anomalies.none')}
          testId="anomalies-participants-table"
        />
      </Section>
      <CaseList cases={[...cases].sort((a, b) => b.createdAt.localeCompare(a.createdAt))} showParticipant />
    </Stack>
  );
}

function ParticipantView({ cases }: { cases: AnomalyCase[] }) {
  const { t } = useTranslation();
  const waiting = cases.filter((item) => AWAITING_ANSWER.includes(item.status)).sort(byUrgency);
  return (
    <Stack gap="lg">
      <StatusCounts counts={countByStatus(cases)} />
      <Section title={t('anomalies.awaitingAnswer')} testId="anomalies-awaiting">
        <Text fz="sm">{t('anomalies.awaitingIntro')}</Text>
        <CaseTable cases={waiting} showParticipant={false} caption={t('anomalies.awaitingAnswer')} emptyText={t('anomalies.noneAwaiting')} testId="anomalies-awaiting-table" />
      </Section>
      <CaseList cases={[...cases].sort(byUrgency)} showParticipant={false} />
    </Stack>
  );
}

/** The filterable list of cases; the filters live in the address so a filtered view can be shared. */
function CaseList({ cases, showParticipant }: { cases: AnomalyCase[]; showParticipant: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const ruleName = useRuleName();
  const [params] = useSearchParams();
  const status = params.get('status') ?? '';
  const rule = params.get('rule') ?? '';
  const participant = params.get('participant') ?? '';
  const rules = [...new Set<string>([...ANOMALY_RULES, ...cases.map((item) => item.rule)])];
  const participants = [...new Set(cases.map((item) => item.participantCode))].sort((a, b) => names.name(a).localeCompare(names.name(b), format.language));
  const matching = cases.filter((item) => (!status || item.status === status) && (!rule || item.rule === rule) && (!participant || item.participantCode === participant));
  // a run over many years of returns raises hundreds of cases: the first ones, then all on request
  const [limit, setLimit] = useState(LIST_LIMIT);

  return (
    <Section title={showParticipant ? t('anomalies.cases') : t('anomalies.ownCases')} testId="anomalies-cases">
      <Group align="flex-end" role="search" aria-label={t('anomalies.filters')}>
        <FilterSelect
          param="status"
          label={t('anomalies.statusLabel')}
          value={status}
          allLabel={t('anomalies.allStatuses')}
          options={CASE_STATUS_ORDER.map((value) => ({ value, label: t(`anomalies.status.${value}`) }))}
          w={220}
        />
        <FilterSelect param="rule" label={t('anomalies.rule')} value={rule} allLabel={t('anomalies.allRules')} options={rules.map((value) => ({ value, label: ruleName(value) }))} w={280} />
        {showParticipant && (
          <FilterSelect
            param="participant"
            label={t('anomalies.participant')}
            value={participant}
            allLabel={t('anomalies.allParticipants')}
            options={[...new Set([...participants, ...(participant ? [participant] : [])])].map((code) => ({ value: code, label: names.name(code) }))}
            w={260}
          />
        )}
      </Group>
      <CaseTable cases={matching.slice(0, limit)} showParticipant={showParticipant} caption={t('anomalies.cases')} emptyText={t('anomalies.none')} testId="anomalies-table" />
      {matching.length > limit && (
        <Group gap="sm">
          <Text fz="sm">{t('anomalies.showing', { shown: format.number(limit), total: format.number(matching.length) })}</Text>
          <Button variant="default" size="xs" onClick={() => setLimit(Infinity)}>
            {t('anomalies.showAll')}
          </Button>
        </Group>
      )}
    </Section>
  );
}

function CaseTable({ cases, showParticipant, caption, emptyText, testId }: { cases: AnomalyCase[]; showParticipant: boolean; caption: string; emptyText: string; testId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const ruleName = useRuleName();
  const period = usePeriodText();
  const age = useAgeText();
  const column = createColumnHelper<AnomalyCase>();
  const columns = [
    column.accessor((row) => ruleName(row.rule), {
      id: 'rule',
      header: () => t('anomalies.case'),
      cell: (info) => (
        <Anchor component={Link} to={`/anomalies/${info.row.original.id}`}>
          {info.getValue()}
        </Anchor>
      ),
    }),
    ...(showParticipant ? [column.accessor((row) => names.name(row.participantCode), { id: 'participant', header: () => t('anomalies.participant') })] : []),
    column.accessor((row) => (row.partnerCode ? names.name(row.partnerCode) : ''), { id: 'partner', header: () => t('anomalies.partner'), cell: (info) => info.getValue() || '—' }),
    column.accessor('period', { header: () => t('anomalies.period.label'), cell: (info) => period(info.getValue()) }),
    column.accessor('status', { header: () => t('anomalies.statusLabel'), cell: (info) => <AnomalyStatusBadge status={info.getValue()} /> }),
    column.accessor('createdAt', {
      header: () => t('anomalies.raisedAt'),
      cell: (info) => (
        <span style={{ whiteSpace: 'nowrap' }} title={format.dateTime(info.getValue())}>
          {format.day(info.getValue())} ({age(info.getValue())})
        </span>
      ),
    }),
  ];
  return <DataTable data={cases} columns={columns} caption={caption} getRowId={(row) => row.id} emptyText={emptyText} testId={testId} />;
}
