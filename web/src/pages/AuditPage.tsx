import { Button, Group, Paper, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../api.ts';
import { useMe } from '../auth.tsx';
import { Loaded, Page } from '../components/Page.tsx';
import { can } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { AuditChainCheck, AuditTable } from './HomePage.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

export function AuditPage() {
  const me = useMe();
  if (!can.readAudit(me)) return <NotFoundPage />;
  return <AuditTrail />;
}

function AuditTrail() {
  const { t } = useTranslation();
  const me = useMe();
  const [limit, setLimit] = useState(50);
  const entries = useApi<AuditEntry[]>(`/api/audit?limit=${limit}`);
  return (
    <Page title={t('audit.title')}>
      {can.verifyAudit(me) && (
        <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="verify-title">
          <Stack gap="sm">
            <Title order={2} size="h3" id="verify-title">
              {t('audit.verifyTitle')}
            </Title>
            <AuditChainCheck />
          </Stack>
        </Paper>
      )}
      <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="entries-title">
        <Stack gap="sm">
          <Title order={2} size="h3" id="entries-title">
            {t('audit.entries')}
          </Title>
          <Loaded ready={entries.data !== null} error={entries.error}>
            {() => <AuditTable entries={entries.data!} />}
          </Loaded>
          {entries.data && entries.data.length >= limit && limit < 500 && (
            <Group>
              <Button variant="default" onClick={() => setLimit((value) => Math.min(500, value + 100))}>
                {t('audit.showMore')}
              </Button>
            </Group>
          )}
        </Stack>
      </Paper>
    </Page>
  );
}
