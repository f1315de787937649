import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { extractLinks, isValidListingId, productKey, storefrontUrl, type LinkMatch } from '../../src/links/index.js';
import { readCorpus } from './corpus-file.js';

const corpusInputs = readCorpus().map((line) => line.input);

/** Fragments that steer random text towards URLs, encodings and chat markup. */
const URL_PIECES: readonly string[] = [
  'https://',
  'http://',
  'HTTPS://',
  '://',
  '/',
  '?',
  '#',
  '#/',
  '&',
  '=',
  '@',
  ':',
  '.',
  '%',
  '%25',
  '%3D',
  '%26',
  '%2F',
  '%3A',
  '%E4%B8',
  '&amp;',
  'url=',
  'id=',
  'itemID=',
  'productLink=',
  'platform=WEIDIAN',
  'shop_type=taobao',
  'weidian.com',
  'item.taobao.com',
  'detail.1688.com/offer/',
  'hoobuy.com/product/',
  'cnfans.com/product',
  'www.pandabuy.com/product?url=',
  'google.com/url?q=',
  'm.tb.cn/h.',
  'ikako.vip/r/',
  '.html',
  '.htm',
  '7412345012',
  '701234567891',
  '0',
  '1',
  '2',
  ' ',
  '\u3000',
  '<',
  '>',
  '[',
  ']',
  '(',
  ')',
  '|',
  '*',
  '`',
  '~',
  '【',
  '」',
  '，',
  '中',
  '😀',
  '\ud800',
];

const utf16Text = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 300 });

const urlSoup = fc.array(fc.constantFrom(...URL_PIECES), { maxLength: 60 }).map((pieces) => pieces.join(''));

type Edit =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'encode'; at: number; length: number }
  | { kind: 'upper'; at: number; length: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...URL_PIECES) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 80 }) }),
  fc.record({ kind: fc.constant('encode' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 80 }) }),
  fc.record({ kind: fc.constant('upper' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
);

function applyEdit(text: string, change: Edit): string {
  const at = text.length === 0 ? 0 : change.at % (text.length + 1);
  if (change.kind === 'insert') {
    return text.slice(0, at) + change.text + text.slice(at);
  }
  const end = Math.min(text.length, at + change.length);
  const segment = text.slice(at, end);
  switch (change.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(end);
    case 'duplicate':
      return text.slice(0, end) + segment + text.slice(end);
    case 'encode':
      return text.slice(0, at) + encodeURIComponent(segment.replace(/[\ud800-\udfff]/g, '')) + text.slice(end);
    case 'upper':
      return text.slice(0, at) + segment.toUpperCase() + text.slice(end);
  }
}

const mutatedCorpusLine = fc
  .tuple(fc.constantFrom(...corpusInputs), fc.array(edit, { minLength: 1, maxLength: 6 }))
  .map(([line, edits]) => edits.reduce(applyEdit, line));

const corpusMessage = fc
  .array(fc.constantFrom(...corpusInputs), { minLength: 1, maxLength: 4 })
  .map((lines) => lines.join(' '));

const anyMessage = fc.oneof(utf16Text, urlSoup, mutatedCorpusLine, corpusMessage);

const RUNS = { numRuns: 600 };

function productsOf(matches: readonly LinkMatch[]): string[] {
  return matches.flatMap((match) => (match.kind === 'product' ? [productKey(match.ref)] : []));
}

describe('extractLinks properties', () => {
  it('never throws on UTF-16 text', () => {
    fc.assert(
      fc.property(utf16Text, (text) => {
        extractLinks(text);
      }),
      RUNS,
    );
  });

  it('never throws on URL soup', () => {
    fc.assert(
      fc.property(urlSoup, (text) => {
        extractLinks(text);
      }),
      RUNS,
    );
  });

  it('never throws on mutated corpus', () => {
    fc.assert(
      fc.property(mutatedCorpusLine, (text) => {
        extractLinks(text);
      }),
      RUNS,
    );
  });

  it('returns only valid ids', () => {
    fc.assert(
      fc.property(anyMessage, (text) => {
        for (const match of extractLinks(text)) {
          if (match.kind === 'product') {
            expect(isValidListingId(match.ref.listingId)).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it('orders matches by start', () => {
    fc.assert(
      fc.property(anyMessage, (text) => {
        const starts = extractLinks(text).map((match) => match.start);
        expect(starts).toEqual([...starts].sort((a, b) => a - b));
      }),
      RUNS,
    );
  });

  it('returns each product once', () => {
    fc.assert(
      fc.property(anyMessage, (text) => {
        const products = productsOf(extractLinks(text));
        expect(new Set(products).size).toBe(products.length);
      }),
      RUNS,
    );
  });

  it('round-trips through storefront URLs', () => {
    fc.assert(
      fc.property(anyMessage, (text) => {
        const products = extractLinks(text).flatMap((match) => (match.kind === 'product' ? [match.ref] : []));
        const rendered = products.map(storefrontUrl).join(' ');
        expect(productsOf(extractLinks(rendered))).toEqual(products.map(productKey));
      }),
      RUNS,
    );
  });

  it('round-trips generated listings', () => {
    const listing = fc.record({
      storefront: fc.constantFrom('weidian' as const, 'taobao' as const, '1688' as const),
      listingId: fc.stringMatching(/^[1-9][0-9]{5,14}$/),
    });
    fc.assert(
      fc.property(fc.array(listing, { maxLength: 5 }), (refs) => {
        const unique = [...new Map(refs.map((ref) => [productKey(ref), ref])).values()];
        const rendered = unique.map(storefrontUrl).join(' ');
        expect(productsOf(extractLinks(rendered))).toEqual(unique.map(productKey));
      }),
      RUNS,
    );
  });
});
