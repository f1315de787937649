import { describe, expect, it } from 'vitest';
import { AnsweredLinks } from '../../src/discord/answered-links.js';
import type { LinkMatch } from '../../src/links/index.js';

function product(listingId: string): LinkMatch {
  return { kind: 'product', ref: { storefront: 'weidian', listingId }, start: 0 };
}

describe('AnsweredLinks', () => {
  it('returns only new matches', () => {
    const answered = new AnsweredLinks();
    expect(answered.takeUnanswered('m1', [product('7231368393')])).toHaveLength(1);
    expect(answered.takeUnanswered('m1', [product('7231368393'), product('7231368394')])).toEqual([product('7231368394')]);
  });

  it('keeps messages apart', () => {
    const answered = new AnsweredLinks();
    answered.takeUnanswered('m1', [product('7231368393')]);
    expect(answered.takeUnanswered('m2', [product('7231368393')])).toHaveLength(1);
  });

  it('treats short links by URL', () => {
    const answered = new AnsweredLinks();
    const short: LinkMatch = { kind: 'short', url: 'https://m.tb.cn/h.abc', start: 0 };
    answered.takeUnanswered('m1', [short]);
    expect(answered.takeUnanswered('m1', [short])).toEqual([]);
  });

  it('forgets the oldest message first', () => {
    const answered = new AnsweredLinks(2);
    answered.takeUnanswered('m1', [product('7231368391')]);
    answered.takeUnanswered('m2', [product('7231368392')]);
    answered.takeUnanswered('m3', [product('7231368393')]);

    expect(answered.size).toBe(2);
    expect(answered.takeUnanswered('m1', [product('7231368391')])).toHaveLength(1);
    expect(answered.takeUnanswered('m3', [product('7231368393')])).toHaveLength(0);
  });
});
