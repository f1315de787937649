import { describe, expect, it } from 'vitest';
import {
  counterCustomId,
  pageCustomId,
  parseCarouselCustomId,
  parseProductOptionValue,
  pickCustomId,
  productOptionValue,
} from '../../src/render/custom-ids.js';

const REF = { storefront: 'weidian', listingId: '7231368393' } as const;
const OWNER = '123456789012345678';

describe('carousel custom ids', () => {
  it('round-trips a page button', () => {
    const customId = pageCustomId(2, REF, 11, OWNER, 'next');
    expect(parseCarouselCustomId(customId)).toEqual({ kind: 'page', focus: 2, ref: REF, photo: 11, ownerId: OWNER });
  });

  it('round-trips a product picker', () => {
    expect(parseCarouselCustomId(pickCustomId(OWNER))).toEqual({ kind: 'pick', ownerId: OWNER });
  });

  it('stays under 100 characters at the maximum', () => {
    const longest = pageCustomId(9, { storefront: 'weidian', listingId: '999999999999999' }, 999, '99999999999999999999', 'prev');
    expect(longest.length).toBeLessThanOrEqual(100);
  });

  it('keeps prev and next ids distinct', () => {
    expect(pageCustomId(0, REF, 0, OWNER, 'prev')).not.toBe(pageCustomId(0, REF, 0, OWNER, 'next'));
    expect(counterCustomId(0)).not.toBe(pageCustomId(0, REF, 0, OWNER, 'prev'));
  });

  it.each([
    ['empty', ''],
    ['unknown prefix', 'admin:1'],
    ['missing fields', 'page:0:weidian:7231368393:1'],
    ['extra fields', `page:0:weidian:7231368393:1:${OWNER}:next:x`],
    ['unknown storefront', `page:0:jd:7231368393:1:${OWNER}:next`],
    ['invalid listing id', `page:0:weidian:0123:1:${OWNER}:next`],
    ['negative photo', `page:0:weidian:7231368393:-1:${OWNER}:next`],
    ['huge photo', `page:0:weidian:7231368393:100000:${OWNER}:next`],
    ['focus out of range', `page:10:weidian:7231368393:1:${OWNER}:next`],
    ['non-numeric owner', 'page:0:weidian:7231368393:1:someone:next'],
    ['unknown direction', `page:0:weidian:7231368393:1:${OWNER}:up`],
    ['counter', 'count:0'],
    ['pick without owner', 'pick:'],
    ['over length', `pick:${'1'.repeat(120)}`],
  ])('rejects %s', (_case, customId) => {
    expect(parseCarouselCustomId(customId)).toBeNull();
  });
});

describe('product option values', () => {
  it('round-trips a product', () => {
    expect(parseProductOptionValue(productOptionValue(REF))).toEqual(REF);
  });

  it.each(['', 'weidian', 'weidian:abc', 'ebay:7231368393', 'weidian:7231368393:1'])('rejects %j', (value) => {
    expect(parseProductOptionValue(value)).toBeNull();
  });
});
