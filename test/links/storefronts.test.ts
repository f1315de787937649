import { describe, expect, it } from 'vitest';

import { tokensOf, type TokenCase } from './helpers.js';

describe('Weidian rules', () => {
  const cases: readonly TokenCase[] = [
    ['itemID parameter', 'https://weidian.com/item.html?itemID=7301234567', 'weidian:7301234567'],
    ['itemId with tracking', 'https://weidian.com/item.html?itemId=4512345678&vc_cps_track=1459920903_0_0', 'weidian:4512345678'],
    ['lower-case itemid', 'https://weidian.com/item.html?itemid=6023456789', 'weidian:6023456789'],
    ['shop subdomain item', 'https://shop1234567890.v.weidian.com/item.html?itemID=5412345670&spider_token=82d0', 'weidian:5412345670'],
    ['mobile item', 'https://m.weidian.com/item.html?itemID=7345678901&wfr=c', 'weidian:7345678901'],
    ['fast order page', 'https://weidian.com/fastorder.html?itemID=7356789012&type=quickOrder', 'weidian:7356789012'],
    ['eleven-digit id', 'https://weidian.com/item.html?itemID=73012345678', 'weidian:73012345678'],
    ['old koudai domain', 'https://koudai.com/item.html?itemID=7301234567', 'weidian:7301234567'],
    ['shop page', 'https://weidian.com/?userid=1623456789', '-'],
    ['item page without id', 'https://weidian.com/item.html', '-'],
    ['search page', 'https://weidian.com/search?keyword=7301234567', '-'],
    ['non-numeric id', 'https://weidian.com/item.html?itemID=abc123', '-'],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    expect(tokensOf(input)).toBe(expected);
  });
});

describe('Taobao and Tmall rules', () => {
  const cases: readonly TokenCase[] = [
    ['item id parameter', 'https://item.taobao.com/item.htm?id=678901234567', 'taobao:678901234567'],
    ['id after spm', 'https://item.taobao.com/item.htm?spm=a1z10.3-c.w4002-1.10&id=691234567890', 'taobao:691234567890'],
    ['html extension', 'https://item.taobao.com/item.html?id=675312345670', 'taobao:675312345670'],
    ['Tmall detail', 'https://detail.tmall.com/item.htm?id=712345678910', 'taobao:712345678910'],
    ['Tmall item_o page', 'https://detail.tmall.com/item_o.htm?id=712345678910&pcdegrade=true', 'taobao:712345678910'],
    ['Tmall mobile', 'https://detail.m.tmall.com/item.htm?id=712345678910', 'taobao:712345678910'],
    ['Tmall Supermarket', 'https://chaoshi.detail.tmall.com/item.htm?id=712345678911', 'taobao:712345678911'],
    ['Tmall Global', 'https://detail.tmall.hk/hk/item.htm?id=583019512345&skuId=4200000000001', 'taobao:583019512345'],
    ['international mobile', 'https://m.intl.taobao.com/detail/detail.html?id=712345678912', 'taobao:712345678912'],
    ['H5 mobile', 'http://h5.m.taobao.com/awp/core/detail.htm?id=712345678913', 'taobao:712345678913'],
    ['thirteen-digit id', 'https://item.taobao.com/item.htm?id=1059057030771', 'taobao:1059057030771'],
    ['world item path', 'https://world.taobao.com/item/674012345678.htm?spm=abc', 'taobao:674012345678'],
    ['list item path', 'https://www.taobao.com/list/item/758012345678.htm?spm=a', 'taobao:758012345678'],
    ['old mobile path', 'http://a.m.taobao.com/i43657012345.htm?sid=1', 'taobao:43657012345'],
    ['asset share page', 'https://assets-tmw.taobao.com/app/tmall-ovs-rax/share_page/home?targetType=ITEM&targetId=689512345678', 'taobao:689512345678'],
    ['shop subdomain', 'https://shop100000002.taobao.com/?spm=pc_detail', '-'],
    ['world shop page', 'https://world.taobao.com/dianpu/50000010.htm', '-'],
    ['search page', 'https://s.taobao.com/search?q=hoodie', '-'],
    ['short id', 'https://item.taobao.com/item.htm?id=123', '-'],
    ['sixteen-digit id', 'https://item.taobao.com/item.htm?id=1234567890123456', '-'],
    ['leading zero id', 'https://item.taobao.com/item.htm?id=0678901234567', '-'],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    expect(tokensOf(input)).toBe(expected);
  });
});

describe('1688 rules', () => {
  const cases: readonly TokenCase[] = [
    ['desktop offer path', 'https://detail.1688.com/offer/654321098765.html', '1688:654321098765'],
    ['offer path with query', 'https://detail.1688.com/offer/610494612345.html?spm=a260k', '1688:610494612345'],
    ['mobile offer path', 'https://m.1688.com/offer/712345678901.html?tracelog=share', '1688:712345678901'],
    ['upper-case offer path', 'https://detail.1688.com/OFFER/654321098765.HTML', '1688:654321098765'],
    ['offerId parameter', 'https://detail.m.1688.com/page/index.html?offerId=1043212345678&x=1', '1688:1043212345678'],
    ['shop page', 'https://shop1234.1688.com/page/index.htm', '-'],
    ['mobile shop page', 'https://m.1688.com/winport/b2b-2200000000000000ab.html', '-'],
    ['search page', 'https://s.1688.com/selloffer/offer_search.htm?keywords=bag', '-'],
    ['ad redirect', 'https://dj.1688.com/ci_bb?a=1&e=abc', '-'],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    expect(tokensOf(input)).toBe(expected);
  });
});
