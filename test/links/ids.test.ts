import { describe, expect, it } from 'vitest';

import { isValidListingId, productKey, STOREFRONTS, storefrontUrl } from '../../src/links/index.js';
import { trimIdSuffix } from '../../src/links/ids.js';

describe('isValidListingId', () => {
  const cases: readonly (readonly [string, string, boolean])[] = [
    ['ten-digit Weidian id', '7231368393', true],
    ['twelve-digit Taobao id', '678901234567', true],
    ['thirteen-digit 1688 id', '1043223269197', true],
    ['six digits minimum', '100000', true],
    ['fifteen digits maximum', '123456789012345', true],
    ['five digits', '12345', false],
    ['sixteen digits', '1234567890123456', false],
    ['leading zero', '0723136839', false],
    ['letters', '72313a8393', false],
    ['empty string', '', false],
    ['fullwidth digits', '７２３１３６８３９３', false],
    ['Arabic-Indic digits', '٧٢٣١٣٦٨٣٩٣', false],
    ['surrounding space', ' 7231368393', false],
    ['plus sign', '+7231368393', false],
  ];

  it.each(cases)('%s', (_name, id, valid) => {
    expect(isValidListingId(id)).toBe(valid);
  });
});

describe('trimIdSuffix', () => {
  const cases: readonly (readonly [string, string, string])[] = [
    ['cuts appended query', '7401234567?spider_token=9f3a', '7401234567'],
    ['cuts appended path', '7401234567/extra', '7401234567'],
    ['keeps plain digits', '7401234567', '7401234567'],
    ['keeps letters after digits', '7401234567abc', '7401234567abc'],
    ['keeps leading letters', 'abc?1', 'abc?1'],
  ];

  it.each(cases)('%s', (_name, value, expected) => {
    expect(trimIdSuffix(value)).toBe(expected);
  });
});

describe('productKey', () => {
  it('joins storefront and id', () => {
    expect(productKey({ storefront: 'weidian', listingId: '7231368393' })).toBe('weidian:7231368393');
  });
});

describe('storefrontUrl', () => {
  it('builds Weidian item URL', () => {
    expect(storefrontUrl({ storefront: 'weidian', listingId: '7231368393' })).toBe(
      'https://weidian.com/item.html?itemID=7231368393',
    );
  });

  it('builds Taobao item URL', () => {
    expect(storefrontUrl({ storefront: 'taobao', listingId: '678901234567' })).toBe(
      'https://item.taobao.com/item.htm?id=678901234567',
    );
  });

  it('builds 1688 offer URL', () => {
    expect(storefrontUrl({ storefront: '1688', listingId: '654321098765' })).toBe(
      'https://detail.1688.com/offer/654321098765.html',
    );
  });

  it('lists three storefronts', () => {
    expect(STOREFRONTS).toEqual(['weidian', 'taobao', '1688']);
  });
});
