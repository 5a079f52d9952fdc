// Where we may POST a merchant's webhooks (API.md §4, SSRF). Redirects are never followed: see deliver.ts.
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import { Agent, type Dispatcher } from "undici";
import { env } from "@/server/env.mjs";
import { ValidationFailed } from "@/server/lib/errors";

export type AddressClass =
  | "public"
  | "loopback"
  | "private"
  | "cgnat"
  | "link-local"
  | "unique-local"
  | "multicast"
  | "unspecified"
  | "metadata"
  | "reserved";

/** Outside production, local receivers (loopback, LAN, containers) are fine; metadata and broadcast ranges never are. */
const ALLOWED_OUTSIDE_PRODUCTION: ReadonlySet<AddressClass> = new Set(["public", "loopback", "private", "cgnat", "unique-local"]);

/** May a webhook connect to an address of this kind? Link-local and cloud metadata: in no environment. */
export const addressAllowed = (kind: AddressClass, production: boolean) => (production ? kind === "public" : ALLOWED_OUTSIDE_PRODUCTION.has(kind));

export const MAX_WEBHOOK_URL_LENGTH = 2048;

export type LookupFn = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemLookup: LookupFn = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

function parseV4(ip: string): number[] | null {
  const parts = ip.split(".");
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : Number.NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
}

/** 16 bytes of an IPv6 address already checked by `isIP` (zone id dropped, `::` expanded, dotted tail allowed). */
function parseV6(input: string): number[] | null {
  let ip = input.split("%")[0];
  let tail: number[] = [];
  const dotted = ip.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const v4 = parseV4(dotted[2]);
    if (!v4) return null;
    tail = [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]];
    ip = dotted[1].endsWith("::") ? dotted[1] : dotted[1].slice(0, -1);
  }
  const groups = (s: string) => (s === "" ? [] : s.split(":").map((w) => Number.parseInt(w, 16)));
  const halves = ip.split("::");
  if (halves.length > 2) return null;
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - rest.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const words = [...head, ...new Array<number>(missing).fill(0), ...rest, ...tail];
  if (words.some((w) => Number.isNaN(w) || w < 0 || w > 0xffff)) return null;
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

