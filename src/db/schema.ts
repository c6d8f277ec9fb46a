import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

/** KP Participants, plus the Chinese Taipei trading entity (kind `trading_entity`, not counted). */
export const participants = pgTable('participants', {
  code: text('code').primaryKey(),
  kind: text('kind').notNull(),
  /** The name the KP register uses (English); display names come from i18n-iso-countries. */
  registerName: text('register_name').notNull(),
  countedAmongParticipants: boolean('counted_among_participants').notNull(),
  joined: text('joined'),
  sources: text('sources').array().notNull().default(sql`'{}'::text[]`),
  note: text('note'),
  createdAt: createdAt(),
});

export const participantStatusEvents = pgTable(
  'participant_status_events',
  {
    id: uuid('id').primaryKey(),
    participantCode: text('participant_code')
      .notNull()
      .references(() => participants.code),
    status: text('status').notNull(),
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    precision: text('precision').notNull(),
    /** True when the date was inferred by us because no source gave one (see `note`). */
    inferred: boolean('inferred').notNull().default(false),
    note: text('note'),
    recordedBy: uuid('recorded_by'),
    recordedAt: createdAt(),
  },
  (table) => [index('participant_status_events_participant_idx').on(table.participantCode, table.effectiveOn)],
);

/** Member states behind a regional Participant (the EU). */
export const territories = pgTable(
  'territories',
  {
    participantCode: text('participant_code')
      .notNull()
      .references(() => participants.code),
    code: text('code').notNull(),
    registerName: text('register_name').notNull(),
  },
  (table) => [primaryKey({ columns: [table.participantCode, table.code] })],
);

export const observers = pgTable('observers', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  sources: text('sources').array().notNull().default(sql`'{}'::text[]`),
  note: text('note'),
  createdAt: createdAt(),
});

export const authorities = pgTable(
  'authorities',
  {
    id: uuid('id').primaryKey(),
    participantCode: text('participant_code')
      .notNull()
      .references(() => participants.code),
    role: text('role').notNull(),
    name: text('name').notNull(),
    address: text('address').notNull(),
    email: text('email'),
    phone: text('phone'),
    territoryCode: text('territory_code'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('authorities_participant_idx').on(table.participantCode)],
);

export const operators = pgTable(
  'operators',
  {
    id: uuid('id').primaryKey(),
    participantCode: text('participant_code')
      .notNull()
      .references(() => participants.code),
    name: text('name').notNull(),
    address: text('address').notNull(),
    licenceNumber: text('licence_number').notNull(),
    licenceTypes: text('licence_types').array().notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validUntil: date('valid_until', { mode: 'string' }).notNull(),
    suspendedAt: timestamp('suspended_at', { withTimezone: true, mode: 'date' }),
    suspensionReason: text('suspension_reason'),
    /** An artisanal miner's registration card number (issue #9). */
    registrationCard: text('registration_card'),
    /** The cooperative an artisanal miner belongs to (another operator of the same participant). */
    cooperativeId: uuid('cooperative_id'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('operators_licence_number_unique').on(table.participantCode, table.licenceNumber)],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** `person` logs in with a password; `machine` is a national system using API tokens only. */
    kind: text('kind').notNull(),
    passwordHash: text('password_hash'),
    roles: text('roles').array().notNull(),
    participantCode: text('participant_code').references(() => participants.code),
    observerCode: text('observer_code').references(() => observers.code),
    language: text('language').notNull().default('en'),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
    disabledAt: timestamp('disabled_at', { withTimezone: true, mode: 'date' }),
    isDemo: boolean('is_demo').notNull().default(false),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('users_email_unique').on(table.email), index('users_participant_idx').on(table.participantCode)],
);

export const sessions = pgTable('sessions', {
  /** SHA-256 of the cookie value: a stolen database does not yield usable sessions. */
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
});

export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  label: text('label').notNull(),
  secretHash: text('secret_hash').notNull(),
  createdBy: uuid('created_by'),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
  revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
});

/**
 * Append-only, hash-chained audit log. Each entry's hash covers its content and the previous
 * entry's hash; a trigger refuses UPDATE and DELETE.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    participantCode: text('participant_code'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    data: jsonb('data').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (table) => [index('audit_log_entity_idx').on(table.entityType, table.entityId), index('audit_log_participant_idx').on(table.participantCode)],
);

/** One row: the head of the audit chain. Locking it orders concurrent writers. */
export const auditHead = pgTable('audit_head', {
  id: integer('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});

/**
 * Ed25519 signing keys: one active key per exporting authority (participant), and the KP
 * register key that signs the trust list (`scope = 'register'`, no participant). Private keys are
 * stored sealed with AES-256-GCM under the master key from configuration.
 */
export const signingKeys = pgTable(
  'signing_keys',
  {
    kid: text('kid').primaryKey(),
    scope: text('scope').notNull(),
    participantCode: text('participant_code').references(() => participants.code),
    publicKey: text('public_key').notNull(),
    sealedPrivateKey: text('sealed_private_key').notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true, mode: 'date' }).notNull(),
    validUntil: timestamp('valid_until', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    revocationReason: text('revocation_reason'),
    createdAt: createdAt(),
  },
  (table) => [index('signing_keys_participant_idx').on(table.participantCode)],
);

/** Per-(participant, year) counters: certificate numbers are gapless because the increment commits with the certificate. */
export const certificateCounters = pgTable(
  'certificate_counters',
  {
    participantCode: text('participant_code')
      .notNull()
      .references(() => participants.code),
    year: integer('year').notNull(),
    lastSerial: integer('last_serial').notNull(),
  },
  (table) => [primaryKey({ columns: [table.participantCode, table.year] })],
);

export const certificates = pgTable(
  'certificates',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull(),
    participantCode: text('participant_code')
      .notNull()
      .references(() => participants.code),
    year: integer('year').notNull(),
    serial: integer('serial').notNull(),
    territoryCode: text('territory_code'),
    importingParticipant: text('importing_participant')
      .notNull()
      .references(() => participants.code),
    status: text('status').notNull(),
    issueDate: date('issue_date', { mode: 'string' }).notNull(),
    expiryDate: date('expiry_date', { mode: 'string' }).notNull(),
    exporterOperatorId: uuid('exporter_operator_id').references(() => operators.id),
    totalCarats: bigint('total_carats', { mode: 'number' }).notNull(),
    totalValueCents: bigint('total_value_cents', { mode: 'number' }).notNull(),
    parcelCount: integer('parcel_count').notNull(),
    /** The signed Verifiable Credential, exactly as issued. */
    document: jsonb('document').notNull(),
    seal: text('seal').notNull(),
    kid: text('kid')
      .notNull()
      .references(() => signingKeys.kid),
    issuedBy: uuid('issued_by').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'date' }).notNull(),
    replacesNumber: text('replaces_number'),
    replacedByNumber: text('replaced_by_number'),
    voidedAt: timestamp('voided_at', { withTimezone: true, mode: 'date' }),
    voidReason: text('void_reason'),
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    /** The compliant zone the goods come from, for an issuer under zone restriction. */
    originZoneId: uuid('origin_zone_id'),
    /** The monitoring team that must approve the shipment before the certificate is valid, or null. */
    approvalBodyCode: text('approval_body_code'),
  },
  (table) => [
    uniqueIndex('certificates_number_unique').on(table.number),
    uniqueIndex('certificates_serial_unique').on(table.participantCode, table.year, table.serial),
    uniqueIndex('certificates_idempotency_unique').on(table.participantCode, table.idempotencyKey),
    index('certificates_importing_idx').on(table.importingParticipant, table.issueDate),
    index('certificates_issuing_idx').on(table.participantCode, table.issueDate),
  ],
);

