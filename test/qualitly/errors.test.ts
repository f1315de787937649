import { describe, expect, it } from 'vitest';

import {
  QualitlyApiError,
  QualitlyResponseError,
  isQualitlyErrorCode,
  parseRetryAfterSeconds,
  toHttpUrl,
} from '../../src/qualitly/index.js';

const REQUEST = { operation: 'getProduct', method: 'GET', path: '/products/weidian/1' };

describe('isQualitlyErrorCode', () => {
  const notFound = new QualitlyApiError(REQUEST, { status: 404, code: 'NOT_FOUND' });

  it('matches a listed code', () => {
    expect(isQualitlyErrorCode(notFound, 'INVALID_KEY', 'NOT_FOUND')).toBe(true);
  });

  it('rejects other codes', () => {
    expect(isQualitlyErrorCode(notFound, 'RATE_LIMITED')).toBe(false);
  });

  it('matches any code without a list', () => {
    expect(isQualitlyErrorCode(notFound)).toBe(true);
  });

  it('rejects other error classes', () => {
    const responseError = new QualitlyResponseError(REQUEST, { status: 200, problem: 'body is not valid JSON' });

    expect(isQualitlyErrorCode(responseError)).toBe(false);
    expect(isQualitlyErrorCode(new Error('NOT_FOUND'), 'NOT_FOUND')).toBe(false);
    expect(isQualitlyErrorCode(undefined)).toBe(false);
  });
});

describe('QualitlyApiError', () => {
  it('sets name and message', () => {
    const error = new QualitlyApiError(REQUEST, { status: 429, code: 'RATE_LIMITED', retryAfterSeconds: 5 });

    expect(error.name).toBe('QualitlyApiError');
    expect(error.message).toBe('Qualit.ly getProduct (GET /products/weidian/1) failed: HTTP 429 RATE_LIMITED');
    expect(error.retryAfterSeconds).toBe(5);
    expect(error.upstreamMessage).toBeNull();
  });
});

describe('parseRetryAfterSeconds', () => {
  const nowMs = Date.UTC(2026, 3, 17, 18, 0, 0);

  const table: Array<{ value: unknown; seconds: number | null }> = [
    { value: '12', seconds: 12 },
    { value: ' 0 ', seconds: 0 },
    { value: 7, seconds: 7 },
    { value: 1.2, seconds: 2 },
    { value: 'Fri, 17 Apr 2026 18:00:30 GMT', seconds: 30 },
    { value: 'Fri, 17 Apr 2026 17:59:00 GMT', seconds: 0 },
    { value: '-5', seconds: null },
    { value: -5, seconds: null },
    { value: 'soon', seconds: null },
    { value: null, seconds: null },
    { value: undefined, seconds: null },
  ];

  it.each(table)('reads $value', ({ value, seconds }) => {
    expect(parseRetryAfterSeconds(value, nowMs)).toBe(seconds);
  });
});

describe('toHttpUrl', () => {
  const table: Array<{ value: unknown; url: string | null }> = [
    { value: 'https://cdn.qualit.ly/qc/a.jpg', url: 'https://cdn.qualit.ly/qc/a.jpg' },
    { value: 'HTTP://cdn.qualit.ly/qc/a.jpg', url: 'http://cdn.qualit.ly/qc/a.jpg' },
    { value: 'javascript:alert(1)', url: null },
    { value: ' javascript:alert(1)', url: null },
    { value: 'data:image/png;base64,AA', url: null },
    { value: 'file:///etc/passwd', url: null },
    { value: '//cdn.qualit.ly/qc/a.jpg', url: null },
    { value: 'not a url', url: null },
    { value: 12, url: null },
  ];

  it.each(table)('maps $value', ({ value, url }) => {
    expect(toHttpUrl(value)).toBe(url);
  });
});
