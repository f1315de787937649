import type { FakeClock } from './clock.js';

export type FakeStorefront = 'weidian' | 'taobao' | '1688';

export interface FakeKey {
  /** The full key, `qc_{live|test}_` followed by 32 letters or digits. */
  key: string;
  accountId: number;
  /** Default: `user<accountId>`. */
  username?: string;
  /** Default: the next free id. */
  keyId?: number;
  /** Tier of the whole account; every key of one account must name the same tier. */
  tier: string;
  /** Default: the mode in the key's prefix. */
  mode?: 'live' | 'test';
  revoked?: boolean;
  /** IPv4 or IPv6 addresses and CIDR ranges; empty or missing allows every address. */
  allowlist?: string[];
}

/**
 * A product in the fake catalogue. `qc_count` is `images.length`, `qc_preview` the first 5 images and
 * `thumbnails` the first 3. An optional field left undefined is omitted from responses, and null is
 * sent as null, so tests can exercise both.
 */
export interface FakeProduct {
  id: number;
  storefront: FakeStorefront;
  listingId: string;
  name?: string | null;
  price?: string | null;
  picUrl?: string | null;
  productUrl?: string | null;
  images: string[];
}

/**
 * A broken response for matching requests, checked before authentication. Every kind replaces the
 * normal response, except `slow-body`, which sends the normal response with a pause of `delayMs`
 * after its first byte.
 */
export type Fault =
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  | { kind: 'malformed-json' }
  | { kind: 'wrong-shape' }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'slow-body'; delayMs: number }
  | { kind: 'huge-body'; bytes: number };

export interface FaultOptions {
  /** Path below `/api/v1`, without the query; a string must match exactly. Default: every path. */
  path?: string | RegExp;
  /** Number of requests the fault applies to. Default: 1. */
  times?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path below `/api/v1` (the full path for requests outside it), without the query. */
  path: string;
  query: Record<string, string>;
  /** Id of the key sent, when that key was added to the fake, even if it was revoked. */
  keyId: number | null;
  /** 0 when a fault hung or reset the connection. */
  status: number;
  code: string | null;
  /** Fake clock time of the request. */
  at: number;
}

export interface FakeQualitly {
  /** Such as `http://127.0.0.1:PORT/api/v1`. */
  baseUrl: string;
  clock: FakeClock;
  requests: RecordedRequest[];
  /** TCP connections accepted so far, which shows whether clients reuse connections. */
  readonly connectionCount: number;
  addKey(key: FakeKey): void;
  revokeKey(key: string): void;
  setTier(accountId: number, tier: string): void;
  addProduct(product: FakeProduct): void;
  injectFault(fault: Fault, options?: FaultOptions): void;
  /** Counters of the account's current minute window and UTC month. */
  usage(accountId: number): { minuteUsed: number; monthUsed: number };
  /** Stops the server and destroys every open socket, hanging ones included. */
  close(): Promise<void>;
}

export interface StartFakeQualitlyOptions {
  /** Default: a clock that follows real time. */
  clock?: FakeClock;
  keys?: FakeKey[];
  products?: FakeProduct[];
  /** Adds DEMO_PRODUCTS and DEMO_KEY. */
  seedDemoCatalogue?: boolean;
  /** Default: 0, a free port. The server listens on 127.0.0.1 only. */
  port?: number;
}
