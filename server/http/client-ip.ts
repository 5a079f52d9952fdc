import { env } from "@/server/env.mjs";
import { CLIENT_IP_HEADER, clientIpFromChain, socketAddressKnown } from "./forwarded.mjs";

type HeaderSource = Request | Headers | Record<string, string | string[] | undefined> | undefined;

function headerOf(source: HeaderSource, name: string): string | undefined {
  if (!source) return undefined;
  if (source instanceof Request) return source.headers.get(name) ?? undefined;
  if (source instanceof Headers) return source.get(name) ?? undefined;
  const value = source[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/**
 * The caller's address for allow-lists and rate limits. Under `npm start` (server/start.mjs) it is the
 * socket's peer, or the hop our TRUSTED_PROXIES added; a client's own X-Forwarded-For never counts.
 * Under a bare `next start` the socket address is lost once a client sends that header, so only
 * proxy-added hops are believed there, and without trusted proxies the address is "unknown" (which no
 * allow-list admits).
 */
export function clientIp(source: HeaderSource): string {
  if (socketAddressKnown()) return headerOf(source, CLIENT_IP_HEADER) || "unknown";
  if (env.TRUSTED_PROXIES > 0) return clientIpFromChain(headerOf(source, "x-forwarded-for"), undefined, env.TRUSTED_PROXIES - 1);
  return "unknown";
}