/** One row per parcel, for statistics; the signed document stays the reference. */
export const certificateParcels = pgTable(
  'certificate_parcels',
  {
    certificateId: uuid('certificate_id')
      .notNull()
      .references(() => certificates.id),
    position: integer('position').notNull(),
    hsCode: text('hs_code').notNull(),
    carats: bigint('carats', { mode: 'number' }).notNull(),
    valueCents: bigint('value_cents', { mode: 'number' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.certificateId, table.position] })],
);

/** Trade measures on rough diamonds of an origin (e.g. UN Security Council embargo on Côte d'Ivoire 2005–2014). */
export const embargoMeasures = pgTable('embargo_measures', {
  id: uuid('id').primaryKey(),
  originCode: text('origin_code').notNull(),
  legalBasis: text('legal_basis').notNull(),
  startsOn: date('starts_on', { mode: 'string' }).notNull(),
  endsOn: date('ends_on', { mode: 'string' }),
  note: text('note'),
  /** The KP decision that imposed the measure, when it is one (a UN measure has none). */
  decisionId: uuid('decision_id'),
  recordedBy: uuid('recorded_by'),
  /** Who ended the measure (set `ends_on`), on what legal basis. */
  liftedBy: uuid('lifted_by'),
  liftLegalBasis: text('lift_legal_basis'),
  createdAt: createdAt(),
});

/** Per-participant certificate settings (validity, language printed beside English, origin wording). */
export const participantSettings = pgTable('participant_settings', {
  participantCode: text('participant_code')
    .primaryKey()
    .references(() => participants.code),
  certificateValidityDays: integer('certificate_validity_days').notNull(),
  certificateLanguage: text('certificate_language').notNull(),
  mixedOriginWording: boolean('mixed_origin_wording').notNull().default(false),
});

/**
 * Confirmation of receipt (core document III): what the importing authority found on arrival.
 * The primary key on the certificate makes a second confirmation impossible.
 */
export const certificateReceipts = pgTable(
  'certificate_receipts',
  {
    certificateId: uuid('certificate_id')
      .primaryKey()
      .references(() => certificates.id),
    certificateNumber: text('certificate_number').notNull(),
    /** The importing participant that confirmed (the certificate's destination). */
    participantCode: text('participant_code')
      .notNull()
      .references(() => participants.code),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    parcelCount: integer('parcel_count').notNull(),
    /** Hundredths of a carat, as weighed on arrival. */
    carats: bigint('carats', { mode: 'number' }).notNull(),
    importerName: text('importer_name').notNull(),
    exporterName: text('exporter_name').notNull(),
    sealIntact: boolean('seal_intact').notNull(),
    notes: text('notes'),
    /** `matched` or `discrepancy`. */
    outcome: text('outcome').notNull(),
    /** Each difference beyond tolerance: { field, onCertificate, found }. */
    discrepancies: jsonb('discrepancies').notNull(),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
    via: text('via').notNull(),
  },
  (table) => [index('certificate_receipts_participant_idx').on(table.participantCode, table.receivedOn)],
);

/**
 * Trade totals per quarter of issue, exporter (with the issuing member state for the EU) and
 * importer, over counted certificates (issued or received). Maintained by database triggers on
 * certificates in the same transaction as every write (migration 0007), so public statistics read
 * a few thousand rows instead of every certificate; always equal to the sums over certificates.
 */
export const tradeTotals = pgTable(
  'trade_totals',
  {
    year: integer('year').notNull(),
    quarter: integer('quarter').notNull(),
    participantCode: text('participant_code').notNull(),
    /** The issuing member state of an EU certificate; '' for every other participant. */
    territoryCode: text('territory_code').notNull(),
    importingParticipant: text('importing_participant').notNull(),
    certificates: bigint('certificates', { mode: 'number' }).notNull(),
    carats: bigint('carats', { mode: 'number' }).notNull(),
    valueCents: bigint('value_cents', { mode: 'number' }).notNull(),
  },
  (table) => [
    primaryKey({ name: 'trade_totals_pk', columns: [table.year, table.quarter, table.participantCode, table.territoryCode, table.importingParticipant] }),
    index('trade_totals_importing_idx').on(table.importingParticipant, table.year),
  ],
);

