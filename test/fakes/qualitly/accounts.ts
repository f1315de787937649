import { BlockList, isIPv4, isIPv6 } from 'node:net';

import type { FakeClock } from './clock.js';
import type { FakeKey } from './types.js';

export const KEY_PATTERN = /^qc_(live|test)_[A-Za-z0-9]{32}$/;

export const MINUTE_WINDOW_MS = 60_000;

interface FakeTierRules {
  perMinute: number | null;
  perMonth: number | null;
  fullImages: boolean;
}

// The fake keeps its own copy of the published tier table instead of importing the client's, so
// that a wrong number in the client cannot hide behind the same wrong number here.
const TIER_RULES: Record<string, FakeTierRules> = {
  basic: { perMinute: 30, perMonth: 1_000, fullImages: false },
  early_adopter: { perMinute: 40, perMonth: 3_000, fullImages: false },
  pro: { perMinute: 300, perMonth: 25_000, fullImages: false },
  pro_plus: { perMinute: 1_000, perMonth: 500_000, fullImages: true },
  custom: { perMinute: null, perMonth: null, fullImages: true },
};

/** Rules of `tier`; a tier name outside the table gets the basic rules. */
export function tierRules(tier: string): FakeTierRules {
  return TIER_RULES[tier] ?? (TIER_RULES.basic as FakeTierRules);
}

/**
 * Builds a well-formed key from a readable label: letters and digits of the label, padded with
 * zeros or cut to 32 characters. Distinct labels give distinct keys while they differ in the first
 * 32 letters and digits.
 */
export function fakeApiKey(label: string, mode: 'live' | 'test' = 'live'): string {
  const random = label.replace(/[^A-Za-z0-9]/g, '').slice(0, 32).padEnd(32, '0');
  return `qc_${mode}_${random}`;
}

/** UTC year and month as one number, such as 202604. */
export function monthBucketOf(ms: number): number {
  const date = new Date(ms);
  return date.getUTCFullYear() * 100 + date.getUTCMonth() + 1;
}

