import { describe, expect, it } from 'vitest';

import { tokensOf, type TokenCase } from './helpers.js';

/** Percent-encodes a URL `layers` times, as agents do when they wrap a storefront link. */
function encode(url: string, layers = 1): string {
  let value = url;
  for (let layer = 0; layer < layers; layer++) {
    value = encodeURIComponent(value);
  }
  return value;
}

const WD = 'https://weidian.com/item.html?itemID=7412345012';
const TB = 'https://item.taobao.com/item.htm?id=701234567891';
const TM = 'https://detail.tmall.com/item.htm?id=701234567892';
const AL = 'https://detail.1688.com/offer/654321098765.html';

function expectTokens(cases: readonly TokenCase[]): void {
  it.each(cases)('%s', (_name, input, expected) => {
    expect(tokensOf(input)).toBe(expected);
  });
}

describe('wrapper agents', () => {
  expectTokens([
    ['Pandabuy encoded url', `https://www.pandabuy.com/product?ra=500&url=${encode(TB)}&inviteCode=X`, 'taobao:701234567891'],
    ['Pandabuy mobile', `https://m.pandabuy.com/product?url=${encode(WD)}`, 'weidian:7412345012'],
    ['Pandabuy unencoded url', `https://www.pandabuy.com/product?url=${TB}&utm_source=pop&utm_medium=pdb`, 'taobao:701234567891'],
    ['Pandabuy encrypted PJ value', 'https://www.pandabuy.com/product?url=PJ3kAbCdEfGh%2B456789AbCd&utm_source=url', '-'],
    ['Pandabuy encrypted PI value', 'https://www.pandabuy.com/product?url=PI1234567890123', '-'],
    ['Pandabuy shop page', 'https://www.pandabuy.com/shopdetail?ra=1&t=wd&id=1600000001', '-'],
    ['Wegobuy buy page', `https://www.wegobuy.com/en/page/buy?from=search-input&url=${encode(WD)}&partnercode=p`, 'weidian:7412345012'],
    ['Wegobuy Chinese buy page', `https://www.wegobuy.com/cn/page/buy?url=${encode(AL)}`, '1688:654321098765'],
    ['Superbuy buy page', `https://www.superbuy.com/en/page/buy?from=search-input&url=${encode(TB)}`, 'taobao:701234567891'],
    ['Superbuy mobile detail', `https://m.superbuy.com/en/goodsdetail/?url=${encode(TB)}`, 'taobao:701234567891'],
    ['Superbuy mobile route', `https://m.superbuy.com/home/#/goodsDetail?nTag=Home-search&_search=url&url=${TM}`, 'taobao:701234567892'],
    ['Superbuy shop page', 'https://www.superbuy.com/en/page/rebates/shop/?shopid=1800000004&platform=TB', '-'],
    ['AllChinaBuy buy page', `https://www.allchinabuy.com/en/page/buy/?nTag=Home-search&url=${encode(TB)}&partnercode=abc`, 'taobao:701234567891'],
    ['AllChinaBuy double-encoded', `https://www.allchinabuy.com/en/page/buy/?url=${encode(WD, 2)}`, 'weidian:7412345012'],
    ['AllChinaBuy mobile route', `https://m.allchinabuy.com/home/#/goodsDetail?_search=url&url=${WD}`, 'weidian:7412345012'],
    ['AllChinaBuy shop page', 'https://www.allchinabuy.com/en/page/shop/shop/?shopid=1800000004&platform=WD', '-'],
    ['Kakobuy item details', `https://www.kakobuy.com/item/details?url=${encode(AL)}&affcode=aff03`, '1688:654321098765'],
    ['Kakobuy store page', `https://www.kakobuy.com/item/store?url=${encode('https://shop500000003.taobao.com/')}`, '-'],
    ['Kakobuy registration page', 'https://www.kakobuy.com/register/?affcode=aff03', '-'],
    ['Hagobuy item details', `https://www.hagobuy.com/item/details?url=${encode(TB)}&affcode=a`, 'taobao:701234567891'],
    ['Hegobuy item details', `https://www.hegobuy.com/item/details?url=${encode(TB)}`, 'taobao:701234567891'],
    ['Hegobuy store page', `https://www.hegobuy.com/item/store?url=${encode('https://shop100000002.taobao.com')}`, '-'],
    ['Loongbuy encoded url', `https://www.loongbuy.com/product-details?url=${encode(WD)}&invitecode=a`, 'weidian:7412345012'],
    ['Loongbuy unencoded url', `https://www.loongbuy.com/product-details?url=${TB}`, 'taobao:701234567891'],
    ['Itaobuy unencoded url', `https://www.itaobuy.com/product-detail?url=${TM}&inviteCode=I`, 'taobao:701234567892'],
    ['Kameymall item page', `https://www.kameymall.com/purchases/search/item?url=${encode(WD)}`, 'weidian:7412345012'],
    ['Kameymall store page', 'https://www.kameymall.com/store/100000002_1', '-'],
    ['Kameymall order history', 'https://www.kameymall.com/purchases/123456789/detail', '-'],
    ['Blikbuy item', `https://www.blikbuy.com/?go=item&url=${encode(TB)}&icode=x`, 'taobao:701234567891'],
    ['Sugargoo double-encoded route', `https://www.sugargoo.com/#/home/productDetail?productLink=${encode(WD, 2)}&memberId=1`, 'weidian:7412345012'],
    ['Sugargoo old item page', `https://sugargoo.com/index/item/index.html?tp=taobao&url=${encode(WD)}`, 'weidian:7412345012'],
    ['Esugargoo route', `https://www.esugargoo.com/#/home/productDetail?productLink=${encode(TB, 2)}`, 'taobao:701234567891'],
    ['Fishgoo product route', `https://www.fishgoo.com/#/product?productLink=${encode(TB, 2)}&memberId=ref`, 'taobao:701234567891'],
    ['Fishgoo shop route', 'https://www.fishgoo.com/#/home/shopProducts?shopId=1&platform=TB', '-'],
    ['EzbuyCN key parameter', `https://ezbuycn.com/api/chaid.aspx?key=${encode(WD)}`, 'weidian:7412345012'],
    ['EzbuyCN id-only page', 'https://ezbuycn.com/jiexi.aspx?id=1&ids=7412345012', '-'],
  ]);
});