/**
 * Trade totals per quarter, exporter, importer and HS code from the parcels of counted
 * certificates; a certificate with two parcels of one HS code counts once for that code.
 */
export const tradeTotalsByHsCode = pgTable(
  'trade_totals_by_hs_code',
  {
    year: integer('year').notNull(),
    quarter: integer('quarter').notNull(),
    participantCode: text('participant_code').notNull(),
    importingParticipant: text('importing_participant').notNull(),
    hsCode: text('hs_code').notNull(),
    certificates: bigint('certificates', { mode: 'number' }).notNull(),
    carats: bigint('carats', { mode: 'number' }).notNull(),
    valueCents: bigint('value_cents', { mode: 'number' }).notNull(),
  },
  (table) => [
    primaryKey({ name: 'trade_totals_by_hs_code_pk', columns: [table.year, table.quarter, table.participantCode, table.importingParticipant, table.hsCode] }),
    index('trade_totals_by_hs_code_importing_idx').on(table.importingParticipant, table.year),
  ],
);

/** Confirmations of receipt per quarter of the receipt date and importing participant, counted certificates only. */
export const receiptTotals = pgTable(
  'receipt_totals',
  {
    year: integer('year').notNull(),
    quarter: integer('quarter').notNull(),
    participantCode: text('participant_code').notNull(),
    certificates: bigint('certificates', { mode: 'number' }).notNull(),
    carats: bigint('carats', { mode: 'number' }).notNull(),
  },
  (table) => [primaryKey({ name: 'receipt_totals_pk', columns: [table.year, table.quarter, table.participantCode] })],
);

/**
 * Doubts about a certificate or a shipment (UNGA 68/128 §11): a suspicious or fraudulent
 * certificate, or a refused shipment. The number may be one the register has never issued.
 */
export const certificateReports = pgTable(
  'certificate_reports',
  {
    id: uuid('id').primaryKey(),
    certificateNumber: text('certificate_number').notNull(),
    certificateId: uuid('certificate_id').references(() => certificates.id),
    /** The participant whose number it is (from the number's prefix); null when the prefix is no participant. */
    issuingParticipant: text('issuing_participant'),
    reportingParticipant: text('reporting_participant').references(() => participants.code),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    description: text('description').notNull(),
    reportedBy: uuid('reported_by').notNull(),
    reportedAt: timestamp('reported_at', { withTimezone: true, mode: 'date' }).notNull(),
    closedBy: uuid('closed_by'),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    resolution: text('resolution'),
  },
  (table) => [
    index('certificate_reports_number_idx').on(table.certificateNumber),
    index('certificate_reports_issuer_idx').on(table.issuingParticipant),
    index('certificate_reports_reporter_idx').on(table.reportingParticipant),
  ],
);

export const certificateReportComments = pgTable(
  'certificate_report_comments',
  {
    id: uuid('id').primaryKey(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => certificateReports.id),
    authorId: uuid('author_id').notNull(),
    authorLabel: text('author_label').notNull(),
    participantCode: text('participant_code'),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('certificate_report_comments_report_idx').on(table.reportId)],
);

/** Evidence attached to a report (photos, scans), kept in the database with its SHA-256. */
export const certificateReportFiles = pgTable(
  'certificate_report_files',
  {
    id: uuid('id').primaryKey(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => certificateReports.id),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    contentBase64: text('content_base64').notNull(),
    uploadedBy: uuid('uploaded_by').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('certificate_report_files_report_idx').on(table.reportId)],
);

/**
 * Failed online verifications: who presented what, so the issuer and the Chair see attempts
 * against their certificates. Append-only; the client address is kept only as a salted hash.
 */
export const verificationAttempts = pgTable(
  'verification_attempts',
  {
    id: uuid('id').primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    channel: text('channel').notNull(),
    claimedNumber: text('claimed_number'),
    claimedIssuer: text('claimed_issuer'),
    verdict: text('verdict').notNull(),
    reasons: text('reasons').array().notNull(),
    clientHash: text('client_hash'),
  },
  (table) => [index('verification_attempts_issuer_idx').on(table.claimedIssuer, table.at)],
);

/** National systems subscribe to events (receipt recorded, alert raised) by signed webhook. */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: uuid('id').primaryKey(),
    participantCode: text('participant_code')
      .notNull()
      .references(() => participants.code),
    url: text('url').notNull(),
    /** HMAC secret, sealed with the master key like the signing keys. */
    sealedSecret: text('sealed_secret').notNull(),
    events: text('events').array().notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
    disabledAt: timestamp('disabled_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [index('webhook_subscriptions_participant_idx').on(table.participantCode)],
);

/** Outbox: one row per event per subscription, written in the transaction that caused it. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id),
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true, mode: 'date' }),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (table) => [index('webhook_deliveries_due_idx').on(table.status, table.nextAttemptAt), index('webhook_deliveries_subscription_idx').on(table.subscriptionId)],
);

/**
 * Half-yearly production returns (KPCS Annex III). Corrections are new versions, never updates:
 * the figure in force for (participant, year, half) is the highest version. Amounts are hundredths
 * (centicarats, cents). Where the participant reports the split, artisanal/alluvial (ASM) and
 * industrial/kimberlite (LSM) parts are kept beside the total.
 */
