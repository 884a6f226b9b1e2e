import { BlockList, isIP } from 'node:net';

/**
 * Ranges an outgoing request never connects to unless an operator allows them:
 * everything that is not a public unicast address. IPv4-mapped IPv6
 * (::ffff:a.b.c.d) is matched by BlockList against the IPv4 ranges.
 */
const NON_PUBLIC_V4: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const NON_PUBLIC_V6: Array<[string, number]> = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::', 96], // IPv4-compatible (deprecated)
  ['64:ff9b::', 96], // NAT64: would reach any IPv4 address, private included
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments, Teredo
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: embeds an IPv4 address
  ['3fff::', 20], // documentation
  ['5f00::', 16], // segment routing
  ['fc00::', 7], // unique local, incl. AWS metadata fd00:ec2::254
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const family = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** Parses `10.1.0.0/16` or `fd00::/8`; throws a message naming the entry. */
export function parseCidr(cidr: string): {
  network: string;
  prefix: number;
  type: 'ipv4' | 'ipv6';
} {
  const [network, bits, extra] = cidr.trim().split('/');
  const version = isIP(network ?? '');
  const prefix = Number(bits);
  if (
    !version ||
    extra !== undefined ||
    bits === undefined ||
    !/^\d{1,3}$/.test(bits) ||
    prefix > (version === 4 ? 32 : 128)
  ) {
    throw new Error(
      `"${cidr}" is not a CIDR range like 10.0.0.0/8 or fd00::/8`,
    );
  }
  return { network, prefix, type: version === 4 ? 'ipv4' : 'ipv6' };
}

/**
 * Decides whether an outgoing request (a connection check, a proxied call)
 * may connect to an IP address.
 */
export class AddressPolicy {
  private readonly denied = new BlockList();
  private readonly allowed = new BlockList();

  /**
   * @param allowedCidrs - operator exceptions
   * @param allowKey - the config key that holds them, named in refusals
   */
  constructor(
    allowedCidrs: string[] = [],
    private readonly allowKey = 'integrationsHub.checks.allowedCidrs',
  ) {
    for (const [network, prefix] of NON_PUBLIC_V4)
      this.denied.addSubnet(network, prefix, 'ipv4');
    for (const [network, prefix] of NON_PUBLIC_V6)
      this.denied.addSubnet(network, prefix, 'ipv6');
    for (const cidr of allowedCidrs) {
      const { network, prefix, type } = parseCidr(cidr);
      this.allowed.addSubnet(network, prefix, type);
    }
  }

  /** Why the address is refused, or undefined when it may be connected to. */
  refusal(address: string): string | undefined {
    if (!isIP(address)) return `"${address}" is not an IP address`;
    const type = family(address);
    if (this.allowed.check(address, type)) return undefined;
    if (this.denied.check(address, type)) {
      return `${address} is not a public address (allow it with ${this.allowKey})`;
    }
    return undefined;
  }

  /**
   * Why a host is refused: one refused address refuses it, since a
   * rebinding name may list a public and a private address together.
   */
  refusalOfAny(addresses: Array<{ address: string }>): string | undefined {
    for (const { address } of addresses) {
      const refusal = this.refusal(address);
      if (refusal) return refusal;
    }
    return undefined;
  }
}