describe('structured agents', () => {
  expectTokens([
    ['CNFans platform code', 'https://cnfans.com/product?id=7412345041&platform=WEIDIAN&ref=1', 'weidian:7412345041'],
    ['CNFans ALI_1688 code', 'https://cnfans.com/product?id=654321098765&platform=ALI_1688', '1688:654321098765'],
    ['CNFans shop_type code', 'https://cnfans.com/product/?shop_type=taobao&id=616770612345', 'taobao:616770612345'],
    ['CNFans language prefix', 'https://cnfans.com/fr/product/?shop_type=taobao&id=616770612345', 'taobao:616770612345'],
    ['CNFans mobile page', 'https://m.cnfans.com/pages/product/product?id=7262412345&shoptype=weidian&ref=4', 'weidian:7262412345'],
    ['CNFans missing code', 'https://cnfans.com/product?id=7412345044', '-'],
    ['CNFans unknown code', 'https://cnfans.com/product?id=7412345044&platform=JD', '-'],
    ['CNFans empty code', 'https://cnfans.com/product?id=7412345044&platform=', '-'],
    ['CNFans shop page', 'https://cnfans.com/shops/?shop_type=weidian&shop_id=1600000001', '-'],
    ['CNFans non-product path', 'https://cnfans.com/cart?id=7412345044&platform=WEIDIAN', '-'],
    ['Mulebuy language prefix', 'https://mulebuy.com/zh/product/?shop_type=taobao&id=726512345678', 'taobao:726512345678'],
    ['Mulebuy mobile page', 'https://m.mulebuy.com/pages/product/product?id=7262412345&shoptype=WEIDIAN', 'weidian:7262412345'],
    ['Mulebuy shop page', 'https://mulebuy.com/shops/?shop_type=taobao&shop_id=100000008', '-'],
    ['Joyabuy shop_type', 'https://joyabuy.com/es/product/?shop_type=taobao&id=726512345679', 'taobao:726512345679'],
    ['Joyagoo odd-case code', 'https://m.joyagoo.com/pages/product/product?id=899312345678&shoptype=TAOBAo', 'taobao:899312345678'],
    ['Orientdig platform', 'https://orientdig.com/product?id=7412345003&platform=WEIDIAN', 'weidian:7412345003'],
    ['Lovegobuy ali_1688', 'https://www.lovegobuy.com/product?id=745912345678&shop_type=ali_1688', '1688:745912345678'],
    ['Lovegobuy legacy route', 'https://www.lovegobuy.com/pc/#/goods/detail?platform=weidian&goodsId=7412345003', 'weidian:7412345003'],
    ['Lovegobuy legacy detail', 'https://www.lovegobuy.com/detail?platform=taobao&goodsId=701234567891', 'taobao:701234567891'],
    ['Lovegobuy store page', 'https://www.lovegobuy.com/store/list?shopType=taobao&shopId=500000011', '-'],
    ['Ootdbuy channel code', 'https://www.ootdbuy.com/goods/details?id=7412345001&channel=weidian', 'weidian:7412345001'],
  ]);
});