export function startOfNextUtcMonth(ms: number): number {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

export interface KeyState {
  key: string;
  accountId: number;
  keyId: number;
  mode: 'live' | 'test';
  revoked: boolean;
  allowlist: BlockList | null;
}

export interface AccountState {
  accountId: number;
  username: string;
  tier: string;
  /** Start of the current minute window; null until the first counted request after the last one expired. */
  minuteWindowStartMs: number | null;
  minuteUsed: number;
  monthBucket: number;
  monthUsed: number;
}

export type LimitDecision =
  | { allowed: true }
  | { allowed: false; code: 'RATE_LIMITED'; retryAfterSeconds: number }
  | { allowed: false; code: 'QUOTA_EXCEEDED' };

/** Keys, accounts and the per-account minute and month buckets of the fake server. */
export class FakeAccounts {
  readonly #clock: FakeClock;
  readonly #keys = new Map<string, KeyState>();
  readonly #accounts = new Map<number, AccountState>();
  #nextKeyId = 1;

  constructor(clock: FakeClock) {
    this.#clock = clock;
  }

  addKey(key: FakeKey): void {
    const modeMatch = KEY_PATTERN.exec(key.key);
    if (!modeMatch) {
      throw new Error('FakeKey.key must look like qc_live_ or qc_test_ followed by 32 letters or digits');
    }
    if (this.#keys.has(key.key)) {
      throw new Error(`a key with id ${this.#keys.get(key.key)?.keyId} already uses this key string`);
    }

    const account = this.#accounts.get(key.accountId);
    if (account && account.tier !== key.tier) {
      throw new Error(
        `account ${key.accountId} has tier ${account.tier}, but the new key names ${key.tier}; call setTier to change it`,
      );
    }
    if (!account) {
      this.#accounts.set(key.accountId, {
        accountId: key.accountId,
        username: key.username ?? `user${key.accountId}`,
        tier: key.tier,
        minuteWindowStartMs: null,
        minuteUsed: 0,
        monthBucket: monthBucketOf(this.#clock.now()),
        monthUsed: 0,
      });
    }

    const keyId = key.keyId ?? this.#nextKeyId;
    this.#nextKeyId = Math.max(this.#nextKeyId, keyId + 1);
    this.#keys.set(key.key, {
      key: key.key,
      accountId: key.accountId,
      keyId,
      mode: key.mode ?? (modeMatch[1] as 'live' | 'test'),
      revoked: key.revoked ?? false,
      allowlist: buildAllowlist(key.allowlist ?? []),
    });
  }

  revokeKey(key: string): void {
    const state = this.#keys.get(key);
    if (!state) {
      throw new Error('revokeKey: no such key was added');
    }
    state.revoked = true;
  }

  setTier(accountId: number, tier: string): void {
    this.account(accountId).tier = tier;
  }

  findKey(key: string): KeyState | undefined {
    return this.#keys.get(key);
  }

  account(accountId: number): AccountState {
    const account = this.#accounts.get(accountId);
    if (!account) {
      throw new Error(`no account ${accountId}: add a key for it first`);
    }
    return account;
  }

  /** Current counters after expired windows are reset. */
  usage(accountId: number): { minuteUsed: number; monthUsed: number } {
    const account = this.account(accountId);
    this.#expireWindows(account);
    return { minuteUsed: account.minuteUsed, monthUsed: account.monthUsed };
  }

  /**
   * Counts one request against both buckets of the account, or rejects it without counting. The
   * month quota is checked first because its wait is the longer one.
   */
  consume(accountId: number): LimitDecision {
    const account = this.account(accountId);
    const rules = tierRules(account.tier);
    const nowMs = this.#clock.now();
    this.#expireWindows(account);

    if (rules.perMonth !== null && account.monthUsed >= rules.perMonth) {
      return { allowed: false, code: 'QUOTA_EXCEEDED' };
    }
    if (rules.perMinute !== null && account.minuteUsed >= rules.perMinute && account.minuteWindowStartMs !== null) {
      const windowEndMs = account.minuteWindowStartMs + MINUTE_WINDOW_MS;
      return { allowed: false, code: 'RATE_LIMITED', retryAfterSeconds: Math.max(1, Math.ceil((windowEndMs - nowMs) / 1000)) };
    }

    if (account.minuteWindowStartMs === null) {
      account.minuteWindowStartMs = nowMs;
    }
    account.minuteUsed += 1;
    account.monthUsed += 1;
    return { allowed: true };
  }

  #expireWindows(account: AccountState): void {
    const nowMs = this.#clock.now();
    const windowStartMs = account.minuteWindowStartMs;
    // A clock set backwards also ends the window, so a window never lasts longer than 60 s.
    if (windowStartMs !== null && (nowMs >= windowStartMs + MINUTE_WINDOW_MS || nowMs < windowStartMs)) {
      account.minuteWindowStartMs = null;
      account.minuteUsed = 0;
    }

    const bucket = monthBucketOf(nowMs);
    if (bucket !== account.monthBucket) {
      account.monthBucket = bucket;
      account.monthUsed = 0;
    }
  }
}

function buildAllowlist(entries: string[]): BlockList | null {
  if (entries.length === 0) {
    return null;
  }

  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefixText] = entry.split('/');
    const type = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
    if (type === null) {
      throw new Error(`allowlist entry ${JSON.stringify(entry)} is not an IP address or CIDR range`);
    }
    if (prefixText === undefined) {
      list.addAddress(address, type);
      continue;
    }

    const prefix = Number(prefixText);
    const maxPrefix = type === 'ipv4' ? 32 : 128;
    if (!/^\d+$/.test(prefixText) || prefix > maxPrefix) {
      throw new Error(`allowlist entry ${JSON.stringify(entry)} has an invalid prefix length`);
    }
    list.addSubnet(address, prefix, type);
  }
  return list;
}

/** Tells whether `remoteAddress` may use a key with `allowlist`. IPv4-mapped IPv6 addresses count as IPv4. */
export function isAddressAllowed(allowlist: BlockList | null, remoteAddress: string | undefined): boolean {
  if (allowlist === null) {
    return true;
  }
  if (remoteAddress === undefined) {
    return false;
  }

  const address = remoteAddress.startsWith('::ffff:') && isIPv4(remoteAddress.slice(7)) ? remoteAddress.slice(7) : remoteAddress;
  if (isIPv4(address)) {
    return allowlist.check(address, 'ipv4');
  }
  return isIPv6(address) && allowlist.check(address, 'ipv6');
}
