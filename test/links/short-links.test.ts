import { describe, expect, it } from 'vitest';

import { extractLinks, SHORT_LINK_HOSTS } from '../../src/links/index.js';
import { tokensOf, type TokenCase } from './helpers.js';

describe('short link hosts', () => {
  it.each(SHORT_LINK_HOSTS.map((entry) => entry.domain))('%s gives resolve', (domain) => {
    expect(tokensOf(`https://${domain}/AbC123xy`)).toBe('resolve');
  });

  it.each(SHORT_LINK_HOSTS.map((entry) => entry.domain))('%s without scheme', (domain) => {
    expect(tokensOf(`look ${domain}/AbC123xy`)).toBe('resolve');
  });
});

describe('short link rules', () => {
  const cases: readonly TokenCase[] = [
    ['Taobao share text', '【淘宝】https://e.tb.cn/h.Q1w2E3r4T5y?tk=Aa1Bb2Cc3 CZ356 「新中式外套」点击链接直接打开', 'resolve'],
    ['Weidian share link', 'https://k.youshop10.com/Xy7Qw2Zp?share_relation=0a1b_1_1&wfr=BuyercopyURL', 'resolve'],
    ['Kakobuy referral link', 'https://ikako.vip/r/AbCdE12', '-'],
    ['Kakobuy referral redirect', 'https://sl.kakobuy.com/r/AbCdE12', '-'],
    ['upper-case referral path', 'https://ikako.vip/R/AbCdE12', '-'],
    ['Kakobuy product short link', 'https://ikako.vip/AbCdE12', 'resolve'],
    ['bare short host', 'https://m.tb.cn/', '-'],
    ['generic shortener bit.ly', 'https://bit.ly/3AbCdEf', '-'],
    ['generic shortener TinyURL', 'https://tinyurl.com/abcd1234', '-'],
    ['generic shortener t.cn', 'https://t.cn/A6abcdEf', '-'],
    ['agent wrapping short link', 'https://m.superbuy.com/home/#/goodsDetail/?userId=1&url=https%3A%2F%2Fe.tb.cn%2Fh.AbCd%3Ftk%3Dx', 'resolve'],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    expect(tokensOf(input)).toBe(expected);
  });

  it('returns the short link itself', () => {
    expect(extractLinks('see https://m.tb.cn/h.AbC12dE?tk=ZyX987wvU.')).toEqual([
      { kind: 'short', url: 'https://m.tb.cn/h.AbC12dE?tk=ZyX987wvU', start: 4 },
    ]);
  });

  it('returns the wrapped short link', () => {
    const text = 'https://kakobuy.com/item/details?url=https%3A%2F%2Fm.tb.cn%2Fh.AbC12dE';
    expect(extractLinks(text)).toEqual([{ kind: 'short', url: 'https://m.tb.cn/h.AbC12dE', start: 0 }]);
  });

  it('adds scheme to scheme-less link', () => {
    expect(extractLinks('qr.1688.com/s/AbCd1234')).toEqual([
      { kind: 'short', url: 'https://qr.1688.com/s/AbCd1234', start: 0 },
    ]);
  });
});
