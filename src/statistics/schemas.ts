import { z } from 'zod';
import { ParticipantCodeSchema } from '../http/schemas.ts';
import { RANKING_MEASURES } from './statistics-repository.ts';

/**
 * The public statistics contract. Amounts are exact decimal strings with two decimals (carats,
 * US$); $/ct is rounded half up to the cent and null where there are no carats to divide by.
 * Nothing here names an operator, an exporter or importer, or a single certificate.
 */
const amount = (description: string) => z.string().meta({ description, example: '1234.56' });
const perCarat = z.string().nullable().meta({ description: 'US$ per carat, rounded half up to the cent; null when carats are zero', example: '150.00' });

export const YearQuerySchema = z.coerce
  .number()
  .int()
  .min(2003)
  .max(2100)
  .meta({ description: 'Calendar year (the KPCS applies from 2003)', example: 2025 });

export const FormatSchema = z
  .enum(['json', 'csv', 'xlsx'])
  .optional()
  .meta({
    description:
      'Response format; `csv` (or `Accept: text/csv`) downloads one table as UTF-8 CSV with a byte-order mark, for Excel; `xlsx` (or the XLSX media type) as an Excel workbook, amounts as numbers',
  });

const PeriodSchema = z.string().meta({ description: 'Quarter (`2025-Q1`), half-year (`2025-H1`) or year (`2025`)', example: '2025-Q1' });

const TradeFiguresShape = {
  carats: amount('Carats, two decimals'),
  valueUsd: amount('US dollars, two decimals'),
  usdPerCarat: perCarat,
  certificates: z.number().int().meta({ description: 'Number of KP certificates' }),
};

export const TradeFiguresSchema = z.object(TradeFiguresShape).meta({ id: 'TradeFigures', description: 'Trade derived from KP certificates (voided and replaced certificates excluded)' });

export const ReceivedFiguresSchema = z
  .object({
    certificates: z.number().int().meta({ description: 'Confirmations of receipt dated in the period' }),
    carats: amount('Carats as weighed on arrival'),
  })
  .meta({ id: 'ReceivedFigures', description: 'Confirmations of receipt by the importing authority, dated by the day of receipt' });

export const ProductionFiguresSchema = z
  .object({
    carats: amount('Carats mined').nullable(),
    valueUsd: amount('US dollars').nullable(),
    usdPerCarat: perCarat,
    producingParticipants: z.number().int().meta({ description: 'Participants whose returns in force add up to more than zero carats' }),
    reportingParticipants: z.number().int().meta({ description: 'Participants with a production return in force for the year (a “no production” return counts as reporting)' }),
  })
  .meta({
    id: 'ProductionFigures',
    description: 'Half-yearly production returns in force (the highest version), both halves added; null amounts when no participant reported',
  });

export const YearSummarySchema = z
  .object({
    year: z.number().int(),
    production: ProductionFiguresSchema,
    exports: TradeFiguresSchema.meta({ description: 'Certificates issued in the year (by issue date)' }),
    imports: TradeFiguresSchema.meta({
      description: 'Certificates destined to a participant, dated by issue date too: worldwide they equal exports, since every KP certificate is both',
    }),
    received: ReceivedFiguresSchema,
  })
  .meta({ id: 'StatisticsYearSummary' });

export const GlobalStatisticsSchema = z
  .object({
    year: z.number().int(),
    summary: YearSummarySchema.meta({ description: 'The year asked for' }),
    series: z.array(YearSummarySchema).meta({ description: 'Every year with production returns or certificates, oldest first' }),
  })
  .meta({ id: 'GlobalStatistics', description: 'KP annual global summary (public)' });
export type GlobalStatistics = z.infer<typeof GlobalStatisticsSchema>;
export type YearSummary = z.infer<typeof YearSummarySchema>;

export const ProductionRowSchema = z
  .object({
    period: PeriodSchema,
    reportType: z
      .enum(['production', 'no_production'])
      .nullable()
      .meta({ description: '`no_production` is a reported zero; null when no return is in force (missing, not zero). For the year: `production` if either half is' }),
    version: z.number().int().nullable().meta({ description: 'Version of the return in force (corrections are new versions); null for the year' }),
    carats: amount('Carats mined').nullable(),
    valueUsd: amount('US dollars').nullable(),
    usdPerCarat: perCarat,
  })
  .meta({ id: 'ProductionRow' });

