import { Table, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A plain table with a caption for screen readers, one header row and scrolling sideways on a
 * narrow screen.
 * @example <CaptionedTable caption={t('annualReports.files.title')} testId="report-files" head={<Table.Th scope="col">…</Table.Th>}>{rows}</CaptionedTable>
 */
export function CaptionedTable({ caption, testId, head, minWidth = 560, children }: { caption: string; testId: string; head: ReactNode; minWidth?: number; children: ReactNode }) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table verticalSpacing={6} data-testid={testId}>
        <VisuallyHidden component="caption">{caption}</VisuallyHidden>
        <Table.Thead>
          <Table.Tr>{head}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
