/** Error codes that the Qualit.ly API documents, plus UNKNOWN for anything else. */
export const QUALITLY_ERROR_CODES = [
  'BAD_REQUEST',
  'INVALID_KEY',
  'REVOKED_KEY',
  'IP_NOT_AUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'RATE_LIMITED',
  'QUOTA_EXCEEDED',
  'INTERNAL',
  'UNKNOWN',
] as const;

export type QualitlyErrorCode = (typeof QUALITLY_ERROR_CODES)[number];

/** Upstream text longer than this is cut, so that a hostile body cannot flood the logs. */
export const UPSTREAM_MESSAGE_MAX_CHARS = 200;

/** Identity of a failed call: the client method, the HTTP method and the API path. */
export interface QualitlyRequestInfo {
  /** Client method name, such as `getProduct`. */
  operation: string;
  /** HTTP method, such as `GET`. */
  method: string;
  /** Path below the base URL, with the listing id, such as `/products/weidian/7231368393`. */
  path: string;
}

function describeRequest(request: QualitlyRequestInfo): string {
  return `Qualit.ly ${request.operation} (${request.method} ${request.path})`;
}

/** Base class of every error that the Qualit.ly client throws. */
export class QualitlyError extends Error {
  readonly operation: string;
  readonly method: string;
  readonly path: string;

  constructor(message: string, request: QualitlyRequestInfo, options?: { cause?: Error }) {
    super(message, options);
    this.name = new.target.name;
    this.operation = request.operation;
    this.method = request.method;
    this.path = request.path;
  }
}

/** A non-2xx response, or one failed item of a batch. */
export class QualitlyApiError extends QualitlyError {
  readonly status: number;
  readonly code: QualitlyErrorCode;
  /** Seconds to wait before retrying, from the Retry-After header or else the body's `retry_after`. */
  readonly retryAfterSeconds: number | null;
  /** The API's own message, for logs only: it is upstream text and must not reach a channel. */
  readonly upstreamMessage: string | null;

  constructor(
    request: QualitlyRequestInfo,
    details: {
      status: number;
      code: QualitlyErrorCode;
      retryAfterSeconds?: number | null;
      upstreamMessage?: string | null;
      /** Replaces the default "failed: HTTP <status> <code>" ending of the message. */
      summary?: string;
    },
  ) {
    const summary = details.summary ?? `failed: HTTP ${details.status} ${details.code}`;
    super(`${describeRequest(request)} ${summary}`, request);
    this.status = details.status;
    this.code = details.code;
    this.retryAfterSeconds = details.retryAfterSeconds ?? null;
    this.upstreamMessage = details.upstreamMessage ?? null;
  }
}

export type QualitlyNetworkFailure = 'timeout' | 'connection';

/** A connect, headers or body timeout, or a refused, reset or otherwise broken connection. */
export class QualitlyNetworkError extends QualitlyError {
  readonly reason: QualitlyNetworkFailure;
  /** The undici or Node.js error code, such as `UND_ERR_HEADERS_TIMEOUT` or `ECONNREFUSED`. */
  readonly errorCode: string | null;

  constructor(
    request: QualitlyRequestInfo,
    details: { reason: QualitlyNetworkFailure; errorCode: string | null; cause: Error },
  ) {
    const what = details.reason === 'timeout' ? 'timed out' : 'failed to connect or lost the connection';
    const code = details.errorCode === null ? '' : ` (${details.errorCode})`;
    super(`${describeRequest(request)} ${what}${code}`, request, { cause: details.cause });
    this.reason = details.reason;
    this.errorCode = details.errorCode;
  }
}

/** A 2xx response whose body is not JSON, does not match the schema, or is too large. */
export class QualitlyResponseError extends QualitlyError {
  readonly status: number;

  constructor(request: QualitlyRequestInfo, details: { status: number; problem: string }) {
    super(`${describeRequest(request)} returned an invalid response: HTTP ${details.status}, ${details.problem}`, request);
    this.status = details.status;
  }
}

/**
 * Tells whether `err` is a QualitlyApiError with one of `codes`, or with any code when none is given.
 */
export function isQualitlyErrorCode(err: unknown, ...codes: QualitlyErrorCode[]): err is QualitlyApiError {
  if (!(err instanceof QualitlyApiError)) {
    return false;
  }
  return codes.length === 0 || codes.includes(err.code);
}

export function toQualitlyErrorCode(value: unknown): QualitlyErrorCode {
  const known: readonly string[] = QUALITLY_ERROR_CODES;
  return typeof value === 'string' && known.includes(value) ? (value as QualitlyErrorCode) : 'UNKNOWN';
}