export const productionReturns = pgTable(
  'production_returns',
  {
    id: uuid('id').primaryKey(),
    participantCode: text('participant_code')
      .notNull()
      .references(() => participants.code),
    year: integer('year').notNull(),
    half: integer('half').notNull(),
    version: integer('version').notNull(),
    /** `production`, or `no_production` (a return saying nothing was mined: zero, not missing). */
    reportType: text('report_type').notNull(),
    carats: bigint('carats', { mode: 'number' }).notNull(),
    valueCents: bigint('value_cents', { mode: 'number' }).notNull(),
    asmCarats: bigint('asm_carats', { mode: 'number' }),
    asmValueCents: bigint('asm_value_cents', { mode: 'number' }),
    lsmCarats: bigint('lsm_carats', { mode: 'number' }),
    lsmValueCents: bigint('lsm_value_cents', { mode: 'number' }),
    /** `submission` (entered by the statistics officer) or `import` (historic figures loaded from a file). */
    source: text('source').notNull(),
    importBatchId: uuid('import_batch_id'),
    note: text('note'),
    submittedBy: uuid('submitted_by'),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [
    uniqueIndex('production_returns_version_unique').on(table.participantCode, table.year, table.half, table.version),
    index('production_returns_period_idx').on(table.year, table.half),
  ],
);

/** One historic statistics import: the file, what it held, who loaded it. */
export const statisticsImports = pgTable('statistics_imports', {
  id: uuid('id').primaryKey(),
  fileName: text('file_name').notNull(),
  sha256: text('sha256').notNull(),
  rows: integer('rows').notNull(),
  returns: integer('returns').notNull(),
  importedBy: text('imported_by').notNull(),
  importedAt: timestamp('imported_at', { withTimezone: true, mode: 'date' }).notNull(),
});

/**
 * Cases raised by the anomaly engine (KPCS Section V: the WGS's Data Anomaly Questionnaire).
 * The fingerprint (rule, participant, partner, period) is unique, so running the engine again
 * finds the case it already raised instead of raising another. `evidence` holds the figures as
 * they stood when the case was raised. Never public.
 */
export const anomalyCases = pgTable(
  'anomaly_cases',
  {
    id: uuid('id').primaryKey(),
    rule: text('rule').notNull(),
    participantCode: text('participant_code')
      .notNull()
      .references(() => participants.code),
    partnerCode: text('partner_code').references(() => participants.code),
    /** '2025', '2025-H1', '2025-Q3' or '2025-07'. */
    period: text('period').notNull(),
    fingerprint: text('fingerprint').notNull(),
    evidence: jsonb('evidence').notNull(),
    /** `open`, `answered`, `closed_explained` or `escalated`. */
    status: text('status').notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('anomaly_cases_fingerprint_unique').on(table.fingerprint),
    index('anomaly_cases_participant_idx').on(table.participantCode, table.status),
  ],
);

/** What happened to a case: raised, answered by the participant (in its language), commented, closed, escalated. */
export const anomalyCaseEvents = pgTable(
  'anomaly_case_events',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => anomalyCases.id),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actor: text('actor').notNull(),
    /** `created`, `answered`, `commented`, `closed` or `escalated`. */
    kind: text('kind').notNull(),
    body: text('body'),
    language: text('language'),
  },
  (table) => [index('anomaly_case_events_case_idx').on(table.caseId, table.at)],
);

/**
 * KP administrative decisions: adopted in plenary (recorded with the meeting and communiqué), or
 * circulated by the Chair for written procedure and decided at the deadline. A decision may change
 * participants' status (`effects`), applied as status events from its effective date.
 */