describe('Oopbuy rules', () => {
  expectTokens([
    ['named path code', 'https://www.oopbuy.com/product/weidian/7231812345?inviteCode=I', 'weidian:7231812345'],
    ['1688 path code', 'https://oopbuy.com/product/1688/690912345678', '1688:690912345678'],
    ['numeric 0 is 1688', 'https://oopbuy.com/product/0/690912345678', '1688:690912345678'],
    ['numeric 1 is Taobao', 'https://oopbuy.com/product/1/701234567891', 'taobao:701234567891'],
    ['numeric 2 is Weidian', 'https://oopbuy.com/product/2/7231812345', 'weidian:7231812345'],
    ['numeric 3 unknown', 'https://oopbuy.com/product/3/7231812345', '-'],
    ['mobile goods channel', 'https://m.oopbuy.com/pages/goods/details?id=7230112345&channel=WEIDIAN', 'weidian:7230112345'],
    ['channelId with spuNo', 'https://m.oopbuy.com/pages/goods/details?channelId=1&spuNo=701234567891', 'taobao:701234567891'],
    ['desktop goods channel', 'https://oopbuy.com/goods/details?id=5416112345&channel=weidian', 'weidian:5416112345'],
    ['web view wrapper', `https://m.oopbuy.com/pages/web-view/index?url=${encode(WD)}`, 'weidian:7412345012'],
  ]);
});

