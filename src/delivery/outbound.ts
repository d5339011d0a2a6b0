// The guard on every outgoing call (webhooks; the ad platforms' connectors next): a call reaches
// only public addresses, so an endpoint cannot turn the service on its own network (a cloud's
// metadata at 169.254.169.254, a database on 10.0.0.5, a port scan of 127.0.0.1 read from the
// delivery log). It is checked on the address actually connected to: a name is resolved by the
// guard's lookup, which hands node:net the addresses to connect to only when every one is public
// (so a name that resolved to a public address when the endpoint was made and to 127.0.0.1 at
// delivery is refused then), and an IP literal, which skips the lookup, is checked before
// connecting. Hosts named in
// OUTBOUND_ALLOW_HOSTS (`host` for any port, `host:port` for one) are reached wherever they are:
// tests and on-premises receivers.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** OUTBOUND_ALLOW_HOSTS as config.ts normalises it: URL hostnames (`hooks.internal`, `10.0.0.5`, `[fd00::5]`), each alone or with `:port`. */
export type AllowHosts = readonly string[];

/** A call the guard refused before connecting; `message` says why (for the server's log, not the API). */
export class AddressRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AddressRefused';
  }
}

/** The URL's host (or host:port, the scheme's default port when none is written) is named in the allow list. */
export function isAllowed(allow: AllowHosts, url: URL): boolean {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allow.includes(url.hostname) || allow.includes(`${url.hostname}:${port}`);
}

// What is not a public address, by what it is (the words go into messages and the log). IPv4 from
// the IANA special-purpose registry; IPv6 is public only inside 2000::/3 and outside these.
const RANGES: ReadonlyArray<readonly [what: string, cidrs: readonly string[]]> = [
  ['unspecified', ['0.0.0.0/8', '::/128']],
  ['loopback', ['127.0.0.0/8', '::1/128']],
  ['private', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7', 'fec0::/10']],
  ['shared (carrier-grade NAT)', ['100.64.0.0/10']],
  ['link-local', ['169.254.0.0/16', 'fe80::/10']],
  ['broadcast', ['255.255.255.255/32']],
  ['multicast', ['224.0.0.0/4', 'ff00::/8']],
  [
    'reserved',
    [
      '192.0.0.0/24', // IETF protocol assignments
      '192.0.2.0/24', // documentation
      '192.88.99.0/24', // the old 6to4 relays
      '198.18.0.0/15', // benchmarking
      '198.51.100.0/24', // documentation
      '203.0.113.0/24', // documentation
      '240.0.0.0/4',
      '2001::/23', // IETF protocol assignments (Teredo among them)
      '2001:db8::/32', // documentation
      '3fff::/20', // documentation
    ],
  ],
];

const LISTS = RANGES.map(([what, cidrs]) => {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [net, bits] = cidr.split('/') as [string, string];
    list.addSubnet(net, Number(bits), isIP(net) === 6 ? 'ipv6' : 'ipv4');
  }
  return { what, list };
});
const GLOBAL_UNICAST = new BlockList();
GLOBAL_UNICAST.addSubnet('2000::', 3, 'ipv6');

/**
 * Why an IP address is not public ("loopback", "private", …), or null when it is. An IPv6 address
 * that carries an IPv4 one the network would reach (IPv4-mapped ::ffff:a.b.c.d, NAT64
 * 64:ff9b::/96, 6to4 2002::/16) is judged by the IPv4 address inside.
 */
export function whyNotPublic(address: string): string | null {
  const ip = address.split('%')[0]!; // a zone (fe80::1%eth0) is link-local anyway
  const family = isIP(ip);
  if (family === 0) return 'not an IP address';
  if (family === 6) {
    const inside = embeddedIpv4(ip);
    if (inside !== null) return whyNotPublic(inside);
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const hit = LISTS.find(({ list }) => list.check(ip, type));
  if (hit) return hit.what;
  return family === 6 && !GLOBAL_UNICAST.check(ip, 'ipv6') ? 'reserved' : null;
}

/** The IPv4 address an IPv6 one carries and leads to, or null. */
function embeddedIpv4(ip: string): string | null {
  const g = groups(ip);
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return v4(g[6]!, g[7]!); // ::ffff:a.b.c.d
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return v4(g[6]!, g[7]!); // NAT64
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!); // 6to4
  return null;
}

/** The eight 16-bit groups of an IPv6 address (`::` expanded, a trailing dotted quad read as two groups). */
function groups(ip: string): number[] {
  const read = (part: string) =>
    part === ''
      ? []
      : part.split(':').flatMap((x) => {
          if (!x.includes('.')) return [parseInt(x, 16)];
          const [a, b, c, d] = x.split('.').map(Number) as [number, number, number, number];
          return [(a << 8) | b, (c << 8) | d];
        });
  const [head, tail] = ip.split('::') as [string, string | undefined];
  if (tail === undefined) return read(head);
  const h = read(head);
  const t = read(tail);
  return [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
}

/**
 * Why the URL's host, as written, may not be called (an IP literal that is not public and not
 * allowed), or null: a name is judged on what it resolves to, at each call.
 */
export function whyRefused(url: URL, allow: AllowHosts): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const why = isIP(host) && !isAllowed(allow, url) ? whyNotPublic(host) : null;
  return why && `${host} is ${article(why)} address`;
}

const article = (what: string) => `${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what}`;

/**
 * The `lookup` of a connection to the URL's host (node:net calls it for names only, every
 * connection, with `all` when it tries several addresses): for a host the allow list names, the
 * resolver's answer; otherwise the answer only if every address in it is public, else an
 * AddressRefused, before any connection is tried.
 */
export function guardedLookup(url: URL, allow: AllowHosts, resolve: LookupFunction = dnsLookup): LookupFunction {
  if (isAllowed(allow, url)) return resolve;
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, answer) => {
      if (error) return callback(error, '');
      const addresses = answer as LookupAddress[];
      const refused = addresses.map((a) => [a.address, whyNotPublic(a.address)] as const).find(([, why]) => why !== null);
      if (refused) return callback(new AddressRefused(`${hostname} resolves to ${refused[0]}, ${article(refused[1]!)} address`), '');
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      return first ? callback(null, first.address, first.family) : callback(new Error(`${hostname} resolves to no address`), '');
    });
  };
}
