import { Table, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';

/** One line of a summary: what it is, and its value (text, a badge, a link…). */
export type KeyValueRow = [label: string, value: ReactNode];

/**
 * Label and value pairs of one record, read as a table of row headers under a caption that only
 * screen readers hear (the section's heading already shows it).
 * @example <KeyValueTable caption={t('alerts.summary')} rows={[[t('alerts.status'), <ReportStatusBadge status={r.status} />]]} />
 */
export function KeyValueTable({
  caption,
  rows,
  testId,
  labelWidth = '35%',
  verticalSpacing = 6,
  alignTop = false,
}: {
  caption: string;
  rows: KeyValueRow[];
  testId?: string;
  labelWidth?: string;
  verticalSpacing?: number;
  /** Labels and values at the top of their row, for values of several lines (an address). */
  alignTop?: boolean;
}) {
  const verticalAlign = alignTop ? 'top' : undefined;
  return (
    <Table verticalSpacing={verticalSpacing} layout="fixed" data-testid={testId}>
      <VisuallyHidden component="caption">{caption}</VisuallyHidden>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th scope="row" w={labelWidth} fw={600} style={{ verticalAlign }}>
              {label}
            </Table.Th>
            <Table.Td style={{ verticalAlign, overflowWrap: 'anywhere' }}>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
