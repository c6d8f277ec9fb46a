import { Anchor, Box, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCountryNames } from '../countries.ts';
import { useFormat } from '../format.ts';
import { usePeriodText } from './AnomalyParts.tsx';
import { ToneBadge } from './Badges.tsx';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Keys whose values are participant or country codes, shown by name. */
const COUNTRY_KEYS = new Set(['origin', 'origins', 'participant', 'partner', 'exporter', 'importer', 'exportingParticipant', 'importingParticipant', 'producingParticipant', 'participantCode', 'partnerCode']);

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const AMOUNT = /^-?\d+\.\d{2}$/;

interface Props {
  rule: string;
  evidence: Record<string, unknown>;
  /** Whether the viewer may open the certificates named in the evidence (`/certificates/:number`). */
  linkCertificates: boolean;
}

/**
 * The figures behind an anomaly case, as tables a statistician reads: a layout of its own for
 * each rule known here, and a generic key/value rendering of the JSON for any other shape (a rule
 * added on the server later, or evidence that does not look as expected).
 */
export function EvidenceView({ rule, evidence, linkCertificates }: Props) {
  const figures = evidence as JsonObject;
  const tools = useEvidenceTools(linkCertificates);
  if (rule === 'mirror' && isObject(figures.certified) && isObject(figures.confirmed) && isObject(figures.difference)) return <MirrorEvidence evidence={figures} tools={tools} />;
  if (rule === 'exports_above_supply' && isObject(figures.exports) && isObject(figures.production) && isObject(figures.imports))
    return <SupplyEvidence evidence={figures} tools={tools} />;
  if (rule === 'period_swing' && Array.isArray(figures.swings) && figures.swings.every((swing) => isObject(swing) && isObject(swing.previous) && isObject(swing.current)))
    return <SwingEvidence evidence={figures} swings={figures.swings as JsonObject[]} tools={tools} />;
  if ((rule === 'valuation' || rule === 'unconfirmed') && Array.isArray(figures.certificates) && figures.certificates.every(isObject))
    return <CertificateListEvidence rule={rule} evidence={figures} certificates={figures.certificates as JsonObject[]} tools={tools} />;
  return <GenericEvidence evidence={figures} tools={tools} />;
}

type Tools = ReturnType<typeof useEvidenceTools>;

function useEvidenceTools(linkCertificates: boolean) {
  const { t } = useTranslation();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const period = usePeriodText();
  const language = format.language;
  const decimal = new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 2 });
  return {
    t,
    format,
    names,
    /** An exact two-decimal string ("-12.05") formatted without going through a float. */
    amount: (value: Json | undefined): string => (typeof value === 'string' && AMOUNT.test(value) ? decimal.format(value as `${number}`) : value == null ? '—' : String(value)),
    /** Rounded statistics (median, MAD, score) to two places, as the evidence stores them. */
    decimal2: (value: Json | undefined): string => (typeof value === 'number' ? decimal.format(value) : '—'),
    number: (value: Json | undefined): string => (typeof value === 'number' ? format.number(value) : value == null ? '—' : String(value)),
    basisPoints: (value: Json | undefined): string => (typeof value === 'number' ? percent.format(value / 10_000) : '—'),
    keyLabel: (key: string): string => t(`anomalies.evidence.keys.${key}`, { defaultValue: humanise(key) }),
    period: (value: Json | undefined): string => (typeof value === 'string' ? period(value) : '—'),
    certificate: (value: Json | undefined): ReactNode =>
      typeof value === 'string' && linkCertificates ? (
        <Anchor component={Link} to={`/certificates/${encodeURIComponent(value)}`} className="mono" style={{ whiteSpace: 'nowrap' }}>
          {value}
        </Anchor>
      ) : (
        <span className="mono" style={{ whiteSpace: 'nowrap' }}>
          {String(value ?? '—')}
        </span>
      ),
  };
}

