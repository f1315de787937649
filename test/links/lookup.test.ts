import { describe, expect, it } from 'vitest';

import { parseLookupInput } from '../../src/links/index.js';

describe('parseLookupInput', () => {
  it('rejects empty input', () => {
    expect(parseLookupInput('')).toEqual({ kind: 'invalid', reason: 'empty' });
  });

  it('rejects whitespace input', () => {
    expect(parseLookupInput(' \t\n')).toEqual({ kind: 'invalid', reason: 'empty' });
  });

  it('reads a product link', () => {
    expect(parseLookupInput('https://weidian.com/item.html?itemID=7231368393')).toEqual({
      kind: 'product',
      ref: { storefront: 'weidian', listingId: '7231368393' },
    });
  });

  it('reads an agent link', () => {
    expect(parseLookupInput('https://hoobuy.com/product/1/701234567891')).toEqual({
      kind: 'product',
      ref: { storefront: 'taobao', listingId: '701234567891' },
    });
  });

  it('reads a scheme-less link', () => {
    expect(parseLookupInput('  detail.1688.com/offer/654321098765.html  ')).toEqual({
      kind: 'product',
      ref: { storefront: '1688', listingId: '654321098765' },
    });
  });

  it('link ignores storefront option', () => {
    expect(parseLookupInput('https://weidian.com/item.html?itemID=7231368393', 'taobao')).toEqual({
      kind: 'product',
      ref: { storefront: 'weidian', listingId: '7231368393' },
    });
  });

  it('takes the first of several links', () => {
    const input = 'https://detail.1688.com/offer/654321098765.html https://weidian.com/item.html?itemID=7231368393';
    expect(parseLookupInput(input)).toEqual({
      kind: 'product',
      ref: { storefront: '1688', listingId: '654321098765' },
    });
  });

  it('reads a short link', () => {
    expect(parseLookupInput('https://m.tb.cn/h.AbC12dE?tk=ZyX')).toEqual({
      kind: 'short',
      url: 'https://m.tb.cn/h.AbC12dE?tk=ZyX',
    });
  });

  it('bare id needs storefront', () => {
    expect(parseLookupInput('7231368393')).toEqual({ kind: 'needs-storefront', listingId: '7231368393' });
  });

  it('bare id with storefront', () => {
    expect(parseLookupInput(' 678901234567 ', 'taobao')).toEqual({
      kind: 'product',
      ref: { storefront: 'taobao', listingId: '678901234567' },
    });
  });

  it('bare id with unknown storefront', () => {
    expect(parseLookupInput('7231368393', 'jd' as never)).toEqual({
      kind: 'needs-storefront',
      listingId: '7231368393',
    });
  });

  it('reads a product key', () => {
    expect(parseLookupInput('Weidian:7231368393')).toEqual({
      kind: 'product',
      ref: { storefront: 'weidian', listingId: '7231368393' },
    });
  });

  it('rejects short bare id', () => {
    expect(parseLookupInput('12345', 'weidian')).toEqual({ kind: 'invalid', reason: 'invalid-id' });
  });

  it('rejects leading-zero bare id', () => {
    expect(parseLookupInput('0723136839')).toEqual({ kind: 'invalid', reason: 'invalid-id' });
  });

  it('rejects invalid product key id', () => {
    expect(parseLookupInput('taobao:123')).toEqual({ kind: 'invalid', reason: 'invalid-id' });
  });

  it('rejects link with invalid id', () => {
    expect(parseLookupInput('https://item.taobao.com/item.htm?id=123')).toEqual({
      kind: 'invalid',
      reason: 'invalid-id',
    });
  });

  it('rejects link without id', () => {
    expect(parseLookupInput('https://weidian.com/?userid=1623456789')).toEqual({
      kind: 'invalid',
      reason: 'not-a-product-link',
    });
  });

  it('rejects unknown site link', () => {
    expect(parseLookupInput('https://example.com/item.html?itemID=7231368393')).toEqual({
      kind: 'invalid',
      reason: 'not-a-product-link',
    });
  });

  it('rejects plain text', () => {
    expect(parseLookupInput('jordan 4 black cat')).toEqual({ kind: 'invalid', reason: 'not-a-product-link' });
  });

  it('rejects digits with letters', () => {
    expect(parseLookupInput('7231368393abc')).toEqual({ kind: 'invalid', reason: 'not-a-product-link' });
  });
});
