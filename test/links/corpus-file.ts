import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { productKey, type LinkMatch } from '../../src/links/index.js';

/** One line of the link corpus: a chat message and the tokens it must give. */
export interface CorpusLine {
  /** 1-based line number in corpus.tsv, counting the header. */
  lineNumber: number;
  input: string;
  /** Space-separated `storefront:id` and `resolve` tokens, or `-` for nothing. */
  expected: string;
}

export const CORPUS_PATH = fileURLToPath(new URL('./corpus.tsv', import.meta.url));

/** Reads corpus.tsv, whose header is `input_text<TAB>expected`. */
export function readCorpus(path: string = CORPUS_PATH): CorpusLine[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const header = lines[0]?.trimEnd();
  if (header !== 'input_text\texpected') {
    throw new Error(`${path} must start with the header "input_text<TAB>expected", found ${JSON.stringify(header)}`);
  }

  const corpus: CorpusLine[] = [];
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') {
      return;
    }
    const tab = line.lastIndexOf('\t');
    if (tab === -1) {
      throw new Error(`${path} line ${index + 2} has no tab between input and expected tokens`);
    }
    corpus.push({ lineNumber: index + 2, input: line.slice(0, tab), expected: line.slice(tab + 1).trimEnd() });
  });
  return corpus;
}

/** Writes matches in the corpus token format: `storefront:id` for products, `resolve` for short links. */
export function toCorpusTokens(matches: readonly LinkMatch[]): string {
  if (matches.length === 0) {
    return '-';
  }
  return matches.map((match) => (match.kind === 'product' ? productKey(match.ref) : 'resolve')).join(' ');
}
