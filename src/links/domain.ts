/**
 * Reports whether `host` is `domain` or a true subdomain of it. Hosts never match by substring,
 * because a substring check accepts look-alikes such as `notweidian.com` and
 * `weidian.com.evil.example` (cn-links `detectAgent` has that flaw, as it uses `includes`).
 */
export function isHostInDomain(host: string, domain: string): boolean {
  if (host.length === domain.length) {
    return host === domain;
  }
  return (
    host.length > domain.length &&
    host.endsWith(domain) &&
    host.charCodeAt(host.length - domain.length - 1) === 0x2e
  );
}
