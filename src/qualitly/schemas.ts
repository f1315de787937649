import { z } from 'zod';

export const STOREFRONTS = ['weidian', 'taobao', '1688'] as const;

/** A storefront that Qualit.ly indexes. Tmall listings live in the Taobao id space. */
export type Storefront = 'weidian' | 'taobao' | '1688';

export interface Product {
  id: number;
  storefront: Storefront;
  listingId: string;
  name: string | null;
  price: string | null;
  picUrl: string | null;
  productUrl: string | null;
  qcCount: number;
  /** Up to 5 QC thumbnail URLs, http(s) only. */
  qcPreview: string[];
}

export interface QcSummary {
  storefront: Storefront;
  listingId: string;
  qcCount: number;
  /** Up to 3 QC thumbnail URLs, http(s) only. */
  thumbnails: string[];
}

export interface QcImages {
  id: number;
  storefront: Storefront;
  listingId: string;
  qcCount: number;
  /** Every QC image URL, http(s) only. */
  images: string[];
}

export interface Me {
  userId: number;
  /** Empty when the API omits it. */
  username: string;
  keyId: number;
  /** `live` or `test` today; empty when the API omits it. */
  keyMode: string;
  /** Tier name as sent, which may be one that this client does not know. */
  tier: string;
}

export interface UsageBucket {
  /** Null for an unlimited (custom) tier. */
  limit: number | null;
  used: number;
  /** Null for an unlimited (custom) tier. */
  remaining: number | null;
  resetInSeconds: number;
  resetAt: Date;
}

export interface Usage {
  tier: string;
  keyId: number;
  keyMode: string;
  minute: UsageBucket;
  /** `bucket` is the UTC year and month as a number, such as 202604. */
  month: UsageBucket & { bucket: number | null };
}

/**
 * Returns the normalized URL when `value` is an absolute http or https URL, and null otherwise.
 * Other schemes are dropped because an upstream could inject `javascript:` or `data:` links into embeds.
 */
export function toHttpUrl(value: unknown): string | null {
  if (typeof value !== 'string') {
    return null;
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}

const storefrontSchema = z
  .string()
  .transform((value) => value.toLowerCase())
  .pipe(z.enum(STOREFRONTS));

/** Numeric ids, which some responses send as strings. */
const idSchema = z
  .union([z.number(), z.string().regex(/^\d{1,16}$/)])
  .transform(Number)
  .pipe(z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER));

const listingIdSchema = z
  .union([z.string().min(1), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)])
  .transform(String);

/** A count that defaults to 0 when missing or null. */
const countSchema = z
  .union([z.number(), z.string().regex(/^\d{1,16}$/).transform(Number)])
  .nullish()
  .transform((value) => value ?? 0)
  .pipe(z.number().int().nonnegative());

/** A number that may be null, such as a limit of an unlimited tier. */
const nullableNumberSchema = z
  .union([z.number(), z.string().regex(/^-?\d{1,16}$/).transform(Number)])
  .nullish()
  .transform((value) => value ?? null)
  .pipe(z.number().finite().nullable());

/** Display text: a wrong type, a missing value or an empty string all become null. */
const optionalTextSchema = z
  .union([z.string(), z.number()])
  .nullish()
  .catch(null)
  .transform((value) => (value === null || value === undefined || value === '' ? null : String(value)));

// Zod 4.6 rejects a missing object key unless the key's schema is marked optional: z.unknown()
// alone is not enough. Hence `.optional()` on every z.unknown() field that may be absent.
const optionalUrlSchema = z.unknown().optional().transform(toHttpUrl);

/** URL list in which a missing list, null or a non-list becomes empty, and entries that are not http(s) URLs are dropped. */
const urlListSchema = z.unknown().optional().transform((value): string[] => {
  if (!Array.isArray(value)) {
    return [];
  }
  const urls: string[] = [];
  for (const entry of value) {
    const url = toHttpUrl(entry);
    if (url !== null) {
      urls.push(url);
    }
  }
  return urls;
});

