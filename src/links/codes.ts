import type { Storefront } from './types.js';

/** Maps a lower-cased marketplace code to a storefront. */
export type CodeTable = Readonly<Record<string, Storefront>>;

/**
 * Marketplace names that agents put in parameters and path segments. Agents spell them in any
 * case (`shoptype=TAOBAo`, `/product/TaoBaO/…`), so lookups lower-case the value first.
 * `micro` is the CSSBuy and Hubbuycn name for Weidian, and Tmall shares the Taobao id space.
 */
export const NAMED_CODES: CodeTable = Object.freeze({
  weidian: 'weidian',
  wd: 'weidian',
  micro: 'weidian',
  taobao: 'taobao',
  tb: 'taobao',
  tmall: 'taobao',
  ali_1688: '1688',
  '1688': '1688',
  alibaba: '1688',
  al: '1688',
  ali1688: '1688',
});

/** Looks up a code case-insensitively. Returns undefined for a missing or unknown code. */
export function lookupCode(table: CodeTable, code: string | undefined): Storefront | undefined {
  if (code === undefined || code === '') {
    return undefined;
  }
  const key = code.toLowerCase();
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
