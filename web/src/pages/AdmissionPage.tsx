import { Anchor, Button, Group, Paper, SimpleGrid, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { APPLICATION_STAGES } from '../../../src/admission/admission-rules.ts';
import { canAdmission, type AdmissionApplication, type ApplicationList } from '../admission.ts';
import { api } from '../api.ts';
import { AdmissionStageBadge } from '../components/AdmissionParts.tsx';
import { CaptionedTable } from '../components/CaptionedTable.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loaded, Page } from '../components/Page.tsx';
import { useFormat } from '../format.ts';
import { useApi } from '../useApi.ts';
import { useSubmission } from '../useSubmission.ts';
import { NotFoundUnless } from './NotFoundPage.tsx';

/**
 * `/admission`: applications for admission to the KP. The CPC and the Chair see every submitted
 * one by stage (submitted, under assessment, awaiting the decision, admitted…); an applicant's
 * staff see their own, and its administrator opens one.
 */
export function AdmissionPage() {
  return (
    <NotFoundUnless allowed={canAdmission.read}>
      <AdmissionList />
    </NotFoundUnless>
  );
}

function AdmissionList() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const loaded = useApi<ApplicationList>('/api/admission/applications');
  const { busy, error, attempt } = useSubmission();

  const open = () =>
    attempt(async () => {
      const created = await api<AdmissionApplication>('/api/admission/applications', { method: 'POST', body: {} });
      navigate(`/admission/${created.id}`);
    });

  return (
    <Page
      title={t('admission.title')}
      actions={
        loaded.data?.mayOpen ? (
          <Button onClick={open} loading={busy} data-testid="open-application">
            {t('admission.open')}
          </Button>
        ) : undefined
      }
    >
      <Text>{t('admission.intro')}</Text>
      <ErrorAlert error={error} />
      <Loaded ready={loaded.data !== null} error={loaded.error}>
        {() => {
          const list = loaded.data!;
          return (
            <>
              <SimpleGrid cols={{ base: 2, sm: 4 }} data-testid="stage-counts">
                {APPLICATION_STAGES.filter((stage) => stage !== 'draft' || list.counts.draft > 0).map((stage) => (
                  <Paper key={stage} withBorder p="sm" radius="md">
                    <Text fz="sm">{t(`admission.stage.${stage}`)}</Text>
                    <Text fz="xl" fw={700} data-testid={`count-${stage}`}>
                      {format.number(list.counts[stage])}
                    </Text>
                  </Paper>
                ))}
              </SimpleGrid>
              {list.items.length === 0 ? (
                <Text data-testid="no-applications">{t('admission.none')}</Text>
              ) : (
                <CaptionedTable
                  caption={t('admission.title')}
                  testId="applications"
                  head={
                    <>
                      <Table.Th scope="col">{t('admission.reference')}</Table.Th>
                      <Table.Th scope="col">{t('admission.applicant')}</Table.Th>
                      <Table.Th scope="col">{t('admission.stageLabel')}</Table.Th>
                      <Table.Th scope="col">{t('admission.submittedOn')}</Table.Th>
                      <Table.Th scope="col">{t('admission.openQuestions')}</Table.Th>
                    </>
                  }
                >
                  {list.items.map((item) => (
                    <Table.Tr key={item.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/admission/${item.id}`}>
                          {item.reference}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{item.name}</Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          <AdmissionStageBadge stage={item.stage} />
                        </Group>
                      </Table.Td>
                      <Table.Td>{item.submittedAt ? format.dateTime(item.submittedAt) : '—'}</Table.Td>
                      <Table.Td>{format.number(item.openQuestions)}</Table.Td>
                    </Table.Tr>
                  ))}
                </CaptionedTable>
              )}
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}
