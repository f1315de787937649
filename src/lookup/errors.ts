/** Reason a lookup failed. Each kind has its own message for members. */
export type LookupFailureKind =
  | 'quota-exhausted'
  | 'rate-limited'
  | 'busy'
  | 'key-rejected'
  | 'key-not-permitted'
  | 'unavailable';

/**
 * An expected lookup failure: the member gets a short message about what to do next.
 * Anything else that escapes a lookup is a bug, logged in full, and the member gets a generic apology.
 */
export class LookupError extends Error {
  constructor(
    readonly kind: LookupFailureKind,
    message: string,
    /** When trying again can succeed: the quota reset or the end of a rate-limit pause. */
    readonly retryAt: Date | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LookupError';
  }
}
