/**
 * Inputs for the link extractor benchmark: link-free chat lines and hostile messages. Both are
 * generated from a fixed seed, so every run measures the same text.
 */

/** Returns a deterministic pseudo-random generator (mulberry32) of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) {
    throw new Error('pick() needs a non-empty list');
  }
  return item;
}

/** Chat lines as they appear in a reps and QC server, without any URL. */
const CHAT_LINES: readonly string[] = [
  'anyone know if the batch on these is any good?',
  'GL or RL? be honest lol',
  'just got my QC pics back, stitching looks kinda off on the left shoe',
  'shipping took 14 days to the US, not bad at all',
  'lmao that colorway is wild 😂😂',
  'w2c the hoodie from the last fit pic?',
  'size up or true to size for the 4s?',
  'i went 44 and they fit perfect, usually 43.5',
  'the tag font is wrong, compare it with retail',
  'haul arrived!!! 6 items, 4.2kg, paid ¥380 for shipping',
  'is 50/50 on the toe box shape tbh',
  'ordered on the 12th, warehouse got it on 18th',
  'ok thanks man 🙏',
  'RL imo, the suede looks nice',
  "don't go with EMS rn, it's slow af",
  '好的，谢谢！',
  '这个批次怎么样？鞋头有点歪',
  '卖家说周三发货',
  'price went from ¥289 to ¥319 overnight smh',
  'anyone tried the new seller? prices look too good to be true...',
  'GP the jacket, I can confirm it runs small',
  'first haul here, any tips?',
  'yeah the 1:1 claim is always cap',
  'warehouse pics look fine, the real test is on feet',
  'i got a refund after 3 days, they were pretty quick about it',
  'lol no',
  'what scale do they use? mine said 1.8kg but it weighed 2.1 at home',
  'bro the box is crushed 😭',
  'and/or you can ask the seller for more pics',
  'it is 10:45 here, will check later',
  'paid $23.50 for the declaration, customs never touched it',
  'which line did you pick? GD-EMS or the tax-free one?',
  'sizing chart says 72cm length, 58cm chest',
  'W2C the bag? 👀',
  'mods can we get a pinned sizing guide pls',
  'nah the midsole paint is bleeding, RL',
  'they look mid ngl',
  'seller was super responsive, replied in like 10 mins',
  'need a fit check on these cargo pants',
  'QC looks good to me, GL',
  'price: 128 yuan, weight ~900g',
  'how long does rehearsal packaging add?',
  'waiting on QC since monday :(',
  'i think it was batch #2, not sure',
  'dont forget to ask for the receipt',
  '👍',
  'GL!',
  'hmm... the logo is a bit too thick?',
  'good find, ty',
  'my agent charged 5% service fee plus ¥10 storage',
  'got hit with a 20% tax in the EU, ugh',
  "wait, they're sold out already?",
  '3 hoodies + 2 pants + 1 pair = 5.6 kg, line cost me $96',
  '这件衣服质量不错，推荐',
  '尺码偏小，建议拿大一码',
  'yo that fit is clean 🔥🔥🔥',
  'is it just me or are the QC pics blurry today',
  'ask for a measurement pic next to a ruler',
  'real talk: 7/10, would cop again',
  'use code at checkout for 10% off shipping? not sure if it still works',
  'why is my parcel stuck in customs for 9 days',
  'the zipper is YKK? nice',
  'RL the hoodie, the print is crooked and too low',
  'thanks @seller for the quick exchange',
  'ok, so: order, QC, ship, wait 2 weeks, done.',
  'has anyone used the new line to Canada?',
  'my size is M (175cm, 70kg), would L be too big?',
  'I rate it 8.5/10 honestly',
  'the leather smells like chemicals lol',
  'the green one or the grey one?',
  'it says "in stock" but the seller says it is not',
  'price matched retail almost ~ ¥600',
  '[QC] Jordan 4 Black Cat, 44, GL or RL?',
  'RL: toe box, heel shape. GL: everything else',
  '「好评」卖家发货很快',
  '【求助】这个码数偏大吗？',
  '<3 thank you guys',
  '||spoiler: they are fake lol||',
  '**GL** from me',
  '`¥199`',
  '~~never mind~~ found it',
];

