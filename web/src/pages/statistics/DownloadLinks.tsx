import { Anchor, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** `path?query` with `format` and `table` added: the same route's CSV and XLSX downloads. */
export function downloadUrl(path: string, format: 'csv' | 'xlsx', table: string): string {
  const url = new URL(path, window.location.origin);
  url.searchParams.set('format', format);
  url.searchParams.set('table', table);
  return url.pathname + url.search;
}

/** CSV and XLSX links of one table; `path` already holds the year, measure and language. */
export function DownloadLinks({ path, table, caption }: { path: string; table: string; caption: string }) {
  const { t } = useTranslation();
  return (
    <Group gap="sm" fz="sm">
      <Text fz="sm" c="gray.8" component="span">
        {t('statistics.download')}
      </Text>
      {(['csv', 'xlsx'] as const).map((format) => (
        <Anchor
          key={format}
          href={downloadUrl(path, format, table)}
          download
          fz="sm"
          aria-label={t('statistics.downloadTable', { format: format.toUpperCase(), table: caption })}
          data-testid={`download-${table}-${format}`}
        >
          {format.toUpperCase()}
        </Anchor>
      ))}
    </Group>
  );
}