export const decisions = pgTable(
  'decisions',
  {
    id: uuid('id').primaryKey(),
    /** `AD 2026/03` (plenary) or `WP 2026/07` (written procedure): per kind and year. */
    reference: text('reference').notNull(),
    /** `plenary` or `written_procedure`. */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** `circulating`, `adopted`, `blocked` (an objection), `not_adopted` (too little support) or `withdrawn`. */
    status: text('status').notNull(),
    meeting: text('meeting'),
    communique: text('communique'),
    /** Plenary: the day adopted; written procedure: the deadline's day once adopted. */
    adoptedOn: date('adopted_on', { mode: 'string' }),
    /** The first day the decision applies; a written procedure without one applies from its deadline's day. */
    effectiveOn: date('effective_on', { mode: 'string' }),
    circulatedAt: timestamp('circulated_at', { withTimezone: true, mode: 'date' }),
    deadline: timestamp('deadline', { withTimezone: true, mode: 'date' }),
    /** Participants that could take a position: those in good standing when it was circulated. */
    eligible: text('eligible').array().notNull().default(sql`'{}'::text[]`),
    requiredSupport: integer('required_support'),
    /** `[{ type: 'status', participantCode, status }]`. */
    effects: jsonb('effects').notNull(),
    /** The count at the deadline and what each effect did. */
    outcome: jsonb('outcome'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    /** Observers read the record only when the KP shares it with them (false: "KP ONLY"). */
    sharedWithObservers: boolean('shared_with_observers').notNull().default(true),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('decisions_reference_unique').on(table.reference), index('decisions_status_deadline_idx').on(table.status, table.deadline)],
);

/** A participant's position on a written procedure; a later one replaces an earlier one until the deadline (rows are never changed). */
export const decisionPositions = pgTable(
  'decision_positions',
  {
    id: uuid('id').primaryKey(),
    decisionId: uuid('decision_id')
      .notNull()
      .references(() => decisions.id),
    participantCode: text('participant_code')
      .notNull()
      .references(() => participants.code),
    /** `support` or `object`. */
    position: text('position').notNull(),
    comment: text('comment'),
    userId: uuid('user_id').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('decision_positions_decision_idx').on(table.decisionId, table.participantCode, table.at)],
);

/** Comments on a decision under written procedure, by participants, observers and KP bodies. */
export const decisionComments = pgTable(
  'decision_comments',
  {
    id: uuid('id').primaryKey(),
    decisionId: uuid('decision_id')
      .notNull()
      .references(() => decisions.id),
    userId: uuid('user_id').notNull(),
    authorName: text('author_name').notNull(),
    /** The participant or observer the author speaks for, or null for the Chair and working groups. */
    onBehalfOf: text('on_behalf_of'),
    body: text('body').notNull(),
    language: text('language').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('decision_comments_decision_idx').on(table.decisionId, table.at)],
);

/**
 * A participant's annual report for a calendar year (KPCS Section VI §11): a structured text in
 * two parts (A: baseline, B: changes since last year), edited as a draft, then submitted once; the
 * statistics Kimberlite holds for the year are frozen into it on submission.
 */
export const annualReports = pgTable(
  'annual_reports',
  {
    id: uuid('id').primaryKey(),
    participantCode: text('participant_code')
      .notNull()
      .references(() => participants.code),
    year: integer('year').notNull(),
    /** `draft` or `submitted`. */
    status: text('status').notNull(),
    /** `{ partA: { <section>: text }, partB: { <section>: text } }`. */
    content: jsonb('content').notNull(),
    /** The participant's figures for the year as Kimberlite held them when submitted. */
    statistics: jsonb('statistics'),
    updatedBy: uuid('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    submittedBy: uuid('submitted_by'),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }),
    /** Observers read the report only when the KP shares it with them. */
    sharedWithObservers: boolean('shared_with_observers').notNull().default(false),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('annual_reports_participant_year_unique').on(table.participantCode, table.year)],
);

/** Attachments of an annual report (laws, specimens, organisation charts), kept with their SHA-256. */
export const annualReportFiles = pgTable(
  'annual_report_files',
  {
    id: uuid('id').primaryKey(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => annualReports.id),
    section: text('section').notNull(),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    contentBase64: text('content_base64').notNull(),
    uploadedBy: uuid('uploaded_by').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('annual_report_files_report_idx').on(table.reportId)],
);

/** The WGM's review: questions to the participant, its answers, and comments. Never changed. */
export const annualReportMessages = pgTable(
  'annual_report_messages',
  {
    id: uuid('id').primaryKey(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => annualReports.id),
    /** `question`, `answer` or `comment`. */
    kind: text('kind').notNull(),
    /** The question an answer answers. */
    questionId: uuid('question_id'),
    body: text('body').notNull(),
    language: text('language').notNull(),
    userId: uuid('user_id').notNull(),
    authorName: text('author_name').notNull(),
    onBehalfOf: text('on_behalf_of'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('annual_report_messages_report_idx').on(table.reportId, table.at)],
);

/**
 * A peer review (KPCS-DOMAIN §7): a review visit the host participant invites, or a review
 * mission initiated by an adopted decision. It moves `invited` → `team_formed` →
 * `visit_scheduled` → `draft_report` → `host_comments` → `final_report` → `closed`.
 */
export const peerReviews = pgTable(
  'peer_reviews',
  {
    id: uuid('id').primaryKey(),
    /** `PR 2026/01` (visit) or `RM 2026/01` (mission): per kind and year. */
    reference: text('reference').notNull(),
    /** `visit` or `mission`. */
    kind: text('kind').notNull(),
    hostParticipantCode: text('host_participant_code')
      .notNull()
      .references(() => participants.code),
    /** The adopted decision that initiated a mission. */
    decisionId: uuid('decision_id').references(() => decisions.id),
    /** The invitation letter or the mission's terms of reference. */
    scope: text('scope').notNull(),
    status: text('status').notNull(),
    invitedBy: uuid('invited_by').notNull(),
    invitedAt: timestamp('invited_at', { withTimezone: true, mode: 'date' }).notNull(),
    teamFormedAt: timestamp('team_formed_at', { withTimezone: true, mode: 'date' }),
    visitStartsOn: date('visit_starts_on', { mode: 'string' }),
    visitEndsOn: date('visit_ends_on', { mode: 'string' }),
    visitScheduledAt: timestamp('visit_scheduled_at', { withTimezone: true, mode: 'date' }),
    draftReport: text('draft_report'),
    draftReportBy: uuid('draft_report_by'),
    draftReportAt: timestamp('draft_report_at', { withTimezone: true, mode: 'date' }),
    /** When the host first commented the draft. */
    hostCommentedAt: timestamp('host_commented_at', { withTimezone: true, mode: 'date' }),
    finalReport: text('final_report'),
    finalReportBy: uuid('final_report_by'),
    finalReportAt: timestamp('final_report_at', { withTimezone: true, mode: 'date' }),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    /** Why the Chair closed it, or null when it closed with its last recommendation. */
    closingNote: text('closing_note'),
    /** Observers not on the team read the review only when the KP shares it with them. */
    sharedWithObservers: boolean('shared_with_observers').notNull().default(false),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('peer_reviews_reference_unique').on(table.reference), index('peer_reviews_host_idx').on(table.hostParticipantCode, table.invitedAt)],
);

/** The review team: participants' and observers' staff, exactly one of them the leader. */
export const peerReviewTeamMembers = pgTable(
  'peer_review_team_members',
  {
    reviewId: uuid('review_id')
      .notNull()
      .references(() => peerReviews.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    /** The participant or the observer organisation the member comes from (one of the two). */
    participantCode: text('participant_code'),
    observerCode: text('observer_code'),
    leader: boolean('leader').notNull(),
  },
  (table) => [primaryKey({ columns: [table.reviewId, table.userId] }), index('peer_review_team_members_user_idx').on(table.userId)],
);

/** Files of the draft or final report, kept with their SHA-256. */
export const peerReviewFiles = pgTable(
  'peer_review_files',
  {
    id: uuid('id').primaryKey(),
    reviewId: uuid('review_id')
      .notNull()
      .references(() => peerReviews.id),
    /** `draft` or `final`. */
    stage: text('stage').notNull(),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    contentBase64: text('content_base64').notNull(),
    uploadedBy: uuid('uploaded_by').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('peer_review_files_review_idx').on(table.reviewId)],
);

/** The host's comments on the draft report. Never changed. */
export const peerReviewComments = pgTable(
  'peer_review_comments',
  {
    id: uuid('id').primaryKey(),
    reviewId: uuid('review_id')
      .notNull()
      .references(() => peerReviews.id),
    body: text('body').notNull(),
    language: text('language').notNull(),
    userId: uuid('user_id').notNull(),
    authorName: text('author_name').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('peer_review_comments_review_idx').on(table.reviewId, table.at)],
);

/** A recommendation of a final report, followed up until closed; its status is the latest event's. */
export const peerReviewRecommendations = pgTable(
  'peer_review_recommendations',
  {
    id: uuid('id').primaryKey(),
    reviewId: uuid('review_id')
      .notNull()
      .references(() => peerReviews.id),
    /** 1, 2, 3… within the review. */
    number: integer('number').notNull(),
    text: text('text').notNull(),
    /** `participant` (the host) or `body` (a named body, in `ownerName`). */
    ownerKind: text('owner_kind').notNull(),
    ownerName: text('owner_name'),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    /** `open`, `in_progress`, `implemented` or `closed`. */
    status: text('status').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [uniqueIndex('peer_review_recommendations_number_unique').on(table.reviewId, table.number), index('peer_review_recommendations_status_idx').on(table.status, table.dueOn)],
);

/** Every status of a recommendation, with who set it and why. Never changed. */
export const peerReviewRecommendationEvents = pgTable(
  'peer_review_recommendation_events',
  {
    id: uuid('id').primaryKey(),
    recommendationId: uuid('recommendation_id')
      .notNull()
      .references(() => peerReviewRecommendations.id),
    status: text('status').notNull(),
    note: text('note'),
    userId: uuid('user_id').notNull(),
    authorName: text('author_name').notNull(),
    /** The participant the author reports for, or null for the Chair, the WGM and the team. */
    onBehalfOf: text('on_behalf_of'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('peer_review_recommendation_events_idx').on(table.recommendationId, table.at)],
);

/**
 * What a person is told in Kimberlite: a written procedure circulated or decided, a question on
 * an annual report, an anomaly case, a deadline drawing near. Stored as a kind and its
 * parameters, never as text, so each recipient reads it in the language of the moment. A
 * reminder carries `dedupeKey` (`reminder:decision:<id>`): one per user per item, however often
 * the sweep runs.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** `decision.circulated`, `decision.decided`, `annual_report.question`, `reminder.decision_deadline`, … */
    kind: text('kind').notNull(),
    params: jsonb('params').notNull(),
    /** Where the SPA opens it: `/decisions/<id>`. */
    link: text('link'),
    dedupeKey: text('dedupe_key'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    index('notifications_user_idx').on(table.userId, table.readAt, table.createdAt),
    uniqueIndex('notifications_user_dedupe_unique').on(table.userId, table.dedupeKey),
  ],
);

/**
 * The e-mail copy of a notification, queued in the same transaction when SMTP is configured and
 * sent later by the mail dispatcher: `pending` (with attempts and the next try), `sent` or `failed`.
 */
export const notificationEmails = pgTable(
  'notification_emails',
  {
    id: uuid('id').primaryKey(),
    notificationId: uuid('notification_id')
      .notNull()
      .references(() => notifications.id),
    toAddress: text('to_address').notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true, mode: 'date' }),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [uniqueIndex('notification_emails_notification_unique').on(table.notificationId), index('notification_emails_due_idx').on(table.status, table.nextAttemptAt)],
);

/**
 * KP bodies (KPCS-DOMAIN §6): working groups and committees (WGM, WGS, WGDE, WGAAP, CPC, CRP),
 * the Chair's office, and monitoring teams that approve the shipments of a participant under
 * zone restriction. A membership grants the body's role to the member while it runs.
 */
export const kpBodies = pgTable('kp_bodies', {
  /** `WGM`, `CPC`, `CHAIR`, `MT-CF`, … */
  code: text('code').primaryKey(),
  /** `working_group`, `committee`, `chair_office` or `monitoring_team`. */
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  /** The KP role a membership grants (`wgm`, `wgs`, `wgde`, `wgaap`, `cpc`, `kp_chair`), or null. */
  grantsRole: text('grants_role'),
  /** The participant a monitoring team watches. */
  subjectParticipantCode: text('subject_participant_code').references(() => participants.code),
  mandate: text('mandate'),
  /** The decision that set the body up, when there is one. */
  decisionId: uuid('decision_id'),
  dissolvedOn: date('dissolved_on', { mode: 'string' }),
  createdAt: createdAt(),
});

/** A person's seat in a body, from participants' or observers' staff; ended, never deleted. */
export const bodyMemberships = pgTable(
  'body_memberships',
  {
    id: uuid('id').primaryKey(),
    bodyCode: text('body_code')
      .notNull()
      .references(() => kpBodies.code),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** `chair`, `vice_chair` or `member`. */
    position: text('position').notNull(),
    /** The participant or observer organisation the member sits for (one of the two), as appointed. */
    participantCode: text('participant_code'),
    observerCode: text('observer_code'),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }),
    appointedBy: uuid('appointed_by').notNull(),
    appointedAt: timestamp('appointed_at', { withTimezone: true, mode: 'date' }).notNull(),
    endedBy: uuid('ended_by'),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [index('body_memberships_user_idx').on(table.userId), index('body_memberships_body_idx').on(table.bodyCode, table.startsOn)],
);

/** The KP Chair and Vice-Chair of a year; the Vice-Chair of one year becomes the Chair of the next. */
export const chairmanships = pgTable('chairmanships', {
  year: integer('year').primaryKey(),
  chairParticipantCode: text('chair_participant_code')
    .notNull()
    .references(() => participants.code),
  viceChairParticipantCode: text('vice_chair_participant_code').references(() => participants.code),
  decisionId: uuid('decision_id'),
  note: text('note'),
  recordedBy: uuid('recorded_by'),
  recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
});

/**
 * An application for admission to the KP (KPCS-DOMAIN §6): the applicant files its legislation,
 * authorities, certificate specimen and contacts; the CPC assesses it and recommends; admission
 * is by decision. `draft` → `submitted` → `under_assessment` → `recommended` / `not_recommended`
 * (or `withdrawn`); admitted once a decision's admission effect applies.
 */
export const admissionApplications = pgTable(
  'admission_applications',
  {
    id: uuid('id').primaryKey(),
    /** `APP 2026/01`. */
    reference: text('reference').notNull(),
    applicantCode: text('applicant_code')
      .notNull()
      .references(() => participants.code),
    status: text('status').notNull(),
    /** `{ legislation, authorities, contacts, internalControls, … }` as the applicant wrote them. */
    content: jsonb('content').notNull(),
    /** The CPC's findings per criterion and its recommendation. */
    assessment: jsonb('assessment'),
    recommendation: text('recommendation'),
    recommendedBy: uuid('recommended_by'),
    recommendedAt: timestamp('recommended_at', { withTimezone: true, mode: 'date' }),
    /** The decision that admitted (or refused) the applicant. */
    decisionId: uuid('decision_id'),
    submittedBy: uuid('submitted_by'),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }),
    updatedBy: uuid('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('admission_applications_reference_unique').on(table.reference), index('admission_applications_applicant_idx').on(table.applicantCode)],
);

/** Documents of an application (laws, certificate specimen, organisation charts), with their SHA-256. */
export const admissionApplicationFiles = pgTable(
  'admission_application_files',
  {
    id: uuid('id').primaryKey(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => admissionApplications.id),
    /** `legislation`, `certificate_specimen`, `authorities`, `other`. */
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    contentBase64: text('content_base64').notNull(),
    uploadedBy: uuid('uploaded_by').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('admission_application_files_application_idx').on(table.applicationId)],
);

/** The CPC's questions, the applicant's answers and comments. Never changed. */
export const admissionApplicationMessages = pgTable(
  'admission_application_messages',
  {
    id: uuid('id').primaryKey(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => admissionApplications.id),
    /** `question`, `answer` or `comment`. */
    kind: text('kind').notNull(),
    questionId: uuid('question_id'),
    body: text('body').notNull(),
    language: text('language').notNull(),
    userId: uuid('user_id').notNull(),
    authorName: text('author_name').notNull(),
    onBehalfOf: text('on_behalf_of'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('admission_application_messages_application_idx').on(table.applicationId, table.at)],
);

/**
 * Zones of a participant from which exports may go while it is zone-restricted (the Central
 * African Republic 2015–2024), each listed on a legal basis, usually a decision.
 */
export const compliantZones = pgTable(
  'compliant_zones',
  {
    id: uuid('id').primaryKey(),
    participantCode: text('participant_code')
      .notNull()
      .references(() => participants.code),
    name: text('name').notNull(),
    description: text('description'),
    compliantFrom: date('compliant_from', { mode: 'string' }).notNull(),
    compliantUntil: date('compliant_until', { mode: 'string' }),
    legalBasis: text('legal_basis').notNull(),
    decisionId: uuid('decision_id'),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('compliant_zones_participant_idx').on(table.participantCode)],
);

/** A monitoring team's approval or refusal of one shipment; the certificate is valid only once approved. Never changed. */
export const shipmentApprovals = pgTable(
  'shipment_approvals',
  {
    id: uuid('id').primaryKey(),
    certificateId: uuid('certificate_id')
      .notNull()
      .references(() => certificates.id),
    bodyCode: text('body_code')
      .notNull()
      .references(() => kpBodies.code),
    /** `approved` or `refused`. */
    outcome: text('outcome').notNull(),
    note: text('note'),
    decidedBy: uuid('decided_by').notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [uniqueIndex('shipment_approvals_certificate_unique').on(table.certificateId)],
);

/**
 * Footprints (issue #7): the size-frequency profile of one producing area, from a run-of-mine
 * sample. An area's footprint is versioned: a new measurement is a new row with the next version
 * under the same `area_id` (the first version's id); rows never change.
 */
export const footprints = pgTable(
  'footprints',
  {
    id: uuid('id').primaryKey(),
    areaId: uuid('area_id').notNull(),
    version: integer('version').notNull(),
    participantCode: text('participant_code')
      .notNull()
      .references(() => participants.code),
    /** The region or zone sampled, as the WGDE names it. */
    region: text('region').notNull(),
    /** `alluvial` or `kimberlite`. */
    depositType: text('deposit_type').notNull(),
    /** Size series of `classes` (src/footprints/size-classes.ts). */
    series: text('series').notNull(),
    /** Non-empty classes: `[{ code, stones, carats }]`, carats as two-decimal strings. */
    classes: jsonb('classes').notNull(),
    /** Shares in per cent by morphology (`octahedron`, `dodecahedron`, `macle`, `cube`, `irregular`…) and by colour; optional. */
    morphology: jsonb('morphology'),
    colour: jsonb('colour'),
    sampleStones: integer('sample_stones').notNull(),
    sampleCarats: bigint('sample_carats', { mode: 'number' }).notNull(),
    sampledOn: date('sampled_on', { mode: 'string' }).notNull(),
    measuredBy: text('measured_by').notNull(),
    /** Demo and test data generated from a model, never a measurement. */
    synthetic: boolean('synthetic').notNull(),
    note: text('note'),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [
    uniqueIndex('footprints_area_version_unique').on(table.areaId, table.version),
    index('footprints_participant_idx').on(table.participantCode),
  ],
);

/** Photos of a footprint's sample (acid treatment changes how goods look: KPCS-DOMAIN §8). Never changed. */
export const footprintPhotos = pgTable(
  'footprint_photos',
  {
    id: uuid('id').primaryKey(),
    footprintId: uuid('footprint_id')
      .notNull()
      .references(() => footprints.id),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    contentBase64: text('content_base64').notNull(),
    uploadedBy: uuid('uploaded_by').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('footprint_photos_footprint_idx').on(table.footprintId)],
);

/** Origins whose exports must carry a size-frequency profile per parcel, as the WGDE lists them. */
export const footprintRequirements = pgTable('footprint_requirements', {
  participantCode: text('participant_code')
    .primaryKey()
    .references(() => participants.code),
  note: text('note'),
  recordedBy: uuid('recorded_by').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
});

/**
 * The size-frequency profile of one parcel of a certificate: declared by the exporting authority
 * (`exporter`) or measured on arrival by the importing authority (`importer`). One per parcel and
 * source; never changed.
 */
export const parcelProfiles = pgTable(
  'parcel_profiles',
  {
    id: uuid('id').primaryKey(),
    certificateId: uuid('certificate_id')
      .notNull()
      .references(() => certificates.id),
    /** The parcel's number on the certificate, from 1 (`certificate_parcels.position` + 1). */
    position: integer('position').notNull(),
    /** `exporter` or `importer`. */
    source: text('source').notNull(),
    series: text('series').notNull(),
    classes: jsonb('classes').notNull(),
    /** The footprint area the exporter declares the parcel comes from, when it names one. */
    declaredAreaId: uuid('declared_area_id'),
    note: text('note'),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [uniqueIndex('parcel_profiles_parcel_source_unique').on(table.certificateId, table.position, table.source)],
);

/**
 * Internal controls (issue #9, KPCS Annex II): a participant that turns them on issues certificates
 * only from exporters' recorded stock. One row per participant that has ever turned them on.
 */
export const internalControls = pgTable('internal_controls', {
  participantCode: text('participant_code')
    .primaryKey()
    .references(() => participants.code),
  enabled: boolean('enabled').notNull(),
  /** The day certificates began to draw from recorded stock (kept when turned off and on again). */
  since: date('since', { mode: 'string' }).notNull(),
  changedBy: uuid('changed_by').notNull(),
  changedAt: timestamp('changed_at', { withTimezone: true, mode: 'date' }).notNull(),
});

/** Licensed mines and mining sites of a participant: where every parcel's custody trail starts. */
export const miningSites = pgTable(
  'mining_sites',
  {
    id: uuid('id').primaryKey(),
    participantCode: text('participant_code')
      .notNull()
      .references(() => participants.code),
    name: text('name').notNull(),
    licenceNumber: text('licence_number').notNull(),
    /** The licensee: a mining company or a cooperative in the operator register. */
    holderOperatorId: uuid('holder_operator_id').references(() => operators.id),
    /** `alluvial`, `kimberlite`, `marine` or `other`. */
    depositType: text('deposit_type').notNull(),
    /** Artisanal and small-scale production (not industrial). */
    artisanal: boolean('artisanal').notNull(),
    region: text('region').notNull(),
    /** A compliant zone of a zone-restricted participant, when the site lies in one. */
    zoneId: uuid('zone_id').references(() => compliantZones.id),
    latitude: text('latitude'),
    longitude: text('longitude'),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validUntil: date('valid_until', { mode: 'string' }).notNull(),
    suspendedAt: timestamp('suspended_at', { withTimezone: true, mode: 'date' }),
    suspensionReason: text('suspension_reason'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('mining_sites_licence_number_unique').on(table.participantCode, table.licenceNumber),
    index('mining_sites_participant_idx').on(table.participantCode),
  ],
);

/**
 * The custody ledger: production declared at a site, sales and transfers between licensed actors,
 * exports onto certificates. Every entry names the origin site, so stock is kept per actor and
 * origin. Entries are never changed: a correction is a new entry that supersedes one (or cancels
 * it); the ledger in force is the entries nobody supersedes, less the cancellations.
 */
export const custodyEntries = pgTable(
  'custody_entries',
  {
    id: uuid('id').primaryKey(),
    participantCode: text('participant_code')
      .notNull()
      .references(() => participants.code),
    /** `production`, `sale`, `transfer` or `export`. */
    kind: text('kind').notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => miningSites.id),
    /** Null for production. */
    fromOperatorId: uuid('from_operator_id').references(() => operators.id),
    /** Null for exports. */
    toOperatorId: uuid('to_operator_id').references(() => operators.id),
    carats: bigint('carats', { mode: 'number' }).notNull(),
    valueCents: bigint('value_cents', { mode: 'number' }).notNull(),
    parcelReference: text('parcel_reference'),
    /** The seller's invoice carries the System of Warranties statement. */
    warranty: boolean('warranty').notNull().default(false),
    certificateId: uuid('certificate_id').references(() => certificates.id),
    /** The certificate parcel (from 0) an export entry belongs to. */
    parcelPosition: integer('parcel_position'),
    /** The entry this one corrects; the corrected entry stops counting. */
    supersedes: uuid('supersedes'),
    /** A correction that withdraws the entry it supersedes and counts for nothing itself. */
    cancelled: boolean('cancelled').notNull().default(false),
    reason: text('reason'),
    note: text('note'),
    /** The field device's own id for the entry, so a queued entry synced twice is stored once. */
    clientRef: text('client_ref'),
    requestHash: text('request_hash'),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [
    index('custody_entries_participant_idx').on(table.participantCode, table.occurredOn),
    index('custody_entries_from_idx').on(table.fromOperatorId, table.siteId),
    index('custody_entries_to_idx').on(table.toOperatorId, table.siteId),
    index('custody_entries_certificate_idx').on(table.certificateId),
    uniqueIndex('custody_entries_supersedes_unique').on(table.supersedes),
    uniqueIndex('custody_entries_client_ref_unique').on(table.participantCode, table.clientRef),
  ],
);
