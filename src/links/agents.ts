import type { CodeTable } from './codes.js';
import type { Storefront } from './types.js';

/**
 * The URL shape family of an agent's product pages. Every agent also gets the generic
 * wrapper rule (a `url`, `productLink`, `productUrl` or `key` parameter holding the storefront
 * URL) when its own family finds no id.
 *
 * - `wrapper`: the generic wrapper rule only.
 * - `structured`: a path or fragment route containing `product` or `detail`, the code in the
 *   first of `platform`, `shop_type`, `shoptype`, `channel`, and the id in `id` or else `goodsId`.
 * - `oopbuy`: `/(m/)product/<code>/<id>`, or a `goods/details` route with the code in `channel`
 *   or `channelId` and the id in `id` or `spuNo`.
 * - `path`: `/(m/)product(s)/<code>/<id>`.
 * - `cssbuy`: `/item-<prefix>-<id>.html` or `/item-<id>.html`, `.html` optional.
 * - `basetao`: `…/products/agent/<code>/<id>.html`.
 * - `acbuy`: a path starting with `/product`, the code in `source` and the id in `id`.
 * - `panglobalbuy`: a fragment route containing `details`, the code in `type` and the id in `offerId`.
 * - `sifubuy`: a path starting with `/detail`, the code in `type` and the id in `id`.
 * - `cnshopper`: a `goods/detail` route, the code in `platform` and the id in `keyword`.
 * - `tp`: the code in `tp` and the id in `tid`.
 */
export type AgentFamily =
  | 'wrapper'
  | 'structured'
  | 'oopbuy'
  | 'path'
  | 'cssbuy'
  | 'basetao'
  | 'acbuy'
  | 'panglobalbuy'
  | 'sifubuy'
  | 'cnshopper'
  | 'tp';

/** One shopping agent: its domains, the shape of its product URLs and its marketplace codes. */
export interface AgentEntry {
  name: string;
  /** Registrable domains. Subdomains such as `m.` and `www.` match too. */
  domains: readonly string[];
  family: AgentFamily;
  /** The agent's own marketplace codes (lower case), checked before the shared named codes. */
  codes?: CodeTable;
  /** False when only `codes` are valid, for agents with a closed set of codes. Defaults to true. */
  acceptsNamedCodes?: boolean;
  /** Storefront of a CSSBuy-style `/item-<id>.html` path without a prefix. */
  unprefixedStorefront?: Storefront;
  /** Also read the legacy Ponybuy `…/goods?product_id=<id>&platform=<code>` form. */
  readsLegacyGoodsQuery?: boolean;
  /** Also read the Hubbuycn paths `/product/item/<code>/<id>` and `/taobaoID=<id>`. */
  readsHubbuyPaths?: boolean;
}

/** Numeric codes shared by Hoobuy, Oopbuy, Hipobuy and GTBuy. */
const ZERO_IS_1688: CodeTable = Object.freeze({ '0': '1688', '1': 'taobao', '2': 'weidian' });

/** USFans numbers the marketplaces from 1, in a different order than Hoobuy. */
const USFANS_CODES: CodeTable = Object.freeze({ '1': '1688', '2': 'taobao', '3': 'weidian' });

/** Ponybuy swaps 1688 and Taobao compared with USFans. */
const PONYBUY_CODES: CodeTable = Object.freeze({ '1': 'taobao', '2': '1688', '3': 'weidian' });

const PANGLOBALBUY_CODES: CodeTable = Object.freeze({ '1': 'taobao', '2': '1688', '3': 'weidian' });

/** Sifubuy skips 3 and uses 4 for Weidian. */
const SIFUBUY_CODES: CodeTable = Object.freeze({ '1': '1688', '2': 'taobao', '4': 'weidian' });

const ACBUY_SOURCES: CodeTable = Object.freeze({ tb: 'taobao', wd: 'weidian', al: '1688' });

const BASETAO_CODES: CodeTable = Object.freeze({
  taobao: 'taobao',
  tmall: 'taobao',
  weidian: 'weidian',
  '1688': '1688',
});

/**
 * CSSBuy path prefixes. `micro` and `1688` are confirmed; `taobao`, `tmall` and `weidian` come
 * only from link builders in other projects and are accepted because they cannot be misread.
 */
const CSSBUY_PREFIXES: CodeTable = Object.freeze({
  micro: 'weidian',
  '1688': '1688',
  taobao: 'taobao',
  tmall: 'taobao',
  weidian: 'weidian',
});

/**
 * Known shopping agents. Adding an agent or changing its URL format is a row here plus a test;
 * the rules for each family live in agent-rules.ts.
 */
