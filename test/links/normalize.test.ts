import { describe, expect, it } from 'vitest';

import {
  findNestedUrl,
  getParam,
  hasEncodedSeparator,
  parseHttpUrl,
  percentDecode,
  type UrlParts,
} from '../../src/links/normalize.js';
import { tokensOf, type TokenCase } from './helpers.js';

/** Percent-encodes a URL `layers` times, as agents do when they wrap a storefront link. */
function encode(url: string, layers: number): string {
  let value = url;
  for (let layer = 0; layer < layers; layer++) {
    value = encodeURIComponent(value);
  }
  return value;
}

const WEIDIAN = 'https://weidian.com/item.html?itemID=7412345012';

describe('parseHttpUrl', () => {
  it('rejects other schemes', () => {
    expect(parseHttpUrl('ftp://weidian.com/')).toBeUndefined();
  });

  it('rejects invalid hosts', () => {
    expect(parseHttpUrl('https://a b/')).toBeUndefined();
  });

  it('lower-cases the host', () => {
    expect(parseHttpUrl('https://WWW.WeiDian.COM/x')?.host).toBe('www.weidian.com');
  });

  it('drops trailing host dot', () => {
    expect(parseHttpUrl('https://weidian.com./x')?.host).toBe('weidian.com');
  });

  it('reads host after userinfo', () => {
    expect(parseHttpUrl('https://weidian.com@evil.example/item.html')?.host).toBe('evil.example');
  });

  it('reads host before port', () => {
    expect(parseHttpUrl('https://weidian.com:443/item.html')?.host).toBe('weidian.com');
  });

  it('maps fullwidth host letters', () => {
    expect(parseHttpUrl('https://ｗｅｉｄｉａｎ.com/x')?.host).toBe('weidian.com');
  });

  it('decodes percent-encoded host', () => {
    expect(parseHttpUrl('https://%77eidian.com/x')?.host).toBe('weidian.com');
  });

  it('skips extra slashes', () => {
    expect(parseHttpUrl('https:///weidian.com/x')?.host).toBe('weidian.com');
  });

  it('lower-cases the path', () => {
    expect(parseHttpUrl('https://a.example/Item.HTML?x=1')?.pathLower).toBe('/item.html');
  });

  it('defaults the path to slash', () => {
    expect(parseHttpUrl('https://a.example?x=1')?.pathLower).toBe('/');
  });

  it('keeps the raw query', () => {
    expect(parseHttpUrl('https://a.example/p?u=https%3A%2F%2Fb&x=1#f')?.query).toBe('u=https%3A%2F%2Fb&x=1');
  });

  it('splits the fragment route', () => {
    expect(parseHttpUrl('https://a.example/#/Home/Detail?id=1')?.fragmentPathLower).toBe('/home/detail');
  });

  it('splits the fragment query', () => {
    expect(parseHttpUrl('https://a.example/#/home/detail?id=1&b=2')?.fragmentQuery).toBe('id=1&b=2');
  });

  it('repairs HTML ampersand entity', () => {
    expect(parseHttpUrl('https://a.example/?a=1&amp;b=2')?.query).toBe('a=1&b=2');
  });
});

function parseOrThrow(text: string): UrlParts {
  const url = parseHttpUrl(text);
  if (url === undefined) {
    throw new Error(`Test URL ${text} failed to parse`);
  }
  return url;
}

describe('getParam', () => {
  const url = parseOrThrow('https://a.example/p?ItemID=111111&itemid=222222&flag#/r?Extra=3&itemId=444444');

  it('matches names case-insensitively', () => {
    expect(getParam(url, 'itemid')).toBe('111111');
  });

  it('reads fragment query parameters', () => {
    expect(getParam(url, 'extra')).toBe('3');
  });

  it('reads a name without value', () => {
    expect(getParam(url, 'flag')).toBe('');
  });

  it('misses an absent name', () => {
    expect(getParam(url, 'id')).toBeUndefined();
  });
});

describe('percentDecode', () => {
  const cases: readonly (readonly [string, string, string])[] = [
    ['ASCII escapes', '%41%3D%26', 'A=&'],
    ['UTF-8 escapes', '%E4%B8%AD%E6%96%87', '中文'],
    ['four-byte escape', '%F0%9F%98%80', '😀'],
    ['one layer only', '%253D', '%3D'],
    ['truncated UTF-8 kept', '%E4%B8x', '%E4%B8x'],
    ['invalid hex kept', '%zz%41', '%zzA'],
    ['lone percent kept', '100%', '100%'],
    ['overlong sequence kept', '%C0%AF', '%C0%AF'],
    ['encoded surrogate kept', '%ED%A0%80', '%ED%A0%80'],
    ['text without escapes', 'plain', 'plain'],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    expect(percentDecode(input)).toBe(expected);
  });
});

describe('hasEncodedSeparator', () => {
  it('finds encoded equals sign', () => {
    expect(hasEncodedSeparator('itemID%3d1')).toBe(true);
  });

  it('finds encoded ampersand', () => {
    expect(hasEncodedSeparator('a%26b')).toBe(true);
  });

  it('ignores other escapes', () => {
    expect(hasEncodedSeparator('a%2Fb%253D')).toBe(false);
  });
});

