import { CnItemLink, filterLinks } from 'cn-links';

/**
 * Extracts corpus tokens with cn-links (the version installed as a dev dependency), the way a
 * bot would use it: `filterLinks` finds agent and raw links, and `new CnItemLink(url)` reads the
 * marketplace and id of each. cn-links reports Tmall separately, so `tmall` becomes `taobao` as
 * in our token format. It has no notion of short links, so it never gives `resolve`.
 *
 * `filterLinks` returns agent links and raw links in two lists, so they are put back in text
 * order by the first position of their host name. Errors from cn-links propagate to the caller.
 */
export function extractWithCnLinks(text: string): string {
  const { agentUrls = [], rawUrls = [] } = filterLinks(text);
  const lowerText = text.toLowerCase();
  const ordered = [...agentUrls, ...rawUrls]
    .map((url, index) => ({ url, index, position: lowerText.indexOf(url.hostname) }))
    .sort((a, b) => a.position - b.position || a.index - b.index);

  const tokens: string[] = [];
  for (const { url } of ordered) {
    const item = new CnItemLink(url);
    const storefront = item.marketplace === 'tmall' ? 'taobao' : item.marketplace;
    const token = `${storefront}:${item.id}`;
    if (!tokens.includes(token)) {
      tokens.push(token);
    }
  }
  return tokens.length === 0 ? '-' : tokens.join(' ');
}
