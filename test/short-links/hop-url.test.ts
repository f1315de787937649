import { describe, expect, it } from 'vitest';

import { checkHopUrl } from '../../src/short-links/index.js';

const ALLOWED: ReadonlyArray<readonly [input: string, expectedUrl: string]> = [
  ['https://m.tb.cn/h.AbC12dE?tk=x', 'https://m.tb.cn/h.AbC12dE?tk=x'],
  ['http://m.tb.cn/h.AbC12dE', 'https://m.tb.cn/h.AbC12dE'],
  ['http://m.tb.cn:80/h.AbC12dE', 'https://m.tb.cn/h.AbC12dE'],
  ['https://m.tb.cn:443/h.AbC12dE', 'https://m.tb.cn/h.AbC12dE'],
  ['HTTPS://M.TB.CN./h.AbC12dE', 'https://m.tb.cn/h.AbC12dE'],
  ['https://item.taobao.com/item.htm?id=678901234567', 'https://item.taobao.com/item.htm?id=678901234567'],
  ['https://www.kakobuy.com/register/?affcode=aff03', 'https://www.kakobuy.com/register/?affcode=aff03'],
  ['https://www.google.com/url?q=https://weidian.com/', 'https://www.google.com/url?q=https://weidian.com/'],
];

const BLOCKED: ReadonlyArray<readonly [input: string, rule: string]> = [
  ['https://evil.example/h.x', 'host'],
  ['https://m.tb.cn.evil.example/h.x', 'host'],
  ['https://notm.tb.cn/h.x', 'host'],
  ['https://bit.ly/abc', 'host'],
  ['https://localhost/h.x', 'host'],
  ['https://127.0.0.1/h.x', 'ip-literal'],
  ['http://2130706433/', 'ip-literal'],
  ['https://0x7f.1/', 'ip-literal'],
  ['https://0177.0.0.1/', 'ip-literal'],
  ['https://127.0.0.1./', 'ip-literal'],
  ['https://[::1]/', 'ip-literal'],
  ['https://[::ffff:127.0.0.1]/', 'ip-literal'],
  ['https://user:secret@m.tb.cn/h.x', 'userinfo'],
  ['https://user@m.tb.cn/h.x', 'userinfo'],
  ['https://m.tb.cn:8443/h.x', 'port'],
  ['http://m.tb.cn:8080/h.x', 'port'],
  ['ftp://m.tb.cn/h.x', 'scheme'],
  ['taobao://item.taobao.com/item.htm?id=678901234567', 'scheme'],
  ['javascript:alert(1)', 'scheme'],
];

describe('checkHopUrl', () => {
  it.each(ALLOWED)('allows %s', (input, expectedUrl) => {
    const check = checkHopUrl(new URL(input));
    expect(check.kind).toBe('allowed');
    expect(check.kind === 'allowed' ? check.url.href : undefined).toBe(expectedUrl);
  });

  it.each(BLOCKED)('blocks %s by %s', (input, rule) => {
    const check = checkHopUrl(new URL(input));
    expect(check.kind).toBe('blocked');
    expect(check.kind === 'blocked' ? check.rule : undefined).toBe(rule);
  });

  it.each(['https://www.goofish.com/item?id=812345678901', 'https://2.taobao.com/item.htm?id=712345678912'])(
    'reports excluded marketplace %s',
    (input) => {
      expect(checkHopUrl(new URL(input)).kind).toBe('excluded');
    },
  );

  it('leaves its input unchanged', () => {
    const input = new URL('http://M.TB.CN./h.x');
    checkHopUrl(input);
    expect(input.href).toBe('http://m.tb.cn./h.x');
  });
});