describe('path-code agents', () => {
  expectTokens([
    ['Hoobuy 0 is 1688', 'https://hoobuy.com/product/0/654321098765', '1688:654321098765'],
    ['Hoobuy 1 is Taobao', 'https://hoobuy.com/product/1/701234567891?utm_source=share', 'taobao:701234567891'],
    ['Hoobuy 2 is Weidian', 'https://hoobuy.com/product/2/7412345017', 'weidian:7412345017'],
    ['Hoobuy mobile path', 'https://hoobuy.com/m/product/2/7234212345?utm_source=share', 'weidian:7234212345'],
    ['Hoobuy unknown code', 'https://hoobuy.com/product/9/7412345045', '-'],
    ['Hoobuy extra segment', 'https://hoobuy.com/product/2/7412345045/reviews', '-'],
    ['Hoobuy shop page', 'https://hoobuy.com/shop/1/7412345045', '-'],
    ['Hipobuy numeric code', 'https://hipobuy.com/product/1/675312345680', 'taobao:675312345680'],
    ['Hipobuy odd-case name', 'https://hipobuy.com/product/TaoBaO/675312345681', 'taobao:675312345681'],
    ['GTBuy numeric code', 'https://gtbuy.com/product/2/7412345006?inviteCode=I', 'weidian:7412345006'],
    ['GTBuy named code', 'https://gtbuy.com/product/taobao/701234567891', 'taobao:701234567891'],
    ['GTBuy store page', 'https://gtbuy.com/store?shopId=6400000007&channel=TAOBAO', '-'],
    ['Litbuy named code', 'https://litbuy.com/product/weidian/7412345006?inviteCode=I', 'weidian:7412345006'],
    ['Litbuy numeric code', 'https://litbuy.com/product/2/7412345006', '-'],
    ['USFans 1 is 1688', 'https://usfans.com/product/1/712345678903', '1688:712345678903'],
    ['USFans 2 is Taobao', 'https://www.usfans.com/product/2/676712345612', 'taobao:676712345612'],
    ['USFans 3 is Weidian', 'https://www.usfans.com/product/3/7412345006?ref=R', 'weidian:7412345006'],
    ['USFans 0 unknown', 'https://www.usfans.com/product/0/7412345006', '-'],
    ['USFans mobile path', 'https://www.usfans.com/m/product/3/7412345006', 'weidian:7412345006'],
    ['USFans search page', 'https://www.usfans.com/search?channel=2&shopId=7412345006', '-'],
    ['Ponybuy 1 is Taobao', 'https://www.ponybuy.com/products/1/701234567891', 'taobao:701234567891'],
    ['Ponybuy 2 is 1688', 'https://www.ponybuy.com/products/2/712345678904', '1688:712345678904'],
    ['Ponybuy 3 is Weidian', 'https://www.ponybuy.com/products/3/7317112345?inviteCode=I', 'weidian:7317112345'],
    ['Ponybuy legacy goods query', 'https://www.ponybuy.com/en-gb/goods?&product_id=7317112345&platform=weidian', 'weidian:7317112345'],
  ]);
});

describe('CSSBuy rules', () => {
  expectTokens([
    ['plain item is Taobao', 'https://www.cssbuy.com/item-675312345678.html?promotionCode=UFJ', 'taobao:675312345678'],
    ['micro item is Weidian', 'https://www.cssbuy.com/item-micro-7412345006.html', 'weidian:7412345006'],
    ['1688 item', 'https://www.cssbuy.com/item-1688-654321098765.html', '1688:654321098765'],
    ['item without extension', 'https://cssbuy.com/item-micro-7412345006', 'weidian:7412345006'],
    ['tmall prefix', 'https://www.cssbuy.com/item-tmall-701234567891.html', 'taobao:701234567891'],
    ['unknown prefix', 'https://www.cssbuy.com/item-jd-701234567891.html', '-'],
    ['non-numeric id', 'https://www.cssbuy.com/item-micro-abc.html', '-'],
    ['shop list page', 'https://cssbuy.com/productlist?t=micro&shop=1600000001', '-'],
    ['Pingubuy clone', 'https://pingubuy.com/item-micro-7412345006.html', 'weidian:7412345006'],
  ]);
});

