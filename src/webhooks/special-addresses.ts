/**
 * IP addresses a webhook must never be sent to: every range of the IANA IPv4 and IPv6
 * Special-Purpose Address Registries (RFC 6890 and later), plus multicast and the
 * reserved blocks. For IPv6 only global unicast (2000::/3) is allowed at all, which
 * already refuses `::`, `::1`, IPv4-mapped `::ffff:0:0/96`, IPv4-compatible `::/96`,
 * NAT64 `64:ff9b::/96`, discard `100::/64`, unique-local, link-local and multicast;
 * the special ranges inside 2000::/3 (Teredo, 6to4, documentation, …) are listed below.
 * Ranges that embed an IPv4 address are refused whole rather than decoded: a public
 * target has no reason to be addressed through them.
 */

const V4_SPECIAL: readonly [string, number][] = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // shared address space (CGNAT)
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (cloud metadata)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // TEST-NET-1
  ["192.31.196.0", 24], // AS112-v4
  ["192.52.193.0", 24], // AMT
  ["192.88.99.0", 24], // deprecated 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["192.175.48.0", 24], // direct delegation AS112
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // TEST-NET-2
  ["203.0.113.0", 24], // TEST-NET-3
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and 255.255.255.255 broadcast
];

const V6_GLOBAL_UNICAST: [string, number] = ["2000::", 3];

const V6_SPECIAL_IN_GLOBAL: readonly [string, number][] = [
  ["2001::", 23], // IETF protocol assignments: Teredo, benchmarking, ORCHID, AMT, …
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4 (embeds an IPv4 address)
  ["2620:4f:8000::", 48], // direct delegation AS112
  ["3fff::", 20], // documentation
];

/** True when `address` (dotted IPv4 or unbracketed IPv6) is in a special-purpose range, or unparseable. */
export function isSpecialPurposeAddress(address: string): boolean {
  if (!address.includes(":")) {
    const v4 = parseV4(address);
    return v4 === null || V4_SPECIAL.some(([net, bits]) => inPrefix(v4, parseV4(net)!, bits, 32));
  }
  const v6 = parseV6(address);
  if (v6 === null) return true;
  const [gNet, gBits] = V6_GLOBAL_UNICAST;
  if (!inPrefix(v6, parseV6(gNet)!, gBits, 128)) return true;
  return V6_SPECIAL_IN_GLOBAL.some(([net, bits]) => inPrefix(v6, parseV6(net)!, bits, 128));
}

function inPrefix(address: bigint, network: bigint, bits: number, width: number): boolean {
  const shift = BigInt(width - bits);
  return address >> shift === network >> shift;
}

function parseV4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function parseV6(text: string): bigint | null {
  let groups = text;
  // A dotted IPv4 tail (`::ffff:127.0.0.1`) counts as two groups.
  const tail = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(groups);
  if (tail) {
    const v4 = parseV4(tail[2]!);
    if (v4 === null) return null;
    groups = `${tail[1]}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = groups.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  return all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}
