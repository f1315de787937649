import type { ProductRef } from '../links/index.js';
import type { Logger } from '../logging/logger.js';
import { classifyLookupFailure, type LookupOutcome } from '../lookup/product-lookup.js';
import { MESSAGES, lookupFailureMessage } from '../render/messages.js';
import type { BotContext } from './context.js';

export interface LookupBatch {
  outcomes: LookupOutcome[];
  /** One line per distinct expected failure, for members. */
  failureLines: string[];
  /** Products that failed, expected or not. */
  failedCount: number;
}

/**
 * Looks up several products in parallel. A failure of one product does not hide the others:
 * it becomes a line for members (expected failures) or is logged in full (anything else).
 */
export async function lookupAll(context: BotContext, guildId: string | null, refs: ProductRef[], logger: Logger): Promise<LookupBatch> {
  const apiKey = context.apiKeyFor(guildId);
  const settled = await Promise.allSettled(refs.map((ref) => context.lookup.lookup(apiKey, ref)));

  const outcomes: LookupOutcome[] = [];
  const failureLines = new Set<string>();
  let failedCount = 0;
  settled.forEach((result, index) => {
    if (result.status === 'fulfilled') {
      outcomes.push(result.value);
      return;
    }

    failedCount += 1;
    const ref = refs[index];
    const failure = classifyLookupFailure(result.reason);
    if (failure) {
      logger.warn({ err: result.reason, kind: failure.kind, storefront: ref?.storefront, listingId: ref?.listingId }, 'Lookup failed');
      failureLines.add(lookupFailureMessage(failure));
    } else {
      logger.error({ err: result.reason, storefront: ref?.storefront, listingId: ref?.listingId }, 'Lookup failed unexpectedly');
      failureLines.add(MESSAGES.genericFailure);
    }
  });

  return { outcomes, failureLines: [...failureLines], failedCount };
}
