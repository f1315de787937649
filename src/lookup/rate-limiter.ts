import Bottleneck from 'bottleneck';
import { QualitlyApiError, tierLimits } from '../qualitly/index.js';
import type { Logger } from '../logging/logger.js';
import { nextUtcMonthStart, systemClock, type Clock } from './clock.js';
import { LookupError } from './errors.js';

/** Qualit.ly counts requests per account in windows of 60 s. */
export const RATE_WINDOW_MS = 60_000;
/** Extra wait before a request's slot is reused, covering clock skew and transit time. */
const WINDOW_MARGIN_MS = 1_000;
/** Used when a 429 carries no Retry-After: the longest a per-minute window can still run. */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

export interface RateLimiterOptions {
  logger: Logger;
  clock?: Clock;
  /** Requests of one account in flight at once. */
  maxConcurrent?: number;
  /** Requests of one account waiting for a slot; more are rejected at once as busy. */
  maxQueued?: number;
  /** Retries of one request after RATE_LIMITED responses. */
  maxRateLimitRetries?: number;
  /** Longest Retry-After that a request waits out; a longer one fails the request as rate limited. */
  maxRetryWaitMs?: number;
  windowMs?: number;
}

interface AccountState {
  limiter: Bottleneck;
  tier: string;
  /** Requests started in the current window whose slot has not been given back yet. */
  outstanding: number;
  pausedUntil: number;
  quotaBlockedUntil: number;
}

/**
 * Keeps each Qualit.ly account within its tier's per-minute limit, waits out 429 responses, and
 * stops calling an account whose monthly quota is used up until the UTC month rolls over.
 *
 * Every request takes a slot that comes back one window after the request finished, so no
 * 60-second span ever contains more requests than the tier allows, whatever the phase of the
 * provider's own window. Accounts are keyed by the caller, normally the Qualit.ly account id,
 * because all keys of one account share its buckets.
 */
export class AccountRateLimiter {
  private readonly accounts = new Map<string, AccountState>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly clock: Clock;
  private readonly windowMs: number;
  private readonly maxConcurrent: number;
  private readonly maxQueued: number;
  private readonly maxRetries: number;
  private readonly maxRetryWaitMs: number;

  constructor(private readonly options: RateLimiterOptions) {
    this.clock = options.clock ?? systemClock;
    this.windowMs = options.windowMs ?? RATE_WINDOW_MS;
    this.maxConcurrent = options.maxConcurrent ?? 4;
    this.maxQueued = options.maxQueued ?? 200;
    this.maxRetries = options.maxRateLimitRetries ?? 2;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? 65_000;
  }

  /**
   * Runs `request` within the account's limits. Throws LookupError for a used-up quota, a full
   * queue or a rate limit that outlasts the retries; other errors of `request` pass through.
   */
  async schedule<T>(accountKey: string, tier: string, request: () => Promise<T>): Promise<T> {
    const account = this.account(accountKey, tier);
    this.throwIfQuotaBlocked(account);

    try {
      return await account.limiter.schedule(() => this.run(accountKey, account, request));
    } catch (error) {
      if (error instanceof Bottleneck.BottleneckError) {
        this.options.logger.warn({ account: accountKey, queued: account.limiter.counts().QUEUED }, 'Qualit.ly request queue is full');
        throw new LookupError('busy', 'Too many lookups are waiting for this Qualit.ly account', null, { cause: error });
      }
      throw error;
    }
  }

  /**
   * Counts a request that was sent outside the account's queue, such as the /me call that named the
   * account, so the account's window includes it. The slot is taken even when none is free, and the
   * queue then waits until enough slots come back.
   */
  recordExternalRequest(accountKey: string, tier: string): void {
    const account = this.account(accountKey, tier);
    if (tierLimits(account.tier).perMinute !== null) void account.limiter.incrementReservoir(-1);
    account.outstanding += 1;
    this.releaseSlotLater(account);
  }

