import { productKey } from './ids.js';
import { createResolveContext, resolveUrl, type Resolution } from './resolve.js';
import { findCandidates } from './tokenize.js';
import type { LinkMatch } from './types.js';

/** The matches in a text, and whether some link had an id that failed validation. */
export interface ScanResult {
  matches: LinkMatch[];
  sawInvalidId: boolean;
}

/**
 * Finds products and short links in a text, like extractLinks, and also reports whether some
 * link on a known site carried an invalid id.
 */
export function scanText(text: string): ScanResult {
  const matches: LinkMatch[] = [];
  let sawInvalidId = false;
  // Every candidate needs a `/`, so text without one (most chat) skips the tokenizer.
  if (typeof text !== 'string' || !text.includes('/')) {
    return { matches, sawInvalidId };
  }

  const seen = new Set<string>();
  // Spam repeats one link many times; each distinct candidate text is resolved once per message.
  const resolved = new Map<string, Resolution | undefined>();
  for (const candidate of findCandidates(text)) {
    let resolution: Resolution | undefined;
    if (resolved.has(candidate.url)) {
      resolution = resolved.get(candidate.url);
    } else {
      const context = createResolveContext();
      resolution = resolveUrl(candidate.url, 0, context);
      sawInvalidId ||= context.sawInvalidId;
      resolved.set(candidate.url, resolution);
    }
    if (resolution === undefined) {
      continue;
    }

    if (resolution.kind === 'product') {
      const key = `product ${productKey(resolution.ref)}`;
      if (!seen.has(key)) {
        seen.add(key);
        matches.push({ kind: 'product', ref: resolution.ref, start: candidate.start });
      }
    } else {
      // Short links de-duplicate by candidate text: two different short codes may hide one product.
      const key = `short ${candidate.url}`;
      if (!seen.has(key)) {
        seen.add(key);
        matches.push({ kind: 'short', url: resolution.url, start: candidate.start });
      }
    }
  }
  return { matches, sawInvalidId };
}

/**
 * Finds product links and short links in chat text, ordered by offset. A product appears once
 * however many links point to it (Tmall and Taobao links share the Taobao id space), and a short
 * link appears once per distinct candidate text. Never throws, for any string: the property tests
 * feed it random, hostile and mutated text.
 */
export function extractLinks(text: string): LinkMatch[] {
  return scanText(text).matches;
}
