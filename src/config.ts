import path from 'node:path';

/** Everything Kimberlite reads from the environment, parsed once. See README "Configuration". */
export interface Config {
  host: string;
  port: number;
  /** PostgreSQL connection string; when absent, embedded PGlite in `dataDir` is used. */
  databaseUrl: string | null;
  dataDir: string;
  /** Demo mode: demo accounts (`*@demo.test`) may log in. Never on in production. */
  demo: boolean;
  sessionTtlMinutes: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  loginRateLimitPerMinute: number;
  bodyLimitBytes: number;
  cookieSecure: boolean;
  logLevel: string;
  defaultLanguage: string;
  /** Serve /api/metrics to anonymous callers only from loopback addresses. */
  metricsLoopbackOnly: boolean;
  /** 32-byte key (base64) that seals signing keys at rest; else `<dataDir>/master.key` is used or created. */
  masterKey: string | null;
  /** Validity of a certificate when the participant has not set its own (days). */
  certificateDefaultValidityDays: number;
  /** KP-wide maximum validity (days). No KP-wide figure was found in the sources: a judgement call. */
  certificateMaxValidityDays: number;
  /** Public address printed on certificates for verification, e.g. https://kp.example.org */
  publicUrl: string | null;
  /** Months of demo certificate history seeded in demo mode. */
  demoMonths: number;
  /** Demo mode also seeds decisions (one circulating written procedure) and last year's annual reports. */
  demoGovernance: boolean;
  /** Public verifications per minute per client address (API and page). */
  verifyRateLimitPerMinute: number;
  /** Requests per minute one address may send with an `Authorization: Bearer` token (machine clients), valid or not: slows token guessing and a leaked token's abuse. */
  tokenRateLimitPerMinute: number;
  /** Days after the issue (dispatch) date by which the importing authority should confirm receipt. UNVERIFIED: a judgement call. */
  receiptConfirmationDays: number;
  /** Carat difference tolerated between certificate and receipt, in hundredths of a percent (10 = 0.10 %). */
  receiptCaratTolerance: number;
  /** Days after a half-year ends by which its production return is due. UNVERIFIED: the KP deadline (AD 02/2013) was not retrieved. */
  productionDeadlineDays: number;
  /** Written procedure: support needed for adoption, as a percentage of the participants eligible when it was circulated (rounded up, at least one). UNVERIFIED: 50 %. */
  writtenProcedureSupportPercent: number;
  /** Written procedure: whether an objection by the participant a decision is about blocks it (consensus in full). UNVERIFIED: yes. */
  concernedParticipantMayBlock: boolean;
  /** Whether a zone-restricted participant may receive shipments (be the importing participant). UNVERIFIED: no (the CAR operational framework of 2015 only reopened exports). */
  zoneRestrictedMayImport: boolean;
  /** Refuse to issue a certificate of an origin on the WGDE's list unless every parcel carries its size-frequency profile (docs/footprints.md). UNVERIFIED: on. */
  footprintProfileAtIssue: boolean;
  /** Day (`MM-DD`) of the year after the reporting year by which the annual report is due (KPCS Section VI: 31 March). */
  annualReportDue: string;
  /** Largest evidence file attached to a report (bytes). */
  reportFileMaxBytes: number;
  /** Let webhooks go to private, loopback and link-local addresses (a national system's relay on the same network). */
  webhookAllowPrivateTargets: boolean;
  /** SMTP server for e-mail copies of notifications (`smtp://user:pass@host:587`, `smtps://…`); null: in-app only. */
  smtpUrl: string | null;
  /** Sender of those e-mails. */
  mailFrom: string;
  /** Anomaly rules (docs/anomaly-rules.md). No KP figure was found for any of them: every default is UNVERIFIED. */
  anomaly: AnomalyThresholds;
  /** Footprint comparison of parcels (docs/footprints.md). No KP thresholds were published (KPCS-DOMAIN §8): every default is UNVERIFIED. */
  footprint: FootprintThresholds;
  /** Internal controls reports and rules (issue #9; docs/anomaly-rules.md). No KP figure exists for any of them: every default is UNVERIFIED. */
  custody: CustodySettings;
}

