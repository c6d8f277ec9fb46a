/**
 * Every refusal Kimberlite gives carries one of these codes. The HTTP status for each code is
 * decided here, once; the message is looked up in the locale files under `errors.<CODE>`.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  INVALID_TOKEN: 401,
  SESSION_EXPIRED: 401,
  ACCOUNT_LOCKED: 423,
  ACCOUNT_DISABLED: 403,
  DEMO_ACCOUNTS_DISABLED: 403,
  FORBIDDEN: 403,
  CROSS_SITE_REQUEST: 403,
  ROLE_NOT_GRANTABLE: 403,
  NOT_FOUND: 404,
  EMAIL_TAKEN: 409,
  LICENCE_NUMBER_TAKEN: 409,
  OPERATOR_ALREADY_SUSPENDED: 409,
  OPERATOR_NOT_SUSPENDED: 409,
  STATUS_UNCHANGED: 409,
  STATUS_DATE_BEFORE_HISTORY: 409,
  TOKEN_ALREADY_REVOKED: 409,
  INVALID_ROLE_BINDING: 400,
  INVALID_VALIDITY_PERIOD: 400,
  PASSWORD_TOO_WEAK: 400,
  UNKNOWN_PARTICIPANT: 400,
  UNKNOWN_OBSERVER: 400,
  RATE_LIMITED: 429,
  DATA_DIR_LOCKED: 409,
  DESTINATION_NOT_A_PARTICIPANT: 422,
  DESTINATION_NOT_IN_GOOD_STANDING: 422,
  ISSUER_NOT_IN_GOOD_STANDING: 422,
  SAME_PARTICIPANT: 422,
  TERRITORY_REQUIRED: 422,
  EXPORTER_NOT_LICENSED: 422,
  UNKNOWN_ORIGIN: 422,
  ORIGIN_UNDER_EMBARGO: 422,
  EXPIRY_BEYOND_MAXIMUM: 422,
  EXPIRY_NOT_AFTER_ISSUE: 422,
  NO_PARCELS: 422,
  UNKNOWN_HS_CODE: 422,
  INVALID_AMOUNT: 422,
  AMOUNT_NOT_POSITIVE: 422,
  AMOUNT_TOO_PRECISE: 422,
  TOTALS_MISMATCH: 422,
  SEAL_TOO_LARGE: 422,
  IDEMPOTENCY_KEY_REUSED: 409,
  CERTIFICATE_NOT_VOIDABLE: 409,
  CERTIFICATE_NOT_REPLACEABLE: 409,
  CERTIFICATE_ALREADY_RECEIVED: 409,
  CERTIFICATE_NOT_RECEIVABLE: 409,
  RECEIPT_DATE_INVALID: 422,
  REPORT_NOT_OPEN: 409,
  EVIDENCE_FILE_TOO_LARGE: 413,
  EVIDENCE_FILE_INVALID: 422,
  WEBHOOK_URL_NOT_ALLOWED: 422,
  WEBHOOK_ALREADY_DISABLED: 409,
  INTERNAL_ERROR: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** A refusal with a code a user can look up; `params` fill the translated message. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, string | number>;
  readonly details?: unknown;

  constructor(code: ErrorCode, params: Record<string, string | number> = {}, details?: unknown) {
    super(code);
    this.name = 'AppError';
    this.code = code;
    this.params = params;
    this.details = details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
