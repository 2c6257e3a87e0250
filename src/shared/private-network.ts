/**
 * Is a plain-http address safe enough to carry a key without asking? Yes on a private network (where
 * OctoPrint usually lives: a Pi on the LAN), no across the internet. Pure: the popup uses it to warn,
 * the background to refuse a request that came without the user's confirmation.
 */

/** Loopback, RFC 1918, link-local; IPv6 loopback, unique-local, link-local; mDNS `.local`; a single-label name. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[')) return isPrivateIpv6(host.slice(1, -1));
  const ipv4 = parseIpv4(host);
  if (ipv4) return isPrivateIpv4(ipv4);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host.endsWith('.local')) return true;
  // `octopi`, `printer`: a name only the local network's resolver can answer.
  return host.length > 0 && !host.includes('.');
}

/** An `http://` address to a host outside the private network: the user must confirm before a key goes there. */
export function needsPlainHttpConsent(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false; // not an address at all: the address checks say so
  }
  return parsed.protocol === 'http:' && !isPrivateHost(parsed.hostname);
}

/** The message when a key would go over plain http without that confirmation. */
export function plainHttpRefusal(url: string): string {
  return `${new URL(url).host} is not on your local network and the address is plain http://: the key would cross the internet unencrypted. Use https://, or confirm “Send over plain http anyway”.`;
}

function parseIpv4(host: string): number[] | null {
  // URL has already turned every IPv4 spelling (hex, octal, short forms) into dotted decimal.
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const bytes = parts.map(Number);
  return bytes.every((b) => b <= 255) ? bytes : null;
}

function isPrivateIpv4([a, b]: number[]): boolean {
  return a === 127 || a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
}

function isPrivateIpv6(address: string): boolean {
  if (address === '::1') return true;
  // IPv4-mapped (`::ffff:192.168.1.2`, which URL writes as `::ffff:c0a8:102`): the IPv4 rules apply.
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(address);
  if (mapped) {
    const [hi, lo] = [parseInt(mapped[1]!, 16), parseInt(mapped[2]!, 16)];
    return isPrivateIpv4([hi >> 8, hi & 255, lo >> 8, lo & 255]);
  }
  const first = address.startsWith('::') ? 0 : parseInt(address.split(':')[0]!, 16);
  // fc00::/7 (unique local) and fe80::/10 (link-local).
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
}
