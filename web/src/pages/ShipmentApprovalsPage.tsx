import { Card, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShipmentQueueItem } from '../../../src/zones/schemas.ts';
import { formatAmount } from '../amounts.ts';
import { Notice } from '../components/Notice.tsx';
import { Loaded, Page } from '../components/Page.tsx';
import { ApprovalForm, ApprovalSummary } from '../components/ZoneParts.tsx';
import { useCountryNames } from '../countries.ts';
import { useFormat } from '../format.ts';
import { useApi } from '../useApi.ts';

type QueueStatus = 'pending' | 'decided' | 'all';

/** `/shipment-approvals`: the shipments of zone-restricted participants awaiting the monitoring teams the user sits on. */
export function ShipmentApprovalsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const [status, setStatus] = useState<QueueStatus>('pending');
  const [notice, setNotice] = useState<string | null>(null);
  const queue = useApi<ShipmentQueueItem[]>(`/api/shipment-approvals?status=${status}`);

  return (
    <Page title={t('approvals.title')}>
      <Text>{t('approvals.intro')}</Text>
      <SegmentedControl
        value={status}
        onChange={(value) => setStatus(value as QueueStatus)}
        data={(['pending', 'decided', 'all'] as const).map((value) => ({ value, label: t(`approvals.filter.${value}`) }))}
        w="fit-content"
      />
      {notice && <Notice testId="approval-notice">{notice}</Notice>}
      <Loaded ready={queue.data !== null} error={queue.error}>
        {() =>
          queue.data!.length === 0 ? (
            <Text data-testid="approvals-empty">{t('approvals.none')}</Text>
          ) : (
            <Stack data-testid="approvals-queue">
              {queue.data!.map((item) => (
                <Card key={item.number} withBorder data-testid={`shipment-${item.number}`}>
                  <Stack gap="xs">
                    <Group justify="space-between">
                      <Text fw={700} className="mono">
                        {item.number}
                      </Text>
                      <Text fz="sm">{t('approvals.route', { from: names.name(item.issuingParticipant), to: names.name(item.importingParticipant) })}</Text>
                    </Group>
                    <Text fz="sm">
                      {t('approvals.parties', { exporter: item.exporterName, importer: item.importerName })}
                    </Text>
                    <Text fz="sm">
                      {t('approvals.shipment', {
                        parcels: format.number(item.parcelCount),
                        carats: formatAmount(item.totalCarats, format.language),
                        value: formatAmount(item.totalValueUsd, format.language),
                        issued: format.day(item.issueDate),
                        expiry: format.day(item.expiryDate),
                      })}
                    </Text>
                    <ApprovalSummary approval={item.approval} />
                    {item.approval.state === 'pending' && (
                      <ApprovalForm
                        number={item.number}
                        onDecided={() => {
                          setNotice(t('approvals.recorded', { number: item.number }));
                          queue.reload();
                        }}
                      />
                    )}
                  </Stack>
                </Card>
              ))}
            </Stack>
          )
        }
      </Loaded>
    </Page>
  );
}