const CHAT_SUFFIXES: readonly string[] = ['', '', '', ' lol', ' 😂', ' 🙏', ' !!', ' ?', ' 🔥', ' tbh', ' (:', ' ...', ' 👍', ' 谢谢'];
const CHAT_PREFIXES: readonly string[] = ['', '', '', 'yo ', 'ok ', 'honestly ', '@mod ', '> ', 'hey, '];

/** Generates `count` varied, link-free chat lines. */
export function makeChatLines(count: number, seed = 1): string[] {
  const random = seededRandom(seed);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const base = CHAT_LINES[i % CHAT_LINES.length] ?? '';
    lines.push(pick(random, CHAT_PREFIXES) + base + pick(random, CHAT_SUFFIXES));
  }
  return lines;
}

/** Pieces of near-URLs, separators and markdown that hostile messages are built from. */
const HOSTILE_PIECES: readonly string[] = [
  'http://',
  'https://',
  'HTTPS://',
  'http://http://',
  '://',
  '//',
  '/',
  '.',
  '...',
  '%',
  '%%',
  '%25',
  '%253D',
  '%3D',
  '%26',
  '%2F',
  '%E4%B8',
  '&url=',
  '?url=',
  '#/',
  '?',
  '&',
  '=',
  '@',
  '[',
  ']',
  '(',
  ')',
  '[[[(',
  ')]]]',
  '<',
  '>',
  '||',
  '**',
  '`',
  '~~',
  '【',
  '】',
  '「',
  '，',
  'weidian.com/',
  'weidian.com.',
  'www.weidian.com/item.html?itemID=',
  'notweidian.com/',
  'weidian.com@',
  'https://weidian.com.evil.example/',
  'https://www.pandabuy.com/product?url=',
  'https://www.allchinabuy.com/en/page/buy/?url=https%253A%252F%252F',
  'cnfans.com/product?id=',
  'https://m.tb.cn/',
  'itemID=',
  'id=',
  '7412345012',
  '0000',
  'a',
  'x',
  ' ',
  '\u3000',
  '中文',
  '😀',
];

/** Messages built from one repeated piece, which stress a single code path each. */
const REPEATED_PIECES: readonly string[] = [
  '.',
  '%',
  '%25',
  'http://',
  'https://a.',
  'a/',
  '[(',
  'weidian.com/ ',
  'https://weidian.com/item.html?itemID=%3D',
  '&url=https%253A%252F%252Fweidian.com',
];

/** Builds one hostile message of exactly `length` characters from random pieces. */
export function makeHostileMessage(length: number, random: () => number): string {
  const parts: string[] = [];
  let size = 0;
  while (size < length) {
    const piece = pick(random, HOSTILE_PIECES);
    parts.push(piece);
    size += piece.length;
  }
  return parts.join('').slice(0, length);
}

/**
 * Builds `count` hostile messages of `length` characters: first one per repeated piece and a few
 * long single URLs on known hosts, then random mixes of near-URLs, dots, percent signs and brackets.
 */
export function makeHostileMessages(count: number, length: number, seed = 7): string[] {
  const random = seededRandom(seed);
  const messages: string[] = [];
  for (const piece of REPEATED_PIECES) {
    messages.push(piece.repeat(Math.ceil(length / piece.length)).slice(0, length));
  }
  const longUrls = [
    `https://www.pandabuy.com/product?url=${'https%253A%252F%252F'.repeat(length)}`,
    `https://www.allchinabuy.com/en/page/buy/?url=${'https%3A%2F%2Fwww.allchinabuy.com%2F%3Furl%3D'.repeat(length)}`,
    `https://weidian.com/item.html?${'itemID%3D'.repeat(length)}`,
    `weidian.com/${'%'.repeat(length)}`,
    `https://${'a.'.repeat(length)}weidian.com/`,
  ];
  for (const url of longUrls) {
    messages.push(url.slice(0, length));
  }
  while (messages.length < count) {
    messages.push(makeHostileMessage(length, random));
  }
  return messages.slice(0, count);
}