  /** Cancels the timers that give slots back, so the process can exit. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all([...this.accounts.values()].map((account) => account.limiter.stop({ dropWaitingJobs: true }).catch(() => undefined)));
    this.accounts.clear();
  }

  private account(accountKey: string, tier: string): AccountState {
    let account = this.accounts.get(accountKey);
    if (!account) {
      const perMinute = tierLimits(tier).perMinute;
      account = {
        limiter: new Bottleneck({
          maxConcurrent: this.maxConcurrent,
          reservoir: perMinute,
          highWater: this.maxQueued,
          strategy: Bottleneck.strategy.OVERFLOW,
        }),
        tier,
        outstanding: 0,
        pausedUntil: 0,
        quotaBlockedUntil: 0,
      };
      account.limiter.on('error', (error: unknown) => this.options.logger.error({ err: error, account: accountKey }, 'Rate limiter failed'));
      this.accounts.set(accountKey, account);
    } else if (account.tier !== tier) {
      this.changeTier(accountKey, account, tier);
    }
    return account;
  }

  private changeTier(accountKey: string, account: AccountState, tier: string): void {
    const perMinute = tierLimits(tier).perMinute;
    account.tier = tier;
    const reservoir = perMinute === null ? null : Math.max(0, perMinute - account.outstanding);
    void account.limiter.updateSettings({ reservoir });
    this.options.logger.info({ account: accountKey, tier, perMinute }, 'Qualit.ly tier changed');
  }

  private throwIfQuotaBlocked(account: AccountState): void {
    if (this.clock.now() < account.quotaBlockedUntil) {
      throw new LookupError('quota-exhausted', 'The monthly Qualit.ly quota is used up', new Date(account.quotaBlockedUntil));
    }
  }

  private async run<T>(accountKey: string, account: AccountState, request: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      const pauseMs = account.pausedUntil - this.clock.now();
      if (pauseMs > 0) await delay(pauseMs);
      this.throwIfQuotaBlocked(account);

      // Bottleneck took a slot from the reservoir for the first attempt; a retry takes one more.
      if (attempt > 0 && tierLimits(account.tier).perMinute !== null) {
        await account.limiter.incrementReservoir(-1);
      }
      account.outstanding += 1;

      try {
        return await request();
      } catch (error) {
        if (!(error instanceof QualitlyApiError)) throw error;

        if (error.code === 'QUOTA_EXCEEDED') {
          account.quotaBlockedUntil = nextUtcMonthStart(this.clock.now()).getTime();
          this.options.logger.warn(
            { account: accountKey, resetAt: new Date(account.quotaBlockedUntil).toISOString() },
            'Qualit.ly monthly quota exceeded; requests stop until the month resets',
          );
          throw new LookupError('quota-exhausted', 'The monthly Qualit.ly quota is used up', new Date(account.quotaBlockedUntil), { cause: error });
        }

        if (error.code !== 'RATE_LIMITED') throw error;

        const waitMs = (error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS) * 1000;
        const retryAt = this.clock.now() + waitMs;
        account.pausedUntil = Math.max(account.pausedUntil, retryAt);
        if (attempt >= this.maxRetries || waitMs > this.maxRetryWaitMs) {
          this.options.logger.warn({ account: accountKey, retryAfterMs: waitMs, attempt }, 'Qualit.ly rate limit outlasted the retries');
          throw new LookupError('rate-limited', 'Qualit.ly rate limit reached', new Date(retryAt), { cause: error });
        }
        this.options.logger.warn({ account: accountKey, retryAfterMs: waitMs, attempt }, 'Qualit.ly rate limit reached; pausing requests');
      } finally {
        this.releaseSlotLater(account);
      }
    }
  }

  private releaseSlotLater(account: AccountState): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      account.outstanding -= 1;
      if (tierLimits(account.tier).perMinute !== null) void account.limiter.incrementReservoir(1);
    }, this.windowMs + WINDOW_MARGIN_MS);
    timer.unref();
    this.timers.add(timer);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