describe('other agent families', () => {
  expectTokens([
    ['Basetao Weidian', 'https://www.basetao.com/best-taobao-agent-service/products/agent/weidian/7231812346.html', 'weidian:7231812346'],
    ['Basetao Tmall', 'https://www.basetao.com/best-taobao-agent-service/products/agent/tmall/701234567891.html', 'taobao:701234567891'],
    ['Basetao 1688', 'https://www.basetao.com/best-taobao-agent-service/products/agent/1688/641612345679.html', '1688:641612345679'],
    ['Basetao unknown code', 'https://www.basetao.com/best-taobao-agent-service/products/agent/wd/7231812346.html', '-'],
    ['ACBuy Taobao source', 'https://www.acbuy.com/product?id=676712345613&source=TB&u=u01', 'taobao:676712345613'],
    ['ACBuy Weidian source', 'https://www.acbuy.com/product/?id=7412345670&source=WD', 'weidian:7412345670'],
    ['ACBuy 1688 source', 'https://www.acbuy.com/product?id=654321098765&source=al', '1688:654321098765'],
    ['ACBuy named source', 'https://www.acbuy.com/product?id=7412345670&source=weidian', '-'],
    ['ACBuy legacy buy page', `https://www.acbuy.com/en/page/buy/?nTag=Home-search&url=${encode(TB)}`, 'taobao:701234567891'],
    ['ACBuy shop page', 'https://www.acbuy.com/shop-detail?source=WD&sellerId=1234567890', '-'],
    ['Panglobalbuy 1 is Taobao', 'https://panglobalbuy.com/#/details?type=1&offerId=676712345614&share_id=1', 'taobao:676712345614'],
    ['Panglobalbuy 2 is 1688', 'https://panglobalbuy.com/#/details?type=2&offerId=654321098765', '1688:654321098765'],
    ['Panglobalbuy 3 is Weidian', 'https://panglobalbuy.com/#/details?type=3&offerId=7412345006', 'weidian:7412345006'],
    ['Sifubuy 1 is 1688', 'https://www.sifubuy.com/detail?id=654321098765&type=1', '1688:654321098765'],
    ['Sifubuy 2 is Taobao', 'https://www.sifubuy.com/detail?id=701234567891&type=2&invite_code=x', 'taobao:701234567891'],
    ['Sifubuy 4 is Weidian', 'https://www.sifubuy.com/detail?id=7412345006&type=4', 'weidian:7412345006'],
    ['Sifubuy 3 unknown', 'https://www.sifubuy.com/detail?id=7412345006&type=3', '-'],
    ['Sifubuy wrapped URL', `https://www.sifubuy.com/detail?productUrl=${encode(WD, 2)}&type=4`, 'weidian:7412345012'],
    ['CNShopper keyword id', 'https://cnshopper.com/goods/detail?keyword=675312345687&platform=taobao&invite_id=1', 'taobao:675312345687'],
    ['CNShopper Weidian', 'https://cnshopper.com/goods/detail?keyword=7412345006&platform=weidian', 'weidian:7412345006'],
  ]);
});

describe('tp agents', () => {
  expectTokens([
    ['Hubbuycn tp and tid', 'https://www.hubbuycn.com/index/item/index.html?tp=taobao&tid=699912345678&searchlang=en', 'taobao:699912345678'],
    ['Hubbuycn marketplace path', 'https://www.hubbuycn.com/product/item/1688/923912345678', '1688:923912345678'],
    ['Hubbuycn taobaoID path', 'https://www.hubbuycn.com/taobaoID=675312345600&inviter=abc', 'taobao:675312345600'],
    ['Hubbuycn wrapped URL', `https://www.hubbuycn.com/product/item?url=${encode(WD)}`, 'weidian:7412345012'],
    ['Eastmallbuy micro code', 'https://eastmallbuy.com/index/item?tp=micro&tid=7412345006', 'weidian:7412345006'],
    ['Eastmallbuy wrapped URL', `https://eastmallbuy.com/index/item/index.html?searchlang=en&url=${encode(TB)}`, 'taobao:701234567891'],
    ['Pantherbuy 1688 code', 'https://pantherbuy.com/index/item?tp=1688&tid=654321098765', '1688:654321098765'],
    ['BBDbuy Taobao code', 'https://www.bbdbuy.com/index/item?tp=taobao&tid=701234567891', 'taobao:701234567891'],
    ['unknown tp code', 'https://www.bbdbuy.com/index/item?tp=jd&tid=701234567891', '-'],
  ]);
});