export const AGENTS: readonly AgentEntry[] = Object.freeze([
  // Agents whose product pages only wrap the storefront URL.
  { name: 'Pandabuy', domains: ['pandabuy.com'], family: 'wrapper' },
  { name: 'Wegobuy', domains: ['wegobuy.com'], family: 'wrapper' },
  { name: 'Superbuy', domains: ['superbuy.com'], family: 'wrapper' },
  { name: 'AllChinaBuy', domains: ['allchinabuy.com'], family: 'wrapper' },
  { name: 'Kakobuy', domains: ['kakobuy.com'], family: 'wrapper' },
  { name: 'Hagobuy', domains: ['hagobuy.com'], family: 'wrapper' },
  { name: 'Hegobuy', domains: ['hegobuy.com'], family: 'wrapper' },
  { name: 'Loongbuy', domains: ['loongbuy.com'], family: 'wrapper' },
  { name: 'Itaobuy', domains: ['itaobuy.com'], family: 'wrapper' },
  { name: 'Kameymall', domains: ['kameymall.com'], family: 'wrapper' },
  { name: 'Blikbuy', domains: ['blikbuy.com'], family: 'wrapper' },
  { name: 'Sugargoo', domains: ['sugargoo.com', 'esugargoo.com'], family: 'wrapper' },
  { name: 'Fishgoo', domains: ['fishgoo.com'], family: 'wrapper' },
  { name: 'EzbuyCN', domains: ['ezbuycn.com'], family: 'wrapper' },

  // One storefront system shared by several agents.
  { name: 'CNFans', domains: ['cnfans.com'], family: 'structured' },
  { name: 'Mulebuy', domains: ['mulebuy.com'], family: 'structured' },
  { name: 'Joyabuy', domains: ['joyabuy.com'], family: 'structured' },
  { name: 'Joyagoo', domains: ['joyagoo.com'], family: 'structured' },
  { name: 'Orientdig', domains: ['orientdig.com'], family: 'structured' },
  { name: 'Lovegobuy', domains: ['lovegobuy.com'], family: 'structured' },
  { name: 'Ootdbuy', domains: ['ootdbuy.com'], family: 'structured' },

  { name: 'Oopbuy', domains: ['oopbuy.com'], family: 'oopbuy', codes: ZERO_IS_1688 },

  { name: 'Hoobuy', domains: ['hoobuy.com'], family: 'path', codes: ZERO_IS_1688 },
  { name: 'Hipobuy', domains: ['hipobuy.com'], family: 'path', codes: ZERO_IS_1688 },
  { name: 'GTBuy', domains: ['gtbuy.com'], family: 'path', codes: ZERO_IS_1688 },
  // Litbuy links seen so far use marketplace names only, so numbers are not guessed.
  { name: 'Litbuy', domains: ['litbuy.com'], family: 'path' },
  { name: 'USFans', domains: ['usfans.com'], family: 'path', codes: USFANS_CODES },
  { name: 'Ponybuy', domains: ['ponybuy.com'], family: 'path', codes: PONYBUY_CODES, readsLegacyGoodsQuery: true },

  {
    name: 'CSSBuy',
    domains: ['cssbuy.com'],
    family: 'cssbuy',
    codes: CSSBUY_PREFIXES,
    acceptsNamedCodes: false,
    unprefixedStorefront: 'taobao',
  },
  // A CSSBuy clone with the same item paths.
  {
    name: 'Pingubuy',
    domains: ['pingubuy.com'],
    family: 'cssbuy',
    codes: CSSBUY_PREFIXES,
    acceptsNamedCodes: false,
    unprefixedStorefront: 'taobao',
  },
  { name: 'Basetao', domains: ['basetao.com'], family: 'basetao', codes: BASETAO_CODES, acceptsNamedCodes: false },
  { name: 'ACBuy', domains: ['acbuy.com'], family: 'acbuy', codes: ACBUY_SOURCES, acceptsNamedCodes: false },
  {
    name: 'Panglobalbuy',
    domains: ['panglobalbuy.com'],
    family: 'panglobalbuy',
    codes: PANGLOBALBUY_CODES,
    acceptsNamedCodes: false,
  },
  { name: 'Sifubuy', domains: ['sifubuy.com'], family: 'sifubuy', codes: SIFUBUY_CODES, acceptsNamedCodes: false },
  { name: 'CNShopper', domains: ['cnshopper.com'], family: 'cnshopper' },

  { name: 'Hubbuycn', domains: ['hubbuycn.com'], family: 'tp', readsHubbuyPaths: true },
  { name: 'Eastmallbuy', domains: ['eastmallbuy.com'], family: 'tp' },
  { name: 'Pantherbuy', domains: ['pantherbuy.com'], family: 'tp' },
  { name: 'BBDbuy', domains: ['bbdbuy.com'], family: 'tp' },
] satisfies AgentEntry[]);
