import { describe, expect, it } from 'vitest';

import { extractLinks, findCandidates } from '../../src/links/index.js';
import { tokensOf, type TokenCase } from './helpers.js';

const ITEM = 'https://weidian.com/item.html?itemID=7412345012';
const TOKEN = 'weidian:7412345012';

describe('findCandidates', () => {
  it('finds nothing without slashes', () => {
    expect(findCandidates('no links here, only vibes')).toEqual([]);
  });

  it('scheme at text start', () => {
    expect(findCandidates(ITEM)).toEqual([{ start: 0, url: ITEM }]);
  });

  it('upper-case scheme', () => {
    expect(findCandidates('HTTPS://WEIDIAN.COM/item.html')).toEqual([{ start: 0, url: 'HTTPS://WEIDIAN.COM/item.html' }]);
  });

  it('plain http scheme', () => {
    expect(findCandidates('see http://a.example/x')).toEqual([{ start: 4, url: 'http://a.example/x' }]);
  });

  it('scheme glued to a word', () => {
    expect(findCandidates('lookhttps://a.example/x')).toEqual([{ start: 4, url: 'https://a.example/x' }]);
  });

  it('unknown host still a candidate', () => {
    expect(findCandidates('https://evil.example/')).toHaveLength(1);
  });

  it('scheme-less known host', () => {
    expect(findCandidates('www.weidian.com/item.html?itemID=1 ok')).toEqual([
      { start: 0, url: 'https://www.weidian.com/item.html?itemID=1' },
    ]);
  });

  it('scheme-less unknown host', () => {
    expect(findCandidates('example.com/item.html')).toEqual([]);
  });

  it('scheme-less after slash in word', () => {
    expect(findCandidates('foo/weidian.com/item.html')).toEqual([]);
  });

  it('scheme-less after ASCII colon', () => {
    expect(findCandidates('see:weidian.com/item.html')).toEqual([]);
  });

  it('scheme-less after quote', () => {
    expect(findCandidates('"weidian.com/item.html"')).toEqual([]);
  });

  it('scheme-less host needs slash', () => {
    expect(findCandidates('weidian.com?itemID=7412345012 /')).toEqual([]);
  });

  it('nested URL stays in outer', () => {
    const text = 'https://a.example/?u=https://weidian.com/item.html?itemID=1';
    expect(findCandidates(text)).toEqual([{ start: 0, url: text }]);
  });

  it('masked link gives both parts', () => {
    expect(findCandidates('[https://a.example/x](https://b.example/y)')).toEqual([
      { start: 1, url: 'https://a.example/x' },
      { start: 22, url: 'https://b.example/y' },
    ]);
  });

  it('repeated schemes form one candidate', () => {
    expect(findCandidates('http://http://http://')).toHaveLength(1);
  });
});

describe('candidate end', () => {
  const terminators: readonly (readonly [string, string])[] = [
    ['space', ' '],
    ['tab', '\t'],
    ['newline', '\n'],
    ['no-break space', '\u00a0'],
    ['ideographic space', '\u3000'],
    ['less-than sign', '<'],
    ['greater-than sign', '>'],
    ['double quote', '"'],
    ['backtick', '`'],
    ['pipe', '|'],
    ['opening square bracket', '['],
    ['closing square bracket', ']'],
    ['opening parenthesis', '('],
    ['closing parenthesis', ')'],
    ['opening curly brace', '{'],
    ['closing curly brace', '}'],
    ['asterisk', '*'],
    ['backslash', '\\'],
    ['CJK corner bracket', '」'],
    ['CJK lenticular bracket', '】'],
    ['fullwidth comma', '，'],
    ['ideographic full stop', '。'],
    ['fullwidth exclamation', '！'],
    ['fullwidth question mark', '？'],
    ['fullwidth semicolon', '；'],
    ['fullwidth colon', '：'],
    ['ideographic comma', '、'],
    ['double angle bracket', '》'],
    ['fullwidth parenthesis', '）'],
  ];

  it.each(terminators)('ends at %s', (_name, terminator) => {
    expect(findCandidates(`${ITEM}${terminator}garbage`)[0]?.url).toBe(ITEM);
  });

  const trailing: readonly (readonly [string, string])[] = [
    ['full stop', '.'],
    ['comma', ','],
    ['semicolon', ';'],
    ['colon', ':'],
    ['exclamation marks', '!!!'],
    ['question mark', '?'],
    ['apostrophe', "'"],
    ['tildes', '~~'],
    ['underscores', '__'],
    ['ampersand', '&'],
    ['mixed punctuation', '.,;:!?\'~_&'],
  ];

  it.each(trailing)('strips trailing %s', (_name, punctuation) => {
    expect(findCandidates(`${ITEM}${punctuation}`)[0]?.url).toBe(ITEM);
  });

  it('keeps inner punctuation', () => {
    const url = 'https://a.example/a.b,c;d?e=f&g=h';
    expect(findCandidates(url)[0]?.url).toBe(url);
  });

  it('ASCII comma does not end', () => {
    expect(findCandidates('https://a.example/x,https://b.example/y')).toHaveLength(1);
  });
});

