/** One query parameter, with its name lower-cased and its value still percent-encoded. */
export interface QueryParam {
  name: string;
  value: string;
  /** True when the parameter comes from the query inside the fragment (`#/route?a=b`). */
  inFragment: boolean;
  /** Offset of the value in `query`, or in `fragmentQuery` when `inFragment` is set. */
  valueOffset: number;
}

/** A candidate URL split into the parts that the link rules read. */
export interface UrlParts {
  /** The URL text after `&amp;` repair. */
  text: string;
  /** Lower-cased host without a trailing dot, as a WHATWG URL parser reads it. */
  host: string;
  /** True when percent-decoding `text` could change `host`, because the authority contains `%`. */
  hostMayChangeWhenDecoded: boolean;
  pathLower: string;
  /** Raw query without the leading `?`. */
  query: string;
  hasFragment: boolean;
  /** Raw fragment without the leading `#`. */
  fragment: string;
  /** The fragment up to its first `?`, lower-cased: the route of a single-page app. */
  fragmentPathLower: string;
  /** The fragment after its first `?`, read as extra query parameters after the real ones. */
  fragmentQuery: string;
  params: QueryParam[] | undefined;
}

/**
 * Replaces the HTML entity `&amp;` with `&`, because links copied out of HTML keep it and it
 * would otherwise hide every parameter after the first.
 */
export function repairAmpersands(text: string): string {
  return text.includes('&amp;') ? text.replaceAll('&amp;', '&') : text;
}

/** Reports whether `text` starts with `http://` or `https://`, in any case. */
export function startsWithHttpUrl(text: string): boolean {
  return schemeLength(text) > 0;
}

/** Returns the length of a leading `http://` or `https://` in any case, or 0. */
function schemeLength(text: string): number {
  if (text.length < 7) {
    return 0;
  }
  const h = text.charCodeAt(0) | 0x20;
  const t1 = text.charCodeAt(1) | 0x20;
  const t2 = text.charCodeAt(2) | 0x20;
  const p = text.charCodeAt(3) | 0x20;
  if (h !== 0x68 || t1 !== 0x74 || t2 !== 0x74 || p !== 0x70) {
    return 0;
  }
  let colon = 4;
  if ((text.charCodeAt(4) | 0x20) === 0x73) {
    colon = 5;
  }
  if (text.charCodeAt(colon) !== 0x3a || text.charCodeAt(colon + 1) !== 0x2f || text.charCodeAt(colon + 2) !== 0x2f) {
    return 0;
  }
  return colon + 3;
}

/** Reports whether `text` starts with `http:` or `https:` in any case, slashes or not. */
export function startsWithHttpScheme(text: string): boolean {
  if (text.length < 5 || text.slice(0, 4).toLowerCase() !== 'http') {
    return false;
  }
  const next = text[4];
  return next === ':' || ((next === 's' || next === 'S') && text[5] === ':');
}

/**
 * Reports whether an authority is a bare host name (letters, digits, `.`, `-`, `_`). Such a host
 * reads the same in a WHATWG parser after lower-casing, so the parser can be skipped.
 */
function isBareHostName(authority: string): boolean {
  if (authority.length === 0) {
    return false;
  }
  for (let i = 0; i < authority.length; i++) {
    const code = authority.charCodeAt(i);
    const isLetterOrDigit =
      (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39);
    if (!isLetterOrDigit && code !== 0x2e && code !== 0x2d && code !== 0x5f) {
      return false;
    }
  }
  return true;
}

/** Reports whether a character code is `/` or `\`, which WHATWG parsers treat alike in http(s) URLs. */
function isSlash(code: number): boolean {
  return code === 0x2f || code === 0x5c;
}