describe('findNestedUrl', () => {
  const names = new Set(['url']);
  const nestedIn = (outer: string): string | undefined => findNestedUrl(parseOrThrow(outer), names);

  it('takes unencoded rest of URL', () => {
    expect(nestedIn(`https://a.example/p?x=1&url=${WEIDIAN}&utm=2#frag`)).toBe(`${WEIDIAN}&utm=2#frag`);
  });

  it('takes rest of fragment query', () => {
    expect(nestedIn(`https://a.example/#/detail?x=1&url=${WEIDIAN}&b=2`)).toBe(`${WEIDIAN}&b=2`);
  });

  it('decodes one layer', () => {
    expect(nestedIn(`https://a.example/p?url=${encode(WEIDIAN, 1)}&b=2`)).toBe(WEIDIAN);
  });

  it('decodes three layers', () => {
    expect(nestedIn(`https://a.example/p?url=${encode(WEIDIAN, 3)}`)).toBe(WEIDIAN);
  });

  it('stops after three layers', () => {
    expect(nestedIn(`https://a.example/p?url=${encode(WEIDIAN, 4)}`)).toBeUndefined();
  });

  it('takes the first wrapper parameter', () => {
    expect(nestedIn(`https://a.example/p?url=${encode(WEIDIAN, 1)}&url=https%3A%2F%2Fb.example`)).toBe(WEIDIAN);
  });

  it('ignores values without scheme', () => {
    expect(nestedIn('https://a.example/p?url=PJ3kAbCdEf%2B0123')).toBeUndefined();
  });

  it('ignores other parameter names', () => {
    expect(nestedIn(`https://a.example/p?link=${encode(WEIDIAN, 1)}`)).toBeUndefined();
  });
});

describe('decoding rules', () => {
  const cases: readonly TokenCase[] = [
    ['HTML entity before id', 'https://weidian.com/item.html?a=1&amp;itemID=7412345012', 'weidian:7412345012'],
    ['encoded entity in wrapper', `https://www.pandabuy.com/product?url=${encode('https://item.taobao.com/item.htm?a=1&amp;id=701234567891', 1)}`, 'taobao:701234567891'],
    ['mixed-case parameter name', 'https://weidian.com/item.html?ItEmId=7412345012', 'weidian:7412345012'],
    ['duplicate parameter first wins', 'https://weidian.com/item.html?itemID=7412345012&itemID=7412345099', 'weidian:7412345012'],
    ['duplicate code first wins', 'https://cnfans.com/product?id=7412345012&platform=WEIDIAN&platform=TAOBAO', 'weidian:7412345012'],
    ['mixed-case code value', 'https://cnfans.com/product?id=7412345012&platform=WeiDian', 'weidian:7412345012'],
    ['mixed-case path code', 'https://hipobuy.com/product/WeIdIaN/7412345012', 'weidian:7412345012'],
    ['upper-case whole URL', 'HTTPS://WWW.HOOBUY.COM/PRODUCT/1/675312345680', 'taobao:675312345680'],
    ['fragment query id', 'https://panglobalbuy.com/#/details?type=2&offerId=676712345614', '1688:676712345614'],
    ['fragment without query', 'https://weidian.com/item.html?itemID=7412345034#wfr=BuyercopyURL', 'weidian:7412345034'],
    ['Google Docs encoded equals', 'https://weidian.com/item.html?itemID%3D7390123456&sa=D&source=editors&ust=1', 'weidian:7390123456'],
    ['encoded equals in id value', 'https://item.taobao.com/item.htm?id%3D701234567891%26spm%3Da', 'taobao:701234567891'],
    ['partly encoded inner URL', 'https://www.sugargoo.com/#/home/productDetail?productLink=https://detail.tmall.com/item.htm?abbucket=6%26id=675312345699%26ns=1&memberId=1', 'taobao:675312345699'],
    ['partly encoded direct URL', 'https://detail.tmall.com/item.htm?abbucket=6%26id=675312345699', 'taobao:675312345699'],
    ['double-encoded equals not repaired', 'https://weidian.com/item.html?itemID%253D7390123456', '-'],
    ['encoded offer path', `https://kakobuy.com/item/details?url=${encode('https://detail.1688.com/offer/669512345611.html', 2)}`, '1688:669512345611'],
    ['appended query after id', 'https://weidian.com/item.html?itemID=7401234567?spider_token=9f3a', 'weidian:7401234567'],
    ['appended path after id', 'https://item.taobao.com/item.htm?id=701234567891/extra', 'taobao:701234567891'],
    ['letters after id', 'https://weidian.com/item.html?itemID=7401234567abc', '-'],
    ['encoded query mark after id', 'https://weidian.com/item.html?itemID=7401234567%3Fx%3D1', 'weidian:7401234567'],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    expect(tokensOf(input)).toBe(expected);
  });
});

describe('nesting depth', () => {
  const wrap = (inner: string): string => `https://www.pandabuy.com/product?url=${inner}`;

  it('follows three nested wrappers', () => {
    expect(tokensOf(`https://www.google.com/url?q=${wrap(wrap(WEIDIAN))}`)).toBe('weidian:7412345012');
  });

  it('stops at four nested wrappers', () => {
    expect(tokensOf(`https://www.google.com/url?q=${wrap(wrap(wrap(WEIDIAN)))}`)).toBe('-');
  });

  it('follows triple-encoded nesting', () => {
    const inner = `https://www.allchinabuy.com/en/page/buy?from=search-input&url=${encode(WEIDIAN, 1)}`;
    expect(tokensOf(`https://www.allchinabuy.com/en/page/buy/?url=${encode(inner, 1)}`)).toBe('weidian:7412345012');
  });
});
