import { describe, expect, it } from 'vitest';

import { tokensOf, type TokenCase } from './helpers.js';

const WEIDIAN_ENCODED = 'https%3A%2F%2Fweidian.com%2Fitem.html%3FitemID%3D7412345010';

describe('wrapper hosts', () => {
  const cases: readonly TokenCase[] = [
    ['Google q parameter', `https://www.google.com/url?q=${WEIDIAN_ENCODED}&sa=D`, 'weidian:7412345010'],
    ['Google url parameter', `https://www.google.com/url?sa=t&url=${WEIDIAN_ENCODED}`, 'weidian:7412345010'],
    ['Google unencoded agent link', 'https://www.google.com/url?q=https://orientdig.com/product/?shop_type%3Dweidian%26id%3D7412345009&sa=D&source=editors', 'weidian:7412345009'],
    ['Google other path', `https://www.google.com/search?q=${WEIDIAN_ENCODED}`, '-'],
    ['Yupoo external link', `https://someseller.x.yupoo.com/external?url=${WEIDIAN_ENCODED}`, 'weidian:7412345010'],
    ['Yupoo double-encoded link', 'https://seller.x.yupoo.com/external?url=https%253A%252F%252Fitem.taobao.com%252Fitem.htm%253Fid%253D701234567891', 'taobao:701234567891'],
    ['Yupoo album page', 'https://seller.x.yupoo.com/albums/123456?uid=1', '-'],
    ['Taobao login redirectURL', 'https://login.taobao.com/member/login.jhtml?redirectURL=https%3A%2F%2Fitem.taobao.com%2Fitem.htm%3Fid%3D701234567891', 'taobao:701234567891'],
    ['Taobao login redirect_url', 'https://login.taobao.com/member/login.jhtml?redirect_url=https%3A%2F%2Fitem.taobao.com%2Fitem.htm%3Fid%3D701234567891', 'taobao:701234567891'],
    ['Taobao login without target', 'https://login.taobao.com/member/login.jhtml?id=701234567891', '-'],
    ['wrapped shop page', 'https://www.google.com/url?q=https%3A%2F%2Fshop100000002.taobao.com%2F', '-'],
    ['wrapped short link', 'https://www.google.com/url?q=https%3A%2F%2Fm.tb.cn%2Fh.AbC12dE', 'resolve'],
    ['unknown redirector', `https://example.com/redirect?url=${WEIDIAN_ENCODED}`, '-'],
    ['Reddit outbound redirector', `https://out.reddit.com/t3_abc?url=${WEIDIAN_ENCODED}&token=x`, '-'],
    ['unknown redirector unencoded', 'https://example.com/redirect?url=https://weidian.com/item.html?itemID=7412345011', '-'],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    expect(tokensOf(input)).toBe(expected);
  });
});