function dropTrailingDot(host: string): string {
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

function normalizeSlashes(path: string): string {
  return path.includes('\\') ? path.replaceAll('\\', '/') : path;
}

/** Builds the parts, reading the fragment as a single-page-app route plus an optional query. */
function makeUrlParts(
  text: string,
  host: string,
  hostMayChangeWhenDecoded: boolean,
  pathLower: string,
  query: string,
  hasFragment: boolean,
  fragment: string,
): UrlParts {
  const question = fragment.indexOf('?');
  return {
    text,
    host,
    hostMayChangeWhenDecoded,
    pathLower,
    query,
    hasFragment,
    fragment,
    fragmentPathLower: (question === -1 ? fragment : fragment.slice(0, question)).toLowerCase(),
    fragmentQuery: question === -1 ? '' : fragment.slice(question + 1),
    params: undefined,
  };
}

/** Reports whether an ASCII authority contains characters that a WHATWG parser would decode or map. */
function needsFullHostParsing(authority: string): boolean {
  for (let i = 0; i < authority.length; i++) {
    const code = authority.charCodeAt(i);
    // Percent-escapes, IPv6 brackets and non-ASCII (IDNA mapping turns `ｗｅｉｄｉａｎ` into `weidian`).
    if (code === 0x25 || code === 0x5b || code >= 0x80) {
      return true;
    }
  }
  return false;
}

/**
 * Reads the host of an ASCII authority with userinfo or a port, as a WHATWG parser does: the
 * host follows the last `@` and ends at the port's `:`. Returns undefined when the host is not a
 * bare host name or the port is not a number up to 65535, so the caller falls back to `URL`.
 */
function readSimpleAuthorityHost(authority: string): string | undefined {
  const hostStart = authority.lastIndexOf('@') + 1;
  const colon = authority.indexOf(':', hostStart);
  const host = colon === -1 ? authority.slice(hostStart) : authority.slice(hostStart, colon);
  if (!isBareHostName(host)) {
    return undefined;
  }
  if (colon !== -1) {
    const port = authority.slice(colon + 1);
    if (port.length > 5 || !/^[0-9]*$/.test(port) || Number(port) > 65535) {
      return undefined;
    }
  }
  return host.toLowerCase();
}

let lastParsedAuthority = '';
let lastParsedHost: string | undefined;

/**
 * Returns the host that a WHATWG URL parser reads from an authority, or undefined when the parser
 * rejects it. Only the authority goes to `URL`, so the cost does not depend on the path length.
 */
function parseAuthorityHost(authority: string): string | undefined {
  if (!needsFullHostParsing(authority)) {
    const simple = readSimpleAuthorityHost(authority);
    if (simple !== undefined) {
      return simple;
    }
  }
  // Retry-decoding parses the same authority again, so the last result is cached.
  if (authority === lastParsedAuthority) {
    return lastParsedHost;
  }
  const url = `http://${authority}/`;
  // canParse avoids the cost of a thrown error, and hostile text is mostly invalid authorities.
  const host = URL.canParse(url) ? new URL(url).hostname : undefined;
  lastParsedAuthority = authority;
  lastParsedHost = host;
  return host;
}

/**
 * Splits an http(s) URL into host, path, query and fragment. Returns undefined when the text is
 * not an http(s) URL or a WHATWG parser rejects its host.
 *
 * A bare host name is read by hand. Any other authority (userinfo, port, percent-encoding,
 * non-ASCII) goes through `URL`, so that `https://weidian.com@evil.example/` gets the host
 * `evil.example`. The path, query and fragment are split by hand in both cases, at the same
 * characters as the WHATWG parser, and keep their raw text.
 */
export function parseHttpUrl(input: string): UrlParts | undefined {
  const text = repairAmpersands(input);
  let authorityStart = schemeLength(text);
  if (authorityStart === 0) {
    return undefined;
  }
  // WHATWG parsers skip any further slashes after `https://`.
  while (isSlash(text.charCodeAt(authorityStart))) {
    authorityStart++;
  }

  let authorityEnd = authorityStart;
  while (authorityEnd < text.length) {
    const code = text.charCodeAt(authorityEnd);
    if (isSlash(code) || code === 0x3f || code === 0x23) {
      break;
    }
    authorityEnd++;
  }
  const authority = text.slice(authorityStart, authorityEnd);

  const isBare = isBareHostName(authority);
  const host = isBare ? authority.toLowerCase() : parseAuthorityHost(authority);
  if (host === undefined) {
    return undefined;
  }

  const rest = text.slice(authorityEnd);
  const hash = rest.indexOf('#');
  const beforeHash = hash === -1 ? rest : rest.slice(0, hash);
  const question = beforeHash.indexOf('?');
  const path = question === -1 ? beforeHash : beforeHash.slice(0, question);
  return makeUrlParts(
    text,
    dropTrailingDot(host),
    !isBare && authority.includes('%'),
    (path === '' ? '/' : normalizeSlashes(path)).toLowerCase(),
    question === -1 ? '' : beforeHash.slice(question + 1),
    hash !== -1,
    hash === -1 ? '' : rest.slice(hash + 1),
  );
}

/**
 * Maximum number of parameters read from one URL, query and fragment query together.
 * NOTE: later parameters are ignored. The cap bounds the work on hostile text, and no URL in
 * the link corpus comes near it (the longest has 6 parameters).
 */
export const MAX_PARAMS_PER_URL = 64;

/** Splits `a=1&b&c=3` into parameters in one pass, so a query of many `&` costs linear time. */
function collectParams(source: string, inFragment: boolean, into: QueryParam[]): void {
  let segmentStart = 0;
  let equals = -1;
  for (let i = 0; i <= source.length && into.length < MAX_PARAMS_PER_URL; i++) {
    const code = i === source.length ? 0x26 : source.charCodeAt(i);
    if (code === 0x3d && equals === -1) {
      equals = i;
    } else if (code === 0x26) {
      if (i > segmentStart) {
        const nameEnd = equals === -1 ? i : equals;
        into.push({
          name: source.slice(segmentStart, nameEnd).toLowerCase(),
          value: equals === -1 ? '' : source.slice(equals + 1, i),
          inFragment,
          valueOffset: equals === -1 ? i : equals + 1,
        });
      }
      segmentStart = i + 1;
      equals = -1;
    }
  }
}

/** Lists the query parameters, then the fragment-query parameters, parsing them once per URL. */
export function getParams(url: UrlParts): QueryParam[] {
  if (url.params === undefined) {
    const params: QueryParam[] = [];
    collectParams(url.query, false, params);
    collectParams(url.fragmentQuery, true, params);
    url.params = params;
  }
  return url.params;
}

/**
 * Returns the raw value of the first parameter called `name` (lower case). Names match
 * case-insensitively because sites mix `itemID`, `itemId` and `itemid`, and the first
 * occurrence wins when a name repeats.
 */
export function getParam(url: UrlParts, name: string): string | undefined {
  for (const param of getParams(url)) {
    if (param.name === name) {
      return param.value;
    }
  }
  return undefined;
}

/** Returns the raw value of the first of `names` (lower case, in priority order) that has a non-empty value. */
export function getFirstParam(url: UrlParts, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = getParam(url, name);
    if (value !== undefined && value !== '') {
      return value;
    }
  }
  return undefined;
}

function hexDigitValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) {
    return code - 0x30;
  }
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** Returns the byte of a `%XX` escape at `at`, or -1 when there is none. */
function escapedByteAt(text: string, at: number): number {
  if (text.charCodeAt(at) !== 0x25) {
    return -1;
  }
  const high = hexDigitValue(text.charCodeAt(at + 1));
  const low = hexDigitValue(text.charCodeAt(at + 2));
  return high === -1 || low === -1 ? -1 : high * 16 + low;
}

/**
 * Decodes the UTF-8 sequence of escapes that starts at `at`. Returns the code point and the
 * number of escapes it spans, or undefined for an invalid, overlong or truncated sequence.
 */
function decodeEscapedCodePoint(text: string, at: number): { codePoint: number; escapes: number } | undefined {
  const first = escapedByteAt(text, at);
  if (first === -1) {
    return undefined;
  }
  if (first < 0x80) {
    return { codePoint: first, escapes: 1 };
  }
  // The lead byte gives the sequence length and its payload bits. Bytes 0x80–0xc1 and 0xf5–0xff never lead.
  let escapes = 0;
  let codePoint = 0;
  let minimum = 0;
  if (first >= 0xc2 && first <= 0xdf) {
    escapes = 2;
    codePoint = first & 0x1f;
    minimum = 0x80;
  } else if (first >= 0xe0 && first <= 0xef) {
    escapes = 3;
    codePoint = first & 0x0f;
    minimum = 0x800;
  } else if (first >= 0xf0 && first <= 0xf4) {
    escapes = 4;
    codePoint = first & 0x07;
    minimum = 0x10000;
  } else {
    return undefined;
  }

  for (let index = 1; index < escapes; index++) {
    const next = escapedByteAt(text, at + 3 * index);
    if (next < 0x80 || next > 0xbf) {
      return undefined;
    }
    codePoint = (codePoint << 6) | (next & 0x3f);
  }

  const isSurrogate = codePoint >= 0xd800 && codePoint <= 0xdfff;
  if (codePoint < minimum || codePoint > 0x10ffff || isSurrogate) {
    return undefined;
  }
  return { codePoint, escapes };
}