export const productSchema = z
  .object({
    id: idSchema,
    storefront: storefrontSchema,
    listing_id: listingIdSchema,
    name: optionalTextSchema,
    price: optionalTextSchema,
    pic_url: optionalUrlSchema,
    product_url: optionalUrlSchema,
    qc_count: countSchema,
    qc_preview: urlListSchema,
  })
  .transform(
    (data): Product => ({
      id: data.id,
      storefront: data.storefront,
      listingId: data.listing_id,
      name: data.name,
      price: data.price,
      picUrl: data.pic_url,
      productUrl: data.product_url,
      qcCount: data.qc_count,
      qcPreview: data.qc_preview,
    }),
  );

export const productResponseSchema = z.object({ data: productSchema }).transform((body) => body.data);

/** A batch response before its items are checked one by one, so that one odd item does not fail the batch. */
export const batchResponseSchema = z.object({ results: z.array(z.unknown()) }).transform((body) => body.results);

export const batchItemSchema = z.union([
  z.object({ data: productSchema }),
  z.object({ error: z.object({ code: z.unknown().optional(), message: z.unknown().optional() }) }),
]);

export const qcSummaryResponseSchema = z
  .object({
    data: z.object({
      storefront: storefrontSchema,
      listing_id: listingIdSchema,
      qc_count: countSchema,
      thumbnails: urlListSchema,
    }),
  })
  .transform(
    ({ data }): QcSummary => ({
      storefront: data.storefront,
      listingId: data.listing_id,
      qcCount: data.qc_count,
      thumbnails: data.thumbnails,
    }),
  );

export const qcImagesResponseSchema = z
  .object({
    data: z.object({
      id: idSchema,
      storefront: storefrontSchema,
      listing_id: listingIdSchema,
      qc_count: countSchema,
      images: urlListSchema,
    }),
  })
  .transform(
    ({ data }): QcImages => ({
      id: data.id,
      storefront: data.storefront,
      listingId: data.listing_id,
      qcCount: data.qc_count,
      images: data.images,
    }),
  );

const keySchema = z.object({
  id: idSchema,
  mode: z.string().nullish().transform((value) => value ?? ''),
});

const tierSchema = z.string().min(1);

export const meResponseSchema = z
  .object({
    user: z.object({
      id: idSchema,
      username: z.string().nullish().transform((value) => value ?? ''),
    }),
    key: keySchema,
    tier: tierSchema,
  })
  .transform(
    (body): Me => ({
      userId: body.user.id,
      username: body.user.username,
      keyId: body.key.id,
      keyMode: body.key.mode,
      tier: body.tier,
    }),
  );

/**
 * One usage bucket. Either `reset_at` or `reset_in_seconds` may be missing, and the other one then
 * fills it in relative to the local clock.
 */
const usageBucketSchema = z
  .object({
    limit: nullableNumberSchema,
    used: countSchema,
    remaining: nullableNumberSchema,
    reset_in_seconds: nullableNumberSchema,
    reset_at: z.string().nullish().catch(null),
    bucket: nullableNumberSchema,
  })
  .transform((data, context) => {
    const nowMs = Date.now();
    const parsedResetMs = data.reset_at ? Date.parse(data.reset_at) : Number.NaN;
    const resetInSeconds = data.reset_in_seconds;

    let resetAt: Date;
    if (!Number.isNaN(parsedResetMs)) {
      resetAt = new Date(parsedResetMs);
    } else if (resetInSeconds !== null) {
      resetAt = new Date(nowMs + resetInSeconds * 1000);
    } else {
      context.addIssue({ code: 'custom', message: 'reset_at and reset_in_seconds are both missing or invalid' });
      return z.NEVER;
    }

    return {
      limit: data.limit,
      used: data.used,
      remaining: data.remaining,
      resetInSeconds: resetInSeconds ?? Math.max(0, Math.ceil((resetAt.getTime() - nowMs) / 1000)),
      resetAt,
      bucket: data.bucket,
    };
  });

export const usageResponseSchema = z
  .object({
    tier: tierSchema,
    key: keySchema,
    minute: usageBucketSchema,
    month: usageBucketSchema,
  })
  .transform((body): Usage => {
    const { bucket: _minuteBucket, ...minute } = body.minute;
    return {
      tier: body.tier,
      keyId: body.key.id,
      keyMode: body.key.mode,
      minute,
      month: body.month,
    };
  });

/** The error envelope of non-2xx responses. Every field is optional because the client must cope with any body. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.unknown().optional(),
    message: z.unknown().optional(),
    retry_after: z.unknown().optional(),
  }),
});
