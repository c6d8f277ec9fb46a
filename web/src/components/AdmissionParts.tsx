import { Anchor, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ApplicationStage, PublicApplication } from '../admission.ts';
import { useFormat } from '../format.ts';
import { useApi } from '../useApi.ts';
import { ToneBadge, type Tone } from './Badges.tsx';
import { CaptionedTable } from './CaptionedTable.tsx';

const STAGE_TONE: Record<ApplicationStage, Tone> = {
  draft: 'gray',
  submitted: 'blue',
  under_assessment: 'violet',
  awaiting_decision: 'yellow',
  admitted: 'green',
  refused: 'red',
  withdrawn: 'gray',
};

/** Where an application stands, as a badge. */
export function AdmissionStageBadge({ stage }: { stage: ApplicationStage }) {
  const { t } = useTranslation();
  return <ToneBadge tone={STAGE_TONE[stage]}>{t(`admission.stage.${stage}`)}</ToneBadge>;
}

/**
 * A participant's applications for admission as the public reads them (submission, stage,
 * outcome, decision); nothing when it never applied through Kimberlite.
 */
export function PublicApplications({ participantCode }: { participantCode: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const loaded = useApi<{ items: PublicApplication[] }>(`/api/admission/applications/public?participant=${participantCode}`);
  const items = loaded.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <>
      <Text fz="sm">{t('admission.public.intro')}</Text>
      <CaptionedTable
        caption={t('admission.public.title')}
        testId="public-applications"
        head={
          <>
            <Table.Th scope="col">{t('admission.reference')}</Table.Th>
            <Table.Th scope="col">{t('admission.submittedOn')}</Table.Th>
            <Table.Th scope="col">{t('admission.stageLabel')}</Table.Th>
            <Table.Th scope="col">{t('admission.decisionLabel')}</Table.Th>
          </>
        }
      >
        {items.map((item) => (
          <Table.Tr key={item.reference}>
            <Table.Td>{item.reference}</Table.Td>
            <Table.Td>{format.day(item.submittedOn)}</Table.Td>
            <Table.Td>
              <AdmissionStageBadge stage={item.stage} />
              {item.admittedOn && <Text span fz="sm"> {t('admission.admittedFrom', { date: format.day(item.admittedOn) })}</Text>}
            </Table.Td>
            <Table.Td>{item.decisionReference ? <Anchor href={`/decisions?participant=${participantCode}`}>{item.decisionReference}</Anchor> : '—'}</Table.Td>
          </Table.Tr>
        ))}
      </CaptionedTable>
    </>
  );
}
