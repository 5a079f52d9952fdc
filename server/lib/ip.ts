import { BlockList, isIP } from "node:net";

export function parseCidr(entry: string): { address: string; prefix: number; family: "ipv4" | "ipv6" } | null {
  const [address, bits, ...rest] = entry.trim().split("/");
  if (rest.length) return null;
  const version = isIP(address);
  if (!version) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (bits !== undefined && !/^\d+$/.test(bits))) return null;
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

/** Is `ip` inside any of the CIDRs? An empty list allows every address. */
export function ipAllowed(ip: string, cidrs: string[]): boolean {
  if (cidrs.length === 0) return true;
  const list = new BlockList();
  for (const c of cidrs) {
    const parsed = parseCidr(c);
    if (parsed) list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  const normalized = ip.startsWith("::ffff:") && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  const family = isIP(normalized) === 6 ? "ipv6" : "ipv4";
  if (!isIP(normalized)) return false;
  return list.check(normalized, family);
}
