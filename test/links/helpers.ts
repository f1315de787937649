import { extractLinks } from '../../src/links/index.js';
import { toCorpusTokens } from './corpus-file.js';

/** Extracts links from a message and writes them as corpus tokens (`weidian:N`, `resolve`, or `-`). */
export function tokensOf(text: string): string {
  return toCorpusTokens(extractLinks(text));
}

/** A row of a table test: a short case name, the message, and the expected corpus tokens. */
export type TokenCase = readonly [name: string, input: string, expected: string];
