import { describe, expect, it } from 'vitest';
import type { FoundProduct, LookupOutcome } from '../../src/lookup/product-lookup.js';
import { parseCarouselCustomId } from '../../src/render/custom-ids.js';
import { DISCORD_LIMITS } from '../../src/render/discord-limits.js';
import { renderLookupReply } from '../../src/render/lookup-reply.js';

const OWNER = '310000000000000001';

function found(listingId: string, overrides: Partial<FoundProduct['product']> = {}, photoCount = 3): FoundProduct {
  const photos = Array.from({ length: photoCount }, (_, index) => `https://cdn.qualit.ly/qc/${listingId}/${index + 1}.jpg`);
  return {
    status: 'found',
    ref: { storefront: 'weidian', listingId },
    product: {
      id: Number(listingId.slice(-6)),
      storefront: 'weidian',
      listingId,
      name: `Product ${listingId}`,
      price: '¥100.00',
      picUrl: null,
      productUrl: `https://weidian.com/item.html?itemID=${listingId}`,
      qcCount: photoCount,
      qcPreview: photos.slice(0, 5),
      ...overrides,
    },
    photos,
  };
}

function buttons(reply: ReturnType<typeof renderLookupReply>) {
  return reply.components.flatMap((row) => row.components).filter((component) => component.type === 2);
}

describe('renderLookupReply', () => {
  it('shows the requested photo', () => {
    const reply = renderLookupReply({ outcomes: [found('7231368393')], focus: 0, photo: 1, ownerId: OWNER });
    expect(reply.embeds[0]?.image?.url).toBe('https://cdn.qualit.ly/qc/7231368393/2.jpg');
    expect(reply.embeds[0]?.footer?.text).toMatch(/^Photo 2 of 3/);
  });

  it('clamps a photo past the end', () => {
    const reply = renderLookupReply({ outcomes: [found('7231368393')], focus: 0, photo: 50, ownerId: OWNER });
    expect(reply.embeds[0]?.image?.url).toBe('https://cdn.qualit.ly/qc/7231368393/3.jpg');
  });

  it('points the arrows at neighbouring photos', () => {
    const reply = renderLookupReply({ outcomes: [found('7231368393')], focus: 0, photo: 1, ownerId: OWNER });
    const [previous, counter, next] = buttons(reply);
    expect(parseCarouselCustomId(String((previous as { custom_id: string }).custom_id))).toMatchObject({ photo: 0, ownerId: OWNER });
    expect(parseCarouselCustomId(String((next as { custom_id: string }).custom_id))).toMatchObject({ photo: 2, ownerId: OWNER });
    expect((counter as { label: string }).label).toBe('Photo 2 of 3');
  });

  it('disables arrows at both ends', () => {
    const single = renderLookupReply({ outcomes: [found('7231368393', {}, 1)], focus: 0, photo: 0, ownerId: OWNER });
    expect(buttons(single).every((button) => (button as { disabled?: boolean }).disabled)).toBe(true);
  });

  it('lists products that were not found', () => {
    const outcomes: LookupOutcome[] = [found('7231368393'), { status: 'not-found', ref: { storefront: '1688', listingId: '612345678901' } }];
    const reply = renderLookupReply({ outcomes, focus: 0, photo: 0, ownerId: OWNER });
    expect(reply.content).toBe('No QC data found for 1688 listing `612345678901`.');
    expect(reply.embeds).toHaveLength(1);
  });

  it('says how many products were left out', () => {
    const reply = renderLookupReply({ outcomes: [found('7231368393')], focus: 0, photo: 0, ownerId: OWNER, omittedCount: 2 });
    expect(reply.content).toBe('2 more products were left out. Paste them in a separate message.');
  });

  it('adds a picker for several products', () => {
    const reply = renderLookupReply({ outcomes: [found('7231368391'), found('7231368392')], focus: 1, photo: 0, ownerId: OWNER });
    const select = reply.components[1]?.components[0] as { type: number; options: Array<{ value: string; default: boolean }> };
    expect(select.type).toBe(3);
    expect(select.options.map((option) => option.default)).toEqual([false, true]);
    expect(reply.embeds[1]?.color).not.toBe(reply.embeds[0]?.color);
  });

  it('drops unsafe photo URLs', () => {
    const product = found('7231368393');
    product.photos = ['javascript:alert(1)', `https://cdn.qualit.ly/${'a'.repeat(2100)}`, 'https://cdn.qualit.ly/qc/ok.jpg'];
    const reply = renderLookupReply({ outcomes: [product], focus: 0, photo: 0, ownerId: OWNER });
    expect(reply.embeds[0]?.image?.url).toBe('https://cdn.qualit.ly/qc/ok.jpg');
    expect(buttons(reply)[1]).toMatchObject({ label: 'Photo 1 of 1' });
  });

  it('keeps hostile text within Discord limits', () => {
    const hostile = 'x'.repeat(5000);
    const outcomes = Array.from({ length: 10 }, (_, index) => found(`72313683${10 + index}`, { name: hostile, price: hostile }));
    const reply = renderLookupReply({ outcomes, focus: 0, photo: 0, ownerId: OWNER, notices: [hostile] });
    const total = reply.embeds.reduce(
      (sum, embed) => sum + (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) +
        (embed.fields ?? []).reduce((fieldSum, field) => fieldSum + field.name.length + field.value.length, 0),
      0,
    );

    expect(reply.embeds).toHaveLength(10);
    expect(reply.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.MESSAGE_CONTENT_CHARS);
    expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.EMBED_TOTAL_CHARS);
    for (const embed of reply.embeds) {
      expect(embed.title?.length).toBeLessThanOrEqual(DISCORD_LIMITS.EMBED_TITLE_CHARS);
      for (const field of embed.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.EMBED_FIELD_VALUE_CHARS);
    }
  });

  it('caps the carousel at 1000 photos', () => {
    const product = found('7231368393', {}, 1500);
    const reply = renderLookupReply({ outcomes: [product], focus: 0, photo: 5000, ownerId: OWNER });
    const [previous] = buttons(reply);

    expect(reply.embeds[0]?.footer?.text).toMatch(/^Photo 1000 of 1000/);
    expect(parseCarouselCustomId(String((previous as { custom_id: string }).custom_id))).toMatchObject({ photo: 998 });
  });

  it('never allows mentions', () => {
    const reply = renderLookupReply({ outcomes: [found('7231368393', { name: '@everyone free shoes' })], focus: 0, photo: 0, ownerId: OWNER });
    expect(reply.allowedMentions).toEqual({ parse: [], repliedUser: false });
    expect(reply.embeds[0]?.title).not.toContain('@everyone');
  });

  it('names a product without a name', () => {
    const reply = renderLookupReply({ outcomes: [found('7231368393', { name: null })], focus: 0, photo: 0, ownerId: OWNER });
    expect(reply.embeds[0]?.title).toBe('Weidian product 7231368393');
  });
});
