import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { extractLinks, productKey, SHORT_LINK_HOSTS } from '../../src/links/index.js';
import { resolveShortMatches } from '../../src/short-links/index.js';
import { readCorpus } from '../links/corpus-file.js';
import { startResolverStack, type ResolverStack } from './helpers.js';

/**
 * Where each short link of the corpus redirects on the local server, and the product that the
 * target gives. The targets follow the usual landing of each host (see SHORT_LINK_HOSTS).
 */
const CORPUS_TARGETS: Readonly<Record<string, { location: string; product: string }>> = {
  'https://m.tb.cn/h.AbC12dE?tk=ZyX987wvU': {
    location: 'https://item.taobao.com/item.htm?id=780000000001&ns=1&abbucket=3',
    product: 'taobao:780000000001',
  },
  'https://e.tb.cn/h.Q1w2E3r4T5y?tk=Aa1Bb2Cc3': {
    location: 'https://m.intl.taobao.com/detail/detail.html?id=780000000002&spm=a2141.7631564',
    product: 'taobao:780000000002',
  },
  'https://k.youshop10.com/Xy7Qw2Zp?share_relation=0a1b2c3d4e5f6071_1000000001_1&a=b&wfr=BuyercopyURL': {
    location: 'https://weidian.com/item.html?itemID=7800000003&wfr=BuyercopyURL',
    product: 'weidian:7800000003',
  },
  'https://qr.1688.com/s/AbCd1234': {
    location: 'https://detail.1688.com/offer/780000000004.html?tracelog=share',
    product: '1688:780000000004',
  },
  'https://pandabuy.page.link/QwErTy12': {
    location: 'https://www.pandabuy.com/product?url=https%3A%2F%2Fweidian.com%2Fitem.html%3FitemID%3D7800000005',
    product: 'weidian:7800000005',
  },
  'https://pandabuy.allapp.link/xyz123AB': {
    location: 'https://www.pandabuy.com/product?url=https%3A%2F%2Fitem.taobao.com%2Fitem.htm%3Fid%3D780000000006',
    product: 'taobao:780000000006',
  },
  'https://sl.kakobuy.com/AbC123xy': {
    location: 'https://www.kakobuy.com/item/details?url=https%3A%2F%2Fweidian.com%2Fitem.html%3FitemID%3D7800000007',
    product: 'weidian:7800000007',
  },
  'https://ikako.vip/AbCdE12': {
    location: 'https://www.kakobuy.com/item/details?url=https%3A%2F%2Fdetail.1688.com%2Foffer%2F780000000008.html',
    product: '1688:780000000008',
  },
  'https://hoobuy.cc/AbCd12': {
    location: 'https://hoobuy.com/product/2/7800000009?utm_source=share',
    product: 'weidian:7800000009',
  },
  'https://oopbuy.cc/Xy12Ab': {
    location: 'https://www.oopbuy.com/product/weidian/7800000010?inviteCode=INV0003CC',
    product: 'weidian:7800000010',
  },
  'https://weidian.info/AbCd': {
    location: 'https://weidian.com/item.html?itemID=7800000011',
    product: 'weidian:7800000011',
  },
  'https://l.ponybuy.com/xyz987': {
    location: 'https://www.ponybuy.com/products/3/7800000012',
    product: 'weidian:7800000012',
  },
};

const corpus = readCorpus();

let stack: ResolverStack;
beforeAll(async () => {
  stack = await startResolverStack();
  for (const [shortUrl, target] of Object.entries(CORPUS_TARGETS)) {
    stack.server.redirect(shortUrl, target.location);
  }
});
afterAll(async () => {
  await stack.close();
});

/** Replaces each `resolve` token with the product of the next short link of the line. */
function expectedAfterResolving(expected: string, shortUrls: readonly string[]): string {
  let next = 0;
  return expected
    .split(' ')
    .map((token) => {
      if (token !== 'resolve') {
        return token;
      }
      const shortUrl = shortUrls[next++] ?? '(missing short link)';
      return CORPUS_TARGETS[shortUrl]?.product ?? `(no target for ${shortUrl})`;
    })
    .join(' ');
}

describe('link corpus through the redirect server', () => {
  it('has a target for every short link', () => {
    const shortUrls = corpus.flatMap((line) =>
      extractLinks(line.input).flatMap((match) => (match.kind === 'short' ? [match.url] : [])),
    );

    expect(shortUrls.filter((url) => CORPUS_TARGETS[url] === undefined)).toEqual([]);
    expect(shortUrls.length).toBe(Object.keys(CORPUS_TARGETS).length);
  });

  it.each(corpus)('corpus line $lineNumber', async ({ input, expected }) => {
    const matches = extractLinks(input);
    const shortUrls = matches.flatMap((match) => (match.kind === 'short' ? [match.url] : []));

    const { refs, unresolved } = await resolveShortMatches(matches, stack.resolver, { maxProducts: 5 });

    const tokens = refs.length === 0 ? '-' : refs.map(productKey).join(' ');
    expect(tokens).toBe(expectedAfterResolving(expected, shortUrls));
    expect(unresolved).toBe(0);
  });
});

describe('every short-link host through the guard', () => {
  it.each(SHORT_LINK_HOSTS.map((entry, index) => [entry.domain, index] as const))(
    'host %s',
    async (domain, index) => {
      const shortUrl = `https://${domain}/Zq12Ab${index}`;
      const listingId = `78100000${String(index).padStart(2, '0')}`;
      stack.server.redirect(shortUrl, `https://weidian.com/item.html?itemID=${listingId}`);

      const result = await stack.resolver.resolve(shortUrl);

      expect(result.kind === 'product' ? productKey(result.ref) : result.reason).toBe(`weidian:${listingId}`);
      expect(stack.sockets.some((socket) => socket.servername === domain)).toBe(true);
    },
  );
});