/** `groupMedianUsdPerCarat` → "Group median usd per carat": the last resort for a key without a translation. */
function humanise(key: string): string {
  const words = key.replace(/[_-]+/g, ' ').replace(/([a-z\d])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function FigureTable({ caption, head, rows, testId }: { caption: string; head: string[]; rows: { key: string; cells: ReactNode[] }[]; testId?: string }) {
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table striped verticalSpacing={6} data-testid={testId}>
        <VisuallyHidden component="caption">{caption}</VisuallyHidden>
        <Table.Thead>
          <Table.Tr>
            {head.map((label, index) => (
              <Table.Th key={index} scope="col" ta={index === 0 ? 'start' : 'end'}>
                {label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.key}>
              {row.cells.map((cell, index) =>
                index === 0 ? (
                  <Table.Th key={index} scope="row" fw={600}>
                    {cell}
                  </Table.Th>
                ) : (
                  <Table.Td key={index} ta="end" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {cell}
                  </Table.Td>
                ),
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function MirrorEvidence({ evidence, tools }: { evidence: JsonObject; tools: Tools }) {
  const { t, amount, number, basisPoints } = tools;
  const certified = evidence.certified as JsonObject;
  const confirmed = evidence.confirmed as JsonObject;
  const difference = evidence.difference as JsonObject;
  const flagged = Array.isArray(evidence.flagged) ? evidence.flagged : [];
  const thresholds = isObject(evidence.thresholds) ? evidence.thresholds : {};
  const flag = (measure: string) =>
    flagged.includes(measure) ? (
      <>
        {' '}
        <ToneBadge tone="red">{t('anomalies.evidence.flagged')}</ToneBadge>
      </>
    ) : null;
  return (
    <Stack gap="sm" data-testid="evidence-mirror">
      <FigureTable
        caption={t('anomalies.evidence.mirrorCaption')}
        head={[t('anomalies.evidence.measure'), t('anomalies.evidence.certified'), t('anomalies.evidence.confirmed'), t('anomalies.evidence.difference')]}
        rows={[
          { key: 'certificates', cells: [t('anomalies.evidence.keys.certificates'), number(certified.certificates), number(confirmed.certificates), number(evidence.unconfirmedCertificates)] },
          { key: 'carats', cells: [<>{t('anomalies.evidence.keys.carats')}{flag('carats')}</>, amount(certified.carats), amount(confirmed.carats), amount(difference.carats)] },
          { key: 'value', cells: [<>{t('anomalies.evidence.keys.valueUsd')}{flag('value')}</>, amount(certified.valueUsd), amount(confirmed.valueUsd), amount(difference.valueUsd)] },
        ]}
        testId="evidence-mirror-table"
      />
      <Text fz="sm">{t('anomalies.evidence.mirrorNote')}</Text>
      <Text fz="sm">
        {t('anomalies.evidence.mirrorThresholds', { tolerance: basisPoints(thresholds.toleranceBasisPoints), floorCarats: amount(thresholds.floorCarats), floorUsd: amount(thresholds.floorUsd) })}
      </Text>
    </Stack>
  );
}

function SupplyEvidence({ evidence, tools }: { evidence: JsonObject; tools: Tools }) {
  const { t, amount, number, basisPoints } = tools;
  const exports = evidence.exports as JsonObject;
  const production = evidence.production as JsonObject;
  const imports = evidence.imports as JsonObject;
  const returns = Array.isArray(production.returns) ? production.returns.filter(isObject) : [];
  const missing = Array.isArray(production.missingHalves) ? production.missingHalves : [];
  const thresholds = isObject(evidence.thresholds) ? evidence.thresholds : {};
  return (
    <Stack gap="sm" data-testid="evidence-supply">
      <FigureTable
        caption={t('anomalies.evidence.supplyCaption')}
        head={[t('anomalies.evidence.measure'), t('anomalies.evidence.keys.carats'), t('anomalies.evidence.keys.certificates')]}
        rows={[
          { key: 'exports', cells: [t('anomalies.evidence.keys.exports'), amount(exports.carats), number(exports.certificates)] },
          { key: 'production', cells: [t('anomalies.evidence.productionInForce'), amount(production.carats), '—'] },
          { key: 'imports', cells: [t('anomalies.evidence.keys.imports'), amount(imports.carats), number(imports.certificates)] },
          { key: 'supply', cells: [t('anomalies.evidence.keys.supply'), amount(evidence.supply), '—'] },
          { key: 'excess', cells: [t('anomalies.evidence.keys.excess'), amount(evidence.excess), '—'] },
        ]}
      />
      <Title order={3} size="h5">
        {t('anomalies.evidence.returns')}
      </Title>
      {returns.length === 0 ? (
        <Text fz="sm">{t('anomalies.evidence.noReturns')}</Text>
      ) : (
        <FigureTable
          caption={t('anomalies.evidence.returns')}
          head={[t('anomalies.evidence.keys.half'), t('anomalies.evidence.keys.version'), t('anomalies.evidence.keys.reportType'), t('anomalies.evidence.keys.carats')]}
          rows={returns.map((row, index) => ({
            key: String(index),
            cells: [
              t('anomalies.evidence.halfNumber', { half: row.half }),
              number(row.version),
              t(`anomalies.evidence.reportType.${String(row.reportType)}`, { defaultValue: String(row.reportType) }),
              amount(row.carats),
            ],
          }))}
        />
      )}
      {missing.length > 0 && <Text fz="sm">{t('anomalies.evidence.missingHalves', { halves: missing.map((half) => t('anomalies.evidence.halfNumber', { half })).join(', ') })}</Text>}
      <Text fz="sm">{t('anomalies.evidence.supplyThreshold', { tolerance: basisPoints(thresholds.toleranceBasisPoints) })}</Text>
    </Stack>
  );
}

/** Period swing: each measure that swung, the half-year before against the half-year of the case. */
function SwingEvidence({ evidence, swings, tools }: { evidence: JsonObject; swings: JsonObject[]; tools: Tools }) {
  const { t, amount, period, basisPoints } = tools;
  const thresholds = isObject(evidence.thresholds) ? evidence.thresholds : {};
  // the change in % is an exact two-decimal string: as basis points it stays an integer
  const percent = (value: Json | undefined) => (typeof value === 'string' && AMOUNT.test(value) ? basisPoints(Math.round(Number(value) * 100)) : '—');
  const previousPeriod = evidence.previousPeriod ?? (swings[0]?.previous as JsonObject).period;
  return (
    <Stack gap="sm" data-testid="evidence-period_swing">
      <FigureTable
        caption={t('anomalies.evidence.swingCaption')}
        head={[t('anomalies.evidence.keys.measure'), period(previousPeriod), period(evidence.period), t('anomalies.evidence.keys.change'), t('anomalies.evidence.keys.changePercent')]}
        rows={swings.map((swing, index) => {
          const measure = String(swing.measure ?? '');
          const figure = (side: JsonObject) => amount(measure.endsWith('_usd_per_carat') ? side.usdPerCarat : side.carats);
          return {
            key: `${measure}-${index}`,
            cells: [t(`anomalies.evidence.values.${measure}`, { defaultValue: measure }), figure(swing.previous as JsonObject), figure(swing.current as JsonObject), amount(swing.change), percent(swing.changePercent)],
          };
        })}
        testId="evidence-swing-table"
      />
      <Text fz="sm">{t('anomalies.evidence.swingThresholds', { threshold: basisPoints(thresholds.swingBasisPoints), floorCarats: amount(thresholds.floorCarats) })}</Text>
    </Stack>
  );
}

function CertificateListEvidence({ rule, evidence, certificates, tools }: { rule: 'valuation' | 'unconfirmed'; evidence: JsonObject; certificates: JsonObject[]; tools: Tools }) {
  const { t, amount, number, decimal2, names, format, certificate } = tools;
  const thresholds = isObject(evidence.thresholds) ? evidence.thresholds : {};
  const columns: { key: string; label: string; cell: (row: JsonObject) => ReactNode; numeric?: boolean }[] =
    rule === 'valuation'
      ? [
          { key: 'certificateNumber', label: t('anomalies.evidence.keys.certificateNumber'), cell: (row) => certificate(row.certificateNumber) },
          { key: 'origin', label: t('anomalies.evidence.keys.origin'), cell: (row) => String(row.origin ?? '').split('+').map(names.name).join(' + ') },
          { key: 'hsCode', label: t('anomalies.evidence.keys.hsCode'), cell: (row) => <span className="mono">{String(row.hsCode ?? '')}</span> },
          { key: 'carats', label: t('anomalies.evidence.keys.carats'), cell: (row) => amount(row.carats), numeric: true },
          { key: 'valueUsd', label: t('anomalies.evidence.keys.valueUsd'), cell: (row) => amount(row.valueUsd), numeric: true },
          { key: 'usdPerCarat', label: t('anomalies.evidence.keys.usdPerCarat'), cell: (row) => amount(row.usdPerCarat), numeric: true },
          { key: 'groupMedianUsdPerCarat', label: t('anomalies.evidence.keys.groupMedianUsdPerCarat'), cell: (row) => decimal2(row.groupMedianUsdPerCarat), numeric: true },
          { key: 'groupMadUsdPerCarat', label: t('anomalies.evidence.keys.groupMadUsdPerCarat'), cell: (row) => decimal2(row.groupMadUsdPerCarat), numeric: true },
          { key: 'groupSize', label: t('anomalies.evidence.keys.groupSize'), cell: (row) => number(row.groupSize), numeric: true },
          { key: 'score', label: t('anomalies.evidence.keys.score'), cell: (row) => decimal2(row.score), numeric: true },
          {
            key: 'direction',
            label: t('anomalies.evidence.keys.direction'),
            cell: (row) => (
              <ToneBadge tone={row.direction === 'over' ? 'orange' : 'blue'}>{t(`anomalies.evidence.direction.${String(row.direction)}`, { defaultValue: String(row.direction) })}</ToneBadge>
            ),
          },
        ]
      : [
          { key: 'certificateNumber', label: t('anomalies.evidence.keys.certificateNumber'), cell: (row) => certificate(row.certificateNumber) },
          { key: 'exportingParticipant', label: t('anomalies.evidence.keys.exportingParticipant'), cell: (row) => names.name(String(row.exportingParticipant ?? '')) },
          { key: 'issueDate', label: t('anomalies.evidence.keys.issueDate'), cell: (row) => format.day(String(row.issueDate ?? '')) },
          { key: 'confirmBy', label: t('anomalies.evidence.keys.confirmBy'), cell: (row) => format.day(String(row.confirmBy ?? '')) },
        ];
  return (
    <Stack gap="sm" data-testid={`evidence-${rule}`}>
      <Table.ScrollContainer minWidth={rule === 'valuation' ? 1100 : 560}>
        <Table striped verticalSpacing={6} data-testid="evidence-certificates">
          <VisuallyHidden component="caption">{t('anomalies.evidence.certificatesCaption')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              {columns.map((column) => (
                <Table.Th key={column.key} scope="col" ta={column.numeric ? 'end' : 'start'}>
                  {column.label}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {certificates.map((row, index) => (
              <Table.Tr key={`${String(row.certificateNumber)}-${index}`}>
                {columns.map((column) => (
                  <Table.Td key={column.key} ta={column.numeric ? 'end' : 'start'} style={column.numeric ? { fontVariantNumeric: 'tabular-nums' } : undefined}>
                    {column.cell(row)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rule === 'valuation' ? (
        <Text fz="sm">{t('anomalies.evidence.valuationThresholds', { min: number(thresholds.minCertificates), threshold: number(thresholds.threshold) })}</Text>
      ) : (
        <Text fz="sm">{t('anomalies.evidence.unconfirmedDays', { days: number(evidence.confirmationDays) })}</Text>
      )}
    </Stack>
  );
}

/** Any evidence: plain values in a key/value table, nested records and lists of records as blocks below it. */
export function GenericEvidence({ evidence, tools }: { evidence: JsonObject; tools: Tools }) {
  return (
    <div data-testid="evidence-generic">
      <JsonBlock value={evidence} tools={tools} caption={tools.t('anomalies.evidence.title')} level={3} />
    </div>
  );
}

/** A value shown in one table cell: not a record, and not a list holding records or lists. */
const isFlat = (value: Json): boolean => !isObject(value) && (!Array.isArray(value) || value.every((item) => !isObject(item) && !Array.isArray(item)));

function JsonBlock({ value, tools, caption, level }: { value: JsonObject; tools: Tools; caption: string; level: 3 | 4 | 5 | 6 }) {
  const entries = Object.entries(value);
  const flat = entries.filter(([, item]) => isFlat(item));
  const nested = entries.filter(([, item]) => !isFlat(item));
  if (entries.length === 0) return <Text fz="sm">—</Text>;
  return (
    <Stack gap="sm">
      {flat.length > 0 && (
        <Table verticalSpacing={4} withTableBorder>
          <VisuallyHidden component="caption">{caption}</VisuallyHidden>
          <Table.Tbody>
            {flat.map(([key, item]) => (
              <Table.Tr key={key}>
                <Table.Th scope="row" fw={600} w="40%" style={{ verticalAlign: 'top' }}>
                  {tools.keyLabel(key)}
                </Table.Th>
                <Table.Td style={{ overflowWrap: 'break-word' }}>
                  <JsonValue name={key} value={item} tools={tools} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {nested.map(([key, item]) => (
        <Stack key={key} gap={6}>
          <Title order={level} size="h5">
            {tools.keyLabel(key)}
          </Title>
          <Box ps="md" style={{ borderInlineStart: '3px solid #c3cbd0' }}>
            <NestedValue name={key} value={item} tools={tools} level={level} />
          </Box>
        </Stack>
      ))}
    </Stack>
  );
}

function NestedValue({ name, value, tools, level }: { name: string; value: Json; tools: Tools; level: 3 | 4 | 5 | 6 }) {
  const deeper = Math.min(level + 1, 6) as 3 | 4 | 5 | 6;
  if (isObject(value)) return <JsonBlock value={value} tools={tools} caption={tools.keyLabel(name)} level={deeper} />;
  if (!Array.isArray(value)) return <JsonValue name={name} value={value} tools={tools} />;
  // a list of records whose values are all flat: one table, a column per key
  if (value.every((row) => isObject(row) && Object.values(row).every(isFlat))) {
    const rows = value as JsonObject[];
    const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))];
    return (
      <Table.ScrollContainer minWidth={Math.min(keys.length * 130, 1100)}>
        <Table striped verticalSpacing={4}>
          <VisuallyHidden component="caption">{tools.keyLabel(name)}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              {keys.map((key) => (
                <Table.Th key={key} scope="col">
                  {tools.keyLabel(key)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row, index) => (
              <Table.Tr key={index}>
                {keys.map((key) => (
                  <Table.Td key={key}>{key in row ? <JsonValue name={key} value={row[key]} tools={tools} /> : '—'}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }
  // anything else: one block per item, numbered
  return (
    <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {value.map((item, index) => (
        <Paper key={index} withBorder p="sm" radius="sm" component="li">
          <NestedValue name={name} value={item} tools={tools} level={deeper} />
        </Paper>
      ))}
    </Stack>
  );
}

function JsonValue({ name, value, tools }: { name: string; value: Json; tools: Tools }): ReactNode {
  const { t } = tools;
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? t('anomalies.evidence.yes') : t('anomalies.evidence.no');
  if (typeof value === 'number') return /basisPoints$/i.test(name) ? tools.basisPoints(value) : /years?$/i.test(name) ? String(value) : tools.number(value);
  if (typeof value === 'string') {
    if (/certificate(Number)?$/i.test(name)) return tools.certificate(value);
    if (/period$/i.test(name)) return tools.period(value);
    if (/(date|by)$/i.test(name)) return tools.format.day(value);
    if (COUNTRY_KEYS.has(name) && /^[A-Z]{2}$/.test(value)) return tools.names.name(value);
    // codes (`no_production`, a custody entry's `sale` or licence state `expired`) in words; unknown ones as they are
    if (/^[a-z]+(_[a-z]+)*$/.test(value)) return t(`anomalies.evidence.values.${value}`, { defaultValue: value });
    return tools.amount(value);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    return value.map((item, index) => (
      <span key={index}>
        {index > 0 && ', '}
        <JsonValue name={name} value={item} tools={tools} />
      </span>
    ));
  }
  return <NestedValue name={name} value={value} tools={tools} level={6} />;
}