function classifyV4([a, b, c, d]: number[]): AddressClass {
  if (a === 0) return "unspecified";
  // Cloud instance metadata outside 169.254/16: Alibaba (100.100.100.200), Oracle (192.0.0.192).
  if ((a === 100 && b === 100 && c === 100 && d === 200) || (a === 192 && b === 0 && c === 0 && d === 192)) return "metadata";
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return "private";
  if (a === 100 && b >= 64 && b <= 127) return "cgnat";
  if (a === 127) return "loopback";
  if (a === 169 && b === 254) return "link-local";
  if (a >= 224 && a <= 239) return "multicast";
  if (a >= 240) return "reserved"; // includes 255.255.255.255
  // IETF assignments, documentation, 6to4 relay and benchmarking ranges.
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return "reserved";
  if (a === 192 && b === 88 && c === 99) return "reserved";
  if (a === 198 && (b === 18 || b === 19)) return "reserved";
  if ((a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return "reserved";
  return "public";
}

function classifyV6(x: number[]): AddressClass {
  const zeroUpTo = (n: number) => x.slice(0, n).every((b) => b === 0);
  if (zeroUpTo(16)) return "unspecified";
  if (zeroUpTo(15) && x[15] === 1) return "loopback";
  // IPv4-mapped ::ffff:a.b.c.d is the v4 address itself.
  if (zeroUpTo(10) && x[10] === 0xff && x[11] === 0xff) return classifyV4(x.slice(12));
  if (zeroUpTo(12)) return "reserved"; // deprecated IPv4-compatible ::a.b.c.d
  // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry a v4 address that is what gets reached.
  if (x[0] === 0x00 && x[1] === 0x64 && x[2] === 0xff && x[3] === 0x9b && x.slice(4, 12).every((b) => b === 0)) return classifyV4(x.slice(12));
  if (x[0] === 0x20 && x[1] === 0x02) return classifyV4(x.slice(2, 6));
  if (x[0] === 0xff) return "multicast";
  // AWS instance metadata over IPv6 (fd00:ec2::254) sits inside the unique-local range.
  if (x[0] === 0xfd && x[1] === 0x00 && x[2] === 0x0e && x[3] === 0xc2 && x.slice(4, 14).every((b) => b === 0) && x[14] === 0x02 && x[15] === 0x54) return "metadata";
  if (x[0] === 0xfe && (x[1] & 0xc0) === 0x80) return "link-local";
  if ((x[0] & 0xfe) === 0xfc) return "unique-local";
  // 2001::/23 (Teredo, benchmarking, ORCHID…) and 2001:db8::/32 documentation.
  if (x[0] === 0x20 && x[1] === 0x01 && (x[2] & 0xfe) === 0x00) return "reserved";
  if (x[0] === 0x20 && x[1] === 0x01 && x[2] === 0x0d && x[3] === 0xb8) return "reserved";
  // Only 2000::/3 is global unicast; everything else (64:ff9b:1::/48, 100::/64, fec0::/10…) is not for us.
  if ((x[0] & 0xe0) !== 0x20) return "reserved";
  return "public";
}

/** What kind of address this is; throws on something that is not an IP address. */
export function classifyAddress(ip: string): AddressClass {
  const bare = ip.startsWith("[") && ip.endsWith("]") ? ip.slice(1, -1) : ip;
  const version = isIP(bare.split("%")[0]);
  const bytes = version === 4 ? parseV4(bare) : version === 6 ? parseV6(bare) : null;
  if (!bytes) throw new TypeError(`Not an IP address: ${ip}`);
  return version === 4 ? classifyV4(bytes) : classifyV6(bytes);
}

function refuse(reason: string): never {
  throw ValidationFailed(`The webhook URL is not allowed: ${reason}.`, { url: reason });
}

/**
 * Checks a URL before we send to it. In production: https only, and every address the host resolves
 * to must be public. Elsewhere: http is fine and local receivers work, but host names are resolved and
 * classified too, so link-local and metadata addresses are refused in every environment (a name that
 * does not resolve here is accepted outside production: delivery will fail to connect).
 * Throws `validation_failed`; returns the parsed URL and the addresses checked. This check alone is
 * not enough (DNS can answer differently at connect time): deliveries connect through
 * `pinnedDispatcher`, which applies the same rule to the address it actually connects to.
 */
export async function assertDeliverableUrl(
  url: string | URL,
  opts: { production: boolean; lookup?: LookupFn },
): Promise<{ url: URL; addresses: string[] }> {
  const raw = String(url);
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) refuse(`it is longer than ${MAX_WEBHOOK_URL_LENGTH} characters`);
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    refuse("it is not a valid URL");
  }
  if (parsed.protocol !== "https:" && (opts.production || parsed.protocol !== "http:")) {
    refuse(opts.production ? "it must use https" : "it must use http or https");
  }
  if (parsed.username || parsed.password) refuse("it must not contain credentials");
  const host = parsed.hostname.startsWith("[") ? parsed.hostname.slice(1, -1) : parsed.hostname;
  if (!host) refuse("it has no host");

  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = (await (opts.lookup ?? systemLookup)(host)).map((a) => a.address);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0) {
      if (opts.production) refuse(`its host ${host} could not be resolved`);
      return { url: parsed, addresses: [] };
    }
  }
  for (const address of addresses) {
    const kind = classifyAddress(address);
    if (!addressAllowed(kind, opts.production)) refuse(`it points to a ${kind} address (${address})`);
  }
  return { url: parsed, addresses };
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | { address: string; family: number }[], family?: number) => void;

/**
 * A `lookup` for sockets that resolves the host and refuses to connect when any answer is not allowed,
 * so the address connected to is one that was checked (no DNS rebinding between check and connect).
 */
export function checkedLookup(opts: { production: boolean; lookup?: LookupFn }) {
  return (hostname: string, options: { all?: boolean } | number | undefined, callback: LookupCallback) => {
    (opts.lookup ?? systemLookup)(hostname).then(
      (answers) => {
        const bad = answers.find((a) => !addressAllowed(classifyAddress(a.address), opts.production));
        if (answers.length === 0 || bad) {
          const error: NodeJS.ErrnoException = new Error(bad ? `Refused to connect to a ${classifyAddress(bad.address)} address` : `No address for ${hostname}`);
          error.code = bad ? "EADDRNOTALLOWED" : "ENOTFOUND";
          callback(error, "");
          return;
        }
        if (typeof options === "object" && options?.all) callback(null, answers);
        else callback(null, answers[0].address, answers[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ""),
    );
  };
}

/** An undici dispatcher whose connections only reach checked addresses; keep one per rule set. */
export function pinnedDispatcher(opts: { production: boolean; lookup?: LookupFn }): Dispatcher {
  return new Agent({ connect: { lookup: checkedLookup(opts) as never } });
}

/** For settings forms and `notify_url`: the normalised URL, or `validation_failed`. */
export async function validateWebhookUrl(url: string): Promise<string> {
  const checked = await assertDeliverableUrl(url.trim(), { production: env.APP_ENV === "production" });
  return checked.url.href;
}
