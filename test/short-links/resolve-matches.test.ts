import { describe, expect, it } from 'vitest';

import { productKey, type LinkMatch, type ProductRef } from '../../src/links/index.js';
import { resolveShortMatches, type ShortLinkResolver, type ShortLinkResult } from '../../src/short-links/index.js';

function product(listingId: string): LinkMatch {
  return { kind: 'product', ref: { storefront: 'weidian', listingId }, start: 0 };
}

function short(url: string): LinkMatch {
  return { kind: 'short', url, start: 0 };
}

/** A resolver that returns results from a table and records the requested URLs. */
function fakeResolver(answers: Record<string, string | undefined>): Pick<ShortLinkResolver, 'resolve'> & {
  calls: string[];
  signals: Array<AbortSignal | undefined>;
} {
  const calls: string[] = [];
  const signals: Array<AbortSignal | undefined> = [];
  return {
    calls,
    signals,
    async resolve(url, signal): Promise<ShortLinkResult> {
      calls.push(url);
      signals.push(signal);
      const listingId = answers[url];
      return listingId === undefined
        ? { kind: 'none', reason: 'not-a-product' }
        : { kind: 'product', ref: { storefront: 'weidian', listingId }, finalUrl: `https://weidian.com/item.html?itemID=${listingId}` };
    },
  };
}

function keys(refs: readonly ProductRef[]): string[] {
  return refs.map(productKey);
}

describe('resolveShortMatches', () => {
  it('keeps message order', async () => {
    const resolver = fakeResolver({ 'https://m.tb.cn/h.B': '7412345002' });

    const result = await resolveShortMatches(
      [product('7412345001'), short('https://m.tb.cn/h.B'), product('7412345003')],
      resolver,
      { maxProducts: 5 },
    );

    expect(keys(result.refs)).toEqual(['weidian:7412345001', 'weidian:7412345002', 'weidian:7412345003']);
    expect(result.unresolved).toBe(0);
  });

  it('drops a resolved duplicate', async () => {
    const resolver = fakeResolver({ 'https://m.tb.cn/h.A': '7412345001' });

    const result = await resolveShortMatches([product('7412345001'), short('https://m.tb.cn/h.A')], resolver, {
      maxProducts: 5,
    });

    expect(keys(result.refs)).toEqual(['weidian:7412345001']);
    expect(result.unresolved).toBe(0);
  });

  it('keeps the first position of a duplicate', async () => {
    const resolver = fakeResolver({ 'https://m.tb.cn/h.A': '7412345001' });

    const result = await resolveShortMatches(
      [short('https://m.tb.cn/h.A'), product('7412345002'), product('7412345001')],
      resolver,
      { maxProducts: 5 },
    );

    expect(keys(result.refs)).toEqual(['weidian:7412345001', 'weidian:7412345002']);
  });

  it('counts unresolved short links', async () => {
    const resolver = fakeResolver({});

    const result = await resolveShortMatches([short('https://m.tb.cn/h.X'), product('7412345001')], resolver, {
      maxProducts: 5,
    });

    expect(keys(result.refs)).toEqual(['weidian:7412345001']);
    expect(result.unresolved).toBe(1);
  });

  it('stops at maxProducts', async () => {
    const matches = ['1', '2', '3', '4', '5', '6'].map((digit) => product(`741234500${digit}`));

    const result = await resolveShortMatches(matches, fakeResolver({}), { maxProducts: 5 });

    expect(result.refs).toHaveLength(5);
  });

  it('resolves only the first maxProducts matches', async () => {
    const resolver = fakeResolver({});
    const matches = ['A', 'B', 'C'].map((code) => short(`https://m.tb.cn/h.${code}`));

    const result = await resolveShortMatches(matches, resolver, { maxProducts: 2 });

    expect(resolver.calls).toEqual(['https://m.tb.cn/h.A', 'https://m.tb.cn/h.B']);
    expect(result.unresolved).toBe(2);
  });

  it('fills a free slot with a later product', async () => {
    const result = await resolveShortMatches(
      [short('https://m.tb.cn/h.X'), product('7412345001'), product('7412345002')],
      fakeResolver({}),
      { maxProducts: 2 },
    );

    expect(keys(result.refs)).toEqual(['weidian:7412345001', 'weidian:7412345002']);
  });

  it('passes the signal to the resolver', async () => {
    const resolver = fakeResolver({});
    const controller = new AbortController();

    await resolveShortMatches([short('https://m.tb.cn/h.X')], resolver, { maxProducts: 5, signal: controller.signal });

    expect(resolver.signals).toEqual([controller.signal]);
  });

  it('rejects when a resolution rejects', async () => {
    const resolver: Pick<ShortLinkResolver, 'resolve'> = {
      resolve: () => Promise.reject(new Error('aborted by caller')),
    };

    await expect(resolveShortMatches([short('https://m.tb.cn/h.X')], resolver, { maxProducts: 5 })).rejects.toThrow(
      'aborted by caller',
    );
  });
});
