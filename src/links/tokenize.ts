import { isKnownHost } from './hosts.js';

/** A URL found in chat text, before any decoding. */
export interface Candidate {
  /** Offset of the first character of the URL (or of its host, for a scheme-less URL). */
  start: number;
  /** The URL text, with `https://` added in front of a scheme-less URL. */
  url: string;
}

/** Non-ASCII characters that JavaScript's `\s` treats as whitespace. */
const UNICODE_WHITESPACE: readonly number[] = [
  0x00a0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028,
  0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
];

/**
 * CJK brackets and punctuation that end a URL. Chinese share text glues them to links, as in
 * `【淘宝】https://e.tb.cn/h.xxx?tk=yyy CZ356 「title」`.
 */
const CJK_TERMINATORS = '「」『』【】〔〕（）《》，。！？；：、';

/** ASCII characters that end a URL, besides whitespace. They cover Discord markdown and quoting. */
const ASCII_TERMINATORS = '<>"`|[](){}*\\';

/** Characters after which a scheme-less URL may start, besides whitespace. */
const HOST_BOUNDARIES = '([<|*`~「【（：，';

/** Chat punctuation stripped from the end of a URL, repeatedly. */
const TRAILING_PUNCTUATION = ".,;:!?'~_&";

const ASCII_WHITESPACE = '\t\n\v\f\r ';

/** Builds a lookup table of the ASCII characters in `chars`, ignoring the others. */
function asciiTable(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const char of chars) {
    const code = char.charCodeAt(0);
    if (code < 128) {
      table[code] = 1;
    }
  }
  return table;
}

/** Builds a set of the non-ASCII characters in `chars`. */
function wideSet(chars: string): ReadonlySet<number> {
  return new Set([...chars].map((char) => char.charCodeAt(0)).filter((code) => code >= 128));
}

const UNICODE_WHITESPACE_CHARS = String.fromCharCode(...UNICODE_WHITESPACE);
const IS_ASCII_TERMINATOR = asciiTable(ASCII_WHITESPACE + ASCII_TERMINATORS);
const IS_ASCII_BOUNDARY = asciiTable(ASCII_WHITESPACE + HOST_BOUNDARIES);
const IS_TRAILING_PUNCTUATION = asciiTable(TRAILING_PUNCTUATION);
const WIDE_TERMINATORS = wideSet(UNICODE_WHITESPACE_CHARS + CJK_TERMINATORS);
const WIDE_BOUNDARIES = wideSet(UNICODE_WHITESPACE_CHARS + HOST_BOUNDARIES);

function isTerminator(code: number): boolean {
  return code < 128 ? IS_ASCII_TERMINATOR[code] === 1 : WIDE_TERMINATORS.has(code);
}

function isHostBoundary(code: number): boolean {
  return code < 128 ? IS_ASCII_BOUNDARY[code] === 1 : WIDE_BOUNDARIES.has(code);
}

function isHostNameChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2e ||
    code === 0x2d
  );
}

/** Reports whether `http` in any case starts at `at`. */
function isHttpAt(text: string, at: number): boolean {
  return (
    (text.charCodeAt(at) | 0x20) === 0x68 &&
    (text.charCodeAt(at + 1) | 0x20) === 0x74 &&
    (text.charCodeAt(at + 2) | 0x20) === 0x74 &&
    (text.charCodeAt(at + 3) | 0x20) === 0x70
  );
}

/** Matches `http` or `https` (any case) right before the `:` at `colon`. Returns the start offset or -1. */
function findSchemeStart(text: string, colon: number, lowestStart: number): number {
  if (colon - 5 >= lowestStart && (text.charCodeAt(colon - 1) | 0x20) === 0x73 && isHttpAt(text, colon - 5)) {
    return colon - 5;
  }
  return colon - 4 >= lowestStart && isHttpAt(text, colon - 4) ? colon - 4 : -1;
}

/** The maximum length of a scheme-less host, as DNS allows. */
const MAX_HOST_LENGTH = 253;

/** Reports whether `text[start..end)` is a host name of a known site. */
function isKnownHostAt(text: string, start: number, end: number): boolean {
  if (end - start < 4 || end - start > MAX_HOST_LENGTH) {
    return false;
  }
  for (let i = start; i < end; i++) {
    if (!isHostNameChar(text.charCodeAt(i))) {
      return false;
    }
  }
  return isKnownHost(text.slice(start, end));
}

/**
 * Finds candidate URLs in chat text, in order.
 *
 * A candidate starts at every `http://` or `https://`, or at a known host followed by `/` at the
 * start of a word, because users paste `weidian.com/item.html?…` without a scheme. It ends before
 * whitespace, a markdown or quoting character or CJK punctuation, and then loses trailing chat
 * punctuation. The search resumes after the candidate, so a URL inside another URL's query is
 * part of the outer candidate and never a candidate of its own.
 *
 * The text is walked once from `/` to `/`, so the cost grows linearly with its length.
 */
export function findCandidates(text: string): Candidate[] {
  const candidates: Candidate[] = [];
  let searchFrom = 0;
  // Start of the current word, for scheme-less hosts. `scanned` is how far boundaries were checked.
  let wordStart = 0;
  let scanned = 0;
  let lastSlashInWord = -1;

  let slash = text.indexOf('/');
  while (slash !== -1) {
    for (; scanned < slash; scanned++) {
      if (isHostBoundary(text.charCodeAt(scanned))) {
        wordStart = scanned + 1;
      }
    }

    let start = -1;
    let addScheme = false;
    if (text.charCodeAt(slash - 1) === 0x3a && text.charCodeAt(slash + 1) === 0x2f) {
      start = findSchemeStart(text, slash - 1, searchFrom);
    }
    if (start === -1 && lastSlashInWord < wordStart && isKnownHostAt(text, wordStart, slash)) {
      start = wordStart;
      addScheme = true;
    }
    if (start === -1) {
      lastSlashInWord = slash;
      slash = text.indexOf('/', slash + 1);
      continue;
    }

    let end = slash + 1;
    while (end < text.length && !isTerminator(text.charCodeAt(end))) {
      end++;
    }
    let trimmedEnd = end;
    while (trimmedEnd > slash + 1) {
      const code = text.charCodeAt(trimmedEnd - 1);
      if (code >= 128 || IS_TRAILING_PUNCTUATION[code] !== 1) {
        break;
      }
      trimmedEnd--;
    }

    const url = text.slice(start, trimmedEnd);
    candidates.push({ start, url: addScheme ? `https://${url}` : url });

    searchFrom = end;
    wordStart = end;
    scanned = end;
    lastSlashInWord = -1;
    slash = text.indexOf('/', end);
  }
  return candidates;
}
