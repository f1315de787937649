import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { LookupError } from '../../src/lookup/errors.js';
import { AccountRateLimiter } from '../../src/lookup/rate-limiter.js';
import { QualitlyApiError } from '../../src/qualitly/index.js';

const logger = createLogger({ level: 'silent' });
const REQUEST = { operation: 'getProduct', method: 'GET', path: '/products/weidian/7231368393' };
/** A short window keeps these tests quick; the limiter's arithmetic does not depend on its length. */
const WINDOW_MS = 300;

let limiter: AccountRateLimiter | undefined;
afterEach(async () => {
  await limiter?.stop();
  limiter = undefined;
});

function rateLimited(retryAfterSeconds: number | null): QualitlyApiError {
  return new QualitlyApiError(REQUEST, { status: 429, code: 'RATE_LIMITED', retryAfterSeconds });
}

describe('AccountRateLimiter', () => {
  it('holds requests beyond the tier limit', async () => {
    limiter = new AccountRateLimiter({ logger, windowMs: WINDOW_MS, maxConcurrent: 100 });
    const startedAt: number[] = [];
    const begin = Date.now();
    // basic allows 30 per window: the 31st and 32nd must wait until the first slots come back.
    await Promise.all(
      Array.from({ length: 32 }, () =>
        limiter!.schedule('account:1', 'basic', async () => {
          startedAt.push(Date.now() - begin);
        }),
      ),
    );
    const sorted = [...startedAt].sort((a, b) => a - b);
    expect(sorted[29]).toBeLessThan(WINDOW_MS);
    expect(sorted[30]).toBeGreaterThanOrEqual(WINDOW_MS);
  });

  it('never exceeds the limit in any window', async () => {
    limiter = new AccountRateLimiter({ logger, windowMs: WINDOW_MS, maxConcurrent: 100 });
    const startedAt: number[] = [];
    await Promise.all(
      Array.from({ length: 75 }, () =>
        limiter!.schedule('account:1', 'basic', async () => {
          startedAt.push(Date.now());
        }),
      ),
    );
    for (const start of startedAt) {
      const inWindow = startedAt.filter((other) => other >= start && other < start + WINDOW_MS).length;
      expect(inWindow).toBeLessThanOrEqual(30);
    }
  });

  it('keeps accounts independent', async () => {
    limiter = new AccountRateLimiter({ logger, windowMs: 10_000, maxConcurrent: 100 });
    const fill = (account: string) =>
      Promise.all(Array.from({ length: 30 }, () => limiter!.schedule(account, 'basic', async () => 'ok')));
    await fill('account:1');
    const other = await Promise.race([fill('account:2').then(() => 'done'), delay(1_000).then(() => 'blocked')]);
    expect(other).toBe('done');
  });

  it('allows more on a higher tier', async () => {
    limiter = new AccountRateLimiter({ logger, windowMs: 10_000, maxConcurrent: 100 });
    const results = await Promise.race([
      Promise.all(Array.from({ length: 300 }, () => limiter!.schedule('account:1', 'pro', async () => 1))).then(() => 'done'),
      delay(2_000).then(() => 'blocked'),
    ]);
    expect(results).toBe('done');
  });

  it('waits out a 429 and retries', async () => {
    limiter = new AccountRateLimiter({ logger, windowMs: WINDOW_MS });
    let calls = 0;
    const begin = Date.now();
    const result = await limiter.schedule('account:1', 'basic', async () => {
      calls += 1;
      if (calls === 1) throw rateLimited(1);
      return 'product';
    });
    expect(result).toBe('product');
    expect(calls).toBe(2);
    expect(Date.now() - begin).toBeGreaterThanOrEqual(1_000);
  });

  it('pauses other requests during a 429', async () => {
    limiter = new AccountRateLimiter({ logger, windowMs: WINDOW_MS, maxConcurrent: 4 });
    const begin = Date.now();
    let first = true;
    const limited = limiter.schedule('account:1', 'basic', async () => {
      if (first) {
        first = false;
        throw rateLimited(1);
      }
      return 'retried';
    });
    await delay(50);
    let secondStartedAt = 0;
    await limiter.schedule('account:1', 'basic', async () => {
      secondStartedAt = Date.now() - begin;
    });
    await limited;
    expect(secondStartedAt).toBeGreaterThanOrEqual(1_000);
  });

  it('gives up after repeated 429s', async () => {
    limiter = new AccountRateLimiter({ logger, windowMs: WINDOW_MS, maxRateLimitRetries: 1 });
    const failure = await limiter.schedule('account:1', 'basic', async () => {
      throw rateLimited(0);
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LookupError);
    expect((failure as LookupError).kind).toBe('rate-limited');
  });

  it('fails fast on a too long Retry-After', async () => {
    limiter = new AccountRateLimiter({ logger, windowMs: WINDOW_MS, maxRetryWaitMs: 5_000 });
    let calls = 0;
    const failure = await limiter.schedule('account:1', 'basic', async () => {
      calls += 1;
      throw rateLimited(3_600);
    }).catch((error: unknown) => error);
    expect(calls).toBe(1);
    expect((failure as LookupError).kind).toBe('rate-limited');
    expect((failure as LookupError).retryAt?.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
  });

  it('stops calling after QUOTA_EXCEEDED until the month ends', async () => {
    const now = Date.UTC(2026, 3, 17, 18, 0, 0);
    limiter = new AccountRateLimiter({ logger, windowMs: WINDOW_MS, clock: { now: () => now } });
    let calls = 0;
    const quota = async () => {
      calls += 1;
      throw new QualitlyApiError(REQUEST, { status: 429, code: 'QUOTA_EXCEEDED' });
    };
    const first = await limiter.schedule('account:1', 'basic', quota).catch((error: unknown) => error);
    const second = await limiter.schedule('account:1', 'basic', quota).catch((error: unknown) => error);

    expect(calls).toBe(1);
    expect((first as LookupError).kind).toBe('quota-exhausted');
    expect((second as LookupError).kind).toBe('quota-exhausted');
    expect((second as LookupError).retryAt?.toISOString()).toBe('2026-05-01T00:00:00.000Z');
  });

  it('resumes after the month rolls over', async () => {
    let now = Date.UTC(2026, 3, 30, 23, 59, 0);
    limiter = new AccountRateLimiter({ logger, windowMs: WINDOW_MS, clock: { now: () => now } });
    await limiter.schedule('account:1', 'basic', async () => {
      throw new QualitlyApiError(REQUEST, { status: 429, code: 'QUOTA_EXCEEDED' });
    }).catch(() => undefined);
    now = Date.UTC(2026, 4, 1, 0, 0, 1);
    await expect(limiter.schedule('account:1', 'basic', async () => 'ok')).resolves.toBe('ok');
  });

  it('rejects requests past the queue limit', async () => {
    limiter = new AccountRateLimiter({ logger, windowMs: 10_000, maxConcurrent: 1, maxQueued: 2 });
    let release: () => void = () => undefined;
    const blocker = limiter.schedule('account:1', 'basic', () => new Promise<void>((resolve) => (release = resolve)));
    await delay(20);
    const queued = [limiter.schedule('account:1', 'basic', async () => 1), limiter.schedule('account:1', 'basic', async () => 2)];
    const overflow = await limiter.schedule('account:1', 'basic', async () => 3).catch((error: unknown) => error);
    release();
    await blocker;
    await Promise.all(queued);
    expect(overflow).toBeInstanceOf(LookupError);
    expect((overflow as LookupError).kind).toBe('busy');
  });

  it('passes other errors through', async () => {
    limiter = new AccountRateLimiter({ logger, windowMs: WINDOW_MS });
    const notFound = new QualitlyApiError(REQUEST, { status: 404, code: 'NOT_FOUND' });
    await expect(limiter.schedule('account:1', 'basic', async () => Promise.reject(notFound))).rejects.toBe(notFound);
  });
});

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('AccountRateLimiter external requests', () => {
  it('count against the account window', async () => {
    limiter = new AccountRateLimiter({ logger, windowMs: WINDOW_MS, maxConcurrent: 100 });
    const begin = Date.now();
    limiter.recordExternalRequest('account:1', 'basic');
    const startedAt: number[] = [];
    await Promise.all(
      Array.from({ length: 30 }, () =>
        limiter!.schedule('account:1', 'basic', async () => {
          startedAt.push(Date.now() - begin);
        }),
      ),
    );
    const sorted = [...startedAt].sort((a, b) => a - b);

    expect(sorted[28]).toBeLessThan(WINDOW_MS);
    expect(sorted[29]).toBeGreaterThanOrEqual(WINDOW_MS);
  });
});