/**
 * Percent-decodes one layer, reading escapes as UTF-8 like decodeURIComponent. Escapes that do
 * not form valid UTF-8 stay as they are instead of throwing, because chat text is full of them.
 */
export function percentDecode(text: string): string {
  let percent = text.indexOf('%');
  if (percent === -1) {
    return text;
  }
  let decoded = '';
  let copiedUpTo = 0;
  while (percent !== -1) {
    const escape = decodeEscapedCodePoint(text, percent);
    if (escape === undefined) {
      percent = text.indexOf('%', percent + 1);
      continue;
    }
    decoded += text.slice(copiedUpTo, percent) + String.fromCodePoint(escape.codePoint);
    copiedUpTo = percent + 3 * escape.escapes;
    percent = text.indexOf('%', copiedUpTo);
  }
  return copiedUpTo === 0 ? text : decoded + text.slice(copiedUpTo);
}

/** Reports whether the text contains an encoded `=` or `&` (`%3D`, `%26`) that a decode could repair. */
export function hasEncodedSeparator(text: string): boolean {
  let percent = text.indexOf('%');
  while (percent !== -1 && percent + 2 < text.length) {
    const high = text.charCodeAt(percent + 1);
    const low = text.charCodeAt(percent + 2) | 0x20;
    if ((high === 0x33 && low === 0x64) || (high === 0x32 && low === 0x36)) {
      return true;
    }
    percent = text.indexOf('%', percent + 1);
  }
  return false;
}

/** The maximum number of percent-decoding layers removed from a nested URL value. */
export const MAX_NESTED_DECODES = 3;

/**
 * Finds the URL nested in the first parameter called one of `names` (lower case).
 *
 * A value that starts with `http:` or `https:` unencoded kept its own `?` and `&`, so the
 * nested URL is the whole rest of the outer URL from that value on. Any other value is cut at
 * the next `&` and percent-decoded, up to three times, until it starts with `http(s)://`.
 * cn-links needed fixes for both double and triple encoding, which is why one decode is not enough.
 */
export function findNestedUrl(url: UrlParts, names: ReadonlySet<string>): string | undefined {
  let found: QueryParam | undefined;
  for (const param of getParams(url)) {
    if (names.has(param.name)) {
      found = param;
      break;
    }
  }
  if (found === undefined) {
    return undefined;
  }

  if (startsWithHttpScheme(found.value)) {
    if (found.inFragment) {
      return url.fragmentQuery.slice(found.valueOffset);
    }
    const fragment = url.hasFragment ? `#${url.fragment}` : '';
    return url.query.slice(found.valueOffset) + fragment;
  }

  let value = found.value;
  for (let layer = 0; layer < MAX_NESTED_DECODES; layer++) {
    const decoded = percentDecode(value);
    if (decoded === value) {
      return undefined;
    }
    value = decoded;
    if (startsWithHttpUrl(value)) {
      return value;
    }
  }
  return undefined;
}
