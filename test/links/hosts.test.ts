import { describe, expect, it } from 'vitest';

import { AGENTS, classifyHost, isHostInDomain, isKnownHost } from '../../src/links/index.js';
import { tokensOf, type TokenCase } from './helpers.js';

describe('isHostInDomain', () => {
  it('matches the domain itself', () => {
    expect(isHostInDomain('weidian.com', 'weidian.com')).toBe(true);
  });

  it('matches a subdomain', () => {
    expect(isHostInDomain('shop1.v.weidian.com', 'weidian.com')).toBe(true);
  });

  it('rejects a suffix without dot', () => {
    expect(isHostInDomain('notweidian.com', 'weidian.com')).toBe(false);
  });

  it('rejects the domain as prefix', () => {
    expect(isHostInDomain('weidian.com.evil.example', 'weidian.com')).toBe(false);
  });

  it('rejects a shorter host', () => {
    expect(isHostInDomain('com', 'weidian.com')).toBe(false);
  });
});

describe('classifyHost', () => {
  const cases: readonly (readonly [string, string, string | undefined])[] = [
    ['storefront domain', 'weidian.com', 'storefront'],
    ['storefront subdomain', 'shop1234567890.v.weidian.com', 'storefront'],
    ['upper-case host', 'ITEM.TAOBAO.COM', 'storefront'],
    ['trailing dot', 'detail.1688.com.', 'storefront'],
    ['Tmall Global domain', 'detail.tmall.hk', 'storefront'],
    ['agent domain', 'cnfans.com', 'agent'],
    ['agent mobile subdomain', 'm.cnfans.com', 'agent'],
    ['separate Sugargoo domain', 'www.esugargoo.com', 'agent'],
    ['short link under agent', 'sl.kakobuy.com', 'short'],
    ['short link under storefront', 'qr.1688.com', 'short'],
    ['Taobao share short link', 'm.tb.cn', 'short'],
    ['wrapper under storefront', 'login.taobao.com', 'wrapper'],
    ['Yupoo seller subdomain', 'seller.x.yupoo.com', 'wrapper'],
    ['Xianyu under Taobao', '2.taobao.com', 'excluded'],
    ['Xianyu subdomain', 'www.2.taobao.com', 'excluded'],
    ['Goofish', 'www.goofish.com', 'excluded'],
    ['JD', 'item.jd.com', 'excluded'],
    ['Pinduoduo', 'mobile.yangkeduo.com', 'excluded'],
    ['look-alike prefix', 'notweidian.com', undefined],
    ['look-alike suffix', 'weidian.com.evil.example', undefined],
    ['look-alike TLD', 'weidian.co', undefined],
    ['agent look-alike suffix', 'cnfans.com.evil.example', undefined],
    ['agent look-alike prefix', 'notcnfans.com', undefined],
    ['phishing Taobao host', 'item.taobao.com.phish.example', undefined],
    ['parent of short link', 'tb.cn', undefined],
    ['empty host', '', undefined],
    ['overlong host', `${'a.'.repeat(200)}weidian.com`, undefined],
  ];

  it.each(cases)('%s', (_name, host, kind) => {
    expect(classifyHost(host)?.kind).toBe(kind);
  });

  it('maps Tmall to Taobao', () => {
    expect(classifyHost('detail.tmall.com')).toMatchObject({ kind: 'storefront', storefront: 'taobao' });
  });

  it('names the matched agent', () => {
    expect(classifyHost('www.usfans.com')).toMatchObject({ kind: 'agent', agent: { name: 'USFans' } });
  });

  it('classifies every agent domain', () => {
    const unclassified = AGENTS.flatMap((agent) =>
      agent.domains.filter((domain) => {
        const hostClass = classifyHost(`www.${domain}`);
        return hostClass?.kind !== 'agent' || hostClass.agent !== agent;
      }),
    );
    expect(unclassified).toEqual([]);
  });

  it('knows storefront hosts', () => {
    expect(isKnownHost('weidian.com')).toBe(true);
  });

  it('does not know other hosts', () => {
    expect(isKnownHost('example.com')).toBe(false);
  });
});

describe('host rules in messages', () => {
  const cases: readonly TokenCase[] = [
    ['userinfo trick', 'https://weidian.com@evil.example/item.html?itemID=7412345027', '-'],
    ['userinfo before real host', 'https://evil.example@weidian.com/item.html?itemID=7412345027', 'weidian:7412345027'],
    ['look-alike suffix', 'https://weidian.com.evil.example/item.html?itemID=7412345028', '-'],
    ['look-alike prefix', 'https://notweidian.com/item.html?itemID=7412345029', '-'],
    ['look-alike TLD', 'https://weidian.co/item.html?itemID=7412345030', '-'],
    ['phishing Taobao host', 'https://item.taobao.com.phish.example/item.htm?id=701234567896', '-'],
    ['agent look-alike', 'https://cnfans.com.evil.example/product?id=7412345041&platform=WEIDIAN', '-'],
    ['agent look-alike prefix', 'https://notcnfans.com/product?id=7412345041&platform=WEIDIAN', '-'],
    ['port on real host', 'https://weidian.com:443/item.html?itemID=7412345027', 'weidian:7412345027'],
    ['fullwidth real host', 'https://ｗｅｉｄｉａｎ.com/item.html?itemID=7412345027', 'weidian:7412345027'],
    ['trailing dot host', 'https://weidian.com./item.html?itemID=7412345027', 'weidian:7412345027'],
    ['Xianyu item', 'https://2.taobao.com/item.htm?id=712345678912', '-'],
    ['Goofish item', 'https://www.goofish.com/item?id=812345678901', '-'],
    ['JD item', 'https://item.jd.com/100012345678.html', '-'],
    ['Pinduoduo item', 'https://www.yangkeduo.com/goods.html?goods_id=123456789012', '-'],
    ['Yupoo album', 'https://seller.x.yupoo.com/albums/123456789?uid=1', '-'],
    ['Reddit post', 'https://www.reddit.com/r/FashionReps/comments/abc123/qc_jordan_4/', '-'],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    expect(tokensOf(input)).toBe(expected);
  });
});
