import { describe, expect, it } from 'vitest';

import { extractLinks } from '../../src/links/index.js';
import { readCorpus, toCorpusTokens } from './corpus-file.js';

const corpus = readCorpus();

describe('link corpus', () => {
  it('corpus is not empty', () => {
    expect(corpus.length).toBeGreaterThan(100);
  });

  it.each(corpus)('corpus line $lineNumber', ({ input, expected }) => {
    expect(toCorpusTokens(extractLinks(input))).toBe(expected);
  });
});