describe('chat syntax', () => {
  const cases: readonly TokenCase[] = [
    ['embed suppressed', `<${ITEM}>`, TOKEN],
    ['spoiler', `||${ITEM}||`, TOKEN],
    ['bold', `**${ITEM}**`, TOKEN],
    ['italic underscores', `__${ITEM}__`, TOKEN],
    ['code span', `\`${ITEM}\``, TOKEN],
    ['strikethrough', `~~${ITEM}~~`, TOKEN],
    ['parentheses', `(${ITEM})`, TOKEN],
    ['masked link target', `[look here](${ITEM})`, TOKEN],
    ['masked link label', `[${ITEM}](https://example.com/x)`, TOKEN],
    ['sentence end', `got it: ${ITEM}.`, TOKEN],
    ['exclamations', `${ITEM}!!!`, TOKEN],
    ['Chinese share text', `【微店】${ITEM}「新款」`, TOKEN],
    ['Chinese comma', `${ITEM}，好看`, TOKEN],
    ['scheme-less spoiler', '||weidian.com/item.html?itemID=7412345012||', TOKEN],
    ['scheme-less in parentheses', '(weidian.com/item.html?itemID=7412345012)', TOKEN],
    ['scheme-less after lenticular', '【weidian.com/item.html?itemID=7412345012】', TOKEN],
    ['scheme-less after fullwidth colon', '链接：weidian.com/item.html?itemID=7412345012', TOKEN],
    ['scheme-less after Chinese comma', '看看，weidian.com/item.html?itemID=7412345012', TOKEN],
    ['scheme-less after closing bracket', '】weidian.com/item.html?itemID=7412345012', '-'],
    ['scheme-less upper case', 'WWW.WEIDIAN.COM/item.html?itemID=7412345012', TOKEN],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    expect(tokensOf(input)).toBe(expected);
  });
});

describe('ordering and de-duplication', () => {
  it('orders products by offset', () => {
    const text = 'https://detail.1688.com/offer/712345678907.html then https://weidian.com/item.html?itemID=7412345012';
    expect(tokensOf(text)).toBe('1688:712345678907 weidian:7412345012');
  });

  it('reports candidate start offsets', () => {
    const text = 'a https://m.tb.cn/h.AbC b weidian.com/item.html?itemID=7412345012';
    expect(extractLinks(text).map((match) => match.start)).toEqual([2, 26]);
  });

  it('Tmall and Taobao share key', () => {
    const text = 'https://detail.tmall.com/item.htm?id=701234567894 https://item.taobao.com/item.htm?id=701234567894';
    expect(tokensOf(text)).toBe('taobao:701234567894');
  });

  it('agent and direct link merge', () => {
    const text = 'https://hoobuy.com/product/2/7412345017 https://weidian.com/item.html?itemID=7412345017';
    expect(tokensOf(text)).toBe('weidian:7412345017');
  });

  it('keeps first of duplicate products', () => {
    const text = 'x https://weidian.com/item.html?itemID=7412345017 https://cnfans.com/product?id=7412345017&platform=WEIDIAN';
    expect(extractLinks(text)[0]?.start).toBe(2);
  });

  it('identical short links merge', () => {
    expect(tokensOf('https://m.tb.cn/h.AbC https://m.tb.cn/h.AbC')).toBe('resolve');
  });

  it('distinct short links stay', () => {
    expect(tokensOf('https://m.tb.cn/h.AbC https://m.tb.cn/h.XyZ')).toBe('resolve resolve');
  });

  it('mixes short links and products', () => {
    expect(tokensOf('https://m.tb.cn/h.AbC and weidian.com/item.html?itemID=7412345031')).toBe(
      'resolve weidian:7412345031',
    );
  });
});