/** Reports for the authority and anomaly rules on the custody ledger (issue #9). */
export interface CustodySettings {
  /** Licences of actors and sites ending within this many days are listed as expiring. UNVERIFIED: 60. */
  licenceExpiryWarningDays: number;
  /** An actor's month volume above this many times the median of its earlier active months is unusual. UNVERIFIED: 3. */
  unusualVolumeFactor: number;
  /** A site's month production above this many times the maximum of its earlier producing months raises a case. UNVERIFIED: 2. */
  siteHistoryFactor: number;
}

/** When a parcel's size-frequency profile counts as consistent with a footprint; see docs/footprints.md. */
export interface FootprintThresholds {
  /** The test on stone counts per class: the G-test (with Williams' correction) or Pearson's chi-square. */
  test: 'g' | 'chi_square';
  /** Significance level: a p-value below it means the counts differ. UNVERIFIED: 0.001. */
  significance: number;
  /** Adjacent classes are merged until each expects at least this many stones. Cochran: 5. */
  minExpectedStones: number;
  /** Fewer stones in the parcel: insufficient data. UNVERIFIED: 100. */
  minParcelStones: number;
  /** Fewer carats in the parcel: insufficient data. UNVERIFIED: 5 ct. */
  minParcelCarats: number;
  /** Fewer stones in the footprint's sample: insufficient data. UNVERIFIED: 500. */
  minFootprintStones: number;
  /** A Kolmogorov–Smirnov distance on cumulative carats above this is a real difference. UNVERIFIED: 0.15. */
  maxKolmogorovSmirnov: number;
  /** A Hellinger distance on carat shares above this is a real difference. UNVERIFIED: 0.15. */
  maxHellinger: number;
}

/** Thresholds of the anomaly engine's rules; see docs/anomaly-rules.md for what each one does. */
export interface AnomalyThresholds {
  /** Periods judged: from this many years before the run's year (history imported from before the platform was reviewed then). UNVERIFIED: 2. */
  lookbackYears: number;
  /** Mirror: tolerated export/receipt difference, in hundredths of a percent (500 = 5 %). UNVERIFIED. */
  mirrorToleranceBasisPoints: number;
  /** Mirror: a carat difference at or below this (hundredths of a carat) is never flagged. UNVERIFIED: 100 ct. */
  mirrorFloorCarats: number;
  /** Mirror: a US$ difference at or below this (cents) is never flagged. UNVERIFIED: US$ 10 000. */
  mirrorFloorCents: number;
  /** Exports above supply: exports may exceed production + imports by this much (hundredths of a percent). UNVERIFIED: 10 %. */
  supplyToleranceBasisPoints: number;
  /** Valuation: certificates needed in an (origin, HS code, year) group before it is judged. UNVERIFIED: 10. */
  valuationMinCertificates: number;
  /** Valuation: robust z-score |x − median| / (1.4826·MAD) above which a certificate is an outlier. UNVERIFIED: 3.5 (Iglewicz–Hoaglin). */
  valuationThreshold: number;
  /** Period swing: a half-year figure may change from the previous half by this much (hundredths of a percent). UNVERIFIED: 50 %. */
  swingThresholdBasisPoints: number;
  /** Period swing: a change at or below this (hundredths of a carat) is never flagged. UNVERIFIED: 1 000 ct. */
  swingFloorCarats: number;
  /** Origin implausible: another participant's exports of an origin may exceed its production by this much (hundredths of a percent). UNVERIFIED: 0. */
  originToleranceBasisPoints: number;
}

function intFrom(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number.parseInt(value, 10);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`Invalid integer setting: ${value}`);
  return parsed;
}