export const PartnerRowSchema = z
  .object({ period: PeriodSchema, partner: ParticipantCodeSchema, partnerName: z.string(), ...TradeFiguresShape })
  .meta({ id: 'TradeByPartnerRow', description: 'Trade with one partner participant (the EU is one participant)' });

export const HsCodeRowSchema = z
  .object({
    period: PeriodSchema,
    hsCode: z.string().meta({ description: 'Harmonised System code: 7102.10 unsorted, 7102.21 industrial, 7102.31 non-industrial', example: '7102.31' }),
    ...TradeFiguresShape,
  })
  .meta({ id: 'TradeByHsCodeRow', description: 'Parcels of one HS code; `certificates` counts certificates holding at least one such parcel' });

export const TotalRowSchema = z.object({ period: PeriodSchema, ...TradeFiguresShape }).meta({ id: 'TradeTotalRow' });

export const ReceivedRowSchema = z.object({ period: PeriodSchema, certificates: z.number().int(), carats: amount('Carats as weighed on arrival') }).meta({ id: 'ReceivedRow' });

export const ParticipantRankSchema = z
  .object({
    measure: z.enum(RANKING_MEASURES),
    rank: z.number().int().nullable().meta({ description: 'Position, 1 = largest; equal figures share a rank. Null when the participant has no figure' }),
    of: z.number().int().meta({ description: 'Number of participants ranked' }),
  })
  .meta({ id: 'ParticipantRank' });

const flowTables = (flow: string) =>
  z.object({
    totals: z.array(TotalRowSchema).meta({ description: `All ${flow}, every quarter, half-year and the year` }),
    byPartner: z.array(PartnerRowSchema),
    byHsCode: z.array(HsCodeRowSchema),
  });

export const ParticipantStatisticsSchema = z
  .object({
    participant: z.object({ code: ParticipantCodeSchema, name: z.string() }),
    year: z.number().int(),
    production: z.array(ProductionRowSchema).meta({ description: 'First half, second half and the year' }),
    exports: flowTables('exports').meta({ description: 'Certificates the participant issued, by issue date' }),
    imports: flowTables('imports')
      .extend({ received: z.array(ReceivedRowSchema).meta({ description: 'Confirmations of receipt the participant recorded, by day of receipt' }) })
      .meta({ description: 'Certificates destined to the participant, by issue date' }),
    rankings: z.array(ParticipantRankSchema),
  })
  .meta({ id: 'ParticipantStatistics', description: 'One participant’s production and trade for a year (public)' });
export type ParticipantStatistics = z.infer<typeof ParticipantStatisticsSchema>;

export const RankingRowSchema = z
  .object({
    rank: z.number().int(),
    participant: ParticipantCodeSchema,
    name: z.string(),
    carats: amount('Carats'),
    valueUsd: amount('US dollars'),
    usdPerCarat: perCarat,
    certificates: z.number().int().nullable().meta({ description: 'Certificates (trade measures); null for production' }),
  })
  .meta({ id: 'RankingRow' });

export const RankingsSchema = z
  .object({
    year: z.number().int(),
    measure: z.enum(RANKING_MEASURES),
    rows: z.array(RankingRowSchema).meta({ description: 'Largest first; equal figures share a rank (1, 2, 2, 4), then by code' }),
  })
  .meta({ id: 'Rankings', description: 'Participants ranked on one measure (public)' });
export type Rankings = z.infer<typeof RankingsSchema>;

export const MemberStateRowSchema = z
  .object({ period: PeriodSchema, memberState: ParticipantCodeSchema, memberStateName: z.string(), ...TradeFiguresShape })
  .meta({ id: 'MemberStateRow' });

export const MemberStatePartnerRowSchema = z
  .object({
    period: PeriodSchema,
    memberState: z.string().meta({ description: 'Issuing member state (ISO 3166-1 alpha-2)' }),
    memberStateName: z.string(),
    partner: ParticipantCodeSchema,
    partnerName: z.string(),
    ...TradeFiguresShape,
  })
  .meta({ id: 'MemberStatePartnerRow' });

export const MemberStateStatisticsSchema = z
  .object({
    year: z.number().int(),
    byMemberState: z.array(MemberStateRowSchema),
    byMemberStateAndPartner: z.array(MemberStatePartnerRowSchema),
  })
  .meta({
    id: 'MemberStateStatistics',
    description:
      'EU exports by issuing member state (restricted: EU staff, Chair, WGS, WGM). Imports are not broken down: a certificate names the EU, not the member state, as destination',
  });
export type MemberStateStatistics = z.infer<typeof MemberStateStatisticsSchema>;
