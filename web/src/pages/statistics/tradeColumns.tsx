import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import type { TFunction } from 'i18next';
import type { Language } from '../../i18n.ts';
import { compareAmounts } from './GlobalStatisticsPage.tsx';
import { amountText, periodLabel } from './labels.ts';

interface TradeRow {
  period: string;
  carats: string;
  valueUsd: string;
  usdPerCarat: string | null;
  certificates: number;
}

/** Columns of a trade table: the leading ones given, then carats, US$, $/ct, certificates. */
export function tradeColumns<T extends TradeRow>(lead: ColumnDef<T, string>[], t: TFunction, language: Language, formatNumber: (value: number) => string) {
  const column = createColumnHelper<T>();
  const amount = (key: 'carats' | 'valueUsd' | 'usdPerCarat', header: string) =>
    column.accessor((row) => row[key] as string | null, {
      id: key,
      header,
      cell: (info) => amountText(info.getValue(), language),
      sortingFn: (a, b, id) => compareAmounts(a.getValue(id), b.getValue(id)),
    });
  return [
    column.accessor((row) => row.period, { id: 'period', header: t('statistics.period'), cell: (info) => periodLabel(info.getValue(), t) }),
    ...lead,
    amount('carats', t('statistics.carats')),
    amount('valueUsd', t('statistics.usd')),
    amount('usdPerCarat', t('statistics.usdPerCarat')),
    column.accessor((row) => row.certificates, { id: 'certificates', header: t('statistics.certificates'), cell: (info) => formatNumber(info.getValue()) }),
  ] as ColumnDef<T, unknown>[];
}
