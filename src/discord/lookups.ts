import type { ProductRef } from '../links/index.js';
import type { Logger } from '../logging/logger.js';
import { classifyLookupFailure, type LookupOutcome } from '../lookup/product-lookup.js';
import { QualitlyApiError } from '../qualitly/index.js';
import { KEY_MESSAGES } from '../render/key-messages.js';
import { MESSAGES, lookupFailureMessage } from '../render/messages.js';
import type { MissingKeyReason } from '../settings/settings-service.js';
import type { BotContext } from './context.js';

export interface LookupBatch {
  outcomes: LookupOutcome[];
  /** One line per distinct expected failure, for members. */
  failureLines: string[];
  /** Products that failed, expected or not. */
  failedCount: number;
  /** Why nothing was looked up: no usable key. Callers word and throttle this line themselves. */
  missingKey: MissingKeyReason | null;
}

/**
 * Looks up several products in parallel with the key that pays for the guild. A failure of one
 * product does not hide the others: it becomes a line for members (expected failures) or is
 * logged in full (anything else). A guild key that Qualit.ly rejects is marked unusable, so the
 * guild's later lookups stop before any request.
 */
export async function lookupAll(context: BotContext, guildId: string | null, refs: ProductRef[], logger: Logger): Promise<LookupBatch> {
  if (refs.length === 0) return { outcomes: [], failureLines: [], failedCount: 0, missingKey: null };

  const resolution = await context.resolveApiKey(guildId);
  if (resolution.status === 'missing') {
    logger.info({ reason: resolution.reason, products: refs.length }, 'No usable Qualit.ly key; lookups skipped');
    return { outcomes: [], failureLines: [], failedCount: refs.length, missingKey: resolution.reason };
  }
  const { apiKey, source } = resolution;
  const settled = await Promise.allSettled(refs.map((ref) => context.lookup.lookup(apiKey, ref)));

  const outcomes: LookupOutcome[] = [];
  const failureLines = new Set<string>();
  let failedCount = 0;
  let rejectionCode: string | null = null;
  settled.forEach((result, index) => {
    if (result.status === 'fulfilled') {
      outcomes.push(result.value);
      return;
    }

    failedCount += 1;
    const ref = refs[index];
    const failure = classifyLookupFailure(result.reason);
    if (failure?.kind === 'key-rejected' && source === 'guild') {
      rejectionCode = failure.cause instanceof QualitlyApiError ? failure.cause.code : 'INVALID_KEY';
      failureLines.add(KEY_MESSAGES.guildKeyRejected);
    } else if (failure) {
      logger.warn({ err: result.reason, kind: failure.kind, keySource: source, storefront: ref?.storefront, listingId: ref?.listingId }, 'Lookup failed');
      failureLines.add(lookupFailureMessage(failure));
    } else {
      logger.error({ err: result.reason, storefront: ref?.storefront, listingId: ref?.listingId }, 'Lookup failed unexpectedly');
      failureLines.add(MESSAGES.genericFailure);
    }
  });

  if (rejectionCode !== null && guildId !== null) await markRejected(context, guildId, apiKey, rejectionCode, logger);
  return { outcomes, failureLines: [...failureLines], failedCount, missingKey: null };
}

async function markRejected(context: BotContext, guildId: string, apiKey: string, code: string, logger: Logger): Promise<void> {
  try {
    await context.settings.markKeyRejected(guildId, apiKey, code);
  } catch (error) {
    // ProductLookup still refuses the key in this process; without the mark a restart tries it once more.
    logger.error({ err: error, code }, 'Marking the rejected guild API key failed; it stays blocked until the bot restarts');
  }
}