function decimalFrom(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(parsed) || parsed <= 0) throw new Error(`Invalid decimal setting: ${value}`);
  return parsed;
}

function monthDayFrom(value: string | undefined, fallback: string): string {
  if (value === undefined || value === '') return fallback;
  const match = /^(\d{2})-(\d{2})$/.exec(value);
  // a day of a common year (2001): 02-29 would fall due only every fourth year
  const day = match ? new Date(Date.UTC(2001, Number(match[1]) - 1, Number(match[2]))) : null;
  const valid = day !== null && day.getUTCMonth() === Number(match![1]) - 1 && day.getUTCDate() === Number(match![2]);
  if (!valid) throw new Error(`Invalid month-day setting (MM-DD): ${value}`);
  return value;
}

function boolFrom(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

function footprintTestFrom(value: string | undefined): FootprintThresholds['test'] {
  if (value === undefined || value === '') return 'g';
  if (value !== 'g' && value !== 'chi_square') throw new Error(`Invalid FOOTPRINT_TEST (g or chi_square): ${value}`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  return {
    host: env.HOST ?? '127.0.0.1',
    port: intFrom(env.PORT, 3000),
    databaseUrl: env.DATABASE_URL && env.DATABASE_URL !== '' ? env.DATABASE_URL : null,
    dataDir: path.resolve(env.KIMBERLITE_DATA_DIR ?? './data'),
    demo: boolFrom(env.KIMBERLITE_DEMO, false),
    sessionTtlMinutes: intFrom(env.SESSION_TTL_MINUTES, 8 * 60),
    lockoutThreshold: intFrom(env.LOCKOUT_THRESHOLD, 5),
    lockoutMinutes: intFrom(env.LOCKOUT_MINUTES, 15),
    loginRateLimitPerMinute: intFrom(env.LOGIN_RATE_LIMIT_PER_MINUTE, 60),
    bodyLimitBytes: intFrom(env.BODY_LIMIT_BYTES, 1024 * 1024),
    cookieSecure: boolFrom(env.COOKIE_SECURE, false),
    logLevel: env.LOG_LEVEL ?? 'info',
    defaultLanguage: env.DEFAULT_LANGUAGE ?? 'en',
    metricsLoopbackOnly: boolFrom(env.METRICS_LOOPBACK_ONLY, true),
    masterKey: env.KIMBERLITE_MASTER_KEY && env.KIMBERLITE_MASTER_KEY !== '' ? env.KIMBERLITE_MASTER_KEY : null,
    certificateDefaultValidityDays: intFrom(env.CERTIFICATE_DEFAULT_VALIDITY_DAYS, 60),
    certificateMaxValidityDays: intFrom(env.CERTIFICATE_MAX_VALIDITY_DAYS, 180),
    demoMonths: intFrom(env.KIMBERLITE_DEMO_MONTHS, 24),
    demoGovernance: boolFrom(env.KIMBERLITE_DEMO_GOVERNANCE, true),
    verifyRateLimitPerMinute: intFrom(env.VERIFY_RATE_LIMIT_PER_MINUTE, 120),
    tokenRateLimitPerMinute: intFrom(env.TOKEN_RATE_LIMIT_PER_MINUTE, 1200),
    receiptConfirmationDays: intFrom(env.RECEIPT_CONFIRMATION_DAYS, 30),
    receiptCaratTolerance: intFrom(env.RECEIPT_CARAT_TOLERANCE_BASIS_POINTS, 10),
    productionDeadlineDays: intFrom(env.PRODUCTION_DEADLINE_DAYS, 90),
    writtenProcedureSupportPercent: Math.min(100, intFrom(env.WRITTEN_PROCEDURE_SUPPORT_PERCENT, 50)),
    concernedParticipantMayBlock: boolFrom(env.CONCERNED_PARTICIPANT_MAY_BLOCK, true),
    zoneRestrictedMayImport: boolFrom(env.ZONE_RESTRICTED_MAY_IMPORT, false),
    footprintProfileAtIssue: boolFrom(env.FOOTPRINT_PROFILE_AT_ISSUE, true),
    annualReportDue: monthDayFrom(env.ANNUAL_REPORT_DUE, '03-31'),
    reportFileMaxBytes: intFrom(env.REPORT_FILE_MAX_BYTES, 5 * 1024 * 1024),
    webhookAllowPrivateTargets: boolFrom(env.WEBHOOK_ALLOW_PRIVATE_TARGETS, false),
    smtpUrl: env.SMTP_URL && env.SMTP_URL !== '' ? env.SMTP_URL : null,
    mailFrom: env.MAIL_FROM && env.MAIL_FROM !== '' ? env.MAIL_FROM : 'Kimberlite <kimberlite@localhost>',
    anomaly: {
      lookbackYears: intFrom(env.ANOMALY_LOOKBACK_YEARS, 2),
      mirrorToleranceBasisPoints: intFrom(env.ANOMALY_MIRROR_TOLERANCE_BASIS_POINTS, 500),
      mirrorFloorCarats: intFrom(env.ANOMALY_MIRROR_FLOOR_CARATS, 100) * 100,
      mirrorFloorCents: intFrom(env.ANOMALY_MIRROR_FLOOR_USD, 10_000) * 100,
      supplyToleranceBasisPoints: intFrom(env.ANOMALY_SUPPLY_TOLERANCE_BASIS_POINTS, 1000),
      valuationMinCertificates: Math.max(3, intFrom(env.ANOMALY_VALUATION_MIN_CERTIFICATES, 10)),
      valuationThreshold: decimalFrom(env.ANOMALY_VALUATION_THRESHOLD, 3.5),
      swingThresholdBasisPoints: intFrom(env.ANOMALY_SWING_THRESHOLD_BASIS_POINTS, 5000),
      swingFloorCarats: intFrom(env.ANOMALY_SWING_FLOOR_CARATS, 1000) * 100,
      originToleranceBasisPoints: intFrom(env.ANOMALY_ORIGIN_TOLERANCE_BASIS_POINTS, 0),
    },
    footprint: {
      test: footprintTestFrom(env.FOOTPRINT_TEST),
      significance: Math.min(0.5, decimalFrom(env.FOOTPRINT_SIGNIFICANCE, 0.001)),
      minExpectedStones: Math.max(1, intFrom(env.FOOTPRINT_MIN_EXPECTED_STONES, 5)),
      minParcelStones: intFrom(env.FOOTPRINT_MIN_PARCEL_STONES, 100),
      minParcelCarats: decimalFrom(env.FOOTPRINT_MIN_PARCEL_CARATS, 5),
      minFootprintStones: intFrom(env.FOOTPRINT_MIN_FOOTPRINT_STONES, 500),
      maxKolmogorovSmirnov: Math.min(1, decimalFrom(env.FOOTPRINT_MAX_KS, 0.15)),
      maxHellinger: Math.min(1, decimalFrom(env.FOOTPRINT_MAX_HELLINGER, 0.15)),
    },
    custody: {
      licenceExpiryWarningDays: intFrom(env.CUSTODY_LICENCE_EXPIRY_WARNING_DAYS, 60),
      unusualVolumeFactor: decimalFrom(env.CUSTODY_UNUSUAL_VOLUME_FACTOR, 3),
      siteHistoryFactor: decimalFrom(env.CUSTODY_SITE_HISTORY_FACTOR, 2),
    },
    publicUrl: env.PUBLIC_URL && env.PUBLIC_URL !== '' ? env.PUBLIC_URL.replace(/\/$/, '') : null,
    ...overrides,
  };
}

/** The address printed for verification: PUBLIC_URL, or this server on localhost. */
export function publicUrlOf(config: Config): string {
  return config.publicUrl ?? `http://localhost:${config.port}`;
}
