import type { FakeKey, FakeProduct } from './types.js';

export const DEMO_ACCOUNT_ID = 4242;

/** Key of the demo account, accepted only by the fake server. */
export const DEMO_API_KEY = 'qc_test_DemoKeyForTheFakeQualitlyServer1';

/** The demo account is on pro_plus, so every endpoint works with it. */
export const DEMO_KEY: FakeKey = {
  key: DEMO_API_KEY,
  accountId: DEMO_ACCOUNT_ID,
  username: 'demo',
  keyId: 4242,
  tier: 'pro_plus',
  mode: 'test',
};

/** Image URLs on the provider's CDN host; they are strings only and no test fetches them. */
function qcImages(storefront: string, listingId: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `https://cdn.qualit.ly/qc/${storefront}/${listingId}/${index + 1}.jpg`);
}

export const DEMO_PRODUCTS: readonly FakeProduct[] = [
  {
    id: 482910,
    storefront: 'weidian',
    listingId: '7231368393',
    name: 'AJ1 Retro High OG *Chicago* 1:1',
    price: '¥470.00',
    picUrl: 'https://cdn.qualit.ly/covers/weidian/7231368393.jpg',
    productUrl: 'https://weidian.com/item.html?itemID=7231368393',
    images: qcImages('weidian', '7231368393', 14),
  },
  {
    id: 482911,
    storefront: 'taobao',
    listingId: '652812345678',
    name: 'Essentials hoodie __oversized__ ~~sale~~ (Tmall)',
    price: '¥239.00',
    picUrl: 'https://cdn.qualit.ly/covers/taobao/652812345678.jpg',
    productUrl: 'https://item.taobao.com/item.htm?id=652812345678',
    images: qcImages('taobao', '652812345678', 12),
  },
  {
    id: 482912,
    storefront: '1688',
    listingId: '612345678901',
    name: 'Cargo pants @everyone look at these',
    price: '¥88.50',
    picUrl: 'https://cdn.qualit.ly/covers/1688/612345678901.jpg',
    productUrl: 'https://detail.1688.com/offer/612345678901.html',
    images: qcImages('1688', '612345678901', 4),
  },
  {
    id: 482913,
    storefront: 'weidian',
    listingId: '7400000001',
    name: 'New arrival, no QC photos yet',
    price: null,
    picUrl: null,
    productUrl: 'https://weidian.com/item.html?itemID=7400000001',
    images: [],
  },
  {
    id: 482914,
    storefront: 'taobao',
    listingId: '720000000042',
    name: 'Down jacket | `code` > quote <@123> [link](https://example.com)',
    price: '¥1,099.00',
    images: qcImages('taobao', '720000000042', 6),
  },
];
