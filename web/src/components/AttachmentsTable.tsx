import { Anchor, Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { useFormat } from '../format.ts';
import { CaptionedTable } from './CaptionedTable.tsx';

/** A stored attachment as the API lists it. */
export interface Attachment {
  id: string;
  fileName: string;
  size: number;
  sha256: string;
}

/** A file size a user reads (B, kB, MB), in their language. */
export function formatSize(bytes: number, language: string): string {
  const unit = bytes >= 1_048_576 ? 'megabyte' : bytes >= 1024 ? 'kilobyte' : 'byte';
  const value = unit === 'megabyte' ? bytes / 1_048_576 : unit === 'kilobyte' ? bytes / 1024 : bytes;
  return new Intl.NumberFormat(language, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}

/**
 * Attached files, one a row: what the file belongs to (a report stage, a report section), its name
 * as a download link, its size and its SHA-256.
 * @example <AttachmentsTable files={review.files} testId="peer-review-files" caption={t('peerReviews.files.title')}
 *            headings={{ group: t('peerReviews.files.stage'), file: t('peerReviews.files.file'), size: t('peerReviews.files.size') }}
 *            group={(file) => t(`peerReviews.files.stageName.${file.stage}`)} href={(file) => `/api/peer-reviews/${review.id}/files/${file.id}`} />
 */
export function AttachmentsTable<F extends Attachment>({
  files,
  testId,
  caption,
  headings,
  group,
  href,
}: {
  files: F[];
  testId: string;
  caption: string;
  headings: { group: string; file: string; size: string };
  group: (file: F) => ReactNode;
  href: (file: F) => string;
}) {
  const format = useFormat();
  return (
    <CaptionedTable
      caption={caption}
      testId={testId}
      head={
        <>
          <Table.Th scope="col">{headings.group}</Table.Th>
          <Table.Th scope="col">{headings.file}</Table.Th>
          <Table.Th scope="col">{headings.size}</Table.Th>
          <Table.Th scope="col">SHA-256</Table.Th>
        </>
      }
    >
      {files.map((file) => (
        <Table.Tr key={file.id}>
          <Table.Td>{group(file)}</Table.Td>
          <Table.Td style={{ overflowWrap: 'anywhere' }}>
            <Anchor href={href(file)} download={file.fileName} dir="auto">
              {file.fileName}
            </Anchor>
          </Table.Td>
          <Table.Td>
            <bdi>{formatSize(file.size, format.language)}</bdi>
          </Table.Td>
          <Table.Td className="mono" dir="ltr" style={{ overflowWrap: 'anywhere' }} data-testid="file-sha256">
            {file.sha256}
          </Table.Td>
        </Table.Tr>
      ))}
    </CaptionedTable>
  );
}
